/**
 * The bytes of an answer: AWS-shaped replies and errors, request ids and `Date` headers, and writing them to node.
 */
import { ServiceError, Wire } from "@chime-proxy/core"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import type * as Http from "node:http"

/** @internal */
export const jsonContentType = "application/json"

/**
 * Request ids shaped like the service's (UUIDs), counted per emulator so that a run can be replayed.
 *
 * @internal
 */
export const requestIds = (): () => string => {
  let counter = 0
  return () => {
    counter = (counter + 1) % 0x1000000000000
    return `00000000-0000-4000-8000-${counter.toString(16).padStart(12, "0")}`
  }
}

/**
 * The `Date` header of an instant, formatted once per second of it.
 *
 * @internal
 */
export const httpDates = (): (millis: number) => string => {
  let second = Number.NaN
  let formatted = ""
  return (millis) => {
    const current = Math.floor(millis / 1000)
    if (current !== second) {
      second = current
      formatted = new Date(current * 1000).toUTCString()
    }
    return formatted
  }
}

const reasons: Readonly<Record<number, string>> = {
  400: "Bad Request",
  408: "Request Timeout",
  431: "Request Header Fields Too Large"
}

/**
 * An AWS-shaped error as raw HTTP/1.1 bytes, for the requests Node refuses before any handler runs (oversized or
 * malformed request lines and headers). The connection is closed afterwards.
 *
 * @internal
 */
export const rawError = (error: ServiceError.ServiceError, requestId: string, date: string): string => {
  const parts = Wire.encodeError(error)
  return [
    `HTTP/1.1 ${parts.status} ${reasons[parts.status] ?? "Error"}`,
    `Content-Type: ${jsonContentType}`,
    `X-Amzn-ErrorType: ${parts.headers["x-amzn-errortype"]}`,
    `x-amzn-RequestId: ${requestId}`,
    `Date: ${date}`,
    `Content-Length: ${Buffer.byteLength(parts.body)}`,
    "Connection: close",
    "",
    parts.body
  ].join("\r\n")
}

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

/**
 * What the emulator answers when something it did not foresee goes wrong: a 500, as the service's.
 *
 * @internal
 */
export const unexpectedError = (): ServiceError.ServiceError =>
  new ServiceError.ServiceFailureException({ Message: ServiceError.defaultMessages.ServiceFailureException })

/**
 * An answer: a status, headers in the order they are sent (names in lower case) and a JSON body.
 *
 * @internal
 */
export interface Reply {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: string | Uint8Array
}

/**
 * The connection closed without an answer.
 *
 * @internal
 */
export const drop = "drop" as const

/** @internal */
export type Answer = Reply | typeof drop

/**
 * A JSON reply with the headers every answer carries.
 *
 * @internal
 */
export const reply = (
  status: number,
  body: string | Uint8Array,
  requestId: string,
  date: string,
  errorType?: string,
  allow?: string
): Reply => {
  // The order of the headers is the order @effect/platform wrote them in, for byte-for-byte the same answers.
  const headers: Record<string, string> = { "x-amzn-requestid": requestId, date }
  if (errorType !== undefined) headers["x-amzn-errortype"] = errorType
  headers["content-type"] = jsonContentType
  headers["content-length"] = String(typeof body === "string" ? Buffer.byteLength(body) : body.byteLength)
  if (allow !== undefined) headers["allow"] = allow
  return { status, headers, body }
}

/**
 * The reply of an error, as restJson1 sends it.
 *
 * @internal
 */
export const errorReply = (error: ServiceError.ServiceError, requestId: string, date: string, allow?: string) => {
  const parts = Wire.encodeError(withCode(error))
  return reply(parts.status, parts.body, requestId, date, parts.headers["x-amzn-errortype"], allow)
}

/**
 * An answer already written, by {@link sendStream}.
 *
 * @internal
 */
export const sent = "sent" as const

/**
 * Answers a 200 whose JSON body is a stream of chunks. A body of one chunk is answered as any other, with its
 * `Content-Length`; a longer one is written in HTTP/1.1's chunked encoding, each chunk once the connection has taken
 * the one before (its `drain`) and after a turn of the event loop, so that a large body (a saved fixture of a million
 * sessions) holds up neither the memory nor the other requests. A stream that fails before anything is written is a
 * 500; once the head is sent, it ends the connection, so that the client sees a body cut short rather than a whole
 * one.
 *
 * @internal
 */
export const sendStream = (
  response: Http.ServerResponse,
  body: Stream.Stream<Uint8Array, unknown>,
  requestId: string,
  date: string
): Effect.Effect<Answer | typeof sent> =>
  Effect.scoped(Effect.gen(function*() {
    const pull = yield* Stream.toPull(body)
    const next = pull.pipe(
      Effect.map(Option.some),
      Effect.catchAll((end) => Option.isNone(end) ? Effect.succeed(Option.none()) : Effect.fail(end.value))
    )
    const first = yield* next
    const second = Option.isNone(first) ? first : yield* next
    if (Option.isNone(second)) {
      return reply(
        200,
        Buffer.concat(Chunk.toReadonlyArray(Option.getOrElse(first, Chunk.empty<Uint8Array>))),
        requestId,
        date
      )
    }
    if (response.destroyed || response.writableEnded) return sent
    response.writeHead(200, { "x-amzn-requestid": requestId, date, "content-type": jsonContentType })
    const writeAll = (chunk: Chunk.Chunk<Uint8Array>) => Effect.forEach(chunk, (part) => write(response, part))
    const rest: Effect.Effect<void, unknown> = Effect.flatMap(
      next,
      (chunk) => Option.isNone(chunk) ? Effect.void : Effect.zipRight(writeAll(chunk.value), Effect.suspend(() => rest))
    )
    yield* writeAll(Option.getOrThrow(first)).pipe(
      Effect.zipRight(writeAll(second.value)),
      Effect.zipRight(rest),
      Effect.matchCause({
        onFailure: () => response.destroy(),
        onSuccess: () => response.end()
      })
    )
    return sent
  })).pipe(Effect.catchAll(() => Effect.succeed(errorReply(unexpectedError(), requestId, date))))

class ConnectionClosed {
  readonly _tag = "ConnectionClosed"
}

const write = (response: Http.ServerResponse, chunk: Uint8Array): Effect.Effect<void, ConnectionClosed> =>
  Effect.async<void, ConnectionClosed>((resume) => {
    if (response.destroyed) return resume(Effect.fail(new ConnectionClosed()))
    if (response.write(chunk)) {
      const timer = setImmediate(() => resume(Effect.void))
      return Effect.sync(() => clearImmediate(timer))
    }
    const onDrain = () => {
      cleanup()
      resume(Effect.void)
    }
    const onClose = () => {
      cleanup()
      resume(Effect.fail(new ConnectionClosed()))
    }
    const cleanup = () => {
      response.off("drain", onDrain)
      response.off("close", onClose)
    }
    response.on("drain", onDrain)
    response.on("close", onClose)
    return Effect.sync(cleanup)
  })

/**
 * Writes an answer, unless the client has gone or the server closed the connection while it was being made.
 *
 * @internal
 */
export const send = (response: Http.ServerResponse, answer: Answer | typeof sent): void => {
  if (answer === sent || response.destroyed || response.writableEnded) return
  if (answer === drop) {
    response.destroy()
    return
  }
  response.writeHead(answer.status, answer.headers)
  response.end(answer.body)
}
