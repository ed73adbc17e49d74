/**
 * The first issue of a request that fails its schema, as the RequestValidationError every request check reports.
 */
import * as ParseResult from "effect/ParseResult"
import { RequestValidationError } from "../ClientError.js"
import { maskPhoneNumbers } from "./redact.js"

/** @internal */
export const firstIssue = (error: ParseResult.ParseError): RequestValidationError => {
  const issue = ParseResult.ArrayFormatter.formatErrorSync(error)[0]
  const field = issue === undefined || issue.path.length === 0 ? "request" : String(issue.path[0])
  return new RequestValidationError({
    field,
    constraint: maskPhoneNumbers(issue?.message ?? "is invalid")
  })
}
