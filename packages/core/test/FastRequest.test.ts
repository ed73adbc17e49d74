import { ClientError, ListProxySessions, Wire } from "@chime-proxy/core"
import { assert, describe, it } from "@effect/vitest"
import * as Arbitrary from "effect/Arbitrary"
import * as Effect from "effect/Effect"
import * as Equal from "effect/Equal"
import * as Exit from "effect/Exit"
import * as FastCheck from "effect/FastCheck"
import * as Hash from "effect/Hash"
import * as Schema from "effect/Schema"
import { inspect } from "node:util"
import { firstIssue } from "../src/internal/requestIssue.js"
import { validateRequestFast } from "../src/internal/validateFast.js"

const { ListProxySessionsRequest } = ListProxySessions
const schemaDecode = Schema.decodeUnknownEither(ListProxySessionsRequest)

/** The fast check may only accept what the schema accepts, and must give a value no program can tell apart. */
const assertAgrees = (input: unknown) => {
  const fast = validateRequestFast(input)
  const slow = schemaDecode(input, { errors: "first" })
  if (fast === undefined) return fast
  assert.isTrue(slow._tag === "Right", `the fast check accepted what the schema refuses: ${inspect(input)}`)
  if (slow._tag !== "Right") return fast
  const expected = slow.right
  assert.strictEqual(Object.getPrototypeOf(fast), Object.getPrototypeOf(expected))
  assert.deepStrictEqual(Reflect.ownKeys(fast), Reflect.ownKeys(expected))
  assert.deepStrictEqual(Object.getOwnPropertyDescriptors(fast), Object.getOwnPropertyDescriptors(expected))
  assert.isTrue(Equal.equals(fast, expected))
  assert.strictEqual(Hash.hash(fast), Hash.hash(expected))
  assert.strictEqual(inspect(fast), inspect(expected))
  assert.strictEqual(JSON.stringify(fast), JSON.stringify(expected))
  assert.deepStrictEqual(Wire.encodeRequest(fast), Wire.encodeRequest(expected))
  return fast
}

/** `Wire.validateRequest` as it was before the fast check: the same value or the same error. */
const reference = (input: typeof ListProxySessionsRequest.Encoded) => {
  for (const [field, value] of Object.entries(input)) {
    if (typeof value === "string" && !value.isWellFormed()) {
      return Effect.fail(new ClientError.RequestValidationError({ field, constraint: "must be well-formed Unicode" }))
    }
  }
  return Effect.mapError(Schema.decodeUnknown(ListProxySessionsRequest)(input, { errors: "first" }), firstIssue)
}

// Valid requests, as plain data.
const requests = Arbitrary.make(ListProxySessionsRequest).map((request) =>
  Schema.encodeSync(ListProxySessionsRequest)(request)
)

const memberValues = FastCheck.oneof(
  FastCheck.constantFrom("Open", "InProgress", "Closed", "open", "", " ", "\u2003", "a".repeat(128), "a".repeat(129)),
  FastCheck.string(),
  FastCheck.integer({ min: -2, max: 102 }),
  FastCheck.constantFrom(0, 1, 100, 1.5, -0, Number.NaN, Number.POSITIVE_INFINITY, "5", null, undefined, true),
  FastCheck.anything()
)

// Objects with the request's members (and others) holding anything, and other values altogether.
const inputs = FastCheck.oneof(
  requests,
  FastCheck.record({
    VoiceConnectorId: memberValues,
    Status: memberValues,
    NextToken: memberValues,
    MaxResults: memberValues,
    Other: memberValues
  }, { requiredKeys: [] }),
  FastCheck.tuple(
    requests,
    FastCheck.constantFrom("VoiceConnectorId", "Status", "NextToken", "MaxResults"),
    memberValues
  )
    .map(([request, key, value]) => ({ ...request, [key]: value })),
  FastCheck.anything()
)

describe("the hand-written request check", () => {
  it.prop("accepts every valid request, as the schema decodes it", { input: requests }, ({ input }) => {
    assert.isDefined(assertAgrees(input))
  })

  it.prop("accepts nothing the schema refuses, and gives what the schema gives", { input: inputs }, ({ input }) => {
    assertAgrees(input)
  }, { fastCheck: { numRuns: 1000 } })

  it.effect.prop(
    "Wire.validateRequest gives what it gave before: the same request or the same error",
    { input: inputs },
    ({ input }) =>
      Effect.gen(function*() {
        if (typeof input !== "object" || input === null) return
        const request = input as typeof ListProxySessionsRequest.Encoded
        const actual = yield* Effect.exit(Wire.validateRequest(request))
        const expected = yield* Effect.exit(reference(request))
        assert.strictEqual(actual._tag, expected._tag)
        if (Exit.isSuccess(actual) && Exit.isSuccess(expected)) {
          assert.isTrue(Equal.equals(actual.value, expected.value))
          assert.deepStrictEqual(Reflect.ownKeys(actual.value), Reflect.ownKeys(expected.value))
        } else {
          assert.deepStrictEqual(actual, expected)
        }
      }),
    { fastCheck: { numRuns: 200 } }
  )

  it("agrees with the schema at the edges of every member", () => {
    const edges: ReadonlyArray<unknown> = [
      ...["Open", "InProgress", "Closed", "open", "", " ", "\u2003", "\u2003x", "a", "a".repeat(128), "a".repeat(129)],
      ...["x".repeat(65535), "x".repeat(65536), "5"],
      ...[0, 1, 2, 99, 100, 101, 1.5, -0, -1, Number.NaN, Number.POSITIVE_INFINITY, null, undefined, true, {}, []]
    ]
    let accepted = 0
    for (const key of ["VoiceConnectorId", "Status", "NextToken", "MaxResults"]) {
      for (const value of edges) {
        if (assertAgrees({ VoiceConnectorId: "abcdef1ghij2klmno3pqr4", [key]: value }) !== undefined) accepted++
      }
    }
    // Every valid edge of every member is accepted: the fast check is not merely refusing everything.
    assert.strictEqual(accepted, 8 + 3 + 13 + 4)
  })

  it("leaves the schema to decide: not a plain object, an inherited member, a present but undefined member", () => {
    class Input {
      readonly VoiceConnectorId = "abcdef1ghij2klmno3pqr4"
    }
    assert.isUndefined(validateRequestFast(new Input()))
    assert.isUndefined(validateRequestFast(Object.create({ VoiceConnectorId: "abcdef1ghij2klmno3pqr4" })))
    assert.isUndefined(validateRequestFast({ VoiceConnectorId: "abcdef1ghij2klmno3pqr4", MaxResults: undefined }))
    assert.isDefined(validateRequestFast({ VoiceConnectorId: "abcdef1ghij2klmno3pqr4", MaxResults: 100 }))
  })
})
