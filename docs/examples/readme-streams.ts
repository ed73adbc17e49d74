import { ProxySessions, type ProxySessionsError } from "@chime-proxy/core"
import { Simulator } from "@chime-proxy/simulator"
import { Effect, Stream } from "effect"

// Streams compose: every session of several voice connectors, two listings at a time, counted by status,
// in constant memory whatever the number of sessions.
export const statusCounts = (
  voiceConnectorIds: ReadonlyArray<string>
): Effect.Effect<Record<string, number>, ProxySessionsError.ProxySessionsError, ProxySessions.ProxySessions> =>
  Stream.fromIterable(voiceConnectorIds).pipe(
    Stream.flatMap((voiceConnectorId) => ProxySessions.stream({ voiceConnectorId, pageSize: 100 }), {
      concurrency: 2
    }),
    Stream.runFold({} as Record<string, number>, (counts, session) => {
      const status = typeof session.Status === "string" ? session.Status : "unknown"
      return { ...counts, [status]: (counts[status] ?? 0) + 1 }
    })
  )

// Run it against a simulated account of 3 voice connectors with 1,000 sessions each.
export const simulated: Effect.Effect<Record<string, number>, ProxySessionsError.ProxySessionsError> = Effect.gen(
  function*() {
    const control = yield* Simulator.SimulatorControl
    return yield* statusCounts(yield* control.listVoiceConnectors())
  }
).pipe(Effect.provide(Simulator.layerSeeded({ seed: 1, connectors: 3, sessionsPerConnector: 1000 })))
