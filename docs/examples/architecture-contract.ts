import { ListProxySessions, ProxySessions } from "@chime-proxy/core"
import { Effect, Layer, Stream } from "effect"

// The whole service is one function (here, an empty page from memory): a user writes one in three lines.
export const Mine = Layer.succeed(ProxySessions.ProxySessions, {
  listProxySessions: (_input) => Effect.succeed(new ListProxySessions.ListProxySessionsResponse({ ProxySessions: [] }))
})

// Pages and sessions derive from it, as they do for every implementation.
const voiceConnectorId = "abcdef1ghij2klmno3pqr4"
export const program = Effect.gen(function*() {
  const pages = yield* Stream.runCollect(ProxySessions.pages({ voiceConnectorId, pageSize: 100, maxItems: 500 }))
  const open = yield* Stream.runCount(ProxySessions.stream({ voiceConnectorId, status: "Open" }))
  // The same paginator over a service value.
  const service = yield* ProxySessions.ProxySessions
  const first = yield* Stream.runHead(ProxySessions.paginator(service).pages({ voiceConnectorId }))
  return { pages, open, first }
}).pipe(Effect.provide(Mine))
