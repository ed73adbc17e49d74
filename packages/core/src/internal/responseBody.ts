import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { ResponseDecodeError } from "../ClientError.js"
import { excerpt, maskPhoneNumbers } from "./redact.js"

/**
 * The one rule for a successful response's body, whatever the operation: an empty body is an empty page; anything
 * that is not a valid response is a ResponseDecodeError with the status and a short excerpt, phone numbers masked.
 * `fast`, when given, answers a valid page without the schema; for anything else the schema decides, and `finish`
 * turns what it decoded into the answer (`identity` for the decoded value itself).
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
      const issue = ParseResult.ArrayFormatter.formatErrorSync(decoded.left)[0]
      return fail(issue === undefined ? "unexpected shape" : `${issue.path.join(".")}: ${issue.message}`)
    }
    return Either.right(finish(decoded.right))
  }
}
