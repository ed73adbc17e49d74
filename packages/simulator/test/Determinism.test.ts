import { ProxySessions, VoiceConnectors, VoiceConnectorsWire, Wire } from "@chime-proxy/core"
import { Simulator } from "@chime-proxy/simulator"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as TestClock from "effect/TestClock"
import { createHash } from "node:crypto"
import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"

/** A history of operations, and every byte the simulator answers with along it. */
const history = Effect.gen(function*() {
  yield* TestClock.setTime(Date.parse("2025-02-01T00:00:00.000Z"))
  const control = yield* Simulator.SimulatorControl
  const out: Array<string> = []
  const manual = yield* control.createVoiceConnector()
  const seeded = yield* control.seed({ seed: 9, connectors: 2, sessionsPerConnector: 700 })
  for (let i = 0; i < 30; i++) {
    const session = yield* control.createProxySession(manual, i % 4 === 0 ? { Name: `n${i}` } : {})
    if (i % 3 === 1) yield* control.recordCall(manual, session.ProxySessionId!)
    if (i % 5 === 2) yield* control.closeProxySession(manual, session.ProxySessionId!)
    yield* TestClock.adjust(i * 7_000)
  }
  yield* control.advanceClock("3 hours")
  for (const voiceConnectorId of [manual, ...seeded]) {
    for (const status of [undefined, "Open", "InProgress", "Closed"] as const) {
      let token: string | undefined = undefined
      do {
        const page: string = Wire.encodeResponse(
          yield* ProxySessions.listProxySessions({
            VoiceConnectorId: voiceConnectorId,
            MaxResults: 37,
            ...(status === undefined ? {} : { Status: status }),
            ...(token === undefined ? {} : { NextToken: token })
          })
        )
        out.push(page)
        token = (JSON.parse(page) as { NextToken?: string }).NextToken
      } while (token !== undefined)
    }
  }
  let connectorToken: string | undefined = undefined
  do {
    const page: string = VoiceConnectorsWire.encodeResponse(
      yield* VoiceConnectors.listVoiceConnectors({
        MaxResults: 2,
        ...(connectorToken === undefined ? {} : { NextToken: connectorToken })
      })
    )
    out.push(page)
    connectorToken = (JSON.parse(page) as { NextToken?: string }).NextToken
  } while (connectorToken !== undefined)
  out.push(JSON.stringify(yield* control.saveFixture()))
  return out.join("\n")
})

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex")

describe("determinism", () => {
  it.effect("two runs with the same seed and the same operations give the same bytes", () =>
    Effect.gen(function*() {
      const first = yield* Effect.provide(history, Simulator.layer({ seed: 11 }))
      const second = yield* Effect.provide(history, Simulator.layer({ seed: 11 }))
      assert.isAbove(first.length, 100_000)
      assert.strictEqual(first, second)
      const other = yield* Effect.provide(history, Simulator.layer({ seed: 12 }))
      assert.notStrictEqual(other, first)
    }))

  it.effect("the bytes are the same on any machine (a pinned digest)", () =>
    Effect.gen(function*() {
      const bytes = yield* Effect.provide(history, Simulator.layer({ seed: 11 }))
      assert.strictEqual(sha256(bytes), "284e8b7fc8b35cccb27bc5091a979640d2e1c7028f7359250e808494388ea09d")
    }))

  it("the simulator's source never reads Math.random, Date.now or the system time", () => {
    const files = (dir: string): Array<string> =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)]
      )
    const sources = files(join(import.meta.dirname, "..", "src"))
    assert.isAbove(sources.length, 5)
    for (const file of sources) {
      const text = readFileSync(file, "utf8")
      for (const banned of ["Math.random", "Date.now", "new Date(", "performance.now", "process.hrtime"]) {
        assert.notInclude(text, banned, `${file} uses ${banned}`)
      }
    }
  })
})
