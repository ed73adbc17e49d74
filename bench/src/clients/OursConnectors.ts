/**
 * Our contender of the many-connectors benchmark: every session of several connectors through the live layer, as a
 * user composes it: `ProxySessions.stream` of each connector (pages of 100), merged with `Stream.flatMap` at a
 * concurrency, over `NodeUndici.layerProxySessions`: with several listings at once, the layer of ours that spends the
 * least CPU per session (node:http's spends the least on one listing). Bundled and run with plain node, in a process of
 * its own.
 *
 * Usage: node ours-connectors.mjs <endpoint> <concurrency> <voiceConnectorId>...
 */
import * as NodeUndici from "@chime-proxy/aws/NodeUndici"
import { ProxySessions } from "@chime-proxy/core"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { reportToParent, resourceFigures } from "../Reporting.js"

// The harness always passes them.
const [endpoint, concurrency, ...voiceConnectorIds] = process.argv.slice(2) as [string, string, ...Array<string>]

const program = Effect.gen(function*() {
  const cpuStart = process.cpuUsage()
  const start = process.hrtime.bigint()
  const items = yield* Stream.runCount(
    Stream.flatMap(
      Stream.fromIterable(voiceConnectorIds),
      (voiceConnectorId) => ProxySessions.stream({ voiceConnectorId, pageSize: 100 }),
      { concurrency: Number(concurrency) }
    )
  )
  const seconds = Number(process.hrtime.bigint() - start) / 1e9
  return { items, seconds, ...resourceFigures(cpuStart) }
}).pipe(
  Effect.provide(NodeUndici.layerProxySessions({ endpoint, region: "us-east-1", deprecationWarning: false }))
)

reportToParent(await Effect.runPromise(program))
