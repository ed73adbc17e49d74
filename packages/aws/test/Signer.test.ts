import { AwsError, Signer } from "@chime-proxy/aws"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Redacted from "effect/Redacted"
import { accessKeyId, secretAccessKey, sessionToken } from "./utils.js"

const credentials = {
  accessKeyId,
  secretAccessKey: Redacted.make(secretAccessKey),
  sessionToken: Redacted.make(sessionToken)
}
const signingDate = new Date("2026-01-15T10:00:00Z")
const options = { credentials, region: "us-east-1", signingDate }
const query: ReadonlyArray<readonly [string, string]> = [["next-token", "a+b c"], ["status", "Open"]]

const signingError = (exit: Exit.Exit<unknown, AwsError.SigningError>): AwsError.SigningError => {
  if (Exit.isSuccess(exit)) return assert.fail("expected a SigningError")
  const failure = exit.cause._tag === "Fail" ? exit.cause.error : undefined
  assert.instanceOf(failure, AwsError.SigningError, `expected a typed failure, got ${exit.cause._tag}`)
  return failure as AwsError.SigningError
}

describe("Signer", () => {
  it.effect("signRequest signs what sign signs, from the request's URL", () =>
    Effect.gen(function*() {
      const signer = yield* Signer.make
      const url = new URL(
        "https://voice-chime.us-east-1.amazonaws.com/voice-connectors/vc%201/proxy-sessions?next-token=a%2Bb%20c&status=Open"
      )
      const headers = { "x-amz-user-agent": "test" }
      const request = { method: "GET", url, path: "/voice-connectors/vc%201/proxy-sessions", query, headers }
      const direct = yield* Signer.sign({ ...options, request })
      const signed = yield* signer.signRequest(HttpClientRequest.get(url.href, { headers }), options)
      assert.strictEqual(signed.headers["authorization"], direct["authorization"])
      assert.strictEqual(signed.headers["x-amz-security-token"], sessionToken)
      // The signer's cached SignatureV4 signs the same way twice.
      const again = yield* signer.sign({ ...options, request })
      assert.strictEqual((yield* signer.sign({ ...options, request }))["authorization"], again["authorization"])
      assert.strictEqual(again["authorization"], direct["authorization"])
    }))

  it.effect("a signing failure is a typed error with a readable message, never a defect", () =>
    Effect.gen(function*() {
      const url = new URL("https://voice-chime.us-east-1.amazonaws.com/x")
      const badDate = signingError(
        yield* Effect.exit(Signer.sign({
          ...options,
          signingDate: new Date(Number.NaN),
          request: { method: "GET", url, path: "/x", query: [], headers: {} }
        }))
      )
      assert.include(badDate.message, "Could not sign the request")
      const signer = yield* Signer.make
      const badQuery = signingError(
        yield* Effect.exit(signer.signRequest(HttpClientRequest.get(`${url.href}?a=%zz`), options))
      )
      assert.include(badQuery.message, "the URL cannot be signed")
      for (const error of [badDate, badQuery]) assert.notInclude(error.message, secretAccessKey)
    }))

  it.effect("a control character in the region, the access key id or the session token is a typed error, its value unsaid", () =>
    Effect.gen(function*() {
      const url = new URL("https://voice-chime.us-east-1.amazonaws.com/x")
      const request = { method: "GET", url, path: "/x", query: [], headers: {} }
      const signer = yield* Signer.make
      const cases = [
        { what: "the region", options: { ...options, region: "us-east-1\u001b[31m" } },
        {
          what: "the access key id",
          options: { ...options, credentials: { ...credentials, accessKeyId: "AKIA\u001b[31m" } }
        },
        {
          what: "the session token",
          options: { ...options, credentials: { ...credentials, sessionToken: Redacted.make("abc\ndef") } }
        }
      ]
      for (const { options, what } of cases) {
        for (
          const exit of [
            yield* Effect.exit(Signer.sign({ ...options, request })),
            yield* Effect.exit(signer.sign({ ...options, request }))
          ]
        ) {
          const error = signingError(exit)
          assert.include(error.message, `${what} holds a control character`)
          // eslint-disable-next-line no-control-regex -- what the message must not hold
          assert.notMatch(error.message, /[\u0000-\u001f]/)
          assert.notInclude(error.message, "abc")
        }
      }
      // The same signer still signs good credentials.
      assert.isString((yield* signer.sign({ ...options, request }))["authorization"])
    }))
})
