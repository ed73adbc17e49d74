/**
 * An experiment for profiling the live layer's cost per request: the listing benchmark's client with pages of 10.
 *
 * Usage: node per-request.mjs <endpoint> <voiceConnectorId> <pageSize> [options of the layer, as JSON]
 */
import * as NodeUndici from "@chime-proxy/aws/NodeUndici"
import { ProxySessions } from "@chime-proxy/core"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { reportToParent, resourceFigures } from "../Reporting.js"

const [endpoint, voiceConnectorId, pageSize, extra] = process.argv.slice(2) as [string, string, string, string?]

const program = Effect.gen(function*() {
  const service = yield* ProxySessions.ProxySessions
  const cpuStart = process.cpuUsage()
  const start = process.hrtime.bigint()
  let items = 0
  let pages = 0
  yield* Stream.runForEach(
    ProxySessions.paginator(service).pages({ voiceConnectorId, pageSize: Number(pageSize) }),
    (page) =>
      Effect.sync(() => {
        items += page.items.length
        pages++
      })
  )
  const seconds = Number(process.hrtime.bigint() - start) / 1e9
  return { items, pages, seconds, ...resourceFigures(cpuStart) }
}).pipe(
  Effect.provide(
    NodeUndici.layerProxySessions({
      endpoint,
      region: "us-east-1",
      deprecationWarning: false,
      ...(extra === undefined ? {} : JSON.parse(extra, (_, v) => v === "Infinity" ? Infinity : v))
    })
  )
)

reportToParent(await Effect.runPromise(program))
