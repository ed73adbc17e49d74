import type { ClientError, ListProxySessions, ProxySessionsError } from "@chime-proxy/core"
import { ServiceError, Wire } from "@chime-proxy/core"
import { clientAbortFiberId, ServeError } from "@effect/platform/HttpServerError"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as ParseResult from "effect/ParseResult"
import * as Runtime from "effect/Runtime"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import * as Http from "node:http"
import type * as Net from "node:net"
import * as Admin from "../Admin.js"
import * as SigV4Verifier from "../SigV4Verifier.js"
import * as WireFaults from "../WireFaults.js"
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
  /** A page of a validated request, as its JSON body in UTF-8. */
  readonly listPage: (
    request: ListProxySessions.ListProxySessionsRequest
  ) => Effect.Effect<Uint8Array, ProxySessionsError.ProxySessionsError>
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
  readonly maxAdminBodyBytes: number
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
 * An answer: a status, headers in the order they are sent (names in lower case) and a JSON body; or {@link drop},
 * the connection closed without an answer.
 */
interface Reply {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: string | Uint8Array
}

const drop = "drop" as const

type Answer = Reply | typeof drop

const lift = (answer: Answer | Effect.Effect<Answer>): Effect.Effect<Answer> =>
  Effect.isEffect(answer) ? answer : Effect.succeed(answer)

const send = (response: Http.ServerResponse, answer: Answer): void => {
  // The client may have gone, or the server closed the connection, while the answer was being made.
  if (response.destroyed || response.writableEnded) return
  if (answer === drop) {
    response.destroy()
    return
  }
  response.writeHead(answer.status, answer.headers)
  response.end(answer.body)
}

/**
 * Starts the HTTP server in the scope: node's server with one request listener that runs, per request, one Effect
 * on the runtime of the scope (its Clock, its simulator) and writes what it answers; and a `clientError` handler
 * that answers what node refuses before any listener runs. Only node:http is in the way of a request: the hot route
 * is answered in a fraction of the time @effect/platform's HttpServer takes for the same answer.
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
    const runFork = Runtime.runFork(yield* Effect.runtime<never>())
    // The Clock of the scope (a TestClock under test), read directly: the front door reads it once per request.
    const clock = yield* Effect.clock
    const skew = config.clockSkewMillis
    const frontDoorMillis = () => clock.unsafeCurrentTimeMillis() + skew
    const frontDoorNow = Effect.sync(frontDoorMillis)

    const respond = (
      status: number,
      body: string | Uint8Array,
      requestId: string,
      now: number,
      errorType?: string,
      allow?: string
    ): Reply => {
      // The order of the headers is the order @effect/platform wrote them in, for byte-for-byte the same answers.
      const headers: Record<string, string> = { "x-amzn-requestid": requestId, date: dateOf(now) }
      if (errorType !== undefined) headers["x-amzn-errortype"] = errorType
      headers["content-type"] = jsonContentType
      headers["content-length"] = String(typeof body === "string" ? Buffer.byteLength(body) : body.byteLength)
      if (allow !== undefined) headers["allow"] = allow
      return { status, headers, body }
    }

    const respondError = (error: ServiceError.ServiceError, requestId: string, now: number, allow?: string) => {
      const parts = Wire.encodeError(withCode(error))
      return respond(parts.status, parts.body, requestId, now, parts.headers["x-amzn-errortype"], allow)
    }

    const answerList = (
      request: ListProxySessions.ListProxySessionsRequest,
      requestId: string,
      now: number
    ): Effect.Effect<Answer> =>
      backend.listPage(request).pipe(
        Effect.map((body) => respond(200, body, requestId, now)),
        Effect.catchAll((error) =>
          Effect.succeed(respondError(
            ServiceError.isServiceError(error)
              ? error
              : error._tag === "RequestValidationError"
              ? invalidParameter(error)
              : new ServiceError.ServiceFailureException({
                Message: ServiceError.defaultMessages.ServiceFailureException
              }),
            requestId,
            now
          ))
        )
      )

    /**
     * The AWS route, answered synchronously when it can be: only the simulator's call (its fault plan may sleep on
     * the Clock) and injected latency need a fiber.
     */
    const aws = (
      request: Http.IncomingMessage,
      requestId: string,
      now: number
    ): Answer | Effect.Effect<Answer> => {
      const method = request.method ?? ""
      const url = request.url ?? ""
      const decoded = Wire.decodeRequest(method, url)
      if (Either.isLeft(decoded) && decoded.left._tag !== "RequestValidationError") {
        const mismatch = decoded.left
        return mismatch._tag === "UnknownRoute"
          ? respondError(
            ServiceError.fromName("UnknownOperationException", { status: 404, message: mismatch.message }),
            requestId,
            now
          )
          : respondError(
            ServiceError.fromName("MethodNotAllowedException", { status: 405, message: mismatch.message }),
            requestId,
            now,
            Wire.method
          )
      }
      const verified = (): Answer | Effect.Effect<Answer> => {
        if (config.auth) {
          const identity = verifier.verifyEither({ method, url, headers: request.headersDistinct, now })
          if (Either.isLeft(identity)) return respondError(identity.left, requestId, now)
        }
        const decision = injector.next()
        if (decision._tag === "Reset") return drop
        if (decision._tag === "Fail") return respondError(decision.error, requestId, now)
        return Either.isRight(decoded)
          ? answerList(decoded.right, requestId, now)
          : respondError(invalidParameter(decoded.left as ClientError.RequestValidationError), requestId, now)
      }
      const latency = injector.faults.latencyMillis
      // Each request runs uninterruptibly; the wait alone may be cut short by a closing socket.
      return latency > 0
        ? Effect.zipRight(Effect.interruptible(Effect.sleep(latency)), Effect.suspend(() => lift(verified())))
        : verified()
    }

    const unreadable = () => adminError("InvalidRequest", "The request body could not be read")

    // Past the limit the body is refused rather than buffered, so that decoding it can never throw outside an Effect.
    const maxAdminBodyBytes = config.maxAdminBodyBytes

    const readText = (request: Http.IncomingMessage) =>
      Effect.async<string, ServiceError.ServiceError>((resume) => {
        const chunks: Array<Buffer> = []
        let received = 0
        const onData = (chunk: Buffer) => {
          received += chunk.length
          if (received > maxAdminBodyBytes) {
            cleanup()
            chunks.length = 0
            request.resume()
            resume(
              Effect.fail(adminError("InvalidRequest", `The request body is larger than ${maxAdminBodyBytes} bytes`))
            )
            return
          }
          chunks.push(chunk)
        }
        const onEnd = () => {
          cleanup()
          resume(Effect.succeed(Buffer.concat(chunks).toString("utf8")))
        }
        const onError = () => {
          cleanup()
          resume(Effect.fail(unreadable()))
        }
        const cleanup = () => {
          request.off("data", onData)
          request.off("end", onEnd)
          request.off("error", onError)
          request.off("aborted", onError)
        }
        request.on("data", onData)
        request.on("end", onEnd)
        request.on("error", onError)
        request.on("aborted", onError)
        return Effect.sync(cleanup)
      })

    const readJson = (request: Http.IncomingMessage) =>
      Effect.flatMap(readText(request), (text) =>
        Effect.try({
          try: (): unknown => (text.trim() === "" ? {} : JSON.parse(text)),
          catch: () => adminError("InvalidRequest", "The request body is not JSON")
        }))

    const adminOk = (body: unknown, requestId: string) =>
      Effect.map(frontDoorNow, (now) => respond(200, JSON.stringify(body), requestId, now))

    const adminFailure = (failure: AdminFailure) => adminError(failure.code, failure.message)

    const withIds = (effect: Effect.Effect<ReadonlyArray<string>, AdminFailure>) =>
      Effect.map(Effect.mapError(effect, adminFailure), (ids) => ({ VoiceConnectorIds: ids }))

    const nowJson = Effect.map(backend.worldNow, (now) => ({ now: new Date(now).toISOString() }))

    const admin = (
      request: Http.IncomingMessage,
      route: string,
      requestId: string
    ): Effect.Effect<Reply, ServiceError.ServiceError> => {
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

    const unexpected = (): Reply =>
      respondError(
        new ServiceError.ServiceFailureException({ Message: ServiceError.defaultMessages.ServiceFailureException }),
        nextRequestId(),
        frontDoorMillis()
      )

    const route = (request: Http.IncomingMessage): Answer | Effect.Effect<Answer> => {
      const now = frontDoorMillis()
      const requestId = nextRequestId()
      const url = request.url ?? ""
      if (config.admin && (url === Admin.prefix || url.startsWith(`${Admin.prefix}/`))) {
        const queryStart = url.indexOf("?")
        const path = (queryStart === -1 ? url : url.slice(0, queryStart)).slice(Admin.prefix.length)
        return Effect.catchAll(
          admin(request, path, requestId),
          (error) => Effect.succeed(respondError(error, requestId, now))
        )
      }
      return aws(request, requestId, now)
    }

    const server = Http.createServer({ maxHeaderSize: config.maxHeaderBytes }, (request, response) => {
      let answer: Answer | Effect.Effect<Answer>
      try {
        answer = route(request)
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
    })
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
    return {
      host: tcp === undefined ? config.host : tcp.address === "::" ? "0.0.0.0" : tcp.address,
      port: tcp === undefined ? config.port : tcp.port,
      wireFaults: () => injector.faults,
      setWireFaults: (faults) => {
        injector = WireFaults.make(faults)
      }
    }
  })
