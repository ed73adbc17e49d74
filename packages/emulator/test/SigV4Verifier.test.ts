import { Wire } from "@chime-proxy/core"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as fc from "effect/FastCheck"
import { SigV4Verifier } from "../src/index.js"
import { credential, sign } from "./utils.js"

const host = "127.0.0.1:4599"
const now = Date.parse("2025-06-01T12:00:00.000Z")
const verifier = SigV4Verifier.make({ region: "us-east-1", credentials: [credential] })
const target = "/voice-connectors/abc/proxy-sessions?max-results=5"

const signed = (
  url: string,
  options: Omit<Parameters<typeof sign>[0], "url"> = {}
) => Effect.promise(() => sign({ url: `http://${host}${url}`, signingDate: new Date(now), ...options }))

const verify = (url: string, headers: Record<string, string>, at = now) =>
  Effect.either(verifier.verify({ method: "GET", url, headers, now: at }))

const expectError = (
  result: Either.Either<SigV4Verifier.Identity, SigV4Verifier.VerificationError>,
  name: string,
  status: number
) => {
  assert.isTrue(Either.isLeft(result), `expected ${name}`)
  if (Either.isLeft(result)) {
    const error = result.left
    assert.strictEqual(error._tag === "CommonError" ? error.errorName : error._tag, name)
    assert.strictEqual(error.status, status)
    assert.notInclude(error.Message, credential.secretAccessKey)
  }
}

describe("SigV4Verifier", () => {
  it.effect("accepts what the SDK v3 signs: amz-sdk-*, x-amz-content-sha256, x-amz-user-agent", () =>
    Effect.gen(function*() {
      const headers = yield* signed(target, {
        applyChecksum: true,
        headers: {
          "amz-sdk-invocation-id": "5c3b0b8e-0000-4000-8000-000000000000",
          "amz-sdk-request": "attempt=1; max=3",
          "x-amz-user-agent": "aws-sdk-js/3.1142.0"
        }
      })
      assert.include(
        headers["authorization"],
        "SignedHeaders=amz-sdk-invocation-id;amz-sdk-request;host;x-amz-content-sha256;x-amz-date;x-amz-user-agent,"
      )
      const result = yield* verify(target, { ...headers, "user-agent": "unsigned", accept: "*/*" })
      assert.deepStrictEqual(result, Either.right({ accessKeyId: credential.accessKeyId, sessionToken: undefined }))
    }))

  it.effect("accepts what the AWS CLI signs: host and x-amz-date alone", () =>
    Effect.gen(function*() {
      const headers = yield* signed(target)
      assert.include(headers["authorization"], "SignedHeaders=host;x-amz-date,")
      assert.isTrue(Either.isRight(yield* verify(target, { ...headers, "content-type": "application/json" })))
    }))

  it.effect("signs the raw path as received: a label with a space, a slash and a percent sign", () =>
    Effect.gen(function*() {
      const url = `/voice-connectors/${Wire.escape("a b/c%d")}/proxy-sessions?next-token=${Wire.escape("x+y=z/")}`
      assert.strictEqual(url, "/voice-connectors/a%20b%2Fc%25d/proxy-sessions?next-token=x%2By%3Dz%2F")
      assert.isTrue(Either.isRight(yield* verify(url, yield* signed(url))))
    }))

  it.effect("accepts a session token for a known key; a key pinned to a token refuses any other", () =>
    Effect.gen(function*() {
      const headers = yield* signed(target, { sessionToken: "token-1" })
      assert.include(headers["authorization"], "x-amz-security-token")
      assert.deepStrictEqual(
        yield* verify(target, headers),
        Either.right({ accessKeyId: credential.accessKeyId, sessionToken: "token-1" })
      )
      const pinned = SigV4Verifier.make({
        region: "us-east-1",
        credentials: [{ ...credential, sessionToken: "token-2" }]
      })
      expectError(
        yield* Effect.either(pinned.verify({ method: "GET", url: target, headers, now })),
        "InvalidClientTokenId",
        403
      )
    }))

  it.effect("no Authorization header: MissingAuthenticationToken (403)", () =>
    Effect.gen(function*() {
      expectError(yield* verify(target, { host }), "MissingAuthenticationToken", 403)
    }))

  it.effect("a malformed Authorization header: IncompleteSignature (400)", () =>
    Effect.gen(function*() {
      const headers = yield* signed(target)
      const good = headers["authorization"]
      assert.isDefined(good)
      const cases = [
        "Bearer abc",
        "AWS4-HMAC-SHA256",
        good.replace(/, Signature=[0-9a-f]+/, ""),
        good.replace("SignedHeaders=host;x-amz-date", "SignedHeaders=x-amz-date"),
        good.replace("SignedHeaders=host;x-amz-date", "SignedHeaders=Host;X Amz"),
        good.replace(/Signature=[0-9a-f]+/, "Signature=xyz"),
        good.replace(/Credential=[^,]+/, "Credential=AKID/20250601/us-east-1/chime"),
        good.replace("Credential=", "Credential"),
        `${good}, Signature=${"0".repeat(64)}`
      ]
      for (const authorization of cases) {
        expectError(yield* verify(target, { ...headers, authorization }), "IncompleteSignature", 400)
      }
      const { "x-amz-date": _, ...withoutDate } = headers
      expectError(yield* verify(target, withoutDate), "IncompleteSignature", 400)
      for (const date of ["2025-06-01T12:00:00Z", "20250230T120000Z", "20250601T250000Z", ""]) {
        expectError(yield* verify(target, { ...headers, "x-amz-date": date }), "IncompleteSignature", 400)
      }
    }))

  it.effect("an unknown access key: InvalidClientTokenId (403)", () =>
    Effect.gen(function*() {
      expectError(
        yield* verify(target, yield* signed(target, { accessKeyId: "AKIAUNKNOWN000000000" })),
        "InvalidClientTokenId",
        403
      )
    }))

  it.effect("a wrong secret or anything changed after signing: SignatureDoesNotMatch (403)", () =>
    Effect.gen(function*() {
      expectError(
        yield* verify(target, yield* signed(target, { secretAccessKey: "wrong" })),
        "SignatureDoesNotMatch",
        403
      )
      const headers = yield* signed(target, { headers: { "x-amz-user-agent": "a" } })
      expectError(yield* verify(`${target}&status=Open`, headers), "SignatureDoesNotMatch", 403)
      expectError(yield* verify(target.replace("abc", "abd"), headers), "SignatureDoesNotMatch", 403)
      expectError(yield* verify(target, { ...headers, "x-amz-user-agent": "b" }), "SignatureDoesNotMatch", 403)
      const { "x-amz-user-agent": _, ...withoutSigned } = headers
      expectError(yield* verify(target, withoutSigned), "SignatureDoesNotMatch", 403)
      expectError(yield* verify(target, { ...headers, host: "example.com" }), "SignatureDoesNotMatch", 403)
    }))

  it.effect("every one of the 64 hex digits of the signature is checked: changing any single one is refused", () =>
    Effect.gen(function*() {
      const headers = yield* signed(target)
      const good = headers["authorization"]
      assert.isDefined(good)
      const signature = /Signature=([0-9a-f]{64})$/.exec(good)?.[1]
      assert.isDefined(signature)
      assert.isTrue(Either.isRight(yield* verify(target, headers)))
      for (let position = 0; position < 64; position++) {
        // Every other value of the digit: a change of one bit or of all four.
        for (const digit of "0123456789abcdef") {
          if (digit === signature![position]) continue
          const changed = `${signature!.slice(0, position)}${digit}${signature!.slice(position + 1)}`
          const authorization = good!.replace(signature!, changed)
          expectError(yield* verify(target, { ...headers, authorization }), "SignatureDoesNotMatch", 403)
        }
      }
    }))

  it.effect("a credential scoped to another region, service, date or terminator: SignatureDoesNotMatch", () =>
    Effect.gen(function*() {
      expectError(yield* verify(target, yield* signed(target, { region: "eu-west-1" })), "SignatureDoesNotMatch", 403)
      expectError(yield* verify(target, yield* signed(target, { service: "s3" })), "SignatureDoesNotMatch", 403)
      const headers = yield* signed(target)
      const signature = headers["authorization"]
      assert.isDefined(signature)
      for (
        const authorization of [
          signature.replace("/20250601/", "/20250602/"),
          signature.replace("/aws4_request", "/aws5_request")
        ]
      ) {
        expectError(yield* verify(target, { ...headers, authorization }), "SignatureDoesNotMatch", 403)
      }
    }))

  it.effect("x-amz-date more than 15 minutes from the server's clock, either way: RequestExpired (400)", () =>
    Effect.gen(function*() {
      const headers = yield* signed(target)
      expectError(yield* verify(target, headers, now + 16 * 60 * 1000), "RequestExpired", 400)
      expectError(yield* verify(target, headers, now - 16 * 60 * 1000), "RequestExpired", 400)
      assert.isTrue(Either.isRight(yield* verify(target, headers, now + 14 * 60 * 1000)))
      assert.isTrue(Either.isRight(yield* verify(target, headers, now - 14 * 60 * 1000)))
    }))

  it.effect("a query that is not valid percent-encoding is a BadRequestException", () =>
    Effect.gen(function*() {
      const headers = yield* signed(target)
      const result = yield* verify("/voice-connectors/abc/proxy-sessions?next-token=%E0%A4%A", headers)
      assert.isTrue(Either.isLeft(result) && result.left._tag === "BadRequestException")
    }))

  it.effect.prop(
    "any label and query the SDK encodes verifies, and a changed signature never does",
    {
      label: fc.string({ minLength: 1, maxLength: 40, unit: "binary" }),
      token: fc.string({ maxLength: 60, unit: "binary" }),
      flip: fc.nat({ max: 63 })
    },
    ({ flip, label, token }) =>
      Effect.gen(function*() {
        const url = `/voice-connectors/${Wire.escape(label)}/proxy-sessions?next-token=${Wire.escape(token)}`
        const headers = yield* signed(url)
        assert.isTrue(Either.isRight(yield* verify(url, headers)))
        const good = headers["authorization"]
        assert.isDefined(good)
        const authorization = good.replace(/Signature=([0-9a-f]{64})/, (_, signature: string) =>
          `Signature=${signature.slice(0, flip)}${signature[flip] === "0" ? "1" : "0"}${signature.slice(flip + 1)}`)
        expectError(yield* verify(url, { ...headers, authorization }), "SignatureDoesNotMatch", 403)
      }),
    { fastCheck: { numRuns: 60 } }
  )

  it.effect.prop(
    "headers of any value the signer signs verify, however their whitespace runs, and a changed value never does",
    {
      values: fc.array(fc.stringMatching(/^[ \t]*[!-~]([ \t!-~]*[!-~])?[ \t]*$/), { minLength: 1, maxLength: 4 })
    },
    ({ values }) =>
      Effect.gen(function*() {
        const extra = Object.fromEntries(values.map((value, i) => [`x-extra-${i}`, value]))
        const headers = yield* signed(target, { headers: extra })
        assert.include(headers["authorization"], "x-extra-0")
        assert.isTrue(Either.isRight(yield* verify(target, headers)))
        expectError(
          yield* verify(target, { ...headers, "x-extra-0": `${headers["x-extra-0"]}x` }),
          "SignatureDoesNotMatch",
          403
        )
      }),
    { fastCheck: { numRuns: 60 } }
  )

  it.effect("signatures of two days verify side by side: each day has its own signing key", () =>
    Effect.gen(function*() {
      const midnight = Date.parse("2025-06-02T00:00:00.000Z")
      const before = yield* signed(target, { signingDate: new Date(midnight - 5 * 60_000) })
      const after = yield* signed(target, { signingDate: new Date(midnight + 5 * 60_000) })
      for (let round = 0; round < 2; round++) {
        assert.isTrue(Either.isRight(yield* verify(target, before, midnight)))
        assert.isTrue(Either.isRight(yield* verify(target, after, midnight)))
      }
      const other = SigV4Verifier.make({
        region: "us-east-1",
        credentials: [credential, { accessKeyId: "AKIAOTHERKEY00000000", secretAccessKey: "another secret" }]
      })
      const otherHeaders = yield* signed(target, {
        accessKeyId: "AKIAOTHERKEY00000000",
        secretAccessKey: "another secret"
      })
      for (const headers of [yield* signed(target), otherHeaders, yield* signed(target)]) {
        assert.isTrue(Either.isRight(yield* Effect.either(other.verify({ method: "GET", url: target, headers, now }))))
      }
    }))
})
