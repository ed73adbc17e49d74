import { ProxySession, ProxySessions } from "@chime-proxy/core"
import { Simulator } from "@chime-proxy/simulator"
import { assert, describe, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/TestClock"
import { defined } from "./utils.js"

const encode = Schema.encodeSync(ProxySession.ProxySession)
const decodeStrict = Schema.decodeUnknownEither(ProxySession.ProxySession)

/** Valid for every constraint of the model: the encoded JSON decodes again, with only known enum values. */
const assertValid = (session: ProxySession.ProxySession) => {
  const json = encode(session)
  const decoded = decodeStrict(json, { onExcessProperty: "error" })
  assert.isTrue(Either.isRight(decoded), JSON.stringify(json))
  assert.match(json.ProxySessionId!, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
  assert.match(json.VoiceConnectorId!, /^[a-z0-9]{21,22}$/)
  assert.isTrue(["Open", "InProgress", "Closed"].includes(json.Status!))
  assert.isTrue(json.Capabilities!.length > 0 && json.Capabilities!.every((c) => c === "Voice" || c === "SMS"))
  for (const participant of json.Participants!) {
    assert.match(participant.PhoneNumber!, /^\+?[1-9]\d{1,14}$/)
    assert.match(participant.ProxyPhoneNumber!, /^\+?[1-9]\d{1,14}$/)
  }
  assert.match(json.GeoMatchParams!.Country, /^[A-Z]{2}$/)
  assert.match(json.GeoMatchParams!.AreaCode, /^[0-9]{3}$/)
  assert.isTrue(["PreferSticky", "AvoidSticky"].includes(json.NumberSelectionBehavior!))
  assert.isTrue(["Country", "AreaCode"].includes(json.GeoMatchLevel!))
  assert.isAtLeast(json.ExpiryMinutes!, 1)
  assert.isAtMost(json.Name!.length, 128)
}

describe("voice connectors", () => {
  it.effect("generated ids look like real ones, and are listed sorted", () =>
    Effect.gen(function*() {
      const control = yield* Simulator.SimulatorControl
      const ids = yield* Effect.forEach(Array.from({ length: 20 }), () => control.createVoiceConnector())
      for (const id of ids) assert.match(id, /^[a-z0-9]{21,22}$/)
      assert.strictEqual(new Set(ids).size, 20)
      assert.deepStrictEqual(yield* control.listVoiceConnectors(), [...ids].sort())
    }).pipe(Effect.provide(Simulator.layer())))

  it.effect("a given id is used; a taken or invalid one is refused", () =>
    Effect.gen(function*() {
      const control = yield* Simulator.SimulatorControl
      assert.strictEqual(yield* control.createVoiceConnector({ voiceConnectorId: "my-connector" }), "my-connector")
      const taken = yield* Effect.flip(control.createVoiceConnector({ voiceConnectorId: "my-connector" }))
      assert.strictEqual(taken.reason, "ConnectorExists")
      const blank = yield* Effect.flip(control.createVoiceConnector({ voiceConnectorId: " " }))
      assert.strictEqual(blank.reason, "InvalidInput")
      assert.include(blank.message, "voiceConnectorId")
      yield* control.deleteVoiceConnector("my-connector")
      assert.deepStrictEqual(yield* control.listVoiceConnectors(), [])
      assert.strictEqual((yield* Effect.flip(control.deleteVoiceConnector("my-connector"))).reason, "ConnectorNotFound")
      const missing = yield* Effect.flip(control.createProxySession("my-connector"))
      assert.strictEqual(missing.reason, "ConnectorNotFound")
    }).pipe(Effect.provide(Simulator.layer())))
})

describe("proxy sessions", () => {
  it.effect("generated sessions are valid for every constraint of the model", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(Date.parse("2025-04-01T00:00:00.000Z"))
      const control = yield* Simulator.SimulatorControl
      const voiceConnectorId = yield* control.createVoiceConnector()
      for (let i = 0; i < 200; i++) assertValid(yield* control.createProxySession(voiceConnectorId))
      const seeded = defined((yield* control.seed({ seed: 3, connectors: 1, sessionsPerConnector: 3000 }))[0])
      const all = yield* Stream.runCollect(ProxySessions.stream({ voiceConnectorId: seeded, pageSize: 100 }))
      assert.strictEqual(Chunk.size(all), 3000)
      Chunk.forEach(all, assertValid)
      const statuses = new Set(Chunk.toReadonlyArray(all).map((session) => session.Status))
      assert.deepStrictEqual([...statuses].sort(), ["Closed", "InProgress", "Open"])
    }).pipe(Effect.provide(Simulator.layer({ seed: 5 }))))

  it.effect("given fields are kept, the rest generated", () =>
    Effect.gen(function*() {
      const control = yield* Simulator.SimulatorControl
      const voiceConnectorId = yield* control.createVoiceConnector()
      const session = yield* control.createProxySession(voiceConnectorId, {
        ProxySessionId: "my-session",
        Name: "pickup",
        Capabilities: ["SMS"],
        Participants: [{ PhoneNumber: "+14155550100" }]
      })
      const json = encode(session)
      assert.strictEqual(json.ProxySessionId, "my-session")
      assert.strictEqual(json.Name, "pickup")
      assert.deepStrictEqual(json.Capabilities, ["SMS"])
      assert.deepStrictEqual(json.Participants, [{ PhoneNumber: "+14155550100" }])
      assert.isDefined(json.GeoMatchParams)
      assert.deepStrictEqual(encode(yield* control.getProxySession(voiceConnectorId, "my-session")), json)
    }).pipe(Effect.provide(Simulator.layer())))

  it.effect("bad fields, a taken id or another connector's id are refused", () =>
    Effect.gen(function*() {
      const control = yield* Simulator.SimulatorControl
      const voiceConnectorId = yield* control.createVoiceConnector()
      const phone = yield* Effect.flip(
        control.createProxySession(voiceConnectorId, { Participants: [{ PhoneNumber: "12 34" }] })
      )
      assert.strictEqual(phone.reason, "InvalidInput")
      assert.include(phone.detail, "Participants.0.PhoneNumber")
      assert.notInclude(phone.detail, "12 34")
      const expiry = yield* Effect.flip(control.createProxySession(voiceConnectorId, { ExpiryMinutes: 0 }))
      assert.include(expiry.detail, "ExpiryMinutes")
      const other = yield* Effect.flip(
        control.createProxySession(voiceConnectorId, { VoiceConnectorId: "someone-else" })
      )
      assert.strictEqual(other.reason, "InvalidInput")
      const first = yield* control.createProxySession(voiceConnectorId)
      const taken = yield* Effect.flip(
        control.createProxySession(voiceConnectorId, { ProxySessionId: first.ProxySessionId! })
      )
      assert.strictEqual(taken.reason, "SessionExists")
    }).pipe(Effect.provide(Simulator.layer())))

  it.effect("unknown sessions are SessionNotFound; deleted ones are gone from listings", () =>
    Effect.gen(function*() {
      const control = yield* Simulator.SimulatorControl
      const voiceConnectorId = yield* control.createVoiceConnector()
      for (const operation of [control.recordCall, control.closeProxySession, control.deleteProxySession]) {
        assert.strictEqual((yield* Effect.flip(operation(voiceConnectorId, "nope"))).reason, "SessionNotFound")
      }
      const a = yield* control.createProxySession(voiceConnectorId)
      const b = yield* control.createProxySession(voiceConnectorId)
      yield* control.deleteProxySession(voiceConnectorId, a.ProxySessionId!)
      const page = yield* ProxySessions.listProxySessions({ VoiceConnectorId: voiceConnectorId })
      assert.deepStrictEqual(page.ProxySessions.map((s) => s.ProxySessionId), [b.ProxySessionId])
      const again = yield* Effect.flip(control.getProxySession(voiceConnectorId, a.ProxySessionId!))
      assert.strictEqual(again.reason, "SessionNotFound")
    }).pipe(Effect.provide(Simulator.layer())))

  it.effect("a session can take the id a generated one would have had: ids stay unique", () =>
    Effect.gen(function*() {
      const run = (taken: ReadonlyArray<string>) =>
        Effect.gen(function*() {
          const control = yield* Simulator.SimulatorControl
          const voiceConnectorId = yield* control.createVoiceConnector()
          for (const id of taken) yield* control.createProxySession(voiceConnectorId, { ProxySessionId: id })
          const created = yield* Effect.forEach(
            Array.from({ length: 3 }),
            () => control.createProxySession(voiceConnectorId)
          )
          return created.map((session) => session.ProxySessionId!)
        }).pipe(Effect.provide(Simulator.layer()))
      const generated = yield* run([])
      const second = defined(generated[1])
      const ids = yield* run([second])
      assert.strictEqual(new Set([second, ...ids]).size, 4)
    }))
})

describe("seeding, reset", () => {
  it.effect("seed makes the connectors and sessions asked for, in one line with layerSeeded", () =>
    Effect.gen(function*() {
      const control = yield* Simulator.SimulatorControl
      const connectors = yield* control.listVoiceConnectors()
      assert.strictEqual(connectors.length, 3)
      for (const voiceConnectorId of connectors) {
        const count = yield* Stream.runCount(ProxySessions.stream({ voiceConnectorId, pageSize: 100 }))
        assert.strictEqual(count, 250)
      }
    }).pipe(Effect.provide(Simulator.layerSeeded({ seed: 1, connectors: 3, sessionsPerConnector: 250 }))))

  it.effect("a million sessions in one connector: seeded, listed and filtered page by page", () =>
    Effect.gen(function*() {
      const control = yield* Simulator.SimulatorControl
      const voiceConnectorId = defined(
        (yield* control.seed({ seed: 2, connectors: 1, sessionsPerConnector: 1_000_000 }))[0]
      )
      const pages = yield* Stream.runCollect(
        ProxySessions.pages({ voiceConnectorId, pageSize: 100, maxItems: 5_000 })
      )
      assert.strictEqual(Chunk.size(pages), 50)
      for (const status of ["Open", "InProgress", "Closed"] as const) {
        const page = yield* ProxySessions.listProxySessions({
          VoiceConnectorId: voiceConnectorId,
          MaxResults: 100,
          Status: status
        })
        assert.isTrue(page.ProxySessions.every((session) => session.Status === status))
        assert.isDefined(page.NextToken)
      }
    }).pipe(Effect.provide(Simulator.layer())))

  it.effect("reset empties the world and refuses the tokens issued before", () =>
    Effect.gen(function*() {
      const control = yield* Simulator.SimulatorControl
      const voiceConnectorId = defined((yield* control.seed({ seed: 4, connectors: 1, sessionsPerConnector: 30 }))[0])
      const page = yield* ProxySessions.listProxySessions({ VoiceConnectorId: voiceConnectorId })
      yield* control.reset()
      assert.deepStrictEqual(yield* control.listVoiceConnectors(), [])
      const again = defined((yield* control.seed({ seed: 4, connectors: 1, sessionsPerConnector: 30 }))[0])
      assert.strictEqual(again, voiceConnectorId)
      const error = yield* Effect.flip(
        ProxySessions.listProxySessions({ VoiceConnectorId: voiceConnectorId, NextToken: defined(page.NextToken) })
      )
      assert.strictEqual(error._tag, "BadRequestException")
    }).pipe(Effect.provide(Simulator.layer())))
})
