// The edges of the SigV4 verifier that SigV4Verifier.test.ts does not pin down: the exact message of every refusal
// (AWS's wording is what clients log and match on), the limits of the clock-skew window to the millisecond, headers
// given as arrays, the payload hash, queries with repeated names, and every field of a parsed Authorization header.
// Written for the mutants Stryker found surviving (npm run mutation -- sigv4).
import { ServiceError } from "@chime-proxy/core"
import { assert, describe, it } from "@effect/vitest"
import { Hash } from "@smithy/hash-node"
import { SignatureV4 } from "@smithy/signature-v4"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { createHash } from "node:crypto"
import { SigV4Verifier } from "../src/index.js"
import { credential, sign } from "./utils.js"

const host = "127.0.0.1:4599"
const now = Date.parse("2025-06-01T12:00:00.000Z")
const verifier = SigV4Verifier.make({ region: "us-east-1", credentials: [credential] })
const target = "/voice-connectors/abc/proxy-sessions?max-results=5"
const minute = 60_000

const signed = (url: string, options: Omit<Parameters<typeof sign>[0], "url"> = {}) =>
  Effect.promise(() => sign({ url: `http://${host}${url}`, signingDate: new Date(now), ...options }))

const verifyWith = (
  request: Partial<SigV4Verifier.SignedRequest> & Pick<SigV4Verifier.SignedRequest, "headers">,
  using: SigV4Verifier.Verifier = verifier
) => using.verifyEither({ method: "GET", url: target, now, ...request })

/** The error's name, status and message, for one assertion on all three. */
interface Outcome {
  readonly accepted?: SigV4Verifier.Identity
  readonly name?: string
  readonly status?: number
  readonly message?: string
}

const refusal = (result: Either.Either<SigV4Verifier.Identity, SigV4Verifier.VerificationError>): Outcome => {
  if (Either.isRight(result)) return { accepted: result.right }
  const error = result.left
  return {
    name: error._tag === "CommonError" ? error.errorName : error._tag,
    status: error.status,
    message: error.Message
  }
}

const mismatch = (message: string) => ({ name: "SignatureDoesNotMatch", status: 403, message })
const incomplete = (message: string) => ({ name: "IncompleteSignature", status: 400, message })
const accepted = { accepted: { accessKeyId: credential.accessKeyId, sessionToken: undefined } }

describe("SigV4Verifier: what each refusal says", () => {
  it.effect("no Authorization header, an empty one, a blank one or an empty list: MissingAuthenticationToken", () =>
    Effect.gen(function*() {
      const headers = yield* signed(target)
      for (const authorization of [undefined, "", "  \t", []]) {
        assert.deepStrictEqual(refusal(verifyWith({ headers: { ...headers, authorization } })), {
          name: "MissingAuthenticationToken",
          status: 403,
          message: "Missing Authentication Token"
        })
      }
    }))

  it.effect("X-Amz-Date missing or not in the basic format, named and cut to 32 characters", () =>
    Effect.gen(function*() {
      const headers = yield* signed(target)
      assert.deepStrictEqual(
        refusal(verifyWith({ headers: { ...headers, "x-amz-date": undefined } })),
        incomplete("Authorization header requires existence of a 'X-Amz-Date' header.")
      )
      assert.deepStrictEqual(
        refusal(verifyWith({ headers: { ...headers, "x-amz-date": `2025-06-01T12:00:00Z${"x".repeat(40)}` } })),
        incomplete(
          "Date must be in ISO-8601 'basic format'. Got '2025-06-01T12:00:00Zxxxxxxxxxxxx'. Expected YYYYMMDD'T'HHMMSS'Z'."
        )
      )
    }))

  it.effect("X-Amz-Date must be a real instant: every field at its limit and one past it", () =>
    Effect.gen(function*() {
      const headers = yield* signed(target)
      // At the instant itself the date is within the window: a real date gets as far as the signature check (the
      // credential's date is another day, so the scope does not match), an impossible one is refused before.
      const outcome = (amzDate: string) => {
        const at = Date.UTC(
          Number(amzDate.slice(0, 4)),
          Number(amzDate.slice(4, 6)) - 1,
          Number(amzDate.slice(6, 8)),
          Number(amzDate.slice(9, 11)),
          Number(amzDate.slice(11, 13)),
          Number(amzDate.slice(13, 15))
        )
        const result = refusal(verifyWith({ headers: { ...headers, "x-amz-date": amzDate }, now: at }))
        return result.name ?? "accepted"
      }
      for (const real of ["20250601T235959Z", "20240229T000000Z", "20251231T120000Z", "20250131T000000Z"]) {
        assert.strictEqual(outcome(real), "SignatureDoesNotMatch", real)
      }
      const impossible = [
        "20250601T240000Z",
        "20250601T126000Z",
        "20250601T120060Z",
        "20250229T000000Z",
        "20250631T000000Z",
        "20251301T000000Z",
        "20250001T000000Z",
        "20250600T000000Z"
      ]
      for (const wrong of impossible) assert.strictEqual(outcome(wrong), "IncompleteSignature", wrong)
      for (const malformed of ["20250601T120000", "x20250601T120000Z", "20250601T120000Zx", "2025061T120000Z"]) {
        assert.deepStrictEqual(
          refusal(verifyWith({ headers: { ...headers, "x-amz-date": malformed } })).name,
          "IncompleteSignature"
        )
      }
    }))

  it.effect("the window is 15 minutes either way, to the millisecond, with the instants in the message", () =>
    Effect.gen(function*() {
      const headers = yield* signed(target)
      assert.deepStrictEqual(refusal(verifyWith({ headers, now: now + 15 * minute })), accepted)
      assert.deepStrictEqual(refusal(verifyWith({ headers, now: now - 15 * minute })), accepted)
      assert.deepStrictEqual(refusal(verifyWith({ headers, now: now + 15 * minute + 1 })), {
        name: "RequestExpired",
        status: 400,
        message: "Signature expired: 20250601T120000Z is now earlier than 20250601T120000Z (20250601T121500Z - 15 min.)"
      })
      assert.deepStrictEqual(refusal(verifyWith({ headers, now: now - 15 * minute - 1000 })), {
        name: "RequestExpired",
        status: 400,
        message:
          "Signature not yet current: 20250601T120000Z is still later than 20250601T115959Z (20250601T114459Z + 15 min.)"
      })
    }))

  it.effect("a verifier made with another window uses it", () =>
    Effect.gen(function*() {
      const strict = SigV4Verifier.make({ region: "us-east-1", credentials: [credential], maxSkewMillis: minute })
      const headers = yield* signed(target)
      assert.deepStrictEqual(refusal(verifyWith({ headers, now: now + minute }, strict)), accepted)
      assert.strictEqual(refusal(verifyWith({ headers, now: now + minute + 1 }, strict)).name, "RequestExpired")
      assert.strictEqual(refusal(verifyWith({ headers, now: now - minute - 1 }, strict)).name, "RequestExpired")
      assert.strictEqual(SigV4Verifier.maxSkewMillis, 15 * minute)
    }))

  it.effect("a credential scoped to another date, region, service or terminator: each says which", () =>
    Effect.gen(function*() {
      const headers = yield* signed(target)
      const authorization = headers["authorization"]!
      const scoped = (from: string, to: string) =>
        refusal(verifyWith({ headers: { ...headers, authorization: authorization.replace(from, to) } }))
      assert.deepStrictEqual(
        scoped("/20250601/", "/20250602/"),
        mismatch(
          "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20250602' != '20250601', from '20250601T120000Z'."
        )
      )
      assert.deepStrictEqual(
        scoped("/us-east-1/", "/eu-west-1/"),
        mismatch("Credential should be scoped to a valid region: this endpoint serves 'us-east-1'.")
      )
      assert.deepStrictEqual(
        scoped("/chime/", "/s3/"),
        mismatch("Credential should be scoped to correct service: 'chime'.")
      )
      assert.deepStrictEqual(
        scoped("/aws4_request", "/aws4_requests"),
        mismatch("Credential should be scoped with a valid terminator: 'aws4_request'.")
      )
      assert.strictEqual(SigV4Verifier.signingService, "chime")
    }))

  it.effect("an unknown key, or a pinned token that is missing or wrong: InvalidClientTokenId", () =>
    Effect.gen(function*() {
      const invalid = {
        name: "InvalidClientTokenId",
        status: 403,
        message: "The security token included in the request is invalid."
      }
      assert.deepStrictEqual(
        refusal(verifyWith({ headers: yield* signed(target, { accessKeyId: "AKIAUNKNOWN000000000" }) })),
        invalid
      )
      const pinned = SigV4Verifier.make({
        region: "us-east-1",
        credentials: [{ ...credential, sessionToken: "token-1" }]
      })
      assert.deepStrictEqual(refusal(verifyWith({ headers: yield* signed(target) }, pinned)), invalid)
      assert.deepStrictEqual(
        refusal(verifyWith({ headers: yield* signed(target, { sessionToken: "token-2" }) }, pinned)),
        invalid
      )
      assert.deepStrictEqual(
        refusal(verifyWith({ headers: yield* signed(target, { sessionToken: "token-1" }) }, pinned)),
        { accepted: { accessKeyId: credential.accessKeyId, sessionToken: "token-1" } }
      )
    }))

  it.effect("a query that is not percent-encoding, or a target that cannot be canonicalised", () =>
    Effect.gen(function*() {
      const headers = yield* signed(target)
      assert.deepStrictEqual(
        refusal(verifyWith({ headers, url: "/voice-connectors/abc/proxy-sessions?next-token=%E0%A4%A" })),
        { name: "BadRequestException", status: 400, message: "The query string is not valid percent-encoding." }
      )
      // A lone surrogate cannot be percent-encoded, so the signer's path escaping throws.
      assert.deepStrictEqual(
        refusal(verifyWith({ headers, url: "/voice-connectors/a\uD800/proxy-sessions" })),
        incomplete("The request could not be canonicalised for signing.")
      )
    }))

  it.effect("a wrong secret: AWS's own words", () =>
    Effect.gen(function*() {
      assert.deepStrictEqual(
        refusal(verifyWith({ headers: yield* signed(target, { secretAccessKey: "wrong" }) })),
        mismatch(
          "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."
        )
      )
    }))
})

describe("SigV4Verifier: what is signed", () => {
  it.effect("headers given as lists are joined with commas, as Node gives repeated headers", () =>
    Effect.gen(function*() {
      const headers = yield* signed(target, { headers: { "x-amz-user-agent": "a,b" } })
      const listed = { ...headers, "x-amz-user-agent": ["a", "b"], "x-amz-date": [headers["x-amz-date"]!] }
      assert.deepStrictEqual(refusal(verifyWith({ headers: listed })), accepted)
      assert.deepStrictEqual(
        refusal(verifyWith({ headers: { ...listed, authorization: [headers["authorization"]!] } })),
        accepted
      )
      assert.strictEqual(
        refusal(verifyWith({ headers: { ...headers, "x-amz-user-agent": ["a", "c"] } })).name,
        "SignatureDoesNotMatch"
      )
      // An empty list is no header at all.
      assert.deepStrictEqual(
        refusal(verifyWith({ headers: { ...headers, "x-amz-date": [] } })),
        incomplete("Authorization header requires existence of a 'X-Amz-Date' header.")
      )
    }))

  it.effect("the payload hash: the body's when known, else the signed header's, else the empty body's", () =>
    Effect.gen(function*() {
      const empty = createHash("sha256").update("").digest("hex")
      const other = createHash("sha256").update("a body").digest("hex")
      const checksummed = yield* signed(target, { applyChecksum: true })
      assert.strictEqual(checksummed["x-amz-content-sha256"], empty)
      assert.deepStrictEqual(refusal(verifyWith({ headers: checksummed, payloadHash: empty })), accepted)
      assert.deepStrictEqual(refusal(verifyWith({ headers: checksummed })), accepted)
      assert.deepStrictEqual(
        refusal(verifyWith({ headers: checksummed, payloadHash: other })),
        mismatch("The x-amz-content-sha256 header does not match the SHA-256 of the body.")
      )
      const plain = yield* signed(target)
      assert.deepStrictEqual(refusal(verifyWith({ headers: plain, payloadHash: empty })), accepted)
      assert.deepStrictEqual(refusal(verifyWith({ headers: plain })), accepted)
      assert.strictEqual(refusal(verifyWith({ headers: plain, payloadHash: other })).name, "SignatureDoesNotMatch")
    }))

  it.effect("a target without a query is signed with its whole path and an empty query", () =>
    Effect.gen(function*() {
      const url = "/voice-connectors/abc/proxy-sessions"
      const headers = yield* signed(url)
      assert.deepStrictEqual(refusal(verifyWith({ headers, url })), accepted)
      assert.strictEqual(refusal(verifyWith({ headers, url: `${url}?x=1` })).name, "SignatureDoesNotMatch")
      assert.strictEqual(refusal(verifyWith({ headers, url: url.slice(0, -1) })).name, "SignatureDoesNotMatch")
    }))

  it.effect("a repeated query parameter verifies against the official signer given all its values as a list", () =>
    Effect.gen(function*() {
      // Signed here with the official signer and a query written by hand, not through the emulator's own helper.
      const signer = new SignatureV4({
        credentials: { accessKeyId: credential.accessKeyId, secretAccessKey: credential.secretAccessKey },
        region: "us-east-1",
        service: "chime",
        sha256: Hash.bind(null, "sha256"),
        applyChecksum: false
      })
      const request = yield* Effect.promise(() =>
        signer.sign({
          method: "GET",
          protocol: "http:",
          hostname: "127.0.0.1",
          port: 4599,
          path: "/voice-connectors/abc/proxy-sessions",
          query: { status: ["Open", "Closed"], "max-results": "5", "next-token": "a" },
          headers: { host }
        }, { signingDate: new Date(now) })
      )
      const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, String(value)]))
      const url = "/voice-connectors/abc/proxy-sessions?status=Open&next-token=a&status=Closed&max-results=5"
      assert.deepStrictEqual(refusal(verifyWith({ headers, url })), accepted)
      assert.strictEqual(
        refusal(
          verifyWith({ headers, url: "/voice-connectors/abc/proxy-sessions?status=Open&next-token=a&max-results=5" })
        )
          .name,
        "SignatureDoesNotMatch"
      )
    }))

  it.effect("a repeated query parameter is signed with all its values, in order", () =>
    Effect.gen(function*() {
      const url = "/voice-connectors/abc/proxy-sessions?status=Open&status=Closed&status=InProgress&max-results=5"
      const headers = yield* signed(url)
      assert.deepStrictEqual(refusal(verifyWith({ headers, url })), accepted)
      for (
        const changed of [
          "/voice-connectors/abc/proxy-sessions?status=Open&status=Closed&max-results=5",
          "/voice-connectors/abc/proxy-sessions?status=Open&status=Closed&status=InProgress&status=Open&max-results=5",
          "/voice-connectors/abc/proxy-sessions?status=Open&max-results=5"
        ]
      ) {
        assert.strictEqual(refusal(verifyWith({ headers, url: changed })).name, "SignatureDoesNotMatch", changed)
      }
    }))

  it.effect("header values are compared as the signer canonicalises them: blanks and line breaks folded, trimmed", () =>
    Effect.gen(function*() {
      const headers = yield* signed(target, { headers: { "x-amz-user-agent": "a b c" } })
      for (const same of ["a b c", " a b c ", "a  b\tc", "a\r\nb\nc", "\ta b c\t"]) {
        assert.deepStrictEqual(
          refusal(verifyWith({ headers: { ...headers, "x-amz-user-agent": same } })),
          accepted,
          JSON.stringify(same)
        )
      }
      for (const changed of ["a bc", "a b c d", "ab c", "a-b c"]) {
        assert.strictEqual(
          refusal(verifyWith({ headers: { ...headers, "x-amz-user-agent": changed } })).name,
          "SignatureDoesNotMatch",
          changed
        )
      }
    }))

  it.effect("the signing key of each day and key is its own, however many keys and days are seen", () =>
    Effect.gen(function*() {
      const credentials = Array.from({ length: 70 }, (_, i) => ({
        accessKeyId: `AKIAKEY${String(i).padStart(13, "0")}`,
        secretAccessKey: `secret ${i}`
      }))
      const many = SigV4Verifier.make({ region: "us-east-1", credentials })
      // More keys than the cache holds, twice over, each verified against its own secret.
      for (let round = 0; round < 2; round++) {
        for (const key of credentials) {
          const headers = yield* signed(target, key)
          assert.deepStrictEqual(refusal(verifyWith({ headers }, many)), {
            accepted: { accessKeyId: key.accessKeyId, sessionToken: undefined }
          })
          const swapped = yield* signed(target, { ...key, secretAccessKey: `${key.secretAccessKey}!` })
          assert.strictEqual(refusal(verifyWith({ headers: swapped }, many)).name, "SignatureDoesNotMatch")
        }
      }
    }))
})

describe("parseAuthorization: the fields and what each refusal says", () => {
  const good =
    "AWS4-HMAC-SHA256 Credential=AKID/20250601/us-east-1/chime/aws4_request, SignedHeaders=host;x-amz-date, Signature=" +
    "0123456789abcdef".repeat(4)

  it("reads every field, whatever the spaces around names, values and commas", () => {
    const expected = {
      accessKeyId: "AKID",
      date: "20250601",
      region: "us-east-1",
      service: "chime",
      terminator: "aws4_request",
      signedHeaders: ["host", "x-amz-date"],
      signature: "0123456789abcdef".repeat(4)
    }
    assert.deepStrictEqual(SigV4Verifier.parseAuthorization(good), expected)
    assert.deepStrictEqual(
      SigV4Verifier.parseAuthorization(`  ${good.replaceAll(", ", " ,  ").replaceAll("=", " = ")}  `),
      expected
    )
    assert.deepStrictEqual(SigV4Verifier.parseAuthorization(good.replaceAll(", ", ",")), expected)
    assert.deepStrictEqual(SigV4Verifier.parseAuthorization(`${good},`), expected)
    // An empty parameter, blanks only, is skipped.
    assert.deepStrictEqual(
      SigV4Verifier.parseAuthorization(good.replace(", SignedHeaders", ", \t , SignedHeaders")),
      expected
    )
    // A value keeps what follows its first `=`.
    const withEquals = SigV4Verifier.parseAuthorization(good.replace("Credential=AKID", "Credential=AK=ID"))
    assert.strictEqual((withEquals as SigV4Verifier.Authorization).accessKeyId, "AK=ID")
  })

  it("names what is wrong", () => {
    const message = (header: string) => {
      const parsed = SigV4Verifier.parseAuthorization(header)
      assert.instanceOf(parsed, ServiceError.CommonError, header)
      assert.strictEqual((parsed as ServiceError.CommonError).errorName, "IncompleteSignature")
      return (parsed as ServiceError.CommonError).Message
    }
    const scheme = "Unsupported authorization scheme: the Authorization header must start with 'AWS4-HMAC-SHA256'."
    for (const header of ["AWS4-HMAC-SHA1 x=y", "aws4-hmac-sha256 x=y", "Bearer", "AWS4-HMAC-SHA256x"]) {
      assert.strictEqual(message(header), scheme, header)
    }
    assert.strictEqual(
      message(good.replace("SignedHeaders=", "SignedHeaders")),
      "Invalid key=value pair (missing equal-sign) in Authorization header."
    )
    assert.strictEqual(
      message(`${good}, SignedHeaders=host`),
      "The Authorization header repeats the 'SignedHeaders' parameter."
    )
    const signatureParameter = `Signature=${"0".repeat(64)}`
    assert.strictEqual(
      message(`AWS4-HMAC-SHA256 SignedHeaders=host, ${signatureParameter}`),
      "Authorization header requires 'Credential' parameter."
    )
    assert.strictEqual(
      message(`AWS4-HMAC-SHA256 Credential=AKID/20250601/us-east-1/chime/aws4_request, ${signatureParameter}`),
      "Authorization header requires 'SignedHeaders' parameter."
    )
    assert.strictEqual(
      message("AWS4-HMAC-SHA256 SignedHeaders=host"),
      "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter."
    )
    assert.strictEqual(
      message("AWS4-HMAC-SHA256"),
      [
        "Authorization header requires 'Credential' parameter.",
        "Authorization header requires 'SignedHeaders' parameter.",
        "Authorization header requires 'Signature' parameter."
      ].join(" ")
    )
    const fiveElements =
      "Credential must have exactly 5 non-empty slash-delimited elements, e.g. keyid/date/region/service/term."
    for (
      const credentialValue of [
        "AKID/20250601/us-east-1/chime",
        "AKID/20250601/us-east-1/chime/aws4_request/x",
        "/20250601/us-east-1/chime/aws4_request",
        "AKID//us-east-1/chime/aws4_request",
        "AKID/20250601//chime/aws4_request",
        "AKID/20250601/us-east-1//aws4_request",
        "AKID/20250601/us-east-1/chime/",
        "AKID"
      ]
    ) {
      assert.strictEqual(
        message(good.replace("AKID/20250601/us-east-1/chime/aws4_request", credentialValue)),
        fiveElements,
        credentialValue
      )
    }
    for (const names of ["host;X-Amz-Date", "host;;x-amz-date", "host;x amz", "host;", "host;x-amz-date\nx"]) {
      assert.strictEqual(
        message(good.replace("host;x-amz-date", names)),
        "SignedHeaders must be a ';'-separated list of lower-case header names.",
        names
      )
    }
    assert.strictEqual(
      message(good.replace("host;x-amz-date", "x-amz-date;hosts")),
      "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."
    )
    for (
      const signature of [
        "0123456789abcdef".repeat(4).toUpperCase(),
        "0".repeat(63),
        "0".repeat(65),
        `g${"0".repeat(63)}`
      ]
    ) {
      assert.strictEqual(
        message(good.replace("0123456789abcdef".repeat(4), signature)),
        "The Signature must be 64 lower-case hexadecimal characters.",
        signature
      )
    }
  })

  it("accepts every character a header name may have", () => {
    const names = "host;x-amz-date;a!#$%&'*+.^_`|~09z-"
    const parsed = SigV4Verifier.parseAuthorization(good.replace("host;x-amz-date", names))
    assert.deepStrictEqual((parsed as SigV4Verifier.Authorization).signedHeaders, names.split(";"))
  })
})
