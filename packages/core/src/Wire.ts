/**
 * The restJson1 wire form of ListProxySessions, shared by every implementation (the live client, the simulator and
 * the emulator): a request to and from method, path and query; a response to and from JSON; an error to and from
 * status, `X-Amzn-ErrorType` and body.
 *
 * Longer than most modules on purpose: the three directions share the wire names, the escaping and the masking of
 * excerpts, and one module keeps the protocol in one place.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { identity } from "effect/Function"
import * as Schema from "effect/Schema"
import type { ResponseDecodeError } from "./ClientError.js"
import { RequestValidationError } from "./ClientError.js"
import { decodeResponseFast } from "./internal/decodeFast.js"
import { encodeProxySessionFast, encodeResponseFast } from "./internal/encodeFast.js"
import { membersByQueryName, splitTarget } from "./internal/query.js"
import { excerpt, maskPhoneNumbers } from "./internal/redact.js"
import { firstIssue } from "./internal/requestIssue.js"
import { makeDecoder } from "./internal/responseBody.js"
import { validateRequestFast } from "./internal/validateFast.js"
import { ListProxySessionsRequest, ListProxySessionsResponse } from "./ListProxySessions.js"
import { ProxySession } from "./ProxySession.js"
import type { ServiceError } from "./ServiceError.js"
import { errorName, fromName } from "./ServiceError.js"

/**
 * The HTTP method of the operation.
 *
 * @since 0.1.0
 * @category constants
 */
export const method = "GET"

/**
 * The query parameter names of the operation, by request member.
 *
 * @since 0.1.0
 * @category constants
 */
export const queryNames = {
  MaxResults: "max-results",
  NextToken: "next-token",
  Status: "status"
} as const

/**
 * The names of the request members as the wire calls them, for messages that name a parameter.
 *
 * @since 0.1.0
 * @category constants
 */
export const wireNames: Readonly<Record<string, string>> = {
  VoiceConnectorId: "voiceConnectorId",
  ...queryNames
}

/**
 * Percent-encodes a URI label or query value as restJson1 does: everything but `A–Z a–z 0–9 - _ . ~` is encoded,
 * as UTF-8.
 *
 * @since 0.1.0
 * @category encoding
 */
export const escape = (value: string): string =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)

/**
 * A request as method, path and query, ready for any HTTP client.
 *
 * @since 0.1.0
 * @category models
 */
export interface HttpRequestParts {
  readonly method: "GET"
  readonly path: string
  readonly query: ReadonlyArray<readonly [name: string, value: string]>
}

const isWellFormed = (value: unknown): boolean => typeof value !== "string" || value.isWellFormed()

/**
 * Validates a request against every constraint of the model, before any I/O.
 *
 * @since 0.1.0
 * @category validation
 */
export const validateRequest = (
  input: typeof ListProxySessionsRequest.Encoded
): Effect.Effect<ListProxySessionsRequest, RequestValidationError> => {
  // Lone surrogates cannot be percent-encoded; they are refused here rather than thrown from encodeURIComponent.
  for (const [field, value] of Object.entries(input)) {
    if (!isWellFormed(value)) {
      return Effect.fail(new RequestValidationError({ field, constraint: "must be well-formed Unicode" }))
    }
  }
  // A request that is surely valid (every page of a listing) skips the schema; the schema decides anything else,
  // stopping at the first issue by default: the one a RequestValidationError reports.
  const fast = validateRequestFast(input)
  if (fast !== undefined) return Effect.succeed(fast)
  return Effect.mapError(Schema.decodeUnknown(ListProxySessionsRequest)(input), firstIssue)
}

/**
 * Encodes a valid request as method, path and query. Absent query members are left out.
 *
 * @since 0.1.0
 * @category encoding
 */
export const encodeRequest = (request: ListProxySessionsRequest): HttpRequestParts => {
  const query: Array<readonly [string, string]> = []
  if (request.MaxResults !== undefined) query.push([queryNames.MaxResults, String(request.MaxResults)])
  if (request.NextToken !== undefined) query.push([queryNames.NextToken, request.NextToken])
  if (request.Status !== undefined) query.push([queryNames.Status, request.Status])
  return { method, path: `/voice-connectors/${escape(request.VoiceConnectorId)}/proxy-sessions`, query }
}

/**
 * Renders a query as restJson1 sends it.
 *
 * @since 0.1.0
 * @category encoding
 */
export const encodeQuery = (query: HttpRequestParts["query"]): string =>
  query.map(([name, value]) => `${escape(name)}=${escape(value)}`).join("&")

/**
 * A raw HTTP request whose path is not the operation's.
 *
 * @since 0.1.0
 * @category errors
 */
export class UnknownRoute extends Schema.TaggedError<UnknownRoute>()("UnknownRoute", {
  message: Schema.String
}) {}

/**
 * A raw HTTP request on the operation's path with a method other than {@link method}.
 *
 * @since 0.1.0
 * @category errors
 */
export class MethodNotAllowed extends Schema.TaggedError<MethodNotAllowed>()("MethodNotAllowed", {
  message: Schema.String
}) {}

/**
 * Why a raw HTTP request is not a ListProxySessions request.
 *
 * @since 0.1.0
 * @category errors
 */
export type RouteMismatch = UnknownRoute | MethodNotAllowed

const routePattern = /^\/voice-connectors\/([^/]*)\/proxy-sessions\/?$/

const decodeComponent = (field: string, raw: string): Either.Either<string, RequestValidationError> => {
  try {
    return Either.right(decodeURIComponent(raw))
  } catch {
    return Either.left(new RequestValidationError({ field, constraint: "is not valid percent-encoding" }))
  }
}

/**
 * Parses a raw query string (what follows `?`, still percent-encoded) into its pairs, in order, names and values
 * percent-decoded; a pair without `=` has an empty value and empty pairs are skipped. Only the pairs whose name `keep`
 * accepts are kept, and only their values are decoded. A name that is not valid percent-encoding fails with the
 * field `query`; a value, with the field named by the pair's name. The one query parser of the wire: the request
 * decoder and the emulator's signature verifier both read a query through it.
 *
 * @since 0.1.0
 * @category decoding
 */
export const parseQuery = (
  rawQuery: string,
  keep?: (name: string) => boolean
): Either.Either<Array<readonly [name: string, value: string]>, RequestValidationError> => {
  const pairs: Array<readonly [string, string]> = []
  // An empty query is one empty pair, skipped.
  for (const pair of rawQuery.split("&")) {
    if (pair === "") continue
    const eq = pair.indexOf("=")
    const name = decodeComponent("query", eq === -1 ? pair : pair.slice(0, eq))
    if (Either.isLeft(name)) return Either.left(name.left)
    if (keep !== undefined && !keep(name.right)) continue
    const value = decodeComponent(name.right, eq === -1 ? "" : pair.slice(eq + 1))
    if (Either.isLeft(value)) return Either.left(value.left)
    pairs.push([name.right, value.right])
  }
  return Either.right(pairs)
}

const memberOf = membersByQueryName(queryNames)

const isQueryName = (name: string): boolean => Object.hasOwn(memberOf, name)

/**
 * Decodes a raw HTTP request (method and the path with its query, still percent-encoded) into a request, checking
 * every constraint: the inverse of {@link encodeRequest}. A repeated parameter, a non-numeric or out-of-range
 * `max-results`, an unknown `status` or a label that is not valid percent-encoding is a
 * {@link RequestValidationError}; unknown query parameters are ignored, as the service ignores them.
 *
 * @since 0.1.0
 * @category decoding
 */
export const decodeRequest = (
  httpMethod: string,
  pathAndQuery: string
): Either.Either<ListProxySessionsRequest, RouteMismatch | RequestValidationError> => {
  const { path, rawQuery } = splitTarget(pathAndQuery)
  const match = routePattern.exec(path)
  if (match === null) {
    return Either.left(new UnknownRoute({ message: "The requested route does not exist" }))
  }
  if (httpMethod !== method) {
    return Either.left(new MethodNotAllowed({ message: `The method ${httpMethod} is not allowed on this route` }))
  }
  const label = decodeComponent("voiceConnectorId", match[1] ?? "")
  if (Either.isLeft(label)) return Either.left(label.left)
  const pairs = parseQuery(rawQuery, isQueryName)
  if (Either.isLeft(pairs)) {
    // A value is named by its member, as every other constraint on it is.
    const { constraint, field } = pairs.left
    const member = memberOf[field]
    return Either.left(member === undefined ? pairs.left : new RequestValidationError({ field: member, constraint }))
  }
  const input: Record<string, string | number> = { VoiceConnectorId: label.right }
  const seen = new Set<string>()
  for (const [name, value] of pairs.right) {
    const member = memberOf[name]
    if (member === undefined) continue
    if (seen.has(member)) {
      return Either.left(new RequestValidationError({ field: member, constraint: "must be given at most once" }))
    }
    seen.add(member)
    if (member === "MaxResults") {
      if (!/^\d{1,9}$/.test(value)) {
        return Either.left(
          new RequestValidationError({ field: member, constraint: "MaxResults must be an integer from 1 to 100" })
        )
      }
      input[member] = Number(value)
    } else {
      input[member] = value
    }
  }
  return Schema.decodeUnknownEither(ListProxySessionsRequest)(input).pipe(Either.mapLeft(firstIssue))
}

/**
 * Encodes a response as the service sends it: absent members left out, timestamps in RFC 3339 with `Z`.
 *
 * @since 0.1.0
 * @category encoding
 */
export const encodeResponse = (response: ListProxySessionsResponse): string =>
  // The hand-written encoder writes the schema's bytes for a valid response; the schema handles (and throws for) the
  // rest.
  encodeResponseFast(response) ?? JSON.stringify(Schema.encodeSync(ListProxySessionsResponse)(response))

/**
 * Encodes one session exactly as it stands in a response's `ProxySessions`: the bytes {@link encodeResponse} writes
 * for it, so that a server can cache sessions and join them into pages.
 *
 * @since 0.1.0
 * @category encoding
 */
export const encodeProxySession = (session: ProxySession): string =>
  encodeProxySessionFast(session) ?? JSON.stringify(Schema.encodeSync(ProxySession)(session))

const decodeBody = makeDecoder(
  ListProxySessionsResponse,
  identity,
  // ProxySessions defaults to an empty array.
  () => new ListProxySessionsResponse({}),
  decodeResponseFast
)

/**
 * Decodes a successful response's body. An empty body is an empty page. Anything else that is not a valid response
 * is a {@link ResponseDecodeError} with the status and a short excerpt, phone numbers masked.
 *
 * @since 0.1.0
 * @category decoding
 */
export const decodeResponse = (
  status: number,
  body: string,
  requestId?: string
): Either.Either<ListProxySessionsResponse, ResponseDecodeError> => decodeBody(status, body, requestId)

/**
 * An error as restJson1 sends it.
 *
 * @since 0.1.0
 * @category models
 */
export interface HttpErrorParts {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/**
 * Encodes a service error: its status, an `X-Amzn-ErrorType` header with its name, and a JSON body with `Code` and
 * `Message`.
 *
 * @since 0.1.0
 * @category encoding
 */
export const encodeError = (error: ServiceError): HttpErrorParts => ({
  status: error.status,
  headers: { "content-type": "application/json", "x-amzn-errortype": errorName(error) },
  // JSON.stringify leaves out an undefined Code.
  body: JSON.stringify({ Code: error.Code, Message: error.Message })
})

/** What precedes the first `separator` in `text`, or all of it. */
const before = (text: string, separator: string): string => {
  const at = text.indexOf(separator)
  return at === -1 ? text : text.slice(0, at)
}

/**
 * Cleans an error name as the SDKs do: keep what precedes the first `,` and the first `:`, and what follows `#`.
 *
 * @since 0.1.0
 * @category decoding
 */
export const sanitizeErrorName = (raw: string): string => {
  const name = before(before(raw, ","), ":")
  // Without a `#`, indexOf gives -1 and the slice keeps the whole name.
  return before(name.slice(name.indexOf("#") + 1), "#").trim()
}

const stringMember = (json: unknown, key: string): string | undefined => {
  if (typeof json !== "object" || json === null) return undefined
  const value = (json as Record<string, unknown>)[key]
  return typeof value === "string" ? value : typeof value === "number" ? String(value) : undefined
}

/**
 * Decodes an error response: the name from the `X-Amzn-ErrorType` header, then the body's `code`, then `__type`;
 * the message from the body's `Message` or `message`. A name the model does not know gives an UnknownServiceError
 * that keeps it.
 *
 * @since 0.1.0
 * @category decoding
 */
export const decodeError = (options: {
  readonly status: number
  readonly errorType?: string | undefined
  readonly body: string
  readonly requestId?: string | undefined
}): ServiceError => {
  const json: unknown = Either.getOrUndefined(Either.try(() => JSON.parse(options.body)))
  const rawName = options.errorType ?? stringMember(json, "code") ?? stringMember(json, "__type")
  const name = rawName === undefined ? "" : sanitizeErrorName(rawName)
  const message = stringMember(json, "Message") ?? stringMember(json, "message") ??
    (json === undefined && options.body.trim() !== "" ? excerpt(options.body) : "")
  return fromName(name === "" ? "UnknownError" : name, {
    status: options.status,
    message: maskPhoneNumbers(message),
    code: stringMember(json, "Code"),
    requestId: options.requestId
  })
}
