import { ClientError, ServiceError } from "@chime-proxy/core"
import { assert, describe, it } from "@effect/vitest"
import * as Diagnostic from "../src/Diagnostic.js"

describe("Diagnostic", () => {
  it("maps errors to exit statuses and hints", () => {
    const throttled = Diagnostic.describe(new ServiceError.ThrottledClientException({ Message: "slow down" }))
    assert.deepStrictEqual(throttled, {
      exitCode: 1,
      lines: [
        "ThrottledClientException: slow down",
        "The service is throttling the requests: retry later, or lower --page-size."
      ]
    })
    const invalid = Diagnostic.describe(
      new ClientError.RequestValidationError({ field: "MaxResults", constraint: "MaxResults must be at most 100" })
    )
    assert.deepStrictEqual(invalid, {
      exitCode: 2,
      lines: ["Invalid value for --page-size: MaxResults must be at most 100"]
    })
    const refused = Diagnostic.describe(
      new ClientError.TransportError({ failure: "ConnectionRefused", detail: "connect ECONNREFUSED 127.0.0.1:9" })
    )
    assert.strictEqual(refused.exitCode, 1)
    assert.include(refused.lines[1], "--endpoint-url")
    const skew = Diagnostic.describe(ServiceError.CommonError.of("SignatureDoesNotMatch", "bad signature"))
    assert.include(skew.lines[1], "system clock")
    const credentials = Diagnostic.describe(
      new ClientError.CredentialsError({ provider: "default chain", reason: "no provider had credentials" })
    )
    assert.strictEqual(credentials.exitCode, 1)
    assert.include(credentials.lines[1], "AWS_PROFILE")
    const usage = Diagnostic.describe(new Diagnostic.UsageError({ reason: "no", hint: "try this" }))
    assert.deepStrictEqual(usage, { exitCode: 2, lines: ["no", "try this"] })
    assert.strictEqual(
      Diagnostic.format("p", { exitCode: 1, lines: ["call +1 206 555 0100 failed", "hint"] }),
      "p: call <redacted> failed\n  hint\n"
    )
  })
})
