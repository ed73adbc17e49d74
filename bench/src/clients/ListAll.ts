/**
 * The program of our contenders in the listing benchmark: every session of a connector through one of the live
 * layers and the paginator, pages of 100, credentials from the environment through the default chain, as a user
 * would write it. Each contender is an entry of its own (Ours.ts, OursUndici.ts), so that its bundle holds its own
 * HTTP client only. For profiling the cost per request, a page size and the layer's options (JSON, `"Infinity"` for
 * an infinite timeout) may follow the two arguments the harness passes.
 *
 * Usage: node <bundle> <endpoint> <voiceConnectorId> [pageSize] [options of the layer, as JSON]
 */
import type * as AwsConfig from "@chime-proxy/aws/AwsConfig"
import type * as AwsError from "@chime-proxy/aws/AwsError"
import { ProxySessions } from "@chime-proxy/core"
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import { reportToParent, resourceFigures } from "../Reporting.js"

/** Lists every session of the connector given on the command line over `layer`, and reports to the harness. */
export const listAll = async (
  layer: (options: AwsConfig.Options) => Layer.Layer<ProxySessions.ProxySessions, AwsError.ConfigurationError>
): Promise<void> => {
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
    Effect.provide(layer({
      endpoint,
      region: "us-east-1",
      deprecationWarning: false,
      ...(extra === undefined ? {} : JSON.parse(extra, (_, v) => v === "Infinity" ? Infinity : v))
    }))
  )
  reportToParent(await Effect.runPromise(program))
}
