/**
 * ListProxySessions with each session as its wire text ({@link ResponseText}), for programs that pass sessions on as
 * JSON rather than use them: the same call, the same validation, the same errors as {@link ProxySessions}, the same
 * bytes as `Wire.encodeProxySession` of each decoded session, without building the decoded values.
 *
 * An optional companion of the ProxySessions service, not a part of its contract: an implementation may provide it
 * when it reads the wire (the live layer's, in `@chime-proxy/aws/AwsProxySessionsText`, decodes with
 * {@link decodeResponseText}), and {@link fromContext} derives it from the ProxySessions service of the context
 * otherwise (the simulator, a layer written by a user).
 *
 * @since 0.3.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import type { ResponseDecodeError } from "./ClientError.js"
import { canonicalBodyFast, canonicalSessionsFast } from "./internal/canonicalFast.js"
import { decodeResponseFast } from "./internal/decodeFast.js"
import { encodeProxySessionsFast } from "./internal/encodeFast.js"
import { paginatorOf } from "./internal/listing.js"
import { makeDecoder } from "./internal/responseBody.js"
import type { ListProxySessionsRequest } from "./ListProxySessions.js"
import { ListProxySessionsResponse } from "./ListProxySessions.js"
import type * as Paginator from "./Paginator.js"
import * as ProxySessions from "./ProxySessions.js"
import type { ProxySessionsError } from "./ProxySessionsError.js"
import { encodeProxySession, validateRequest } from "./Wire.js"

/**
 * One page of ListProxySessions with each session as its wire text: exactly the bytes `Wire.encodeProxySession`
 * writes for the decoded session, so a program that passes sessions on as JSON (a CLI writing JSON lines, a proxy)
 * need not build the decoded values and encode them again.
 *
 * @since 0.3.0
 * @category models
 */
export interface ResponseText {
  readonly ProxySessions: ReadonlyArray<string>
  readonly NextToken?: string | undefined
}

/**
 * Each session of a decoded response as its wire text.
 *
 * @since 0.3.0
 * @category encoding
 */
export const encodeResponseText = (response: ListProxySessionsResponse): ResponseText => {
  const sessions = encodeProxySessionsFast(response.ProxySessions) ?? response.ProxySessions.map(encodeProxySession)
  return response.NextToken === undefined
    ? { ProxySessions: sessions }
    : { ProxySessions: sessions, NextToken: response.NextToken }
}

// Wire.decodeResponse's rule for a body, each page's sessions passed on as wire text: canonical sessions as they
// are, others through the hand-written decoder, anything else through the schema.
const decodeBody = makeDecoder(
  ListProxySessionsResponse,
  encodeResponseText,
  () => ({ ProxySessions: [] }),
  (json) => {
    const canonical = canonicalSessionsFast(json)
    if (canonical !== undefined) return canonical
    const decoded = decodeResponseFast(json)
    return decoded === undefined ? undefined : encodeResponseText(decoded)
  }
)

/**
 * Decodes a successful response's body into its sessions' wire text: {@link encodeResponseText} of what
 * `Wire.decodeResponse` decodes, with the same `ResponseDecodeError` for a body it refuses. A body whose sessions are
 * valid and already written as the encoder writes them (members in the model's order, no other member, timestamps
 * with milliseconds, as the service and the emulator send them) is checked with the decoder's own constraints and
 * passed on without being decoded: read from its text when the whole body is written as `Wire.encodeResponse` writes
 * it, from its parsed JSON otherwise. Any other body is decoded and encoded.
 *
 * @since 0.3.0
 * @category decoding
 */
export const decodeResponseText = (
  status: number,
  body: string,
  requestId?: string
): Either.Either<ResponseText, ResponseDecodeError> => {
  // Written exactly as the encoder writes a response (the emulator's pages): read from the text, nothing parsed.
  const scanned = canonicalBodyFast(body)
  return scanned === undefined ? decodeBody(status, body, requestId) : Either.right(scanned)
}

/**
 * Lists the proxy sessions of a voice connector, one page a call, each session as its wire text.
 *
 * @since 0.3.0
 * @category tags
 */
export class ProxySessionsText extends Context.Tag("@chime-proxy/core/ProxySessionsText")<
  ProxySessionsText,
  ProxySessionsText.Service
>() {}

/**
 * @since 0.3.0
 */
export declare namespace ProxySessionsText {
  /**
   * One call of ListProxySessions, one page: `ProxySessions.Service.listProxySessions` with each session as its
   * wire text.
   *
   * @since 0.3.0
   * @category models
   */
  export interface Service {
    readonly listProxySessionsText: (
      input: ProxySessions.ListProxySessionsInput
    ) => Effect.Effect<ResponseText, ProxySessionsError>
  }
}

/**
 * Makes the service from one raw call of the operation, validating every request before the call, as
 * `ProxySessions.make` does.
 *
 * @since 0.3.0
 * @category constructors
 */
export const make = (
  listPage: (request: ListProxySessionsRequest) => Effect.Effect<ResponseText, ProxySessionsError>
): ProxySessionsText.Service => ({
  listProxySessionsText: (input) => Effect.flatMap(validateRequest(input), listPage)
})

/**
 * The service of a ProxySessions service: each page listed by it, then each session encoded.
 *
 * @since 0.3.0
 * @category constructors
 */
export const fromProxySessions = (service: ProxySessions.ProxySessions.Service): ProxySessionsText.Service => ({
  listProxySessionsText: (input) => Effect.map(service.listProxySessions(input), encodeResponseText)
})

/**
 * The ProxySessionsText service of the context when there is one, or else the one derived from its ProxySessions
 * service.
 *
 * @since 0.3.0
 * @category accessors
 */
export const fromContext: Effect.Effect<ProxySessionsText.Service, never, ProxySessions.ProxySessions> = Effect
  .flatMap(
    Effect.serviceOption(ProxySessionsText),
    Option.match({
      onSome: Effect.succeed,
      onNone: () => Effect.map(ProxySessions.ProxySessions, fromProxySessions)
    })
  )

/**
 * One page of a listing, each session as its wire text.
 *
 * @since 0.3.0
 * @category models
 */
export type Page = Paginator.Page<string>

/**
 * The paginator of a service value, with the options of `ProxySessions.paginator`: its pages, and its sessions as
 * wire text.
 *
 * @since 0.3.0
 * @category pagination
 */
export const paginator = (
  service: ProxySessionsText.Service
): Paginator.Paginator<ProxySessions.ListOptions, string, ProxySessionsError, never> =>
  paginatorOf(service.listProxySessionsText)
