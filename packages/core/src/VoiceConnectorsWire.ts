/**
 * The restJson1 wire form of ListVoiceConnectors (`GET /voice-connectors?max-results&next-token`), in the three
 * directions {@link Wire} has them for ListProxySessions: a request to and from method, path and query, a response
 * to and from JSON. Errors are the same on both operations: `Wire.encodeError` and `Wire.decodeError` serve both.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { identity } from "effect/Function"
import * as Schema from "effect/Schema"
import type { ResponseDecodeError } from "./ClientError.js"
import { RequestValidationError } from "./ClientError.js"
import { membersByQueryName, splitTarget } from "./internal/query.js"
import { firstIssue } from "./internal/requestIssue.js"
import { makeDecoder } from "./internal/responseBody.js"
import { ListVoiceConnectorsRequest, ListVoiceConnectorsResponse } from "./ListVoiceConnectors.js"
import type { HttpRequestParts } from "./Wire.js"
import { method, MethodNotAllowed, parseQuery, type RouteMismatch, UnknownRoute } from "./Wire.js"

/**
 * The path of the operation.
 *
 * @since 0.1.0
 * @category constants
 */
export const path = "/voice-connectors"

/**
 * The query parameter names of the operation, by request member.
 *
 * @since 0.1.0
 * @category constants
 */
export const queryNames = {
  MaxResults: "max-results",
  NextToken: "next-token"
} as const

/**
 * Validates a request against every constraint of the model, before any I/O.
 *
 * @since 0.1.0
 * @category validation
 */
export const validateRequest = (
  input: typeof ListVoiceConnectorsRequest.Encoded
): Effect.Effect<ListVoiceConnectorsRequest, RequestValidationError> => {
  // Lone surrogates cannot be percent-encoded; they are refused here rather than thrown from encodeURIComponent.
  if (typeof input.NextToken === "string" && !input.NextToken.isWellFormed()) {
    return Effect.fail(new RequestValidationError({ field: "NextToken", constraint: "must be well-formed Unicode" }))
  }
  return Effect.mapError(Schema.decodeUnknown(ListVoiceConnectorsRequest)(input, { errors: "first" }), firstIssue)
}

/**
 * Encodes a valid request as method, path and query. Absent query members are left out.
 *
 * @since 0.1.0
 * @category encoding
 */
export const encodeRequest = (request: ListVoiceConnectorsRequest): HttpRequestParts => {
  const query: Array<readonly [string, string]> = []
  if (request.MaxResults !== undefined) query.push([queryNames.MaxResults, String(request.MaxResults)])
  if (request.NextToken !== undefined) query.push([queryNames.NextToken, request.NextToken])
  return { method, path, query }
}

const routePattern = /^\/voice-connectors\/?$/

const memberOf = membersByQueryName(queryNames)

const isQueryName = (name: string): boolean => Object.hasOwn(memberOf, name)

/**
 * Decodes a raw HTTP request (method and the path with its query, still percent-encoded) into a request, checking
 * every constraint: the inverse of {@link encodeRequest}. A repeated parameter or a non-numeric or out-of-range
 * `max-results` is a RequestValidationError; unknown query parameters are ignored, as the service ignores them.
 *
 * @since 0.1.0
 * @category decoding
 */
export const decodeRequest = (
  httpMethod: string,
  pathAndQuery: string
): Either.Either<ListVoiceConnectorsRequest, RouteMismatch | RequestValidationError> => {
  const { path: requestPath, rawQuery } = splitTarget(pathAndQuery)
  if (!routePattern.test(requestPath)) {
    return Either.left(new UnknownRoute({ message: "The requested route does not exist" }))
  }
  if (httpMethod !== method) {
    return Either.left(new MethodNotAllowed({ message: `The method ${httpMethod} is not allowed on this route` }))
  }
  const pairs = parseQuery(rawQuery, isQueryName)
  if (Either.isLeft(pairs)) {
    const { constraint, field } = pairs.left
    const member = memberOf[field]
    return Either.left(member === undefined ? pairs.left : new RequestValidationError({ field: member, constraint }))
  }
  const input: Record<string, string | number> = {}
  for (const [name, value] of pairs.right) {
    const member = memberOf[name]
    if (member === undefined) continue
    if (Object.hasOwn(input, member)) {
      return Either.left(new RequestValidationError({ field: member, constraint: "must be given at most once" }))
    }
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
  return Schema.decodeUnknownEither(ListVoiceConnectorsRequest)(input, { errors: "first" }).pipe(
    Either.mapLeft(firstIssue)
  )
}

const encodeResponseJson = Schema.encodeSync(ListVoiceConnectorsResponse)

/**
 * Encodes a response as the service sends it: absent members left out, timestamps in RFC 3339 with `Z`.
 *
 * @since 0.1.0
 * @category encoding
 */
export const encodeResponse = (response: ListVoiceConnectorsResponse): string =>
  JSON.stringify(encodeResponseJson(response))

const decodeBody = makeDecoder(
  ListVoiceConnectorsResponse,
  identity,
  () => new ListVoiceConnectorsResponse({ VoiceConnectors: [] })
)

/**
 * Decodes a successful response's body. An empty body is an empty page. Anything else that is not a valid response
 * is a ResponseDecodeError with the status and a short excerpt, phone numbers masked.
 *
 * @since 0.1.0
 * @category decoding
 */
export const decodeResponse = (
  status: number,
  body: string,
  requestId?: string
): Either.Either<ListVoiceConnectorsResponse, ResponseDecodeError> => decodeBody(status, body, requestId)
