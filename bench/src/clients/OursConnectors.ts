/**
 * Our contender of the many-connectors benchmark: every session of several connectors through the live layer, as a
 * user composes it: `ProxySessions.stream` of each connector (pages of 100), merged with `Stream.flatMap` at a
 * concurrency. Bundled and run with plain node, in a process of its own.
 *
 * Usage: node ours-connectors.mjs <endpoint> <concurrency> <voiceConnectorId>...
 */
import { AwsProxySessions } from "@chime-proxy/aws"
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
  Effect.provide(AwsProxySessions.layerNode({ endpoint, region: "us-east-1", deprecationWarning: false }))
)

reportToParent(await Effect.runPromise(program))
