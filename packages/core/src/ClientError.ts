/**
 * The errors raised on the client's side of the wire: a request that breaks a constraint, a response that cannot
 * be decoded, a transport failure, a timeout, and a paginator that would loop.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * A request broke a constraint of the model. Raised before any I/O.
 *
 * @since 0.1.0
 * @category errors
 */
export class RequestValidationError extends Schema.TaggedError<RequestValidationError>()("RequestValidationError", {
  field: Schema.String,
  constraint: Schema.String
}) {
  /** @since 0.1.0 */
  override get message() {
    return `Invalid request: ${this.field}: ${this.constraint}`
  }
}

/**
 * A response could not be decoded. It carries the HTTP status and a short excerpt of the body, with anything shaped
 * like a phone number masked.
 *
 * @since 0.1.0
 * @category errors
 */
export class ResponseDecodeError extends Schema.TaggedError<ResponseDecodeError>()("ResponseDecodeError", {
  status: Schema.Int,
  reason: Schema.String,
  excerpt: Schema.String,
  requestId: Schema.optionalWith(Schema.String, { exact: true })
}) {
  /** @since 0.1.0 */
  override get message() {
    return `Could not decode the response (HTTP ${this.status}): ${this.reason}` +
      (this.excerpt === "" ? "" : `; body starts with: ${this.excerpt}`) +
      (this.requestId === undefined ? "" : ` (request id ${this.requestId})`)
  }
}

/**
 * The kinds of transport failure.
 *
 * @since 0.1.0
 * @category models
 */
export const TransportFailure = Schema.Literal("ConnectionRefused", "ConnectionReset", "DnsFailure", "Other")

/**
 * @since 0.1.0
 * @category models
 */
export type TransportFailure = typeof TransportFailure.Type

/**
 * The request did not get a response: the connection was refused, reset or dropped.
 *
 * @since 0.1.0
 * @category errors
 */
export class TransportError extends Schema.TaggedError<TransportError>()("TransportError", {
  failure: TransportFailure,
  detail: Schema.String
}) {
  /** @since 0.1.0 */
  override get message() {
    return `Transport error (${this.failure}): ${this.detail}`
  }
}

/**
 * A call took longer than allowed: one attempt, or the whole operation with its retries.
 *
 * @since 0.1.0
 * @category errors
 */
export class TimeoutError extends Schema.TaggedError<TimeoutError>()("TimeoutError", {
  /**
   * What took too long: an attempt, the whole call, or the endpoint, which sent nothing for that long (`read`: the
   * response, the connection included, or the next part of its body; `connect`: the response, when only a
   * connect timeout bounds it).
   */
  scope: Schema.Literal("attempt", "operation", "connect", "read"),
  millis: Schema.Number
}) {
  /** @since 0.1.0 */
  override get message() {
    switch (this.scope) {
      case "connect":
        return `The endpoint did not answer within the connect timeout (${this.millis} ms)`
      case "read":
        return `The endpoint sent nothing for ${this.millis} ms (the read timeout)`
      default:
        return `The ${this.scope} timed out after ${this.millis} ms`
    }
  }
}

/**
 * The service returned a NextToken it had already given in the same listing; the paginator stops instead of looping.
 *
 * @since 0.1.0
 * @category errors
 */
export class PaginationLoopError extends Schema.TaggedError<PaginationLoopError>()("PaginationLoopError", {
  token: Schema.String,
  pages: Schema.Int
}) {
  /** @since 0.1.0 */
  override get message() {
    return `The service returned a NextToken it had already given in this listing after ${this.pages} page(s); stopping instead of looping`
  }
}

/**
 * No credentials could be had: the provider chain found none, or a provider failed. The request was not sent. The
 * reason is the provider's, which never carries a secret.
 *
 * @since 0.1.0
 * @category errors
 */
export class CredentialsError extends Schema.TaggedError<CredentialsError>()("CredentialsError", {
  provider: Schema.String,
  reason: Schema.String,
  /** The profile the credentials were looked for in, when one was chosen (an option or `AWS_PROFILE`). */
  profile: Schema.optional(Schema.String)
}) {
  /** @since 0.1.0 */
  override get message() {
    const profile = this.profile === undefined ? "" : ` for the profile ${JSON.stringify(this.profile)}`
    return `Could not load AWS credentials${profile} (${this.provider}): ${this.reason}`
  }
}

/**
 * Any error raised on the client's side.
 *
 * @since 0.1.0
 * @category errors
 */
export type ClientError =
  | RequestValidationError
  | ResponseDecodeError
  | TransportError
  | TimeoutError
  | PaginationLoopError
  | CredentialsError
