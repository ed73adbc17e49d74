/**
 * The AWS routes, `GET /voice-connectors/{voiceConnectorId}/proxy-sessions` (the hot path of the emulator) and
 * `GET /voice-connectors` (ListVoiceConnectors), answered straight from node:http's request with core's wire codecs,
 * the SigV4 verifier and the wire faults in force.
 */
import type { ClientError, ProxySessionsError } from "@chime-proxy/core"
import { ListProxySessions, ServiceError, VoiceConnectorsWire, Wire } from "@chime-proxy/core"
import type { ListVoiceConnectors } from "@chime-proxy/core"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Ref from "effect/Ref"
import type * as Http from "node:http"
import type * as SigV4Verifier from "../SigV4Verifier.js"
import type * as WireFaults from "../WireFaults.js"
import type { Answer } from "./http.js"
import { drop, errorReply, reply, unexpectedError } from "./http.js"

/** @internal */
export interface AwsRouteOptions {
  readonly auth: boolean
  readonly verifier: SigV4Verifier.Verifier
  /** A page of a validated request, as its JSON body in UTF-8. */
  readonly listPage: (
    request: ListProxySessions.ListProxySessionsRequest
  ) => Effect.Effect<Uint8Array, ProxySessionsError.ProxySessionsError>
  /** A page of ListVoiceConnectors of a validated request, as its JSON body in UTF-8. */
  readonly listConnectors: (
    request: ListVoiceConnectors.ListVoiceConnectorsRequest
  ) => Effect.Effect<Uint8Array, ProxySessionsError.ProxySessionsError>
  /** The wire faults in force, which the admin routes may replace. */
  readonly injector: Ref.Ref<WireFaults.Injector>
}

const invalidParameter = (error: ClientError.RequestValidationError) =>
  new ServiceError.BadRequestException({
    Message: `Invalid ${Wire.wireNames[error.field] ?? error.field}: ${error.constraint}`
  })

const lift = (answer: Answer | Effect.Effect<Answer>): Effect.Effect<Answer> =>
  Effect.isEffect(answer) ? answer : Effect.succeed(answer)

/**
 * The route's answer to a request: synchronously when the request is not the operation's (no fiber is needed to
 * refuse it), otherwise an Effect that applies the wire faults, verifies the signature and asks the simulator.
 *
 * @internal
 */
export const make = (options: AwsRouteOptions) => {
  const { auth, injector, listConnectors, listPage, verifier } = options

  const answerList = (
    request: ListProxySessions.ListProxySessionsRequest | ListVoiceConnectors.ListVoiceConnectorsRequest,
    requestId: string,
    date: string
  ) =>
    (request instanceof ListProxySessions.ListProxySessionsRequest ? listPage(request) : listConnectors(request)).pipe(
      Effect.map((body): Answer => reply(200, body, requestId, date)),
      Effect.catchAll((error) =>
        Effect.succeed(errorReply(
          ServiceError.isServiceError(error)
            ? error
            : error._tag === "RequestValidationError"
            ? invalidParameter(error)
            : unexpectedError(),
          requestId,
          date
        ))
      )
    )

  return (
    request: Http.IncomingMessage,
    requestId: string,
    now: number,
    date: string
  ): Answer | Effect.Effect<Answer> => {
    const method = request.method ?? ""
    const url = request.url ?? ""
    // ListProxySessions' route first, the one a listing asks for page after page (a path that is not its own is
    // ListVoiceConnectors' or no route at all): trying the other first built an UnknownRoute error, with its stack
    // trace, for every page, about a tenth of the emulator's time per request. The two routes are disjoint and give
    // the same UnknownRoute.
    const sessions = Wire.decodeRequest(method, url)
    const decoded = Either.isLeft(sessions) && sessions.left._tag === "UnknownRoute"
      ? VoiceConnectorsWire.decodeRequest(method, url)
      : sessions
    if (Either.isLeft(decoded) && decoded.left._tag !== "RequestValidationError") {
      const mismatch = decoded.left
      return mismatch._tag === "UnknownRoute"
        ? errorReply(
          ServiceError.fromName("UnknownOperationException", { status: 404, message: mismatch.message }),
          requestId,
          date
        )
        : errorReply(
          ServiceError.fromName("MethodNotAllowedException", { status: 405, message: mismatch.message }),
          requestId,
          date,
          Wire.method
        )
    }
    // Only the simulator's call (its fault plan may sleep on the Clock) and injected latency need the fiber.
    const verified = (faults: WireFaults.Injector): Answer | Effect.Effect<Answer> => {
      if (auth) {
        const identity = verifier.verifyEither({ method, url, headers: request.headersDistinct, now })
        if (Either.isLeft(identity)) return errorReply(identity.left, requestId, date)
      }
      const decision = faults.next()
      if (decision._tag === "Reset") return drop
      if (decision._tag === "Fail") return errorReply(decision.error, requestId, date)
      return Either.isRight(decoded)
        ? answerList(decoded.right, requestId, date)
        : errorReply(invalidParameter(decoded.left as ClientError.RequestValidationError), requestId, date)
    }
    return Effect.flatMap(Ref.get(injector), (faults) => {
      const latency = faults.faults.latencyMillis
      // Each request runs uninterruptibly; the wait alone may be cut short by a closing socket.
      return latency > 0
        ? Effect.zipRight(Effect.interruptible(Effect.sleep(latency)), Effect.suspend(() => lift(verified(faults))))
        : lift(verified(faults))
    })
  }
}
