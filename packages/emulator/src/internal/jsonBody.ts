/**
 * The body of an admin request, read as it arrives: counted against the limit, hashed for its signature and parsed
 * by a streaming JSON parser (@streamparser/json), one chunk per turn of the event loop. No body is ever held as one
 * string (a million sessions are more than V8's longest string), and parsing a large one never holds up the
 * requests that arrive meanwhile.
 */
import { Tokenizer, TokenParser, TokenType } from "@streamparser/json"
import type { ParsedTokenInfo } from "@streamparser/json"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { createHash } from "node:crypto"
import type * as Http from "node:http"

/** @internal */
export interface JsonBody {
  /** The SHA-256 of the body as received, in hexadecimal: the payload hash of its signature. */
  readonly sha256: string
  /** The body's JSON value (`{}` for a blank body), or why it is not JSON (a document cut short). */
  readonly json: Either.Either<unknown, string>
}

/** @internal */
export interface Limits {
  readonly maxBytes: number
  readonly maxDepth: number
}

/** @internal */
export class BodyTooLarge {
  readonly _tag = "BodyTooLarge"
  constructor(readonly maxBytes: number) {}
}

/** @internal */
export class BodyUnreadable {
  readonly _tag = "BodyUnreadable"
}

/** @internal */
export class BodyNotJson {
  readonly _tag = "BodyNotJson"
  constructor(readonly message: string) {}
}

class TooDeep extends Error {}

// JSON's whitespace: space, tab, line feed, carriage return.
const isWhitespace = (byte: number) => byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d

/**
 * A streaming parser of one JSON document: chunks in, the value (or the first error) at the end.
 *
 * @internal
 */
export const parser = (maxDepth: number) => {
  const tokenizer = new Tokenizer({ stringBufferSize: 64 * 1024, numberBufferSize: 64 })
  const tokens = new TokenParser({ paths: ["$"], keepStack: false })
  let value: unknown = undefined
  let done = false
  // Whether anything but whitespace has been written: a blank body is `{}`, anything else must be a whole document.
  let blank = true
  let error: string | undefined = undefined
  let depth = 0
  const fail = (cause: Error) => {
    error ??= cause instanceof TooDeep ? cause.message : "The request body is not JSON"
  }
  tokenizer.onToken = (token: ParsedTokenInfo) => {
    if (token.token === TokenType.LEFT_BRACE || token.token === TokenType.LEFT_BRACKET) {
      depth++
      if (depth > maxDepth) throw new TooDeep(`The request body nests JSON deeper than ${maxDepth} levels`)
    } else if (token.token === TokenType.RIGHT_BRACE || token.token === TokenType.RIGHT_BRACKET) {
      depth--
    }
    tokens.write(token)
  }
  tokenizer.onError = fail
  tokens.onError = fail
  tokens.onValue = (info) => {
    if (info.stack.length === 0) {
      value = info.value
      done = true
    }
  }
  // The token parser ends itself after the document; what follows it is an error, the tokenizer's end is not.
  tokens.onEnd = () => {}
  tokenizer.onEnd = () => {}
  return {
    /** The first error met so far, if any: a body is refused as soon as it cannot be JSON. */
    error: () => error,
    write: (chunk: Uint8Array) => {
      if (blank) blank = chunk.every(isWhitespace)
      if (error === undefined) tokenizer.write(chunk)
    },
    end: (): Either.Either<unknown, string> => {
      if (blank) return Either.right({})
      if (error === undefined && !tokenizer.isEnded) tokenizer.end()
      if (error !== undefined) return Either.left(error)
      return done ? Either.right(value) : Either.left("The request body is not JSON")
    }
  }
}

/**
 * Reads the body of a request within the limits, parsing each chunk as it arrives: past `maxBytes`, or as soon as
 * it cannot be JSON (its syntax, its depth), it is refused at once and the rest discarded unparsed. A blank body is
 * `{}`.
 *
 * @internal
 */
export const read = (
  request: Http.IncomingMessage,
  limits: Limits
): Effect.Effect<JsonBody, BodyTooLarge | BodyUnreadable | BodyNotJson> =>
  Effect.async<JsonBody, BodyTooLarge | BodyUnreadable | BodyNotJson>((resume) => {
    const hash = createHash("sha256")
    const json = parser(limits.maxDepth)
    let received = 0
    const onData = (chunk: Buffer) => {
      received += chunk.length
      if (received > limits.maxBytes) {
        cleanup()
        request.resume()
        resume(Effect.fail(new BodyTooLarge(limits.maxBytes)))
        return
      }
      hash.update(chunk)
      json.write(chunk)
      const error = json.error()
      if (error !== undefined) {
        cleanup()
        request.resume()
        resume(Effect.fail(new BodyNotJson(error)))
      }
    }
    const onEnd = () => {
      cleanup()
      resume(Effect.succeed({ sha256: hash.digest("hex"), json: json.end() }))
    }
    const onError = () => {
      cleanup()
      resume(Effect.fail(new BodyUnreadable()))
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
