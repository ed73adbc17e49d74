import { ClientError, ProxySessionsError, ServiceError } from "@chime-proxy/core"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"

const failWith = (
  error: ProxySessionsError.ProxySessionsError
): Effect.Effect<never, ProxySessionsError.ProxySessionsError> => Effect.fail(error)

describe("errors", () => {
  it.effect("every error can be caught by its tag", () =>
    Effect.gen(function*() {
      const errors: ReadonlyArray<ProxySessionsError.ProxySessionsError> = [
        ...Object.values(ServiceError.operationErrors).map((ErrorClass) => new ErrorClass({ Message: "m" })),
        ServiceError.CommonError.of("RequestExpired", "too old"),
        new ServiceError.UnknownServiceError({ errorName: "Odd", Message: "m", status: 409 }),
        new ClientError.RequestValidationError({ field: "MaxResults", constraint: "too big" }),
        new ClientError.ResponseDecodeError({ status: 200, reason: "not JSON", excerpt: "<html>" }),
        new ClientError.TransportError({ failure: "ConnectionReset", detail: "socket hang up" }),
        new ClientError.TimeoutError({ scope: "attempt", millis: 1000 }),
        new ClientError.PaginationLoopError({ token: "t", pages: 2 }),
        new ClientError.CredentialsError({ provider: "environment", reason: "AWS_ACCESS_KEY_ID is not set" })
      ]
      for (const error of errors) {
        const caught = yield* failWith(error).pipe(
          Effect.catchTag(error._tag as never, (e: ProxySessionsError.ProxySessionsError) => Effect.succeed(e._tag))
        )
        assert.strictEqual(caught, error._tag)
        assert.isAbove(error.message.length, 0)
        assert.instanceOf(error, Error)
      }
    }))

  it("operation errors carry their status, Code, Message and request id, readably", () => {
    const expected = {
      BadRequestException: 400,
      UnauthorizedClientException: 401,
      ForbiddenException: 403,
      NotFoundException: 404,
      ThrottledClientException: 429,
      ServiceFailureException: 500,
      ServiceUnavailableException: 503
    }
    for (const [name, status] of Object.entries(expected)) {
      const ErrorClass = ServiceError.operationErrors[name as keyof typeof expected]
      const error = new ErrorClass({ Message: "it went wrong", Code: "Code", requestId: "req-9" })
      assert.strictEqual(error.status, status)
      assert.strictEqual(error.message, `${name}: it went wrong (request id req-9)`)
    }
  })

  it("common errors are recognised by name with their statuses", () => {
    assert.strictEqual(ServiceError.CommonError.of("MissingAuthenticationToken", "m").status, 403)
    assert.strictEqual(ServiceError.CommonError.of("IncompleteSignature", "m").status, 400)
    assert.strictEqual(ServiceError.CommonError.of("InvalidClientTokenId", "m").status, 403)
    assert.strictEqual(ServiceError.CommonError.of("SignatureDoesNotMatch", "m").status, 403)
    assert.strictEqual(ServiceError.CommonError.of("RequestExpired", "m").status, 400)
    assert.strictEqual(ServiceError.CommonError.of("InternalFailure", "m").status, 500)
    assert.strictEqual(ServiceError.fromName("OptInRequired", { status: 403, message: "m" })._tag, "CommonError")
  })

  it("classifies throttling, transient and final errors as the SDKs do", () => {
    const classify = (name: string, status: number) =>
      ProxySessionsError.classify(ServiceError.fromName(name, { status, message: "m" }))
    assert.strictEqual(classify("ThrottledClientException", 429), "throttling")
    assert.strictEqual(classify("ThrottlingException", 400), "throttling")
    assert.strictEqual(classify("SlowDown", 503), "throttling")
    assert.strictEqual(classify("Whatever", 429), "throttling")
    assert.strictEqual(classify("ServiceFailureException", 500), "transient")
    assert.strictEqual(classify("ServiceUnavailableException", 503), "transient")
    assert.strictEqual(classify("Whatever", 502), "transient")
    assert.strictEqual(classify("Whatever", 504), "transient")
    assert.strictEqual(classify("BadRequestException", 400), "final")
    assert.strictEqual(classify("NotFoundException", 404), "final")
    assert.strictEqual(classify("SignatureDoesNotMatch", 403), "final")
    const transport = new ClientError.TransportError({ failure: "ConnectionRefused", detail: "" })
    assert.isTrue(ProxySessionsError.isTransient(transport))
    assert.isTrue(ProxySessionsError.isRetryable(new ClientError.TimeoutError({ scope: "attempt", millis: 1 })))
    assert.isFalse(ProxySessionsError.isRetryable(new ClientError.TimeoutError({ scope: "operation", millis: 1 })))
    // The AWS CLI's read and connect timeouts are transient, as botocore's ReadTimeoutError and ConnectTimeoutError.
    assert.isTrue(ProxySessionsError.isTransient(new ClientError.TimeoutError({ scope: "read", millis: 1 })))
    assert.isTrue(ProxySessionsError.isTransient(new ClientError.TimeoutError({ scope: "connect", millis: 1 })))
    assert.isTrue(
      ProxySessionsError.isTransient(new ClientError.ResponseDecodeError({ status: 502, reason: "", excerpt: "" }))
    )
    assert.isFalse(
      ProxySessionsError.isRetryable(new ClientError.RequestValidationError({ field: "f", constraint: "c" }))
    )
    assert.isFalse(ProxySessionsError.isRetryable(new ClientError.CredentialsError({ provider: "p", reason: "r" })))
    assert.isTrue(ProxySessionsError.isThrottling(ServiceError.fromName("Throttling", { status: 400, message: "" })))
  })

  it("tells clock-skew errors", () => {
    assert.isTrue(ProxySessionsError.isClockSkew(ServiceError.CommonError.of("RequestExpired", "m")))
    assert.isTrue(ProxySessionsError.isClockSkew(ServiceError.CommonError.of("SignatureDoesNotMatch", "m")))
    assert.isTrue(
      ProxySessionsError.isClockSkew(ServiceError.fromName("InvalidSignatureException", { status: 403, message: "" }))
    )
    assert.isFalse(ProxySessionsError.isClockSkew(new ServiceError.NotFoundException({ Message: "m" })))
  })
})
