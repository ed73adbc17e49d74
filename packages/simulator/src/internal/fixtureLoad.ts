/**
 * Loading a fixture in slices (see slices.ts): its decode, then the filling of its connectors, off to the side of
 * the world, which the engine swaps in at once at the end. Until then every call is answered from the world as it
 * was, and a fixture that fails leaves it untouched.
 */
import type { ProxySession } from "@chime-proxy/core"
import * as Fixture from "../Fixture.js"
import { makeDecoder } from "./fixtureDecode.js"
import { compareSessions, fixtureSession } from "./fixtures.js"
import type { Connector, NewSession } from "./store.js"

/** A fixture's decode in steps, with the same values and errors as `Fixture.decode`. */
export const decodeSteps = makeDecoder({
  fixture: Fixture.Fixture,
  connector: Fixture.FixtureVoiceConnector,
  error: (path, reason) => new Fixture.FixtureError({ path, reason })
})

/** A connector to fill with a fixture's sessions, and their JSON as the fixture has it. */
export interface FixtureTarget {
  readonly connector: Connector
  readonly sessions: ReadonlyArray<ProxySession.ProxySession>
  readonly json: ReadonlyArray<unknown>
}

/** Sessions per step. */
const batchSize = 128

type JsonObject = { readonly [key: string]: unknown }

const asObject = (value: unknown): JsonObject | undefined =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? value as JsonObject : undefined

/**
 * The steps that fill each target's connector with its sessions, in listing order (an export's sessions are in that
 * order already; others are sorted, in one step), recorded at `recordedAt`. True once all are in.
 */
export const fillSteps = (
  targets: ReadonlyArray<FixtureTarget>,
  now: number,
  recordedAt: number
): () => boolean => {
  let c = 0
  let i = 0
  let inserting = false
  let sorted = true
  let ordered: Array<NewSession> = []
  return () => {
    const target = targets[c]
    if (target === undefined) return true
    if (!inserting) {
      const to = Math.min(target.sessions.length, i + batchSize)
      for (; i < to; i++) {
        const session = fixtureSession(target.sessions[i]!, asObject(target.json[i]), now, recordedAt)
        if (sorted && ordered.length > 0 && compareSessions(ordered[ordered.length - 1]!, session) > 0) sorted = false
        ordered.push(session)
      }
      if (i === target.sessions.length) {
        if (!sorted) ordered.sort(compareSessions)
        inserting = true
        i = 0
      }
      return false
    }
    const to = Math.min(ordered.length, i + batchSize)
    for (; i < to; i++) target.connector.insert(ordered[i]!)
    if (i === ordered.length) {
      c++
      i = 0
      inserting = false
      sorted = true
      ordered = []
    }
    return false
  }
}
