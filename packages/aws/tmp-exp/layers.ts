import { ProxySessionsText } from "@chime-proxy/core"
import * as AwsConfig from "@chime-proxy/aws/AwsConfig"
import * as AwsProxySessionsText from "@chime-proxy/aws/AwsProxySessionsText"
import * as Credentials from "@chime-proxy/aws/Credentials"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import { readFileSync } from "node:fs"

const info = JSON.parse(readFileSync("/tmp/exp/emu.info", "utf8"))
const mode = process.argv[2]
const http = NodeHttpClient.layerWithoutAgent.pipe(Layer.provide(NodeHttpClient.makeAgentLayer({ keepAlive: true })))
const layer = (extra: object) =>
  Layer.effect(ProxySessionsText.ProxySessionsText, AwsProxySessionsText.make).pipe(
    Layer.provide(Credentials.layerDefaultChainConfigured),
    Layer.provide(http),
    Layer.provide(AwsConfig.layer({ endpoint: info.endpoint, ...extra }))
  )
const N = Number(process.env.N ?? 1000)
const listAll = Effect.gen(function*() {
  const svc = yield* ProxySessionsText.ProxySessionsText
  let token: string | undefined
  let n = 0
  do {
    const page = yield* svc.listProxySessionsText({ VoiceConnectorId: info.voiceConnectorId, MaxResults: 100, ...(token ? { NextToken: token } : {}) })
    token = page.NextToken
    n += page.ProxySessions.length
  } while (token !== undefined)
  return n
})
const viaStream = Effect.gen(function*() {
  const svc = yield* ProxySessionsText.ProxySessionsText
  return yield* Stream.runCount(ProxySessionsText.paginator(svc).stream({ voiceConnectorId: info.voiceConnectorId, pageSize: 100, prefetch: 1 } as any))
})
const timed = <A, E, R>(name: string, eff: Effect.Effect<A, E, R>) => Effect.gen(function*() {
  const c0 = process.cpuUsage(); const t0 = performance.now()
  const r = yield* eff
  const c = process.cpuUsage(c0)
  console.log(name, "result", r, "wall ms", (performance.now() - t0).toFixed(0), "cpu ms", ((c.user + c.system) / 1000).toFixed(0))
})
const noTimeouts = { attemptTimeout: Duration.infinity, operationTimeout: Duration.infinity }
const programs: Record<string, Effect.Effect<void, unknown>> = {
  raw: Effect.gen(function*() {
    const client = yield* HttpClient.HttpClient
    const url = `${info.endpoint}/voice-connectors/${info.voiceConnectorId}/proxy-sessions?max-results=100`
    // unsigned: emulator will 403; measures the transport only
    const one = Effect.scoped(Effect.flatMap(client.get(url), (r) => r.text))
    yield* one
    yield* timed("raw x1000", Effect.repeatN(one, N - 1))
  }).pipe(Effect.provide(http)),
  rawNoTrace: Effect.gen(function*() {
    const client = yield* HttpClient.HttpClient
    const url = `${info.endpoint}/voice-connectors/${info.voiceConnectorId}/proxy-sessions?max-results=100`
    const one = Effect.scoped(Effect.flatMap(client.get(url), (r) => r.text))
    yield* one
    yield* timed("rawNoTrace x1000", Effect.repeatN(one, N - 1))
  }).pipe(Effect.withTracerEnabled(false), Effect.provide(http)),
  rawNoTraceAB: Effect.gen(function*() {
    const client = yield* HttpClient.HttpClient
    const url = `${info.endpoint}/voice-connectors/${info.voiceConnectorId}/proxy-sessions?max-results=100`
    const one = Effect.flatMap(client.get(url), (r) => r.arrayBuffer)
    yield* one
    yield* timed("rawNoTraceAB x1000", Effect.repeatN(one, N - 1))
  }).pipe(Effect.withTracerEnabled(false), Effect.provide(http)),
  list: Effect.gen(function*() { yield* listAll; yield* timed("list", listAll) }).pipe(Effect.provide(layer({}))),
  listNoTimeouts: Effect.gen(function*() { yield* listAll; yield* timed("listNoTimeouts", listAll) }).pipe(Effect.provide(layer(noTimeouts))),
  stream: Effect.gen(function*() { yield* viaStream; yield* timed("stream", viaStream) }).pipe(Effect.provide(layer({}))),
}
Effect.runPromise(programs[mode]!).catch((e) => { console.error(e); process.exit(1) })
