/**
 * A fixture decoded in steps, each a few hundred sessions long, so that a fixture of a million sessions can be decoded
 * without holding the event loop (see slices.ts), and with the same values and the same first error as the schema's
 * decode of the whole, followed by the simulator's checks (`Fixture.decode`, which the property tests compare it to).
 *
 * The fixture is decoded with its sessions left as they are (a skeleton), then session by session, in the order the
 * schema reads them. Sessions are decoded a batch at a time by core's `Wire.decodeResponse`, whose hand-written fast
 * path checks exactly what the schema checks; a batch it does not take whole (an invalid or unusual session) is
 * decoded by the schema, one session at a time, so the schema alone words the errors.
 */
import { ProxySession, Wire } from "@chime-proxy/core"
import * as DateTime from "effect/DateTime"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import type * as FixtureModule from "../Fixture.js"

type Fixture = FixtureModule.Fixture
type FixtureError = FixtureModule.FixtureError

/** A path as the errors write it: `VoiceConnectors[0].ProxySessions[2].Status`. */
export const renderPath = (path: ReadonlyArray<PropertyKey>): string =>
  path.reduce<string>(
    (out, key) => typeof key === "number" ? `${out}[${key}]` : out === "" ? String(key) : `${out}.${String(key)}`,
    ""
  )

/**
 * The simulator's own rules for a fixture the schema accepts, one connector and one session at a time, in the order
 * of the document: the reason and the path (below the connector) of the first one broken, if any.
 */
export const connectorRules = (
  connectorIds: Set<string>,
  connector: { readonly VoiceConnectorId: string }
): { readonly path: string; readonly reason: string } | undefined => {
  if (connectorIds.has(connector.VoiceConnectorId)) {
    return { path: "VoiceConnectorId", reason: "duplicate voice connector id" }
  }
  connectorIds.add(connector.VoiceConnectorId)
  return undefined
}

/** @see connectorRules */
export const sessionRules = (
  sessionIds: Set<string>,
  connectorId: string,
  session: ProxySession.ProxySession
): { readonly path: string; readonly reason: string } | undefined => {
  if (session.VoiceConnectorId !== undefined && session.VoiceConnectorId !== connectorId) {
    return { path: "VoiceConnectorId", reason: "differs from the voice connector that holds the session" }
  }
  if (session.ProxySessionId === undefined) return { path: "ProxySessionId", reason: "is missing" }
  if (sessionIds.has(session.ProxySessionId)) return { path: "ProxySessionId", reason: "duplicate proxy session id" }
  sessionIds.add(session.ProxySessionId)
  if (session.CreatedTimestamp === undefined) return { path: "CreatedTimestamp", reason: "is missing" }
  return undefined
}

/** The schemas of the Fixture module, given here rather than imported, so that it can use this module. */
export interface FixtureSchemas {
  readonly fixture: typeof FixtureModule.Fixture
  readonly connector: typeof FixtureModule.FixtureVoiceConnector
  readonly error: (path: string, reason: string) => FixtureError
}

/** A decode under way: `step` until it answers true, then its `result`. */
export interface Steps {
  readonly step: () => boolean
  /** The fixture and its latest timestamp (epoch milliseconds, -Infinity without any), or the first error. */
  readonly result: () => Either.Either<{ readonly fixture: Fixture; readonly latest: number }, FixtureError>
}

/** Sessions per step. */
const batchSize = 64

const options = { errors: "first", onExcessProperty: "ignore" } as const

/** The depth of the deepest session a fixture can hold (a session, Participants, a participant, a member). */
const maxDataDepth = 4

/**
 * Whether a value is what a JSON parser makes (plain objects and arrays, strings, finite numbers, booleans, null):
 * those alone read the same after `JSON.stringify` and `JSON.parse`, which the fast path goes through.
 */
const isJsonData = (value: unknown, depth: number): boolean => {
  switch (typeof value) {
    case "string":
    case "boolean":
      return true
    case "number":
      return Number.isFinite(value) && !Object.is(value, -0)
    case "object": {
      if (value === null) return true
      if (depth > maxDataDepth) return false
      if (Array.isArray(value)) {
        if (Object.getPrototypeOf(value) !== Array.prototype) return false
        for (let i = 0; i < value.length; i++) {
          if (!(i in value) || !isJsonData(value[i], depth + 1)) return false
        }
        return true
      }
      const prototype = Object.getPrototypeOf(value)
      if (prototype !== Object.prototype && prototype !== null) return false
      const names = Object.getOwnPropertyNames(value)
      if (names.length !== Object.keys(value).length || Object.getOwnPropertySymbols(value).length > 0) return false
      for (const name of names) {
        if (!isJsonData((value as Record<string, unknown>)[name], depth + 1)) return false
      }
      return true
    }
    default:
      return false
  }
}

/** `JSON.stringify` calls an inherited `toJSON`; the schema does not. */
const stringifyIsPlain = (): boolean => !("toJSON" in Object.prototype) && !("toJSON" in Array.prototype)

const decodeSession = Schema.decodeUnknownEither(ProxySession.ProxySession)

/** Sessions `from` to `to` of `raw`, decoded, or the index and the schema's error of the first invalid one. */
const decodeBatch = (
  raw: ReadonlyArray<unknown>,
  from: number,
  to: number
): Either.Either<
  ReadonlyArray<ProxySession.ProxySession>,
  { readonly index: number; readonly error: ParseResult.ParseError }
> => {
  const batch = raw.slice(from, to)
  if (stringifyIsPlain() && batch.every((session) => isJsonData(session, 0))) {
    const page = Wire.decodeResponse(200, JSON.stringify({ ProxySessions: batch }))
    if (Either.isRight(page) && page.right.ProxySessions.length === batch.length) {
      return Either.right(page.right.ProxySessions)
    }
  }
  const sessions: Array<ProxySession.ProxySession> = []
  for (let i = from; i < to; i++) {
    const decoded = decodeSession(raw[i], options)
    if (Either.isLeft(decoded)) return Either.left({ index: i, error: decoded.left })
    sessions.push(decoded.right)
  }
  return Either.right(sessions)
}

type SkeletonConnector = { readonly VoiceConnectorId: string; readonly ProxySessions: ReadonlyArray<unknown> }

/** The members of a parsed object, or none. */
const member = (value: unknown, key: string): unknown =>
  typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined

const latestOf = (latest: number, session: ProxySession.ProxySession): number => {
  for (const at of [session.CreatedTimestamp, session.UpdatedTimestamp, session.EndedTimestamp]) {
    if (at !== undefined) latest = Math.max(latest, DateTime.toEpochMillis(at))
  }
  return latest
}

/** An array, its items unread (the real schema words the error when it is not one). */
const anyArray = Schema.declare((value: unknown): value is ReadonlyArray<unknown> => Array.isArray(value))

/**
 * A decoder of fixtures over the schemas of the Fixture module.
 */
export const makeDecoder = (schemas: FixtureSchemas): (json: unknown) => Steps => {
  const skeletonConnector = Schema.Struct({
    ...schemas.connector.fields,
    // Only whether it is an array, in one step: an array of a million unknowns would still be read item by item.
    ProxySessions: Schema.optionalWith(anyArray, { default: () => [] })
  })
  const skeleton = Schema.Struct({ ...schemas.fixture.fields, VoiceConnectors: Schema.Array(skeletonConnector) })
  const decodeSkeleton = Schema.decodeUnknownEither(skeleton)
  const decodeFixture = Schema.decodeUnknownEither(schemas.fixture)
  const decodeConnector = Schema.decodeUnknownEither(schemas.connector)
  const decodeExport = Schema.decodeUnknownEither(Schema.Struct({ Export: schemas.fixture.fields.Export }))
  const issueError = (error: ParseResult.ParseError, prefix: ReadonlyArray<PropertyKey>): FixtureError => {
    const issue = ParseResult.ArrayFormatter.formatErrorSync(error)[0]
    return schemas.error(
      issue === undefined ? renderPath(prefix) : renderPath([...prefix, ...issue.path]),
      issue === undefined ? "is invalid" : issue.message
    )
  }
  return (json) => {
    let result: Either.Either<{ readonly fixture: Fixture; readonly latest: number }, FixtureError> | undefined =
      undefined
    let started = false
    // The fixture without its sessions, when the schema takes it so; else the error it ends with, unless a session
    // before that error is invalid.
    let top:
      | { readonly [key: string]: unknown; readonly VoiceConnectors: ReadonlyArray<SkeletonConnector> }
      | undefined = undefined
    let failure: (() => FixtureError) | undefined = undefined
    let rawSessions: ReadonlyArray<ReadonlyArray<unknown>> = []
    const decoded: Array<ReadonlyArray<ProxySession.ProxySession>> = []
    let latest = Number.NEGATIVE_INFINITY
    let c = -1
    let s = 0
    const connectorIds = new Set<string>()
    let sessionIds = new Set<string>()
    let broken: FixtureError | undefined = undefined

    const start = () => {
      const shallow = decodeSkeleton(json, options)
      if (Either.isRight(shallow)) {
        top = shallow.right as unknown as typeof top
        rawSessions = top!.VoiceConnectors.map((connector) => connector.ProxySessions)
        return
      }
      const path = ParseResult.ArrayFormatter.formatErrorSync(shallow.left)[0]?.path ?? []
      const connectors = member(json, "VoiceConnectors")
      const sessionsOf = (connector: unknown) => (member(connector, "ProxySessions") ?? []) as ReadonlyArray<unknown>
      const otherwise = (either: Either.Either<unknown, ParseResult.ParseError>, prefix: ReadonlyArray<PropertyKey>) =>
        Either.isLeft(either) ? issueError(either.left, prefix) : issueError(shallow.left, [])
      if (path[0] === "VoiceConnectors" && typeof path[1] === "number" && Array.isArray(connectors)) {
        // The connectors before it passed; the schema reads their sessions before it reaches this one.
        const index = path[1]
        rawSessions = connectors.slice(0, index).map(sessionsOf)
        failure = () => otherwise(decodeConnector(connectors[index], options), ["VoiceConnectors", index])
      } else if (path[0] === "Export" && Array.isArray(connectors)) {
        rawSessions = connectors.map(sessionsOf)
        failure = () => otherwise(decodeExport(json, options), [])
      } else {
        // The top of the document is wrong: the schema stops there, before any session.
        failure = () => otherwise(decodeFixture(json, options), [])
      }
    }

    const nextConnector = () => {
      c++
      s = 0
      sessionIds = new Set()
      const connector = top?.VoiceConnectors[c]
      if (connector !== undefined && broken === undefined) {
        const problem = connectorRules(connectorIds, connector)
        if (problem !== undefined) broken = schemas.error(`VoiceConnectors[${c}].${problem.path}`, problem.reason)
      }
    }

    const finish = () => {
      if (failure !== undefined) result = Either.left(failure())
      else if (broken !== undefined) result = Either.left(broken)
      else {
        const connectors = top!.VoiceConnectors.map((connector, i) => ({ ...connector, ProxySessions: decoded[i] }))
        result = Either.right({ fixture: { ...top!, VoiceConnectors: connectors } as unknown as Fixture, latest })
      }
    }

    const step = (): boolean => {
      if (result !== undefined) return true
      if (!started) {
        started = true
        start()
        nextConnector()
      }
      while (c < rawSessions.length && s >= rawSessions[c]!.length) {
        if (decoded.length === c) decoded.push([])
        nextConnector()
      }
      if (c >= rawSessions.length) {
        finish()
        return true
      }
      const raw = rawSessions[c]!
      const to = Math.min(raw.length, s + batchSize)
      const batch = decodeBatch(raw, s, to)
      if (Either.isLeft(batch)) {
        result = Either.left(issueError(batch.left.error, ["VoiceConnectors", c, "ProxySessions", batch.left.index]))
        return true
      }
      if (decoded.length === c) decoded.push([])
      const sessions = decoded[c] as Array<ProxySession.ProxySession>
      const connectorId = top?.VoiceConnectors[c]?.VoiceConnectorId
      for (const [i, session] of batch.right.entries()) {
        sessions.push(session)
        latest = latestOf(latest, session)
        if (broken === undefined && connectorId !== undefined) {
          const problem = sessionRules(sessionIds, connectorId, session)
          if (problem !== undefined) {
            broken = schemas.error(`VoiceConnectors[${c}].ProxySessions[${s + i}].${problem.path}`, problem.reason)
          }
        }
      }
      s = to
      return false
    }
    return {
      step,
      result: () => {
        while (!step()) {
          // Run to the end: a caller that wants slices calls `step` itself.
        }
        return result!
      }
    }
  }
}
