/**
 * How a failure reads on stderr, and the exit status it gives: the error's AWS name, its message, and what to try.
 * Usage errors exit with 2, service and network errors with 1. Nothing shaped like a phone number gets through.
 *
 * @since 0.1.0
 */
import { ProxySessionsError, ServiceError } from "@chime-proxy/core"
import * as ConfigError from "effect/ConfigError"
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"
import * as Terminal from "./Terminal.js"

/**
 * The command line asks for something that cannot be done: options that conflict, or one that is missing.
 *
 * @since 0.1.0
 * @category errors
 */
export class UsageError extends Schema.TaggedError<UsageError>()("UsageError", {
  reason: Schema.String,
  hint: Schema.optional(Schema.String)
}) {
  /** @since 0.1.0 */
  override get message() {
    return this.reason
  }
}

/**
 * The program cannot do what it was asked for a reason of its own (it cannot start, a file cannot be read): the
 * reason is printed as it is, and the program exits with 1.
 *
 * @since 0.1.0
 * @category errors
 */
export class Failure extends Schema.TaggedError<Failure>()("Failure", {
  reason: Schema.String,
  hint: Schema.optional(Schema.String)
}) {
  /** @since 0.1.0 */
  override get message() {
    return this.reason
  }
}

/**
 * What to print and how to exit.
 *
 * @since 0.1.0
 * @category models
 */
export interface Diagnostic {
  readonly exitCode: 1 | 2
  readonly lines: ReadonlyArray<string>
}

const credentialHint =
  "Check the credentials: set AWS_PROFILE or pass --profile, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY " +
  "(and AWS_SESSION_TOKEN for temporary ones)."

const clockHint = "The request's signature was refused: check the credentials, and that the system clock is correct."

const serviceHint = (error: ServiceError.ServiceError): string | undefined => {
  const name = ServiceError.errorName(error)
  if (ProxySessionsError.isThrottling(error)) {
    return "The service is throttling the requests: retry later, or lower --page-size."
  }
  if (ProxySessionsError.isClockSkew(error)) return clockHint
  switch (name) {
    case "NotFoundException":
      return "Check the voice connector id, and the region it lives in (--region): connectors are regional."
    case "BadRequestException":
    case "ValidationError":
      return "Check the option values (--voice-connector-id, --status, --page-size, --starting-token)."
    case "UnauthorizedClientException":
    case "MissingAuthenticationToken":
    case "InvalidClientTokenId":
    case "IncompleteSignature":
    case "ExpiredTokenException":
      return credentialHint
    case "ForbiddenException":
    case "AccessDeniedException":
    case "NotAuthorized":
      return "The credentials are not allowed to call chime:ListProxySessions: check the IAM policy of the " +
        "identity, or use another profile (--profile)."
    case "OptInRequired":
      return "The account is not subscribed to Amazon Chime SDK Voice in this region."
  }
  if (ProxySessionsError.isTransient(error)) return "The service failed on its side: retry later."
  return undefined
}

// The request fields of ListProxySessions, as the options that set them.
const optionOfField: Record<string, string> = {
  VoiceConnectorId: "--voice-connector-id",
  MaxResults: "--page-size",
  NextToken: "--starting-token",
  Status: "--status",
  maxItems: "--max-items"
}

const isTagged = (u: unknown): u is { readonly _tag: string } =>
  Predicate.hasProperty(u, "_tag") && typeof u._tag === "string"

const messageOf = (u: unknown): string =>
  Predicate.hasProperty(u, "message") && typeof u.message === "string" && u.message !== "" ? u.message : String(u)

/**
 * Describes a failure of a ProxySessions call.
 *
 * @since 0.1.0
 * @category diagnostics
 */
export const describeProxySessionsError = (error: ProxySessionsError.ProxySessionsError): Diagnostic => {
  if (ServiceError.isServiceError(error)) {
    const hint = serviceHint(error)
    return { exitCode: 1, lines: [error.message, ...(hint === undefined ? [] : [hint])] }
  }
  switch (error._tag) {
    case "RequestValidationError": {
      const option = optionOfField[error.field]
      return {
        exitCode: 2,
        lines: [
          option === undefined ? error.message : `Invalid value for ${option}: ${error.constraint}`
        ]
      }
    }
    case "TransportError":
      return {
        exitCode: 1,
        lines: [
          error.message,
          "Could not reach the endpoint: check --endpoint-url (or the region) and the network, then retry."
        ]
      }
    case "TimeoutError":
      return { exitCode: 1, lines: [error.message, "The endpoint is slow to answer: retry later."] }
    case "ResponseDecodeError":
      return {
        exitCode: 1,
        lines: [
          error.message,
          "The endpoint did not answer like Amazon Chime SDK Voice: check --endpoint-url, and any proxy in between."
        ]
      }
    case "PaginationLoopError":
      return {
        exitCode: 1,
        lines: [error.message, "Use --max-items to take what comes before the loop, or retry later."]
      }
    case "CredentialsError":
      return {
        exitCode: 1,
        lines: [
          error.message,
          // The profile was chosen (--profile or AWS_PROFILE): suggesting to choose one would send the user in circles.
          error.profile === undefined
            ? credentialHint
            : `Check the profile ${JSON.stringify(error.profile)} in the shared config and credentials files ` +
              "(~/.aws/config, ~/.aws/credentials), or choose another profile."
        ]
      }
  }
}

/**
 * Describes any failure of the program: a usage error, an error of the service or the network, a configuration
 * that cannot be read, or anything else (exit 1).
 *
 * @since 0.1.0
 * @category diagnostics
 */
export const describe = (error: unknown): Diagnostic => {
  if (error instanceof UsageError || error instanceof Failure) {
    return {
      exitCode: error instanceof UsageError ? 2 : 1,
      lines: [error.reason, ...(error.hint === undefined ? [] : [error.hint])]
    }
  }
  if (ServiceError.isServiceError(error)) return describeProxySessionsError(error)
  if (ConfigError.isConfigError(error)) {
    return { exitCode: 1, lines: [`Configuration: ${String(error)}`, credentialHint] }
  }
  if (isTagged(error)) {
    switch (error._tag) {
      case "RequestValidationError":
      case "TransportError":
      case "TimeoutError":
      case "ResponseDecodeError":
      case "PaginationLoopError":
      case "CredentialsError":
        return describeProxySessionsError(error as ProxySessionsError.ProxySessionsError)
    }
    if (error._tag === "ConfigurationError") {
      return {
        exitCode: 1,
        lines: [
          `ConfigurationError: ${messageOf(error)}`,
          "Pass --region (or set AWS_REGION) and, to call the emulator, --endpoint-url; or choose a --profile."
        ]
      }
    }
    const text = messageOf(error)
    const hint = /credential/i.test(`${error._tag} ${text}`) ? [credentialHint] : []
    return { exitCode: 1, lines: [text.startsWith(error._tag) ? text : `${error._tag}: ${text}`, ...hint] }
  }
  return { exitCode: 1, lines: [messageOf(error)] }
}

/**
 * The lines of a diagnostic as stderr shows them: the first one prefixed with the program's name, all of them with
 * phone numbers masked and control characters escaped ({@link Terminal.safeLine}), so that no text of a server or
 * of the command line can act on the terminal or forge a line.
 *
 * @since 0.1.0
 * @category rendering
 */
export const format = (program: string, diagnostic: Diagnostic): string =>
  diagnostic.lines.map((line, i) => i === 0 ? `${program}: ${Terminal.safeLine(line)}` : `  ${Terminal.safeLine(line)}`)
    .join("\n") + "\n"
