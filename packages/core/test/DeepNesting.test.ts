// Bodies that nest JSON deeper than anything of the model: describing a refused body's issue renders the offending
// value, recursively, so a few KB of brackets once overflowed the call stack (a defect, where every malformed body must
// be a ResponseDecodeError). A refused body deeper than the emulator's bound is refused for its depth, on the decoded
// path and on the text path alike; depth alone refuses nothing, as unknown members are ignored however deep.
import { ClientError, ProxySessionsText, Redaction, VoiceConnectorsWire, Wire } from "@chime-proxy/core"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import { maxJsonDepth } from "../src/internal/responseBody.js"

/**
 * A JSON value `levels` deep: arrays, or objects of one member inside two arrays (an object of unknown members would
 * be a valid session or participant; an array in an array is the wrong kind of value for every member).
 */
const nested = (levels: number, kind: "array" | "object" = "array"): string =>
  kind === "array"
    ? "[".repeat(levels) + "]".repeat(levels)
    : "[[" + "{\"a\":".repeat(levels - 2) + "1" + "}".repeat(levels - 2) + "]]"

/** Where a deep value can stand in a ListProxySessions body, each the wrong kind of value for its member. */
const places: ReadonlyArray<readonly [name: string, body: (value: string) => string]> = [
  ["a session's Name", (value) => `{"ProxySessions":[{"ProxySessionId":"a","Name":${value}}]}`],
  ["a participant", (value) => `{"ProxySessions":[{"ProxySessionId":"a","Participants":[${value}]}]}`],
  ["a participant's member", (value) => `{"ProxySessions":[{"Participants":[{"PhoneNumber":${value}}]}]}`],
  ["GeoMatchParams", (value) => `{"ProxySessions":[{"ProxySessionId":"a","GeoMatchParams":${value}}]}`],
  ["a GeoMatchParams member", (value) => `{"ProxySessions":[{"GeoMatchParams":{"Country":${value}}}]}`],
  ["a session", (value) => `{"ProxySessions":[${value}]}`],
  ["ProxySessions", (value) => `{"ProxySessions":${value}}`],
  ["NextToken", (value) => `{"ProxySessions":[],"NextToken":${value}}`]
]

const deeper = `the body nests JSON deeper than ${maxJsonDepth} levels`

/** The error of both decoders, which must agree, for a body they refuse. */
const refusal = (body: string): ClientError.ResponseDecodeError => {
  const decoded = Wire.decodeResponse(200, body, "req-1")
  const text = ProxySessionsText.decodeResponseText(200, body, "req-1")
  if (Either.isRight(decoded) || Either.isRight(text)) throw new Error("expected both decoders to refuse the body")
  assert.instanceOf(decoded.left, ClientError.ResponseDecodeError)
  assert.deepStrictEqual({ ...text.left }, { ...decoded.left })
  return decoded.left
}

describe("bodies nested deeper than the bound", () => {
  it("are refused for their depth wherever the deep value stands, with the status, request id and excerpt", () => {
    for (const [name, body] of places) {
      for (const kind of ["array", "object"] as const) {
        const text = body(nested(3000, kind))
        const error = refusal(text)
        assert.strictEqual(error.reason, deeper, name)
        assert.strictEqual(error.status, 200)
        assert.strictEqual(error.requestId, "req-1")
        assert.strictEqual(error.excerpt, Redaction.excerpt(text))
      }
    }
  })

  it("are refused for their depth by an operation without a fast decoder too (ListVoiceConnectors)", () => {
    const error = VoiceConnectorsWire.decodeResponse(200, `{"VoiceConnectors":[{"Name":${nested(3000)}}]}`)
    assert.isTrue(Either.isLeft(error))
    if (Either.isLeft(error)) assert.strictEqual(error.left.reason, deeper)
  })

  it("keep the schema's issue up to the bound, and are refused for their depth one level past it", () => {
    // The body's own braces are its first level.
    const at = (levels: number) => `{"ProxySessions":${nested(levels - 1)}}`
    assert.match(refusal(at(maxJsonDepth)).reason, /^ProxySessions\.0: Expected ProxySession/)
    assert.strictEqual(refusal(at(maxJsonDepth + 1)).reason, deeper)
  })

  it("are still pages when the depth is all in unknown members, which are ignored", () => {
    const deep = nested(3000)
    for (
      const body of [`{"ProxySessions":[],"Extra":${deep}}`, `{"ProxySessions":[{"ProxySessionId":"a","X":${deep}}]}`]
    ) {
      const decoded = Wire.decodeResponse(200, body)
      const text = ProxySessionsText.decodeResponseText(200, body)
      assert.isTrue(Either.isRight(decoded) && Either.isRight(text), body.slice(0, 60))
    }
  })

  it("are refused for their depth, never thrown, whatever the depth, kind and place", () =>
    FastCheck.assert(
      FastCheck.property(
        FastCheck.integer({ min: maxJsonDepth + 1, max: 20_000 }),
        FastCheck.constantFrom("array" as const, "object" as const),
        FastCheck.constantFrom(...places),
        (levels, kind, [, body]) => refusal(body(nested(levels, kind))).reason === deeper
      ),
      { numRuns: 50 }
    ))

  it.effect("in an error body give the error its name names, or an unknown error, and never throw", () =>
    Effect.sync(() => {
      const deep = nested(3000)
      const named = Wire.decodeError({ status: 404, body: `{"code":"NotFoundException","Message":${deep}}` })
      assert.strictEqual(named._tag, "NotFoundException")
      assert.strictEqual(named.status, 404)
      assert.strictEqual(Wire.decodeError({ status: 500, body: deep })._tag, "UnknownServiceError")
    }))
})
