import { ProxySessions } from "@chime-proxy/core"
import { Simulator } from "@chime-proxy/simulator"
import { assert, describe, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as TestClock from "effect/TestClock"
import { defined } from "./utils.js"

const start = Date.parse("2025-03-01T12:00:00.000Z")
const minute = 60_000

const listed = (voiceConnectorId: string, Status?: "Open" | "InProgress" | "Closed") =>
  Effect.map(
    ProxySessions.listProxySessions({
      VoiceConnectorId: voiceConnectorId,
      MaxResults: 100,
      ...(Status === undefined ? {} : { Status })
    }),
    (page) => page.ProxySessions
  )

const setup = Effect.gen(function*() {
  yield* TestClock.setTime(start)
  const control = yield* Simulator.SimulatorControl
  const voiceConnectorId = yield* control.createVoiceConnector()
  return { control, voiceConnectorId }
})

describe("lifecycle under TestClock", () => {
  it.effect("a session is Open when created, with UpdatedTimestamp = CreatedTimestamp = now", () =>
    Effect.gen(function*() {
      const { control, voiceConnectorId } = yield* setup
      const session = yield* control.createProxySession(voiceConnectorId, { ExpiryMinutes: 5 })
      assert.strictEqual(session.Status, "Open")
      assert.strictEqual(session.CreatedTimestamp?.epochMillis, start)
      assert.strictEqual(session.UpdatedTimestamp?.epochMillis, start)
      assert.isUndefined(session.EndedTimestamp)
    }).pipe(Effect.provide(Simulator.layer())))

  it.effect("a session expires exactly at ExpiryMinutes, not a millisecond before", () =>
    Effect.gen(function*() {
      const { control, voiceConnectorId } = yield* setup
      const session = yield* control.createProxySession(voiceConnectorId, { ExpiryMinutes: 5 })
      yield* TestClock.adjust(5 * minute - 1)
      const before = defined((yield* listed(voiceConnectorId))[0])
      assert.strictEqual(before.Status, "Open")
      assert.isUndefined(before.EndedTimestamp)
      assert.deepStrictEqual(yield* listed(voiceConnectorId, "Closed"), [])
      yield* TestClock.adjust(1)
      const after = defined((yield* listed(voiceConnectorId))[0])
      assert.strictEqual(after.ProxySessionId, session.ProxySessionId)
      assert.strictEqual(after.Status, "Closed")
      assert.strictEqual(after.EndedTimestamp?.epochMillis, start + 5 * minute)
      assert.strictEqual(after.UpdatedTimestamp?.epochMillis, start + 5 * minute)
      assert.deepStrictEqual(yield* listed(voiceConnectorId, "Open"), [])
      assert.strictEqual((yield* listed(voiceConnectorId, "Closed")).length, 1)
    }).pipe(Effect.provide(Simulator.layer())))

  it.effect("a recorded call makes it InProgress, updated then; it still expires on time", () =>
    Effect.gen(function*() {
      const { control, voiceConnectorId } = yield* setup
      const session = yield* control.createProxySession(voiceConnectorId, { ExpiryMinutes: 10 })
      yield* TestClock.adjust(3 * minute)
      const called = yield* control.recordCall(voiceConnectorId, session.ProxySessionId!)
      assert.strictEqual(called.Status, "InProgress")
      assert.strictEqual(called.UpdatedTimestamp?.epochMillis, start + 3 * minute)
      assert.strictEqual((yield* listed(voiceConnectorId, "InProgress")).length, 1)
      yield* TestClock.adjust(7 * minute - 1)
      assert.strictEqual(defined((yield* listed(voiceConnectorId))[0]).Status, "InProgress")
      yield* TestClock.adjust(1)
      const expired = defined((yield* listed(voiceConnectorId))[0])
      assert.strictEqual(expired.Status, "Closed")
      assert.strictEqual(expired.EndedTimestamp?.epochMillis, start + 10 * minute)
      assert.strictEqual(expired.UpdatedTimestamp?.epochMillis, start + 10 * minute)
    }).pipe(Effect.provide(Simulator.layer())))

  it.effect("closing on purpose sets UpdatedTimestamp and EndedTimestamp to that moment", () =>
    Effect.gen(function*() {
      const { control, voiceConnectorId } = yield* setup
      const session = yield* control.createProxySession(voiceConnectorId, { ExpiryMinutes: 60 })
      yield* TestClock.adjust(90_000)
      const closed = yield* control.closeProxySession(voiceConnectorId, session.ProxySessionId!)
      assert.strictEqual(closed.Status, "Closed")
      assert.strictEqual(closed.EndedTimestamp?.epochMillis, start + 90_000)
      assert.strictEqual(closed.UpdatedTimestamp?.epochMillis, start + 90_000)
      // Later expiry changes nothing.
      yield* TestClock.adjust(2 * 60 * minute)
      const listedLater = defined((yield* listed(voiceConnectorId))[0])
      assert.strictEqual(listedLater.EndedTimestamp?.epochMillis, start + 90_000)
    }).pipe(Effect.provide(Simulator.layer())))

  it.effect("a Closed session cannot be closed again or take a call", () =>
    Effect.gen(function*() {
      const { control, voiceConnectorId } = yield* setup
      const session = yield* control.createProxySession(voiceConnectorId, { ExpiryMinutes: 1 })
      yield* TestClock.adjust(minute)
      const close = yield* Effect.flip(control.closeProxySession(voiceConnectorId, session.ProxySessionId!))
      assert.strictEqual(close.reason, "InvalidTransition")
      const call = yield* Effect.flip(control.recordCall(voiceConnectorId, session.ProxySessionId!))
      assert.strictEqual(call.reason, "InvalidTransition")
    }).pipe(Effect.provide(Simulator.layer())))

  it.effect("a Closed session stays listable for the retention period (30 days by default), then is gone", () =>
    Effect.gen(function*() {
      const { control, voiceConnectorId } = yield* setup
      const session = yield* control.createProxySession(voiceConnectorId, { ExpiryMinutes: 1 })
      assert.strictEqual(Duration.toMillis(Simulator.defaultRetention), 30 * 24 * 60 * minute)
      yield* TestClock.adjust(minute + Duration.toMillis(Simulator.defaultRetention) - 1)
      assert.strictEqual((yield* listed(voiceConnectorId)).length, 1)
      assert.strictEqual((yield* control.getProxySession(voiceConnectorId, session.ProxySessionId!)).Status, "Closed")
      yield* TestClock.adjust(1)
      assert.deepStrictEqual(yield* listed(voiceConnectorId), [])
      const gone = yield* Effect.flip(control.getProxySession(voiceConnectorId, session.ProxySessionId!))
      assert.strictEqual(gone.reason, "SessionNotFound")
    }).pipe(Effect.provide(Simulator.layer())))

  it.effect("the retention is configurable", () =>
    Effect.gen(function*() {
      const { control, voiceConnectorId } = yield* setup
      const session = yield* control.createProxySession(voiceConnectorId, { ExpiryMinutes: 60 })
      yield* control.closeProxySession(voiceConnectorId, session.ProxySessionId!)
      yield* TestClock.adjust(Duration.hours(1).pipe(Duration.toMillis) - 1)
      assert.strictEqual((yield* listed(voiceConnectorId, "Closed")).length, 1)
      yield* TestClock.adjust(1)
      assert.deepStrictEqual(yield* listed(voiceConnectorId, "Closed"), [])
    }).pipe(Effect.provide(Simulator.layer({ retention: "1 hour" }))))

  it.effect("the control moves the simulator's time on top of the Clock", () =>
    Effect.gen(function*() {
      const { control, voiceConnectorId } = yield* setup
      yield* control.createProxySession(voiceConnectorId, { ExpiryMinutes: 2 })
      yield* control.advanceClock("2 minutes")
      assert.strictEqual((yield* control.now()).epochMillis, start + 2 * minute)
      assert.strictEqual(defined((yield* listed(voiceConnectorId))[0]).Status, "Closed")
      yield* control.setClock("2030-01-01T00:00:00.000Z")
      assert.strictEqual((yield* control.now()).epochMillis, Date.parse("2030-01-01T00:00:00.000Z"))
      yield* TestClock.adjust(1000)
      assert.strictEqual((yield* control.now()).epochMillis, Date.parse("2030-01-01T00:00:01.000Z"))
      assert.deepStrictEqual(yield* listed(voiceConnectorId), [])
      const invalid = yield* Effect.flip(control.setClock("not a date"))
      assert.strictEqual(invalid.reason, "InvalidInput")
    }).pipe(Effect.provide(Simulator.layer())))

  it.effect("a session created with a status keeps it: InProgress and Closed with their timestamps", () =>
    Effect.gen(function*() {
      const { control, voiceConnectorId } = yield* setup
      const inProgress = yield* control.createProxySession(voiceConnectorId, {
        Status: "InProgress",
        ExpiryMinutes: 60
      })
      assert.strictEqual(inProgress.Status, "InProgress")
      const closed = yield* control.createProxySession(voiceConnectorId, {
        Status: "Closed",
        CreatedTimestamp: "2025-03-01T11:00:00.000Z",
        EndedTimestamp: "2025-03-01T11:30:00.000Z"
      })
      assert.strictEqual(closed.Status, "Closed")
      assert.strictEqual(closed.EndedTimestamp?.epochMillis, Date.parse("2025-03-01T11:30:00.000Z"))
      assert.strictEqual(closed.UpdatedTimestamp?.epochMillis, Date.parse("2025-03-01T11:30:00.000Z"))
    }).pipe(Effect.provide(Simulator.layer())))
})
