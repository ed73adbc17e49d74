/**
 * Our contender of the listing benchmark: every session of a connector through the live layer's paginator, pages of
 * 100, credentials from the environment through the default chain, as a user would write it. Bundled and run with
 * plain node, in a process of its own. For profiling the cost per request, a page size and the layer's options (JSON,
 * `"Infinity"` for an infinite timeout) may follow.
 *
 * Usage: node ours-client.mjs <endpoint> <voiceConnectorId> [pageSize] [options of the layer, as JSON]
 */
import * as NodeUndici from "@chime-proxy/aws/NodeUndici"
import { ProxySessions } from "@chime-proxy/core"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { reportToParent, resourceFigures } from "../Reporting.js"

// The harness always passes the first two.
const [endpoint, voiceConnectorId, pageSize = "100", extra] = process.argv.slice(2) as [
  string,
  string,
  string?,
  string?
]

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
