/**
 * Every error a ProxySessions call can fail with, and how to classify it: throttling, transient (worth retrying)
 * or final.
 *
 * @since 0.1.0
 */
import type { ClientError } from "./ClientError.js"
import type { ServiceError } from "./ServiceError.js"
import { errorName, isServiceError } from "./ServiceError.js"

/**
 * Any error of a ProxySessions call.
 *
 * @since 0.1.0
 * @category errors
 */
export type ProxySessionsError = ServiceError | ClientError

/**
 * The error names the AWS SDKs treat as throttling.
 *
 * @since 0.1.0
 * @category constants
 */
export const throttlingErrorNames: ReadonlySet<string> = new Set([
  "ThrottledClientException",
  "Throttling",
  "ThrottlingException",
  "ThrottledException",
  "RequestThrottledException",
  "TooManyRequestsException",
  "ProvisionedThroughputExceededException",
  "TransactionInProgressException",
  "RequestLimitExceeded",
  "BandwidthLimitExceeded",
  "LimitExceededException",
  "RequestThrottled",
  "SlowDown",
  "PriorRequestNotComplete",
  "EC2ThrottledException"
])

/**
 * The error names the AWS SDKs treat as transient.
 *
 * @since 0.1.0
 * @category constants
 */
export const transientErrorNames: ReadonlySet<string> = new Set([
  "ServiceFailureException",
  "ServiceUnavailableException",
  "ServiceUnavailable",
  "InternalFailure",
  "InternalError",
  "InternalServerError",
  "RequestTimeout",
  "RequestTimeoutException",
  "TimeoutError"
])

/**
 * The HTTP statuses the AWS SDKs treat as transient.
 *
 * @since 0.1.0
 * @category constants
 */
export const transientStatuses: ReadonlySet<number> = new Set([500, 502, 503, 504])

/**
 * The error names that say the request was signed with a clock too far from the server's.
 *
 * @since 0.1.0
 * @category constants
 */
export const clockSkewErrorNames: ReadonlySet<string> = new Set([
  "RequestExpired",
  "SignatureDoesNotMatch",
  "InvalidSignatureException",
  "RequestTimeTooSkewed",
  "RequestInTheFuture",
  "AuthFailure"
])

/**
 * How a retry strategy should treat an error.
 *
 * @since 0.1.0
 * @category models
 */
export type ErrorClass = "throttling" | "transient" | "final"

/**
 * Classifies an error as the AWS SDKs' standard retry mode does.
 *
 * @since 0.1.0
 * @category classification
 */
export const classify = (error: ProxySessionsError): ErrorClass => {
  if (isServiceError(error)) {
    const name = errorName(error)
    if (error.status === 429 || throttlingErrorNames.has(name)) return "throttling"
    if (transientStatuses.has(error.status) || transientErrorNames.has(name)) return "transient"
    return "final"
  }
  switch (error._tag) {
    case "TransportError":
      return "transient"
    case "TimeoutError":
      // An attempt's, read or connect timeout is transient (as the SDKs' TimeoutError, botocore's ReadTimeoutError
      // and ConnectTimeoutError); the operation's bounds the retries themselves.
      return error.scope === "operation" ? "final" : "transient"
    case "ResponseDecodeError":
      // A proxy's HTML error page in front of the service is as transient as the status it came with.
      return error.status === 429 ? "throttling" : transientStatuses.has(error.status) ? "transient" : "final"
    default:
      return "final"
  }
}

/**
 * @since 0.1.0
 * @category classification
 */
export const isThrottling = (error: ProxySessionsError): boolean => classify(error) === "throttling"

/**
 * Whether the error is worth retrying: throttling or transient.
 *
 * @since 0.1.0
 * @category classification
 */
export const isRetryable = (error: ProxySessionsError): boolean => classify(error) !== "final"

/**
 * Whether the error is transient (not throttling) and worth retrying.
 *
 * @since 0.1.0
 * @category classification
 */
export const isTransient = (error: ProxySessionsError): boolean => classify(error) === "transient"

/**
 * Whether the error says the request's clock was too far from the server's.
 *
 * @since 0.1.0
 * @category classification
 */
export const isClockSkew = (error: ProxySessionsError): boolean =>
  isServiceError(error) && clockSkewErrorNames.has(errorName(error))
