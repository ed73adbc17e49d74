/**
 * The errors a service answers with: the seven errors of ListProxySessions, the errors common to all AWS actions,
 * and any other name, kept as {@link UnknownServiceError}.
 *
 * Longer than most modules on purpose: the seven errors are declared one by one, because each must be a class of its
 * own (a type, a tag for `catchTag`, a schema), which `Schema.TaggedError` gives only to a declaration.
 *
 * @since 0.1.0
 */
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"
import { maskPhoneNumbers } from "./internal/redact.js"

/**
 * The HTTP statuses of the seven errors of the operation, by name.
 *
 * @since 0.1.0
 * @category constants
 */
export const operationErrorStatuses = {
  BadRequestException: 400,
  UnauthorizedClientException: 401,
  ForbiddenException: 403,
  NotFoundException: 404,
  ThrottledClientException: 429,
  ServiceFailureException: 500,
  ServiceUnavailableException: 503
} as const

/**
 * The name of one of the seven errors of the operation.
 *
 * @since 0.1.0
 * @category models
 */
export type OperationErrorName = keyof typeof operationErrorStatuses

/**
 * The messages the service answers the seven errors of the operation with when it has nothing more specific to
 * say: the one source of the simulator's, the emulator's and the wire faults' default messages.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultMessages: { readonly [Name in OperationErrorName]: string } = {
  BadRequestException: "The input parameters don't match the service's restrictions.",
  UnauthorizedClientException: "The client isn't authorized to request a resource.",
  ForbiddenException: "The client is permanently forbidden from making the request.",
  NotFoundException: "The requested resource couldn't be found.",
  ThrottledClientException: "Rate exceeded",
  ServiceFailureException: "The service encountered an unexpected error.",
  ServiceUnavailableException: "The service is currently unavailable."
}

const fields = (status: number) => ({
  Message: Schema.String,
  Code: Schema.optionalWith(Schema.String, { exact: true }),
  status: Schema.optionalWith(Schema.Int, { default: () => status }),
  requestId: Schema.optionalWith(Schema.String, { exact: true })
})

const describe = (name: string, error: { readonly Message: string; readonly requestId?: string | undefined }) =>
  maskPhoneNumbers(
    `${name}: ${error.Message === "" ? "(no message)" : error.Message}` +
      (error.requestId === undefined ? "" : ` (request id ${error.requestId})`)
  )

/**
 * 400: the input parameters don't match the service's restrictions.
 *
 * @since 0.1.0
 * @category errors
 */
export class BadRequestException extends Schema.TaggedError<BadRequestException>()(
  "BadRequestException",
  fields(operationErrorStatuses.BadRequestException)
) {
  /** @since 0.1.0 */
  override get message() {
    return describe(this._tag, this)
  }
}

/**
 * 401: the client isn't authorized to request a resource.
 *
 * @since 0.1.0
 * @category errors
 */
export class UnauthorizedClientException extends Schema.TaggedError<UnauthorizedClientException>()(
  "UnauthorizedClientException",
  fields(operationErrorStatuses.UnauthorizedClientException)
) {
  /** @since 0.1.0 */
  override get message() {
    return describe(this._tag, this)
  }
}

/**
 * 403: the client is permanently forbidden from making the request.
 *
 * @since 0.1.0
 * @category errors
 */
export class ForbiddenException extends Schema.TaggedError<ForbiddenException>()(
  "ForbiddenException",
  fields(operationErrorStatuses.ForbiddenException)
) {
  /** @since 0.1.0 */
  override get message() {
    return describe(this._tag, this)
  }
}

/**
 * 404: the requested resource couldn't be found.
 *
 * @since 0.1.0
 * @category errors
 */
export class NotFoundException
  extends Schema.TaggedError<NotFoundException>()("NotFoundException", fields(operationErrorStatuses.NotFoundException))
{
  /** @since 0.1.0 */
  override get message() {
    return describe(this._tag, this)
  }
}

/**
 * 429: the number of customer requests exceeds the request rate limit.
 *
 * @since 0.1.0
 * @category errors
 */
export class ThrottledClientException extends Schema.TaggedError<ThrottledClientException>()(
  "ThrottledClientException",
  fields(operationErrorStatuses.ThrottledClientException)
) {
  /** @since 0.1.0 */
  override get message() {
    return describe(this._tag, this)
  }
}

/**
 * 500: the service encountered an unexpected error.
 *
 * @since 0.1.0
 * @category errors
 */
export class ServiceFailureException extends Schema.TaggedError<ServiceFailureException>()(
  "ServiceFailureException",
  fields(operationErrorStatuses.ServiceFailureException)
) {
  /** @since 0.1.0 */
  override get message() {
    return describe(this._tag, this)
  }
}

/**
 * 503: the service is currently unavailable.
 *
 * @since 0.1.0
 * @category errors
 */
export class ServiceUnavailableException extends Schema.TaggedError<ServiceUnavailableException>()(
  "ServiceUnavailableException",
  fields(operationErrorStatuses.ServiceUnavailableException)
) {
  /** @since 0.1.0 */
  override get message() {
    return describe(this._tag, this)
  }
}

/**
 * The seven errors of the operation, by name, with their HTTP statuses.
 *
 * @since 0.1.0
 * @category constants
 */
export const operationErrors = {
  BadRequestException,
  UnauthorizedClientException,
  ForbiddenException,
  NotFoundException,
  ThrottledClientException,
  ServiceFailureException,
  ServiceUnavailableException
} as const

/**
 * One of the seven errors of the operation.
 *
 * @since 0.1.0
 * @category errors
 */
export type OperationError = InstanceType<(typeof operationErrors)[keyof typeof operationErrors]>

/**
 * Makes an error of the operation or a common error by its name, with the status of that name and, unless one is
 * given, its default message ({@link defaultMessages}; a common error's name when it has none).
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (name: OperationErrorName | CommonErrorName, message?: string): OperationError | CommonError =>
  Object.hasOwn(operationErrors, name)
    ? new operationErrors[name as OperationErrorName]({
      Message: message ?? defaultMessages[name as OperationErrorName]
    })
    : CommonError.of(name as CommonErrorName, message ?? name)

/**
 * The errors common to all AWS actions (the Common Errors page), and those the AWS front door also answers with,
 * with their HTTP statuses.
 *
 * @since 0.1.0
 * @category constants
 */
export const commonErrorStatuses = {
  AccessDeniedException: 400,
  IncompleteSignature: 400,
  InternalFailure: 500,
  InvalidAction: 400,
  InvalidClientTokenId: 403,
  NotAuthorized: 400,
  OptInRequired: 403,
  RequestExpired: 400,
  ServiceUnavailable: 503,
  ThrottlingException: 400,
  ValidationError: 400,
  MissingAuthenticationToken: 403,
  SignatureDoesNotMatch: 403,
  ExpiredTokenException: 403
} as const

/**
 * The name of an error common to all AWS actions.
 *
 * @since 0.1.0
 * @category models
 */
export type CommonErrorName = keyof typeof commonErrorStatuses

/**
 * @since 0.1.0
 * @category schemas
 */
export const CommonErrorName = Schema.Literal(
  ...(Object.keys(commonErrorStatuses) as [CommonErrorName, ...Array<CommonErrorName>])
)

/**
 * An error common to all AWS actions, such as `SignatureDoesNotMatch` or `RequestExpired`. Its `errorName` says
 * which one.
 *
 * @since 0.1.0
 * @category errors
 */
export class CommonError extends Schema.TaggedError<CommonError>()("CommonError", {
  errorName: CommonErrorName,
  Message: Schema.String,
  Code: Schema.optionalWith(Schema.String, { exact: true }),
  status: Schema.Int,
  requestId: Schema.optionalWith(Schema.String, { exact: true })
}) {
  /**
   * Makes a common error with the status of its name.
   *
   * @since 0.1.0
   */
  static of(errorName: CommonErrorName, Message: string, requestId?: string): CommonError {
    return new CommonError({
      errorName,
      Message,
      status: commonErrorStatuses[errorName],
      ...(requestId === undefined ? {} : { requestId })
    })
  }

  /** @since 0.1.0 */
  override get message() {
    return describe(this.errorName, this)
  }
}

/**
 * An error whose name neither the operation nor the common errors know. It keeps the name, the status and the
 * message.
 *
 * @since 0.1.0
 * @category errors
 */
export class UnknownServiceError extends Schema.TaggedError<UnknownServiceError>()("UnknownServiceError", {
  errorName: Schema.String,
  Message: Schema.String,
  Code: Schema.optionalWith(Schema.String, { exact: true }),
  status: Schema.Int,
  requestId: Schema.optionalWith(Schema.String, { exact: true })
}) {
  /** @since 0.1.0 */
  override get message() {
    return describe(`${this.errorName === "" ? "UnknownError" : this.errorName} (HTTP ${this.status})`, this)
  }
}

/**
 * Any error a service answered with.
 *
 * @since 0.1.0
 * @category errors
 */
export type ServiceError = OperationError | CommonError | UnknownServiceError

/**
 * @since 0.1.0
 * @category schemas
 */
export const ServiceError = Schema.Union(
  BadRequestException,
  UnauthorizedClientException,
  ForbiddenException,
  NotFoundException,
  ThrottledClientException,
  ServiceFailureException,
  ServiceUnavailableException,
  CommonError,
  UnknownServiceError
)

const serviceErrorTags: ReadonlySet<string> = new Set([
  ...Object.keys(operationErrors),
  "CommonError",
  "UnknownServiceError"
])

/**
 * @since 0.1.0
 * @category refinements
 */
export const isServiceError = (u: unknown): u is ServiceError =>
  Predicate.hasProperty(u, "_tag") && typeof u._tag === "string" && serviceErrorTags.has(u._tag)

/**
 * The AWS name of a service error, as the `X-Amzn-ErrorType` header carries it.
 *
 * @since 0.1.0
 * @category getters
 */
export const errorName = (error: ServiceError): string =>
  error._tag === "CommonError" || error._tag === "UnknownServiceError" ? error.errorName : error._tag

/**
 * Makes the service error for an AWS error name: one of the seven, a common error, or an unknown one, keeping the
 * status it arrived with.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromName = (
  name: string,
  options: {
    readonly status: number
    readonly message: string
    readonly code?: string | undefined
    readonly requestId?: string | undefined
  }
): ServiceError => {
  const optional = {
    ...(options.code === undefined ? {} : { Code: options.code }),
    ...(options.requestId === undefined ? {} : { requestId: options.requestId })
  }
  if (Object.hasOwn(operationErrors, name)) {
    const ErrorClass = operationErrors[name as keyof typeof operationErrors]
    return new ErrorClass({ Message: options.message, status: options.status, ...optional })
  }
  if (Object.hasOwn(commonErrorStatuses, name)) {
    const common = name as CommonErrorName
    return new CommonError({
      errorName: common,
      Message: options.message,
      status: options.status,
      ...optional
    })
  }
  return new UnknownServiceError({ errorName: name, Message: options.message, status: options.status, ...optional })
}
