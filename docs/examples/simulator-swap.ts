import { ProxySessions, type ProxySessionsError } from "@chime-proxy/core"
import { Simulator, type SimulatorError } from "@chime-proxy/simulator"
import { Effect, Stream } from "effect"

// Your code needs ProxySessions, and nothing else.
const countOpenSessions = (voiceConnectorId: string) =>
  ProxySessions.stream({ voiceConnectorId, status: "Open" }).pipe(Stream.runCount)

// In a test, arrange a world with the SimulatorControl and run your code against the simulator's layer.
// In production, provide the live layer of @chime-proxy/aws instead: nothing else changes.
export const program: Effect.Effect<
  number,
  ProxySessionsError.ProxySessionsError | SimulatorError.SimulatorError
> = Effect.gen(function*() {
  const control = yield* Simulator.SimulatorControl
  const voiceConnectorId = yield* control.createVoiceConnector()
  yield* control.createProxySession(voiceConnectorId)
  const busy = yield* control.createProxySession(voiceConnectorId)
  yield* control.recordCall(voiceConnectorId, busy.ProxySessionId!)
  return yield* countOpenSessions(voiceConnectorId) // 1
}).pipe(Effect.provide(Simulator.layer()))
