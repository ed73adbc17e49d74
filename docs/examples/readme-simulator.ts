import { ProxySessions } from "@chime-proxy/core"
import { Simulator } from "@chime-proxy/simulator"
import { assert, it } from "@effect/vitest"
import { Effect, Stream } from "effect"

// The code under test, written against the service.
const countOpen = (voiceConnectorId: string) =>
  ProxySessions.stream({ voiceConnectorId, status: "Open" }).pipe(Stream.runCount)

// In a test, the simulator's layer instead of the live one: nothing else changes.
it.effect("counts the open sessions", () =>
  Effect.gen(function*() {
    const control = yield* Simulator.SimulatorControl
    const voiceConnectorId = yield* control.createVoiceConnector()
    yield* control.createProxySession(voiceConnectorId, { Name: "support line" })
    const closed = yield* control.createProxySession(voiceConnectorId)
    yield* control.closeProxySession(voiceConnectorId, closed.ProxySessionId!)
    assert.strictEqual(yield* countOpen(voiceConnectorId), 1)
  }).pipe(Effect.provide(Simulator.layer({ seed: 7 }))))
