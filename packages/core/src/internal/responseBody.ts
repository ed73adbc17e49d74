import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { ResponseDecodeError } from "../ClientError.js"
import { excerpt, maskPhoneNumbers } from "./redact.js"

/**
 * How deep a refused body may nest and still have its issue described: the emulator's bound on the JSON it reads.
 * Describing an issue renders the offending value, recursively, and a value a few thousand levels deep (a few KB of
 * brackets) would overflow the call stack; no body of the model nests more than 5 levels.
 *
 * @internal
 */
export const maxJsonDepth = 64

/**
 * Whether a parsed JSON value nests deeper than `limit` levels (a top-level object or array being the first), walked
 * with a stack of its own, so that no depth overflows the call stack.
 */
const nestsDeeper = (json: unknown, limit: number): boolean => {
  const values: Array<unknown> = [json]
  const depths: Array<number> = [1]
  for (let value = values.pop(); value !== undefined; value = values.pop()) {
    const depth = depths.pop()!
    if (depth > limit) return true
    for (const member of Array.isArray(value) ? value : Object.values(value as object)) {
      if (typeof member === "object" && member !== null) {
        values.push(member)
        depths.push(depth + 1)
      }
    }
  }
  return false
}

/**
 * The one rule for a successful response's body, whatever the operation: an empty body is an empty page; anything
 * that is not a valid response is a ResponseDecodeError with the status and a short excerpt, phone numbers masked.
 * `fast`, when given, answers a valid page without the schema; for anything else the schema decides, and `finish`
 * turns what it decoded into the answer (`identity` for the decoded value itself). A refused body that nests deeper
 * than {@link maxJsonDepth} levels is refused for its depth, its issue not described; depth alone refuses nothing, as
 * an unknown member is ignored however deep, here as on the fast path.
 *
 * @internal
 */
export const makeDecoder = <A, I, B>(
  schema: Schema.Schema<A, I>,
  finish: (decoded: A) => B,
  empty: () => B,
  fast?: (json: Record<string, unknown>) => B | undefined
) => {
  const decodeJson = Schema.decodeUnknownEither(schema)
  return (status: number, body: string, requestId?: string): Either.Either<B, ResponseDecodeError> => {
    const fail = (reason: string) =>
      Either.left(
        new ResponseDecodeError({
          status,
          reason: maskPhoneNumbers(reason),
          excerpt: excerpt(body),
          ...(requestId === undefined ? {} : { requestId })
        })
      )
    if (body.trim() === "") return Either.right(empty())
    let json: unknown
    try {
      json = JSON.parse(body)
    } catch {
      return fail("the body is not JSON")
    }
    if (typeof json !== "object" || json === null || Array.isArray(json)) return fail("the body is not a JSON object")
    const quick = fast?.(json as Record<string, unknown>)
    if (quick !== undefined) return Either.right(quick)
    const decoded = decodeJson(json, { errors: "first" })
    if (Either.isLeft(decoded)) {
      // The schema stops at a depth of its own, but its issue would render the whole offending value.
      if (nestsDeeper(json, maxJsonDepth)) return fail(`the body nests JSON deeper than ${maxJsonDepth} levels`)
      const issue = ParseResult.ArrayFormatter.formatErrorSync(decoded.left)[0]
      return fail(issue === undefined ? "unexpected shape" : `${issue.path.join(".")}: ${issue.message}`)
    }
    return Either.right(finish(decoded.right))
  }
}
