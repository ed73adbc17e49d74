import { Redaction, ServiceError } from "@chime-proxy/core"
import { clientAbortFiberId, ServeError } from "@effect/platform/HttpServerError"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Ref from "effect/Ref"
import * as Runtime from "effect/Runtime"
import type * as Scope from "effect/Scope"
import * as Http from "node:http"
import type * as Net from "node:net"
import * as Admin from "../Admin.js"
import * as SigV4Verifier from "../SigV4Verifier.js"
import * as WireFaults from "../WireFaults.js"
import * as AdminApi from "./adminApi.js"
import * as AwsRoute from "./awsRoute.js"
import type { Answer } from "./http.js"
import {
  errorReply,
  httpDates,
  rawError,
  reply,
  requestIds,
  send,
  sendStream,
  type sent,
  unexpectedError,
  withCode
} from "./http.js"

/**
 * What the HTTP front needs from the simulator behind it.
 *
 * @internal
 */
export interface Backend extends AdminApi.AdminBackend {
  readonly listPage: AwsRoute.AwsRouteOptions["listPage"]
  readonly listConnectors: AwsRoute.AwsRouteOptions["listConnectors"]
}

/** @internal */
export interface ServerConfig {
  readonly host: string
  readonly port: number
  readonly region: string
  readonly credentials: ReadonlyArray<SigV4Verifier.Credential>
  readonly auth: boolean
  readonly admin: boolean
  readonly wireFaults: WireFaults.WireFaults
  readonly maxHeaderBytes: number
  readonly maxAdminBodyBytes: number
  readonly maxAdminJsonDepth: number
  /** Added to the Clock for the front door: signature expiry and `Date` headers. */
  readonly clockSkewMillis: number
}

/** @internal */
export interface RunningServer {
  readonly host: string
  readonly port: number
  /** The wire faults in force, shared by the AWS route and the admin routes. */
  readonly injector: Ref.Ref<WireFaults.Injector>
}

/**
 * The `Host` headers that name the listening address: the loopback names and the address bound (as given and as
 * bound, `0.0.0.0` included), with the port, and without it on port 80.
 */
const hostHeaders = (hosts: ReadonlyArray<string>, port: number): ReadonlySet<string> => {
  const names = new Set(["127.0.0.1", "localhost", "[::1]"])
  for (const host of hosts) names.add(host.includes(":") && !host.startsWith("[") ? `[${host}]` : host)
  const headers = new Set<string>()
  for (const name of names) {
    headers.add(`${name.toLowerCase()}:${port}`)
    if (port === 80) headers.add(name.toLowerCase())
  }
  return headers
}

const isAdmin = (url: string) => url === Admin.prefix || url.startsWith(`${Admin.prefix}/`)

/**
 * Starts the HTTP server in the scope: node's server with one request listener, and a `clientError` handler that
 * answers what node refuses before any listener runs. The AWS route is answered from node's request as it is (only
 * node:http is in the way of the hot path: @effect/platform's HttpServer took several times as long for the same
 * answer); the admin routes are an `HttpRouter`, run on the same request. Each request that needs a fiber runs one
 * Effect on the runtime of the scope (its Clock, its simulator).
 *
 * @internal
 */
export const serve = (
  config: ServerConfig,
  backend: Backend
): Effect.Effect<RunningServer, ServeError, Scope.Scope> =>
  Effect.gen(function*() {
    const nextRequestId = requestIds()
    const dateOf = httpDates()
    const injector = yield* Ref.make(WireFaults.make(config.wireFaults))
    const runFork = Runtime.runFork(yield* Effect.runtime<never>())
    // The Clock of the scope (a TestClock under test), read directly: the front door reads it once per request.
    const clock = yield* Effect.clock
    const frontDoorMillis = () => clock.unsafeCurrentTimeMillis() + config.clockSkewMillis
    const verifier = SigV4Verifier.make({ region: config.region, credentials: config.credentials })
    // Known once the server listens: the port may be 0 until then.
    let listeningAddresses: ReadonlySet<string> = new Set()
    const aws = AwsRoute.make({
      auth: config.auth,
      verifier,
      listPage: backend.listPage,
      listConnectors: backend.listConnectors,
      injector
    })
    const admin = yield* AdminApi.make({
      backend,
      injector,
      region: config.region,
      auth: config.auth,
      maxBodyBytes: config.maxAdminBodyBytes,
      maxJsonDepth: config.maxAdminJsonDepth,
      verify: (request, payloadHash) =>
        verifier.verifyEither({
          method: request.method ?? "",
          url: request.url ?? "",
          headers: request.headersDistinct,
          now: frontDoorMillis(),
          payloadHash
        }),
      isListeningAddress: (host) => listeningAddresses.has(host.toLowerCase())
    })

    const unexpected = () => errorReply(unexpectedError(), nextRequestId(), dateOf(frontDoorMillis()))

    const route = (
      request: Http.IncomingMessage,
      response: Http.ServerResponse
    ): Answer | Effect.Effect<Answer | typeof sent> => {
      const now = frontDoorMillis()
      const requestId = nextRequestId()
      // Node refuses these itself with a bare 400 unless told not to: answered here, as AWS would.
      if (request.headers.host === undefined) {
        return errorReply(
          new ServiceError.BadRequestException({ Message: "The request has no Host header" }),
          requestId,
          dateOf(now)
        )
      }
      if (config.admin && isAdmin(request.url ?? "")) {
        return admin(request).pipe(
          Effect.flatMap((body): Effect.Effect<Answer | typeof sent> =>
            body instanceof Uint8Array
              ? Effect.succeed(reply(200, body, requestId, dateOf(frontDoorMillis())))
              : sendStream(response, body, requestId, dateOf(frontDoorMillis()))
          ),
          Effect.catchAll((error) => Effect.succeed(errorReply(error, requestId, dateOf(now))))
        )
      }
      return aws(request, requestId, now, dateOf(now))
    }

    const server = Http.createServer(
      { maxHeaderSize: config.maxHeaderBytes, requireHostHeader: false },
      (request, response) => {
        let answer: Answer | Effect.Effect<Answer | typeof sent>
        try {
          answer = route(request, response)
        } catch {
          answer = unexpected()
        }
        if (!Effect.isEffect(answer)) return send(response, answer)
        const fiber = runFork(Effect.uninterruptible(Effect.catchAllCause(answer, () => Effect.sync(unexpected))))
        fiber.addObserver((exit) => {
          if (Exit.isSuccess(exit)) send(response, exit.value)
        })
        // A client that goes away (or a server that closes its connection) interrupts what its request still waits for.
        response.on("close", () => {
          if (!response.writableEnded) fiber.unsafeInterruptAsFork(clientAbortFiberId)
        })
      }
    )
    server.on("clientError", (error: NodeJS.ErrnoException, socket: Net.Socket) => {
      if (error.code === "ECONNRESET" || !socket.writable) {
        socket.destroy()
        return
      }
      const timeout = error.code === "ERR_HTTP_REQUEST_TIMEOUT"
      const message = error.code === "HPE_HEADER_OVERFLOW"
        ? `The request line and headers must be at most ${Redaction.byteCount(config.maxHeaderBytes)}`
        : timeout
        ? "The request was not received in time"
        : "The request is not valid HTTP/1.1"
      const serviceError = timeout
        ? ServiceError.fromName("RequestTimeoutException", { status: 408, message })
        : new ServiceError.BadRequestException({ Message: message })
      socket.end(rawError(withCode(serviceError), nextRequestId(), dateOf(frontDoorMillis())))
    })
    yield* Effect.acquireRelease(
      Effect.async<void, ServeError>((resume) => {
        const onError = (cause: Error) => resume(Effect.fail(new ServeError({ cause })))
        server.once("error", onError)
        server.listen({ host: config.host, port: config.port }, () => {
          server.off("error", onError)
          resume(Effect.void)
        })
      }),
      () =>
        Effect.async<void>((resume) => {
          // Requests still in flight (a long injected latency, a client that never reads) must not hold the
          // shutdown: their connections close first, which interrupts their fibers.
          server.closeAllConnections()
          server.close(() => resume(Effect.void))
        })
    )
    const address = server.address()
    const tcp = address !== null && typeof address === "object" ? address : undefined
    const host = tcp === undefined ? config.host : tcp.address === "::" ? "0.0.0.0" : tcp.address
    const port = tcp === undefined ? config.port : tcp.port
    listeningAddresses = hostHeaders([config.host, host, tcp?.address ?? host], port)
    return { host, port, injector }
  })
