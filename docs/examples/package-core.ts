import { ProxySessions, type ProxySessionsError } from "@chime-proxy/core"
import { type Effect, Stream } from "effect"

// Every session of several voice connectors, two listings at a time, counted by status, in constant memory.
export const statusCounts = (
  voiceConnectorIds: ReadonlyArray<string>
): Effect.Effect<Record<string, number>, ProxySessionsError.ProxySessionsError, ProxySessions.ProxySessions> =>
  Stream.fromIterable(voiceConnectorIds).pipe(
    Stream.flatMap((voiceConnectorId) => ProxySessions.stream({ voiceConnectorId }), { concurrency: 2 }),
    Stream.runFold({} as Record<string, number>, (counts, session) => {
      const status = typeof session.Status === "string" ? session.Status : "unknown"
      return { ...counts, [status]: (counts[status] ?? 0) + 1 }
    })
  )
