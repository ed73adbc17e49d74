import { AwsProxySessions, Credentials } from "@chime-proxy/aws"
import * as NodeUndici from "@chime-proxy/aws/NodeUndici"
import { ClientError, ProxySessions, Wire } from "@chime-proxy/core"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { assert, describe, it } from "@effect/vitest"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Runtime from "effect/Runtime"
import * as Stream from "effect/Stream"
import * as Supervisor from "effect/Supervisor"
import type { IncomingMessage } from "node:http"
import { createServer } from "node:net"
import { testServer, verifySignature } from "./server.js"
import { accessKeyId, at, secretAccessKey, sessionToken } from "./utils.js"

const credentials = { accessKeyId, secretAccessKey, sessionToken }

// Every HTTP client the layers of Node use: fetch (layerNode), undici (NodeUndici), and node:http.
const httpClients = [
  ["undici", NodeHttpClient.layerUndici],
  ["fetch", FetchHttpClient.layer],
  ["node:http", NodeHttpClient.layer]
] as const

const overHttp = (
  endpoint: string,
  httpClient: typeof NodeHttpClient.layerUndici,
  options: Parameters<typeof AwsProxySessions.layer>[0] = {}
) =>
  AwsProxySessions.layer({ region: "us-east-1", endpoint, deprecationWarning: false, ...options }).pipe(
    Layer.provide(Credentials.layerStatic(credentials)),
    Layer.provide(httpClient)
  )

interface Received {
  readonly verified: boolean
  readonly decoded: unknown
  readonly headers: IncomingMessage["headers"]
}

/** A server that checks every signature and decodes every request with core's server-side codec. */
const verifyingServer = Effect.gen(function*() {
  const received: Array<Received> = []
  const server = yield* testServer((request, response) => {
    verifySignature(request, credentials, "us-east-1").then((verified) => {
      const decoded = Wire.decodeRequest(request.method ?? "", request.url ?? "")
      received.push({
        verified,
        decoded: decoded._tag === "Right" ? { ...decoded.right } : decoded.left,
        headers: request.headers
      })
      response.writeHead(verified ? 200 : 403, {
        "content-type": "application/json",
        "x-amzn-requestid": `r-${received.length}`,
        ...(verified ? {} : { "x-amzn-errortype": "SignatureDoesNotMatch" })
      })
      response.end(verified ? JSON.stringify({ ProxySessions: [] }) : JSON.stringify({ Message: "bad signature" }))
    })
  })
  return { received, url: server.url }
})

const awkward: ReadonlyArray<{
  readonly VoiceConnectorId: string
  readonly NextToken?: string
  readonly Status?: "Open" | "InProgress" | "Closed"
  readonly MaxResults?: number
}> = [
  { VoiceConnectorId: "abcdefghijklmnopqrstu" },
  { VoiceConnectorId: "a b/c%d", NextToken: "tok en+/=", Status: "InProgress", MaxResults: 7 },
  { VoiceConnectorId: "ünïcødé ✓", NextToken: "~-._*'()!&=?#[]@$,;:" },
  { VoiceConnectorId: "..x", NextToken: "a".repeat(3000), Status: "Closed", MaxResults: 100 },
  { VoiceConnectorId: "  padded  ", NextToken: "%41%42" }
]

describe("real HTTP on loopback", () => {
  for (const [name, httpClient] of httpClients) {
    it.live(`signs what a SigV4 verifier accepts, for awkward ids and tokens (${name})`, () =>
      Effect.gen(function*() {
        const { received, url } = yield* verifyingServer
        yield* Effect.forEach(awkward, (input) => ProxySessions.listProxySessions(input)).pipe(
          Effect.provide(overHttp(url, httpClient))
        )
        assert.strictEqual(received.length, awkward.length)
        for (const [index, input] of awkward.entries()) {
          assert.isTrue(at(received, index).verified, `signature of ${JSON.stringify(input)}`)
          assert.deepStrictEqual(at(received, index).decoded, input)
          const headers = at(received, index).headers
          assert.strictEqual(headers["x-amz-security-token"], sessionToken)
          assert.strictEqual(headers["amz-sdk-request"], "attempt=1; max=3")
          assert.include(String(headers.authorization), "amz-sdk-invocation-id;amz-sdk-request;host;")
        }
      }).pipe(Effect.scoped))
  }

  it.live("an endpoint with a base path keeps it", () =>
    Effect.gen(function*() {
      const paths: Array<string> = []
      const server = yield* testServer((request, response) => {
        paths.push(request.url ?? "")
        response.writeHead(200, { "content-type": "application/json" })
        response.end("{}")
      })
      yield* ProxySessions.listProxySessions({ VoiceConnectorId: "vc" }).pipe(
        Effect.provide(overHttp(`${server.url}/prefix/`, NodeHttpClient.layerUndici))
      )
      assert.deepStrictEqual(paths, ["/prefix/voice-connectors/vc/proxy-sessions"])
    }).pipe(Effect.scoped))

  const nodeLayers = [
    ["AwsProxySessions.layerNode (fetch)", AwsProxySessions.layerNode],
    ["NodeUndici.layerProxySessions", NodeUndici.layerProxySessions]
  ] as const
  for (const [name, layerNode] of nodeLayers) {
    it.live(`${name}: its HTTP client and the default credential chain`, () =>
      Effect.gen(function*() {
        const envCredentials = {
          accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? "",
          secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? ""
        }
        const verified: Array<boolean> = []
        const server = yield* testServer((request, response) => {
          verifySignature(request, envCredentials, "eu-west-1").then((ok) => {
            verified.push(ok)
            response.writeHead(ok ? 200 : 403, { "content-type": "application/json" })
            response.end(JSON.stringify({ ProxySessions: [{ ProxySessionId: "ps-1" }], NextToken: "t" }))
          })
        })
        const page = yield* ProxySessions.listProxySessions({ VoiceConnectorId: "vc" }).pipe(
          Effect.provide(layerNode({ region: "eu-west-1", endpoint: server.url, deprecationWarning: false }))
        )
        assert.deepStrictEqual(verified, [true])
        assert.deepStrictEqual(page.ProxySessions.map((session): string | undefined => session.ProxySessionId), [
          "ps-1"
        ])
        assert.strictEqual(page.NextToken, "t")
      }).pipe(Effect.scoped))
  }

  for (const [name, httpClient] of httpClients) {
    it.live(`a refused connection is a TransportError of kind ConnectionRefused (${name})`, () =>
      Effect.gen(function*() {
        // A port that was just free: listen, note it, close.
        const port = yield* Effect.async<number>((resume) => {
          const probe = createServer()
          probe.listen(0, "127.0.0.1", () => {
            const address = probe.address()
            probe.close(() =>
              resume(Effect.succeed(typeof address === "object" && address !== null ? address.port : 0))
            )
          })
        })
        const error = yield* ProxySessions.listProxySessions({ VoiceConnectorId: "vc" }).pipe(
          Effect.provide(overHttp(`http://127.0.0.1:${port}`, httpClient, { maxAttempts: 1 })),
          Effect.flip
        )
        assert.instanceOf(error, ClientError.TransportError)
        assert.strictEqual((error as ClientError.TransportError).failure, "ConnectionRefused")
      }))

    it.live(`a connection dropped mid-response is retried, then a TransportError (${name})`, () =>
      Effect.gen(function*() {
        let requests = 0
        const server = yield* testServer((request, response) => {
          requests++
          response.writeHead(200, { "content-type": "application/json", "content-length": "1000" })
          response.write("{\"ProxySessions\":[")
          setImmediate(() => request.socket.destroy())
        })
        const error = yield* ProxySessions.listProxySessions({ VoiceConnectorId: "vc" }).pipe(
          Effect.provide(
            overHttp(server.url, httpClient, { backoff: { base: 0, throttlingBase: 0 } })
          ),
          Effect.flip
        )
        assert.instanceOf(error, ClientError.TransportError)
        assert.strictEqual((error as ClientError.TransportError).failure, "ConnectionReset")
        assert.strictEqual(requests, 3)
      }).pipe(Effect.scoped))
  }
})

/** Waits, on the real clock, until a condition holds; fails after 20 s. */
const eventually = (condition: () => boolean, message: string) =>
  Effect.gen(function*() {
    while (!condition()) yield* Effect.sleep("10 millis")
  }).pipe(Effect.timeoutFail({ duration: "20 seconds", onTimeout: () => message }))

describe("interruption", () => {
  for (const [name, httpClient] of httpClients) {
    it.live(`interrupting a stream mid-request aborts the request and leaks no socket (${name})`, () =>
      Effect.gen(function*() {
        const runtime = yield* Effect.runtime<never>()
        const arrived = yield* Deferred.make<void>()
        const closed = yield* Deferred.make<void>()
        const server = yield* testServer((request) => {
          // Never answers; notes when the client hangs up.
          request.socket.on("close", () => Runtime.runSync(runtime)(Deferred.succeed(closed, undefined)))
          Runtime.runSync(runtime)(Deferred.succeed(arrived, undefined))
        })
        // The layer outlives the stream: what closes the socket is the abort of the request, not the release of
        // the HTTP client's connection pool.
        const context = yield* Layer.build(overHttp(server.url, httpClient, { attemptTimeout: Duration.infinity }))
        const supervisor = yield* Supervisor.track
        const fiber = yield* ProxySessions.stream({ voiceConnectorId: "vc-1", pageSize: 10 }).pipe(
          Stream.runCollect,
          Effect.provide(context),
          Effect.fork,
          Effect.supervised(supervisor)
        )
        yield* Deferred.await(arrived).pipe(
          Effect.timeoutFail({ duration: "20 seconds", onTimeout: () => "no request" })
        )
        const exit = yield* Fiber.interrupt(fiber)
        assert.isTrue(Exit.isInterrupted(exit))
        // The server sees the connection closed: the request was aborted, not left hanging.
        yield* Deferred.await(closed).pipe(
          Effect.timeoutFail({ duration: "20 seconds", onTimeout: () => "the request socket was never closed" })
        )
        // undici may have a spare connection that it drops on its own; none may stay.
        yield* eventually(() => server.sockets.size === 0, "a socket stayed open")
        // No fiber of the call outlives it.
        assert.deepStrictEqual((yield* supervisor.value).filter((child) => child.id() !== fiber.id()).length, 0)
        assert.isTrue(Option.isSome(yield* Fiber.poll(fiber)))
      }).pipe(Effect.scoped))
  }
})
