import type { ClientError, ListProxySessions, ProxySessionsError } from "@chime-proxy/core"
import { ServiceError, Wire } from "@chime-proxy/core"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import * as NodeHttpServerRequest from "@effect/platform-node/NodeHttpServerRequest"
import * as HttpMiddleware from "@effect/platform/HttpMiddleware"
import * as HttpServer from "@effect/platform/HttpServer"
import type { ServeError } from "@effect/platform/HttpServerError"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Runtime from "effect/Runtime"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import * as Http from "node:http"
import type * as Net from "node:net"
import * as Admin from "../Admin.js"
import * as SigV4Verifier from "../SigV4Verifier.js"
import * as WireFaults from "../WireFaults.js"
import { encodeResponse } from "./encode.js"
import { httpDates, jsonContentType, rawError, requestIds } from "./http.js"

/**
 * A failure of an admin operation, answered as a 400 with this code.
 *
 * @internal
 */
export interface AdminFailure {
  readonly code: string
  readonly message: string
}

/**
 * What the HTTP front needs from the simulator behind it.
 *
 * @internal
 */
export interface Backend {
  readonly listPage: (
    request: ListProxySessions.ListProxySessionsRequest
  ) => Effect.Effect<ListProxySessions.ListProxySessionsResponse, ProxySessionsError.ProxySessionsError>
  /** The simulated world's time, in epoch milliseconds (the front door keeps the Clock's). */
  readonly worldNow: Effect.Effect<number>
  readonly voiceConnectorIds: Effect.Effect<ReadonlyArray<string>>
  readonly reset: Effect.Effect<void>
  readonly loadFixture: (json: unknown) => Effect.Effect<ReadonlyArray<string>, AdminFailure>
  readonly saveFixture: Effect.Effect<unknown>
  readonly seed: (request: Admin.SeedRequest) => Effect.Effect<ReadonlyArray<string>, AdminFailure>
  readonly setFaults: (plan: unknown) => Effect.Effect<void, AdminFailure>
  readonly clearFaults: Effect.Effect<void>
  readonly advanceClock: (millis: number) => Effect.Effect<void>
  readonly setClock: (millis: number) => Effect.Effect<void>
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
  /** Added to the Clock for the front door: signature expiry and `Date` headers. */
  readonly clockSkewMillis: number
}

/** @internal */
export interface RunningServer {
  readonly host: string
  readonly port: number
  readonly wireFaults: () => WireFaults.WireFaults
  readonly setWireFaults: (faults: WireFaults.WireFaults) => void
}

const adminError = (code: string, message: string, status = 400): ServiceError.ServiceError =>
  status === 404
    ? new ServiceError.NotFoundException({ Message: message, Code: code })
    : new ServiceError.BadRequestException({ Message: message, Code: code })

const defaultCodes: Readonly<Record<string, string>> = {
  BadRequestException: "BadRequest",
  UnauthorizedClientException: "Unauthorized",
  ForbiddenException: "Forbidden",
  NotFoundException: "NotFound",
  ThrottledClientException: "Throttled",
  ServiceFailureException: "ServiceFailure",
  ServiceUnavailableException: "ServiceUnavailable"
}

/**
 * restJson1 error bodies carry a `Code`: the model's ErrorCode for the operation's errors, the name for the others.
 *
 * @internal
 */
export const withCode = (error: ServiceError.ServiceError): ServiceError.ServiceError => {
  if (error.Code !== undefined) return error
  const name = ServiceError.errorName(error)
  return ServiceError.fromName(name, {
    status: error.status,
    message: error.Message,
    code: defaultCodes[name] ?? name,
    requestId: error.requestId
  })
}

const invalidParameter = (error: ClientError.RequestValidationError) =>
  new ServiceError.BadRequestException({
    Message: `Invalid ${Wire.wireNames[error.field] ?? error.field}: ${error.constraint}`
  })

const decodeBody = <A, I>(schema: Schema.Schema<A, I>) => {
  const decode = Schema.decodeUnknownEither(schema)
  return (json: unknown): Either.Either<A, ServiceError.ServiceError> =>
    Either.mapLeft(
      decode(json, { errors: "first" }),
      (error) => adminError("InvalidRequest", ParseResult.TreeFormatter.formatErrorSync(error))
    )
}

const decodeSeed = decodeBody(Admin.SeedRequest)
const decodeAdvance = decodeBody(Admin.ClockAdvanceRequest)
const decodeSet = decodeBody(Admin.ClockSetRequest)
const decodeFaults = decodeBody(Admin.FaultsRequest)
const encodeWireFaults = Schema.encodeSync(WireFaults.WireFaults)

/**
 * Starts the HTTP server in the scope: node's server (with a `clientError` handler that answers what node refuses
 * before any handler runs), and one HttpApp that routes with the core wire codec.
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
    const verifier = SigV4Verifier.make({ region: config.region, credentials: config.credentials })
    let injector = WireFaults.make(config.wireFaults)
    const runtime = yield* Effect.runtime<never>()
    const runSync = Runtime.runSync(runtime)
    const skew = config.clockSkewMillis
    const frontDoorNow = skew === 0
      ? Clock.currentTimeMillis
      : Effect.map(Clock.currentTimeMillis, (millis) => millis + skew)

    const respond = (
      status: number,
      body: string,
      requestId: string,
      now: number,
      headers?: Readonly<Record<string, string>>
    ) =>
      HttpServerResponse.text(body, {
        status,
        contentType: jsonContentType,
        headers: { "x-amzn-requestid": requestId, date: dateOf(now), ...headers }
      })

    const respondError = (error: ServiceError.ServiceError, requestId: string, now: number) => {
      const parts = Wire.encodeError(withCode(error))
      return respond(parts.status, parts.body, requestId, now, {
        "x-amzn-errortype": parts.headers["x-amzn-errortype"]
      })
    }

    const answerList = (
      request: ListProxySessions.ListProxySessionsRequest,
      requestId: string,
      now: number
    ) =>
      backend.listPage(request).pipe(
        Effect.map((response) => respond(200, encodeResponse(response), requestId, now)),
        Effect.catchAll((error) =>
          Effect.succeed(respondError(
            ServiceError.isServiceError(error)
              ? error
              : error._tag === "RequestValidationError"
              ? invalidParameter(error)
              : new ServiceError.ServiceFailureException({ Message: "The service encountered an unexpected error" }),
            requestId,
            now
          ))
        )
      )

    const aws = (request: HttpServerRequest.HttpServerRequest, requestId: string, now: number) => {
      const decoded = Wire.decodeRequest(request.method, request.url)
      if (Either.isLeft(decoded) && decoded.left._tag !== "RequestValidationError") {
        const mismatch = decoded.left
        return Effect.succeed(
          mismatch._tag === "UnknownRoute"
            ? respondError(
              ServiceError.fromName("UnknownOperationException", { status: 404, message: mismatch.message }),
              requestId,
              now
            )
            : HttpServerResponse.setHeader(
              respondError(
                ServiceError.fromName("MethodNotAllowedException", { status: 405, message: mismatch.message }),
                requestId,
                now
              ),
              "allow",
              Wire.method
            )
        )
      }
      const invalid = Either.isLeft(decoded) && decoded.left._tag === "RequestValidationError"
        ? decoded.left
        : undefined
      const afterAuth = (): Effect.Effect<HttpServerResponse.HttpServerResponse> => {
        const decision = injector.next()
        if (decision._tag === "Reset") {
          // Destroying first and ending second marks the response finished, so the server writes nothing more.
          const response = NodeHttpServerRequest.toServerResponse(request)
          response.destroy()
          response.end()
          return Effect.succeed(HttpServerResponse.empty({ status: 499 }))
        }
        if (decision._tag === "Fail") return Effect.succeed(respondError(decision.error, requestId, now))
        if (invalid !== undefined) return Effect.succeed(respondError(invalidParameter(invalid), requestId, now))
        return Either.isRight(decoded) ? answerList(decoded.right, requestId, now) : Effect.die(decoded.left)
      }
      const verified = config.auth
        ? verifier.verify({
          method: request.method,
          url: request.url,
          headers: NodeHttpServerRequest.toIncomingMessage(request).headersDistinct,
          now
        }).pipe(
          Effect.matchEffect({
            onFailure: (error) => Effect.succeed(respondError(error, requestId, now)),
            onSuccess: afterAuth
          })
        )
        : Effect.suspend(afterAuth)
      const latency = injector.faults.latencyMillis
      // The server runs each request uninterruptibly; the wait alone may be cut short by a closing socket.
      return latency > 0 ? Effect.zipRight(Effect.interruptible(Effect.sleep(latency)), verified) : verified
    }

    const readJson = (request: HttpServerRequest.HttpServerRequest) =>
      request.text.pipe(
        Effect.mapError(() => adminError("InvalidRequest", "The request body could not be read")),
        Effect.flatMap((text) =>
          Effect.try({
            try: (): unknown => (text.trim() === "" ? {} : JSON.parse(text)),
            catch: () => adminError("InvalidRequest", "The request body is not JSON")
          })
        )
      )

    const adminOk = (body: unknown, requestId: string) =>
      Effect.map(frontDoorNow, (now) => respond(200, JSON.stringify(body), requestId, now))

    const adminFailure = (failure: AdminFailure) => adminError(failure.code, failure.message)

    const withIds = (effect: Effect.Effect<ReadonlyArray<string>, AdminFailure>) =>
      Effect.map(Effect.mapError(effect, adminFailure), (ids) => ({ VoiceConnectorIds: ids }))

    const nowJson = Effect.map(backend.worldNow, (now) => ({ now: new Date(now).toISOString() }))

    const admin = (
      request: HttpServerRequest.HttpServerRequest,
      route: string,
      requestId: string
    ): Effect.Effect<HttpServerResponse.HttpServerResponse, ServiceError.ServiceError> => {
      const key = `${request.method} ${route}`
      switch (key) {
        case "GET /health":
          return Effect.flatMap(
            Effect.all({ now: backend.worldNow, ids: backend.voiceConnectorIds }),
            ({ ids, now }) =>
              adminOk({
                status: "ok",
                now: new Date(now).toISOString(),
                region: config.region,
                auth: config.auth,
                voiceConnectors: ids.length,
                wireFaults: encodeWireFaults(injector.faults)
              }, requestId)
          )
        case "GET /voice-connectors":
          return Effect.flatMap(backend.voiceConnectorIds, (ids) => adminOk({ VoiceConnectorIds: ids }, requestId))
        case "POST /reset":
          return Effect.zipRight(
            Effect.zipRight(backend.reset, Effect.sync(() => (injector = WireFaults.make(WireFaults.none)))),
            adminOk({ reset: true }, requestId)
          )
        case "GET /fixture":
          return Effect.flatMap(backend.saveFixture, (fixture) => adminOk(fixture, requestId))
        case "POST /fixture":
          return readJson(request).pipe(
            Effect.flatMap((json) => withIds(backend.loadFixture(json))),
            Effect.flatMap((body) => adminOk(body, requestId))
          )
        case "POST /seed":
          return readJson(request).pipe(
            Effect.flatMap(decodeSeed),
            Effect.flatMap((seed) => withIds(backend.seed(seed))),
            Effect.flatMap((body) => adminOk(body, requestId))
          )
        case "GET /faults":
          return adminOk({ wire: encodeWireFaults(injector.faults) }, requestId)
        case "POST /faults":
          return readJson(request).pipe(
            Effect.flatMap(decodeFaults),
            Effect.tap((faults) =>
              faults.simulator === undefined
                ? Effect.void
                : Effect.mapError(backend.setFaults(faults.simulator), adminFailure)
            ),
            Effect.tap((faults) =>
              Effect.sync(() => {
                if (faults.wire !== undefined) injector = WireFaults.make(faults.wire)
              })
            ),
            Effect.flatMap(() => adminOk({ wire: encodeWireFaults(injector.faults) }, requestId))
          )
        case "DELETE /faults":
          return Effect.zipRight(
            Effect.zipRight(backend.clearFaults, Effect.sync(() => (injector = WireFaults.make(WireFaults.none)))),
            Effect.suspend(() => adminOk({ wire: encodeWireFaults(injector.faults) }, requestId))
          )
        case "GET /clock":
          return Effect.flatMap(nowJson, (body) => adminOk(body, requestId))
        case "POST /clock/advance":
          return readJson(request).pipe(
            Effect.flatMap(decodeAdvance),
            Effect.flatMap(({ millis }) => backend.advanceClock(millis)),
            Effect.zipRight(nowJson),
            Effect.flatMap((body) => adminOk(body, requestId))
          )
        case "POST /clock/set":
          return readJson(request).pipe(
            Effect.flatMap(decodeSet),
            Effect.flatMap(({ iso }) => backend.setClock(iso.epochMillis)),
            Effect.zipRight(nowJson),
            Effect.flatMap((body) => adminOk(body, requestId))
          )
        default:
          return Effect.fail(adminError("UnknownAdminRoute", `There is no admin route ${key}`, 404))
      }
    }

    const app = Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) =>
      Effect.flatMap(frontDoorNow, (now) => {
        const requestId = nextRequestId()
        const url = request.url
        if (config.admin && (url === Admin.prefix || url.startsWith(`${Admin.prefix}/`))) {
          const queryStart = url.indexOf("?")
          const route = (queryStart === -1 ? url : url.slice(0, queryStart)).slice(Admin.prefix.length)
          return Effect.catchAll(
            admin(request, route, requestId),
            (error) => Effect.succeed(respondError(error, requestId, now))
          )
        }
        return aws(request, requestId, now)
      })).pipe(
        Effect.catchAllCause(() =>
          Effect.map(frontDoorNow, (now) =>
            respondError(
              new ServiceError.ServiceFailureException({ Message: "The service encountered an unexpected error" }),
              nextRequestId(),
              now
            ))
        )
      )

    const server = Http.createServer({ maxHeaderSize: config.maxHeaderBytes })
    server.on("clientError", (error: NodeJS.ErrnoException, socket: Net.Socket) => {
      if (error.code === "ECONNRESET" || !socket.writable) {
        socket.destroy()
        return
      }
      const timeout = error.code === "ERR_HTTP_REQUEST_TIMEOUT"
      const message = error.code === "HPE_HEADER_OVERFLOW"
        ? `The request line and headers must be at most ${config.maxHeaderBytes} bytes`
        : timeout
        ? "The request was not received in time"
        : "The request is not valid HTTP/1.1"
      const serviceError = timeout
        ? ServiceError.fromName("RequestTimeoutException", { status: 408, message })
        : new ServiceError.BadRequestException({ Message: message })
      socket.end(rawError(withCode(serviceError), nextRequestId(), dateOf(runSync(frontDoorNow))))
    })
    const httpServer = yield* NodeHttpServer.make(() => server, { host: config.host, port: config.port })
    // Runs before the server's own close: requests still in flight (a long injected latency, a client that never
    // reads) must not hold the shutdown; their fibers are interrupted as their sockets close.
    yield* Effect.addFinalizer(() => Effect.sync(() => server.closeAllConnections()))
    yield* HttpServer.serveEffect(app).pipe(
      HttpMiddleware.withTracerDisabledWhenEffect(() => true),
      Effect.provideService(HttpServer.HttpServer, httpServer)
    )
    const address = httpServer.address
    return {
      host: address._tag === "TcpAddress" ? address.hostname : config.host,
      port: address._tag === "TcpAddress" ? address.port : config.port,
      wireFaults: () => injector.faults,
      setWireFaults: (faults) => {
        injector = WireFaults.make(faults)
      }
    }
  })
