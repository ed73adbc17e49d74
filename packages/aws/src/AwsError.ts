/**
 * The errors of the live AWS layer that are not errors of a call: a configuration that cannot work, and
 * credentials that cannot be had.
 *
 * @since 0.1.0
 */
import { ClientError } from "@chime-proxy/core"
import * as Schema from "effect/Schema"

/**
 * The configuration cannot work: no region, a malformed endpoint, FIPS or dual-stack with a custom endpoint, a
 * value of an environment variable that is not of its type. Raised when the layer is built, before any request.
 *
 * @since 0.1.0
 * @category errors
 */
export class ConfigurationError extends Schema.TaggedError<ConfigurationError>()("ConfigurationError", {
  reason: Schema.String
}) {
  /** @since 0.1.0 */
  override get message() {
    return this.reason
  }
}

/**
 * No credentials could be had: the provider chain found none, or a provider failed. It is core's, so that a call
 * of ProxySessions can fail with it.
 *
 * @since 0.1.0
 * @category errors
 */
export const CredentialsError = ClientError.CredentialsError

/**
 * @since 0.1.0
 * @category errors
 */
export type CredentialsError = ClientError.CredentialsError

/**
 * A request could not be signed: the signer rejected the credentials or the request. The request was not sent.
 *
 * @since 0.1.0
 * @category errors
 */
export class SigningError extends Schema.TaggedError<SigningError>()("SigningError", {
  reason: Schema.String
}) {
  /** @since 0.1.0 */
  override get message() {
    return `Could not sign the request with SigV4: ${this.reason}`
  }
}
