/**
 * The admin API: the routes of the Admin module declared as an @effect/platform `HttpRouter` over its schemas, and
 * the adapter that runs it on a request of the emulator's node:http listener.
 */
import { Redaction, ServiceError } from "@chime-proxy/core"
import type * as HttpMethod from "@effect/platform/HttpMethod"
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Ref from "effect/Ref"
import * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"
import type * as Http from "node:http"
import * as Admin from "../Admin.js"
import type * as SigV4Verifier from "../SigV4Verifier.js"
import * as WireFaults from "../WireFaults.js"
import * as JsonBody from "./jsonBody.js"

/**
 * An admin request that cannot be carried out: answered as a 400 `BadRequestException` with this code.
 *
 * @internal
 */
export class AdminFailure extends Schema.TaggedError<AdminFailure>()("AdminFailure", {
  code: Schema.String,
  message: Schema.String
}) {}

/**
 * A method and path no admin route serves: answered as a 404 `NotFoundException`.
 *
 * @internal
 */
export class UnknownAdminRoute extends Schema.TaggedError<UnknownAdminRoute>()("UnknownAdminRoute", {
  method: Schema.String,
  path: Schema.String
}) {
  override get message(): string {
    return `There is no admin route ${this.method} ${this.path}`
  }
}

/**
 * What the admin routes need from the simulator behind the emulator.
 *
 * @internal
 */
export interface AdminBackend {
  /** The simulated world's time, in epoch milliseconds (the front door keeps the Clock's). */
  readonly worldNow: Effect.Effect<number>
  readonly voiceConnectorIds: Effect.Effect<ReadonlyArray<string>>
  readonly reset: Effect.Effect<void>
  /** Loads a fixture, the world's time set to `startTime` (epoch milliseconds) or to the fixture's instant. */
  readonly loadFixture: (json: unknown, startTime: number | undefined) => Effect.Effect<FixtureLoaded, AdminFailure>
  /** The world as a fixture: its JSON text in UTF-8 chunks, written as they come (see `SimulatorWire.saveFixtureJson`). */
  readonly saveFixture: Stream.Stream<Uint8Array>
  readonly seed: (request: Admin.SeedRequest) => Effect.Effect<ReadonlyArray<string>, AdminFailure>
  readonly setFaults: (plan: unknown) => Effect.Effect<void, AdminFailure>
  readonly clearFaults: Effect.Effect<void>
  readonly advanceClock: (millis: number) => Effect.Effect<void, AdminFailure>
  readonly setClock: (millis: number) => Effect.Effect<void, AdminFailure>
}

/**
 * How a fixture was loaded, as the route answers it.
 *
 * @internal
 */
export interface FixtureLoaded {
  readonly VoiceConnectorIds: ReadonlyArray<string>
  readonly now: string
  readonly recordedAt?: string
  readonly anchoredBy: string
  readonly notice?: string
}

/** @internal */
export interface AdminOptions {
  readonly backend: AdminBackend
  /** The wire faults in force, which the AWS route draws from. */
  readonly injector: Ref.Ref<WireFaults.Injector>
  readonly region: string
  readonly auth: boolean
  readonly maxBodyBytes: number
  readonly maxJsonDepth: number
  /**
   * Verifies the signature of a request whose body has the given SHA-256 (with auth on): the emulator's own
   * credentials, as on the AWS route.
   */
  readonly verify: (
    request: Http.IncomingMessage,
    payloadHash: string
  ) => Either.Either<unknown, SigV4Verifier.VerificationError>
  /** Whether a `Host` header names the address the emulator listens on. */
  readonly isListeningAddress: (host: string) => boolean
}

/** The query of the request being answered. */
class RequestQuery extends Context.Tag("@chime-proxy/emulator/internal/adminApi/RequestQuery")<
  RequestQuery,
  URLSearchParams
>() {}

/** `?startTime=ISO` of the fixture route: the instant to start the world at instead of the fixture's own. */
const startTime = Effect.flatMap(RequestQuery, (query) => {
  const given = query.get("startTime")
  if (given === null) return Effect.succeed(undefined)
  const millis = /^\d{4}-\d{2}-\d{2}/.test(given) ? Date.parse(given) : Number.NaN
  return Number.isFinite(millis)
    ? Effect.succeed(millis)
    : Effect.fail(invalidRequest(`startTime must be an ISO 8601 instant such as 2025-01-31T12:00:00Z`))
})

/** The JSON of the request being answered, parsed as it arrived, or why it is not JSON. */
class RequestBody extends Context.Tag("@chime-proxy/emulator/internal/adminApi/RequestBody")<
  RequestBody,
  Either.Either<unknown, string>
>() {}

const invalidRequest = (message: string) => new AdminFailure({ code: "InvalidRequest", message })

const json = Effect.flatMap(RequestBody, (body) => Either.mapLeft(body, invalidRequest))

/**
 * The admin routes that read nothing of the world but its size and settings, and change nothing: open without a
 * signature (a readiness probe, and the connectors the CLI's `audit --all` asks for).
 */
const openRoutes = new Set([`GET ${Admin.prefix}/health`, `GET ${Admin.prefix}/voice-connectors`])

const forbidden = (message: string) => new ServiceError.ForbiddenException({ Message: message, Code: "Forbidden" })

const bodyJson = <A, I>(schema: Schema.Schema<A, I>) => {
  const decode = Schema.decodeUnknown(schema)
  return Effect.flatMap(json, (body) =>
    Effect.mapError(
      decode(body, { errors: "first" }),
      (error) => invalidRequest(ParseResult.TreeFormatter.formatErrorSync(error))
    ))
}

const ok = (body: unknown) => HttpServerResponse.unsafeJson(body)

const encodeWireFaults = Schema.encodeSync(WireFaults.WireFaults)

const unknownRoute = (request: HttpServerRequest.HttpServerRequest) =>
  new UnknownAdminRoute({ method: request.method, path: request.url.slice(Admin.prefix.length) })

/**
 * A route under {@link Admin.prefix}. Each runs to its end once started, as an AWS request does: a client that goes
 * away cannot leave half an arrangement behind.
 */
const route = <E, R>(
  method: HttpMethod.HttpMethod,
  path: `/${string}`,
  handler: Effect.Effect<HttpServerResponse.HttpServerResponse, E, R>
) => HttpRouter.makeRoute(method, `${Admin.prefix}${path}`, handler, { uninterruptible: true })

/**
 * The admin routes, declared over the schemas of the Admin module.
 *
 * @internal
 */
export const router = (options: AdminOptions) => {
  const { backend, injector } = options
  const wire = Effect.map(Ref.get(injector), (current) => ({ wire: encodeWireFaults(current.faults) }))
  const clearWire = Ref.set(injector, WireFaults.make(WireFaults.none))
  const now = Effect.map(backend.worldNow, (millis) => ok({ now: new Date(millis).toISOString() }))
  const voiceConnectorIds = (ids: ReadonlyArray<string>) => ok({ VoiceConnectorIds: ids })
  return HttpRouter.fromIterable([
    route(
      "GET",
      "/health",
      Effect.map(
        Effect.all({ now: backend.worldNow, ids: backend.voiceConnectorIds, faults: wire }),
        ({ faults, ids, now }) =>
          ok({
            status: "ok",
            now: new Date(now).toISOString(),
            region: options.region,
            auth: options.auth,
            voiceConnectors: ids.length,
            wireFaults: faults.wire
          })
      )
    ),
    route("GET", "/voice-connectors", Effect.map(backend.voiceConnectorIds, voiceConnectorIds)),
    route("POST", "/reset", backend.reset.pipe(Effect.zipRight(clearWire), Effect.as(ok({ reset: true })))),
    route(
      "GET",
      "/fixture",
      Effect.succeed(HttpServerResponse.stream(backend.saveFixture, { contentType: "application/json" }))
    ),
    route(
      "POST",
      "/fixture",
      Effect.all([json, startTime]).pipe(
        Effect.flatMap(([body, start]) => backend.loadFixture(body, start)),
        Effect.map(ok)
      )
    ),
    route(
      "POST",
      "/seed",
      bodyJson(Admin.SeedRequest).pipe(Effect.flatMap(backend.seed), Effect.map(voiceConnectorIds))
    ),
    route("GET", "/faults", Effect.map(wire, ok)),
    route(
      "POST",
      "/faults",
      bodyJson(Admin.FaultsRequest).pipe(
        Effect.tap((faults) => faults.simulator === undefined ? Effect.void : backend.setFaults(faults.simulator)),
        Effect.tap((faults) =>
          faults.wire === undefined ? Effect.void : Ref.set(injector, WireFaults.make(faults.wire))
        ),
        Effect.zipRight(wire),
        Effect.map(ok)
      )
    ),
    route(
      "DELETE",
      "/faults",
      backend.clearFaults.pipe(Effect.zipRight(clearWire), Effect.zipRight(wire), Effect.map(ok))
    ),
    route("GET", "/clock", now),
    route(
      "POST",
      "/clock/advance",
      bodyJson(Admin.ClockAdvanceRequest).pipe(
        Effect.flatMap(({ millis }) => backend.advanceClock(millis)),
        Effect.zipRight(now)
      )
    ),
    route(
      "POST",
      "/clock/set",
      bodyJson(Admin.ClockSetRequest).pipe(
        Effect.flatMap(({ iso }) => backend.setClock(iso.epochMillis)),
        Effect.zipRight(now)
      )
    ),
    // HEAD is not served: the router would otherwise answer it with the GET route of the same path.
    route(
      "HEAD",
      "/*",
      Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) => Effect.fail(unknownRoute(request)))
    )
  ])
}

/**
 * The JSON body of an admin route's 200: whole, or a stream of chunks to write as they come (a saved fixture).
 *
 * @internal
 */
export type AdminBody = Uint8Array | Stream.Stream<Uint8Array, unknown>

/**
 * Runs the admin routes on a request of the node:http listener: the request's method and path (its query and body
 * aside) go to the router as an `HttpServerRequest`, its body to the routes that read one. Succeeds with the JSON
 * body of a 200 (whole, or as a stream of chunks to write as they come), or fails with the AWS-shaped error to answer.
 *
 * @internal
 */
export const make = (
  options: AdminOptions
): Effect.Effect<
  (request: Http.IncomingMessage) => Effect.Effect<AdminBody, ServiceError.ServiceError>
> =>
  Effect.map(
    HttpRouter.toHttpApp(router(options)).pipe(
      // Paths are matched as they are written, as the AWS route's are.
      HttpRouter.withRouterConfig({ ignoreTrailingSlash: false, ignoreDuplicateSlashes: false, caseSensitive: true })
    ),
    (app) => (request) => {
      const url = request.url ?? ""
      const queryStart = url.indexOf("?")
      const path = queryStart === -1 ? url : url.slice(0, queryStart)
      const method = request.method ?? ""
      // A browser's request (DNS rebinding, a cross-site form) carries an Origin, or a Host of the attacker's name.
      if (request.headers.origin !== undefined) {
        return Effect.fail(
          forbidden("The admin routes refuse requests with an Origin header: browsers may not call them")
        )
      }
      if (!options.isListeningAddress(request.headers.host ?? "")) {
        return Effect.fail(
          forbidden("The admin routes answer only requests whose Host is the address the emulator listens on")
        )
      }
      const signed = options.auth && !openRoutes.has(`${method} ${path}`)
      // An unsigned request is refused as the verifier refuses it, before its body is read: what the body holds (not
      // JSON, too deep, too large) is for the requests that may change something.
      const unsigned = signed && (request.headers.authorization ?? "").trim() === ""
      const body = JsonBody.read(request, { maxBytes: options.maxBodyBytes, maxDepth: options.maxJsonDepth }).pipe(
        Effect.mapError((error) =>
          error._tag === "BodyTooLarge"
            ? invalidRequest(`The request body is larger than ${Redaction.byteCount(error.maxBytes)}`)
            : error._tag === "BodyNotJson"
            ? invalidRequest(error.message)
            : invalidRequest("The request body could not be read")
        )
      )
      const verified = Effect.zipRight(unsigned ? options.verify(request, "") : Either.void, body).pipe(
        Effect.flatMap((body) =>
          signed
            ? Either.map(options.verify(request, body.sha256), () => body.json)
            : Effect.succeed(body.json)
        )
      )
      return verified.pipe(
        Effect.flatMap((body) =>
          Effect.try({
            // Only the method is read from it; a method fetch cannot carry (TRACE) has no route either.
            try: () =>
              HttpServerRequest.fromWeb(new Request("http://emulator.invalid/", { method })).modify({ url: path }),
            catch: () => new UnknownAdminRoute({ method, path: path.slice(Admin.prefix.length) })
          }).pipe(Effect.map((serverRequest) => ({ serverRequest, body })))
        ),
        Effect.flatMap(({ body, serverRequest }) =>
          app.pipe(
            Effect.provideService(HttpServerRequest.HttpServerRequest, serverRequest),
            Effect.provideService(RequestBody, body),
            Effect.provideService(
              RequestQuery,
              new URLSearchParams(queryStart === -1 ? "" : url.slice(queryStart + 1))
            ),
            Effect.catchTag("RouteNotFound", (error) => Effect.fail(unknownRoute(error.request)))
          )
        ),
        Effect.flatMap((response) =>
          response.body._tag === "Uint8Array"
            ? Effect.succeed<AdminBody>(response.body.body)
            : response.body._tag === "Stream"
            ? Effect.succeed<AdminBody>(response.body.stream)
            : Effect.dieMessage("An admin route answered without a JSON body")
        ),
        // The admin errors as AWS shapes them, mapped once, here.
        Effect.catchTags({
          AdminFailure: (error) =>
            Effect.fail(new ServiceError.BadRequestException({ Message: error.message, Code: error.code })),
          UnknownAdminRoute: (error) =>
            Effect.fail(new ServiceError.NotFoundException({ Message: error.message, Code: error._tag }))
        })
      )
    }
  )
