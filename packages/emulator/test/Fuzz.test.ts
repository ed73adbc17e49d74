import { ServiceError } from "@chime-proxy/core"
import { Simulator } from "@chime-proxy/simulator"
import { assert, describe, it, layer } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as fc from "effect/FastCheck"
import { Admin, Emulator, SigV4Verifier } from "../src/index.js"
import type { RawResponse } from "./utils.js"
import { raw, signRaw } from "./utils.js"

const text = (maxLength: number) => fc.string({ maxLength, unit: "binary" })

/** A piece of a request target: plain text, percent-escapes (valid or not), and the characters that cause trouble. */
const targetPiece = fc.oneof(
  fc.string({ maxLength: 12 }),
  text(6).map((s) => encodeURIComponent(s.replace(/[\uD800-\uDFFF]/g, ""))),
  fc.constantFrom(
    "..",
    ".",
    "/",
    "//",
    "%2F",
    "%2f",
    "%2E%2E",
    "%",
    "%z",
    "%zz",
    "%E0%A4%A",
    "%00",
    "?",
    "&",
    "=",
    "#",
    "+",
    "%20",
    ";",
    "\\",
    "~",
    "*"
  ),
  fc.stringMatching(/^[a-z0-9]{21,22}$/)
)
/** `{ID}` stands for the id of a voice connector that exists, filled in when the request is sent. */
const label = fc.oneof(
  fc.constant("{ID}"),
  fc.array(fc.oneof(targetPiece, fc.constant("{ID}")), { maxLength: 5 }).map((parts) => parts.join(""))
)
const queryName = fc.oneof(fc.constantFrom("max-results", "next-token", "status", "MaxResults", "x"), targetPiece)
const queryValue = fc.oneof(
  fc.constantFrom(
    "Open",
    "InProgress",
    "Closed",
    "open",
    "0",
    "1",
    "100",
    "101",
    "-1",
    "1.5",
    "1e2",
    "",
    "abc",
    "99999999999"
  ),
  targetPiece,
  fc.integer().map(String)
)
const query = fc.array(fc.tuple(queryName, queryValue), { maxLength: 5 }).map((pairs) =>
  pairs.map(([name, value]) => `${name}=${value}`).join("&")
)
const target = fc.oneof(
  fc.tuple(label, query).map(([id, q]) => `/voice-connectors/${id}/proxy-sessions${q === "" ? "" : `?${q}`}`),
  fc.tuple(fc.array(targetPiece, { maxLength: 6 }), query).map(([parts, q]) => `/${parts.join("")}?${q}`),
  fc.constantFrom(
    "*",
    "/",
    "http://example.com/voice-connectors/a/proxy-sessions",
    "/voice-connectors/%zz/proxy-sessions"
  )
).map((t) => t.replace(/[\r\n]/g, "")).filter((t) => !t.startsWith(Admin.prefix) && !t.startsWith(`/${Admin.prefix}`))
const method = fc.oneof(
  { weight: 6, arbitrary: fc.constant("GET") },
  { weight: 2, arbitrary: fc.constantFrom("POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH", "get") },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z!#$%&'*+.^_`|~-]{1,8}$/) }
)
const headerLine = fc.oneof(
  text(40).map((v) => `Authorization: ${v.replace(/[\r\n]/g, "")}`),
  fc.tuple(
    fc.stringMatching(/^[0-9A-Za-z]{0,24}$/),
    fc.stringMatching(/^[a-z0-9;-]{0,40}$/),
    fc.stringMatching(/^[0-9a-f]{0,70}$/)
  ).map(
    ([credential, signed, signature]) =>
      `Authorization: AWS4-HMAC-SHA256 Credential=${credential}/20250101/us-east-1/chime/aws4_request, SignedHeaders=${signed}, Signature=${signature}`
  ),
  fc.oneof(fc.stringMatching(/^\d{8}T\d{6}Z$/), text(20)).map((v) => `X-Amz-Date: ${v.replace(/[\r\n]/g, "")}`),
  text(30).map((v) => `X-Amz-Security-Token: ${v.replace(/[\r\n]/g, "")}`),
  fc.tuple(fc.stringMatching(/^[A-Za-z0-9-]{1,20}$/), text(30)).map(([n, v]) => `${n}: ${v.replace(/[\r\n]/g, "")}`),
  // Not an empty line: that would end the headers.
  text(20).map((v) => v.replace(/[\r\n]/g, "")).filter((line) => line.trim() !== "")
)
const request = fc.record({
  method,
  target,
  headers: fc.oneof({ weight: 2, arbitrary: fc.constant([]) }, fc.array(headerLine, { maxLength: 3 })),
  sign: fc.boolean()
})

/**
 * Any answer must be AWS-shaped: a 2xx or a 4xx, the AWS headers, and for an error its name and a JSON body. A
 * success answers the operation its path names: a label of `?` makes `/voice-connectors/?…` a ListVoiceConnectors.
 */
const assertAwsShaped = (answer: RawResponse | "reset", method: string, target: string, context: string) => {
  assert.notStrictEqual(answer, "reset", `dropped: ${context}`)
  if (answer === "reset") return
  assert.isTrue(
    (answer.status >= 200 && answer.status < 300) || (answer.status >= 400 && answer.status < 500),
    `${answer.status}: ${context}`
  )
  assert.strictEqual(answer.headers["content-type"], "application/json", context)
  assert.isString(answer.headers["x-amzn-requestid"], context)
  assert.isString(answer.headers["date"], context)
  if (method === "HEAD") return
  const body = JSON.parse(answer.body) as Record<string, unknown>
  if (answer.status >= 400) {
    assert.isString(answer.headers["x-amzn-errortype"], context)
    assert.isString(body.Code, context)
    assert.isString(body.Message, context)
  } else if (/^\/voice-connectors\/?$/.test(target.split("?")[0] ?? "")) {
    assert.isArray(body.VoiceConnectors, context)
  } else {
    assert.isArray(body.ProxySessions, context)
  }
}

const fuzz = (signing: boolean) =>
  Effect.gen(function*() {
    const control = yield* Simulator.SimulatorControl
    const emulator = yield* Emulator.Emulator
    yield* control.reset()
    const [id] = yield* control.seed({ seed: 9, connectors: 2, sessionsPerConnector: 15 })
    assert.isDefined(id)
    const before = yield* control.saveFixture()
    yield* Effect.promise(() =>
      fc.assert(
        fc.asyncProperty(request, async ({ headers, method, sign, target: template }) => {
          const target = template.replaceAll("{ID}", id)
          const signed = signing && sign && /^[A-Z]+$/.test(method) ? await signRaw(emulator.port, target) : []
          const bytes = [
            `${method} ${target} HTTP/1.1`,
            `Host: 127.0.0.1:${emulator.port}`,
            ...signed,
            ...headers,
            "Connection: close",
            "",
            ""
          ]
            .join("\r\n")
          assertAwsShaped(await raw(emulator.port, bytes), method, target, JSON.stringify(bytes))
        }),
        { numRuns: 250 }
      )
    )
    assert.deepStrictEqual(yield* control.saveFixture(), before, "the world is unchanged")
    const health = yield* Effect.promise(() => fetch(`${emulator.url}${Admin.prefix}/health`))
    assert.strictEqual(health.status, 200)
  })

/**
 * Authorization headers built from the pieces of a real one, each piece right, wrong or missing, so that every check
 * of the parser is reached (random text alone never gets past the scheme): the scheme, parameters with and without
 * `=`, repeated or missing, credentials of 4 to 6 elements with empty ones, signed headers valid or not, with or
 * without host, and signatures of the right and wrong shapes.
 */
const authorizationHeader = (() => {
  const hex = (length: number) => fc.stringMatching(new RegExp(`^[0-9a-f]{${length}}$`))
  const scheme = fc.oneof(
    { weight: 8, arbitrary: fc.constant("AWS4-HMAC-SHA256") },
    { weight: 1, arbitrary: fc.constantFrom("AWS4-HMAC-SHA1", "Bearer", "aws4-hmac-sha256", "") },
    { weight: 1, arbitrary: text(12) }
  )
  const element = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom("AKIAEMULATOREXAMPLE1", "20250601", "us-east-1", "chime", "aws4_request") },
    { weight: 1, arbitrary: fc.constant("") },
    { weight: 1, arbitrary: text(6) }
  )
  const credential = fc.oneof(
    { weight: 4, arbitrary: fc.array(element, { minLength: 5, maxLength: 5 }) },
    { weight: 1, arbitrary: fc.array(element, { minLength: 0, maxLength: 7 }) }
  ).map((elements) => elements.join("/"))
  const headerName = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom("host", "x-amz-date", "x-amz-content-sha256", "amz-sdk-request") },
    { weight: 1, arbitrary: fc.constantFrom("Host", "x amz", "", "x-amz-date\n") }
  )
  const signedHeaders = fc.array(headerName, { minLength: 1, maxLength: 4 }).map((names) => names.join(";"))
  const signature = fc.oneof(
    { weight: 4, arbitrary: hex(64) },
    { weight: 1, arbitrary: fc.oneof(hex(63), hex(65), hex(64).map((s) => s.toUpperCase()), text(8)) }
  )
  const parameter = (key: string, value: fc.Arbitrary<string>) =>
    fc.oneof(
      { weight: 8, arbitrary: value.map((v) => `${key}=${v}`) },
      { weight: 1, arbitrary: fc.constant(key) },
      { weight: 1, arbitrary: value.map((v) => ` ${key} = ${v} `) }
    )
  const parameters = fc.tuple(
    parameter("Credential", credential),
    parameter("SignedHeaders", signedHeaders),
    parameter("Signature", signature),
    fc.array(fc.oneof(parameter("Credential", credential), fc.constant(""), text(10)), { maxLength: 2 })
  ).chain(([c, h, s, extra]) =>
    fc.subarray([c, h, s], { minLength: 0 }).chain((kept) =>
      fc.shuffledSubarray([...kept, ...extra], { minLength: kept.length }).map((all) => all)
    )
  ).chain((all) =>
    fc.oneof(
      { weight: 6, arbitrary: fc.constant(all) },
      { weight: 1, arbitrary: fc.constant([...all].reverse()) }
    )
  )
  return fc.tuple(scheme, parameters, fc.constantFrom(", ", ",", " , ")).map(([scheme, parameters, comma]) =>
    `${scheme} ${parameters.join(comma)}`
  )
})()

/** Which check of the parser refused a header, or "parsed". */
const outcome = (header: string): string => {
  const parsed = SigV4Verifier.parseAuthorization(header)
  if (!(parsed instanceof ServiceError.CommonError)) return "parsed"
  const message = parsed.Message
  return message.includes("scheme") ?
    "scheme" :
    message.includes("missing equal-sign") ?
    "no equal sign" :
    message.includes("repeats") ?
    "repeated parameter" :
    message.includes("requires") ?
    "missing parameter" :
    message.includes("slash-delimited") ?
    "credential shape" :
    message.includes("lower-case header names") ?
    "signed header name" :
    message.includes("'Host'") ?
    "host not signed" :
    message.includes("hexadecimal") ?
    "signature shape" :
    `unexpected: ${message}`
}

describe("fuzzing the request parser", () => {
  it.prop(
    "parseAuthorization never throws, whatever the header: random text or a real one's pieces, right or wrong",
    { header: fc.oneof({ weight: 1, arbitrary: text(200) }, { weight: 4, arbitrary: authorizationHeader }) },
    ({ header }) => {
      const parsed = SigV4Verifier.parseAuthorization(header)
      if (parsed instanceof ServiceError.CommonError) assert.strictEqual(parsed.errorName, "IncompleteSignature")
      else {
        assert.match(parsed.signature, /^[0-9a-f]{64}$/)
        assert.include(parsed.signedHeaders, "host")
      }
    },
    { fastCheck: { numRuns: 1000 } }
  )

  it("the generator of Authorization headers reaches every outcome of parseAuthorization", () => {
    const seen = new Set(fc.sample(authorizationHeader, { numRuns: 2000, seed: 16 }).map(outcome))
    assert.deepStrictEqual([...seen].sort(), [
      "credential shape",
      "host not signed",
      "missing parameter",
      "no equal sign",
      "parsed",
      "repeated parameter",
      "scheme",
      "signature shape",
      "signed header name"
    ])
  })

  layer(Emulator.layerSimulator(), { excludeTestServices: true })((it) => {
    it.effect(
      "with auth: random requests, half of them signed, get AWS-shaped 2xx/4xx and change nothing",
      () => fuzz(true),
      120_000
    )
  })

  layer(Emulator.layerSimulator({ auth: false }), { excludeTestServices: true })((it) => {
    it.effect(
      "without auth: random requests reach the router and the codec, and get AWS-shaped 2xx/4xx",
      () => fuzz(false),
      120_000
    )
  })
})
