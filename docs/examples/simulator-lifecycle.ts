import { ProxySessions } from "@chime-proxy/core"
import { Simulator } from "@chime-proxy/simulator"
import { assert, describe, it } from "@effect/vitest"
import { Effect, TestClock } from "effect"

describe("lifecycle", () => {
  it.effect("a session is Closed exactly when its ExpiryMinutes have passed", () =>
    Effect.gen(function*() {
      const control = yield* Simulator.SimulatorControl
      const voiceConnectorId = yield* control.createVoiceConnector()
      const session = yield* control.createProxySession(voiceConnectorId, { ExpiryMinutes: 30 })
      const status = Effect.map(
        ProxySessions.listProxySessions({ VoiceConnectorId: voiceConnectorId }),
        (page) => page.ProxySessions[0]?.Status
      )
      assert.strictEqual(yield* status, "Open")

      yield* TestClock.adjust("10 minutes")
      yield* control.recordCall(voiceConnectorId, session.ProxySessionId!)
      assert.strictEqual(yield* status, "InProgress")

      yield* TestClock.adjust(20 * 60_000 - 1) // one millisecond before expiry
      assert.strictEqual(yield* status, "InProgress")
      yield* TestClock.adjust(1)
      assert.strictEqual(yield* status, "Closed")

      // Closed sessions stay listable for the retention period (30 days unless configured), then vanish.
      yield* TestClock.adjust("30 days")
      const page = yield* ProxySessions.listProxySessions({ VoiceConnectorId: voiceConnectorId })
      assert.strictEqual(page.ProxySessions.length, 0)
    }).pipe(Effect.provide(Simulator.layer({ startTime: "2025-06-01T09:00:00Z" }))))
})
