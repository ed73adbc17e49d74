import { assert, describe, it, layer } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { Emulator, SigV4Verifier } from "../src/index.js"
import { credential, rawGet, sign } from "./utils.js"

const host = "127.0.0.1:4599"
const now = Date.parse("2025-06-01T12:00:00.000Z")
const verifier = SigV4Verifier.make({ region: "us-east-1", credentials: [credential] })
const target = "/voice-connectors/abc/proxy-sessions?max-results=5"

const signed = Effect.promise(() => sign({ url: `http://${host}${target}`, signingDate: new Date(now) }))

/** The error name of a refusal, or "verified". */
const outcome = (headers: Record<string, string>) => {
  const result = verifier.verifyEither({ method: "GET", url: target, headers, now })
  return Either.isRight(result)
    ? "verified"
    : result.left._tag === "CommonError"
    ? result.left.errorName
    : result.left._tag
}

const rewrite = (headers: Record<string, string>, list: string) => ({
  ...headers,
  authorization: headers["authorization"]!.replace(/SignedHeaders=[^,]*/, `SignedHeaders=${list}`)
})

describe("SignedHeaders is taken exactly as sent", () => {
  it.effect("the list as signed verifies", () =>
    Effect.gen(function*() {
      const headers = yield* signed
      assert.include(headers["authorization"], "SignedHeaders=host;x-amz-date,")
      assert.strictEqual(outcome(headers), "verified")
    }))

  it.effect("a list rewritten after signing is SignatureDoesNotMatch", () =>
    Effect.gen(function*() {
      const headers = yield* signed
      // Reordered, repeated, widened with a header that is absent, widened with a Date added after signing.
      assert.strictEqual(outcome(rewrite(headers, "x-amz-date;host")), "SignatureDoesNotMatch")
      assert.strictEqual(outcome(rewrite(headers, "host;host;x-amz-date")), "SignatureDoesNotMatch")
      assert.strictEqual(outcome(rewrite(headers, "host;x-amz-date;x-absent")), "SignatureDoesNotMatch")
      assert.strictEqual(
        outcome({ ...rewrite(headers, "date;host;x-amz-date"), date: new Date(now).toUTCString() }),
        "SignatureDoesNotMatch"
      )
      // Narrowed: a list without x-amz-date is not what was signed either.
      assert.strictEqual(outcome(rewrite(headers, "host")), "SignatureDoesNotMatch")
    }))

  it.effect("a malformed list is IncompleteSignature", () =>
    Effect.gen(function*() {
      const headers = yield* signed
      for (const list of ["host;;x-amz-date", "host;x-amz-date;", "Host;x-amz-date", "host x-amz-date", "x-amz-date"]) {
        assert.strictEqual(outcome(rewrite(headers, list)), "IncompleteSignature", list)
      }
    }))
})

describe("a request without a Host header", () => {
  layer(Emulator.layerSimulator(), { excludeTestServices: true })((it) => {
    it.effect("gets an AWS-shaped 400 with a request id, and the server keeps serving", () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        for (const path of ["/voice-connectors/abc/proxy-sessions", "/_chime-proxy/health"]) {
          const answer = yield* Effect.promise(() =>
            import("./utils.js").then(({ raw }) =>
              raw(emulator.port, [`GET ${path} HTTP/1.1`, "Connection: close", "", ""].join("\r\n"))
            )
          )
          assert.notStrictEqual(answer, "reset")
          if (answer === "reset") return
          assert.strictEqual(answer.status, 400, answer.body)
          assert.strictEqual(answer.headers["x-amzn-errortype"], "BadRequestException")
          assert.match(answer.headers["x-amzn-requestid"] ?? "", /^[0-9a-f-]{36}$/)
          assert.include(JSON.parse(answer.body).Message, "Host")
        }
        const health = yield* Effect.promise(() => rawGet(emulator.port, "/_chime-proxy/health"))
        assert.strictEqual(health === "reset" ? 0 : health.status, 200)
      }))
  })
})
