import { ClientError, Redaction, Wire } from "@chime-proxy/core"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Stream from "effect/Stream"
import type * as Retry from "../Retry.js"
import { fromHttpClientError } from "./transport.js"

// An error body is only read this far: enough for any AWS error, and a runaway body costs nothing.
const maxErrorBodyBytes = 64 * 1024

const requestIdHeaders = ["x-amzn-requestid", "x-amzn-request-id", "x-amz-request-id"] as const

const errorNamePattern = /"(?:code|__type)"\s*:/

interface Body {
  readonly text: string
  readonly truncated: boolean
}

const decodeText = (bytes: Uint8Array): string => new TextDecoder().decode(bytes)

// The bytes of a body read whole, not copied: @effect/platform-node's node:http client hands out a Buffer (a view into
// a larger ArrayBuffer, typed as an ArrayBuffer), of which `new Uint8Array(…)` would make a copy, whole even when asked
// for its first bytes only.
const bytesOf = (buffer: ArrayBuffer | ArrayBufferView): Uint8Array =>
  ArrayBuffer.isView(buffer)
    ? new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)
    : new Uint8Array(buffer)

const readBodyStream = (
  response: HttpClientResponse.HttpClientResponse,
  limit: number,
  readTimeout: Duration.Duration
): Effect.Effect<Body, ClientError.TransportError | ClientError.TimeoutError> =>
  Effect.suspend(() => {
    const chunks: Array<Uint8Array> = []
    let size = 0
    let truncated = false
    const body: Stream.Stream<Uint8Array, HttpClientError.ResponseError | ClientError.TimeoutError> =
      Duration.isFinite(readTimeout)
        ? Stream.timeoutFail(
          response.stream,
          () => new ClientError.TimeoutError({ scope: "read", millis: Duration.toMillis(readTimeout) }),
          readTimeout
        )
        : response.stream
    return Stream.runForEachWhile(body, (chunk) =>
      Effect.sync(() => {
        if (size + chunk.length > limit) {
          chunks.push(chunk.subarray(0, limit - size))
          size = limit
          truncated = true
          return false
        }
        chunks.push(chunk)
        size += chunk.length
        return true
      })).pipe(
        Effect.mapError((error) => error._tag === "TimeoutError" ? error : fromHttpClientError(error)),
        Effect.map(() => ({ text: decodeText(Buffer.concat(chunks, size)), truncated }))
      )
  })

/**
 * The length a response announces, when its body can be read whole in one step: a `Content-Length` within the
 * limit, and no content coding (a client that decompresses would otherwise hand out more bytes than announced).
 */
const announcedLength = (headers: HttpClientResponse.HttpClientResponse["headers"], limit: number): boolean => {
  const length = headers["content-length"]
  if (length === undefined || !/^\d{1,15}$/.test(length) || Number(length) > limit) return false
  const coding = headers["content-encoding"]
  return coding === undefined || coding === "" || coding.toLowerCase() === "identity"
}

const readBody = (
  response: HttpClientResponse.HttpClientResponse,
  limit: number,
  readTimeout: Duration.Duration
): Effect.Effect<Body, ClientError.TransportError | ClientError.TimeoutError> =>
  // With no read timeout and a length within the limit, the body is read whole, in one step: the chunk by chunk
  // stream, which the limit and the read timeout need, is most of a page's cost otherwise. The bytes are decoded
  // alike either way.
  !Duration.isFinite(readTimeout) && announcedLength(response.headers, limit)
    ? Effect.mapBoth(response.arrayBuffer, {
      onFailure: fromHttpClientError,
      onSuccess: (buffer) => {
        const bytes = bytesOf(buffer)
        // The limit holds even for a client that hands out more than the response announced.
        return bytes.byteLength > limit
          ? { text: decodeText(bytes.subarray(0, limit)), truncated: true }
          : { text: decodeText(bytes), truncated: false }
      }
    })
    : readBodyStream(response, limit, readTimeout)

/**
 * Sets attributes on the current span, or skips them when the call is not traced.
 *
 * @internal
 */
export type Annotate = (values: Record<string, unknown>) => Effect.Effect<void>

/**
 * Reads and decodes a response: a page (read by the operation's `decodeBody`), or the failure of the attempt, with the response's headers for the retry
 * schedule (`Retry-After`, `Date`).
 *
 * @internal
 */
export const decode = <A>(
  response: HttpClientResponse.HttpClientResponse,
  maxResponseBytes: number,
  decodeBody: (status: number, body: string, requestId?: string) => Either.Either<A, ClientError.ResponseDecodeError>,
  readTimeout: Duration.Duration = Duration.infinity,
  annotate: Annotate = (values) => Effect.annotateCurrentSpan(values)
): Effect.Effect<A, Retry.Failure> =>
  Effect.gen(function*() {
    const headers = response.headers
    const fail = (error: Retry.Failure["error"]): Effect.Effect<never, Retry.Failure> =>
      Effect.fail({ error, headers, final: false })
    const requestId = requestIdHeaders.map((name) => headers[name]).find((value) => value !== undefined)
    yield* annotate(
      requestId === undefined
        ? { "http.response.status_code": response.status }
        : { "http.response.status_code": response.status, "aws.request_id": requestId }
    )
    const withRequestId = requestId === undefined ? {} : { requestId }
    const ok = response.status >= 200 && response.status < 300
    const body = yield* readBody(response, ok ? maxResponseBytes : maxErrorBodyBytes, readTimeout).pipe(
      Effect.catchAll(fail)
    )
    if (ok) {
      if (body.truncated) {
        return yield* fail(
          new ClientError.ResponseDecodeError({
            status: response.status,
            reason: `the body is larger than ${Redaction.byteCount(maxResponseBytes)}`,
            excerpt: Redaction.excerpt(body.text.slice(0, 256)),
            ...withRequestId
          })
        )
      }
      return yield* Either.match(decodeBody(response.status, body.text, requestId), {
        onLeft: fail,
        onRight: Effect.succeed
      })
    }
    const errorType = headers["x-amzn-errortype"]
    // A status with no AWS error name anywhere did not come from the service (a proxy's or a balancer's page): it
    // stays a decoding problem that keeps the status, so that a 502 or 503 page is still retried.
    if (errorType === undefined && !errorNamePattern.test(body.text)) {
      return yield* fail(
        new ClientError.ResponseDecodeError({
          status: response.status,
          reason: `HTTP ${response.status} without an AWS error name`,
          excerpt: Redaction.excerpt(body.text),
          ...withRequestId
        })
      )
    }
    return yield* fail(Wire.decodeError({ status: response.status, errorType, body: body.text, requestId }))
  })
