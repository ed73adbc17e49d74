import { Redaction, Wire } from "@chime-proxy/core"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as FastCheck from "effect/FastCheck"

// Property tests both ways: phone numbers in every usual format are masked, and the identifiers and times that sit
// next to them in messages and logs are left exactly as they are.

const digits = (min: number, max: number) =>
  FastCheck.array(FastCheck.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max }).map((ds) => ds.join(""))

const nonZero = FastCheck.integer({ min: 1, max: 9 }).map(String)

// A North American number: area code and exchange start with 2-9.
const nanp = FastCheck.tuple(
  FastCheck.integer({ min: 2, max: 9 }),
  digits(2, 2),
  FastCheck.integer({ min: 2, max: 9 }),
  digits(2, 2),
  digits(4, 4)
).map(([a, b, c, d, e]) => ({ area: `${a}${b}`, exchange: `${c}${d}`, line: e }))

const phoneNumber = FastCheck.oneof(
  // E.164, as the API writes them
  FastCheck.tuple(nonZero, digits(6, 13)).map(([first, rest]) => `+${first}${rest}`),
  nanp.map((n) => `+1${n.area}${n.exchange}${n.line}`),
  nanp.map((n) => `+1 ${n.area} ${n.exchange} ${n.line}`),
  nanp.map((n) => `${n.area}-${n.exchange}-${n.line}`),
  nanp.map((n) => `(${n.area}) ${n.exchange}-${n.line}`),
  nanp.map((n) => `${n.area}.${n.exchange}.${n.line}`),
  nanp.map((n) => `+1-${n.area}-${n.exchange}-${n.line}`),
  FastCheck.tuple(digits(2, 2), digits(4, 4), digits(4, 4)).map(([a, b, c]) => `+44 ${a} ${b} ${c}`)
)

const before = FastCheck.constantFrom("", "tel ", "call ", "from: ", "number \"", "[", "to ")
const after = FastCheck.constantFrom("", " ", " failed", "\"", ", then", "]", ".")

const isoTimestamp = FastCheck.date({ min: new Date("1990-01-01"), max: new Date("2100-01-01"), noInvalidDate: true })
  .chain((date) =>
    FastCheck.constantFrom(
      date.toISOString(),
      date.toISOString().replace(/\.\d{3}Z$/, "Z"),
      date.toISOString().slice(0, 10),
      date.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, ""),
      date.toISOString().replace("Z", "+00:00")
    )
  )

const identifier = FastCheck.oneof(
  FastCheck.uuid(),
  FastCheck.uuid().map((id) => id.toUpperCase()),
  // request ids of other AWS services: 16 to 32 hex digits, or hex groups
  FastCheck.stringMatching(/^[0-9A-F]{16,32}$/),
  FastCheck.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
)

describe("Redaction.maskPhoneNumbers", () => {
  it("masks generated numbers in every format, wherever they sit in a text", () => {
    FastCheck.assert(
      FastCheck.property(before, phoneNumber, after, (head, number, tail) => {
        assert.strictEqual(Redaction.maskPhoneNumbers(`${head}${number}${tail}`), `${head}<redacted>${tail}`)
      }),
      { numRuns: 2000 }
    )
  })

  it("leaves generated UUIDs, request ids and ISO timestamps as they are", () => {
    FastCheck.assert(
      FastCheck.property(identifier, isoTimestamp, (id, time) => {
        for (const text of [id, time, `request ${id} at ${time}`, `RequestId: ${id}, Date: ${time}`]) {
          assert.strictEqual(Redaction.maskPhoneNumbers(text), text)
        }
      }),
      { numRuns: 2000 }
    )
  })

  it("masks the numbers and keeps the rest of a text that has both", () => {
    FastCheck.assert(
      FastCheck.property(identifier, phoneNumber, isoTimestamp, (id, number, time) => {
        assert.strictEqual(
          Redaction.maskPhoneNumbers(`request ${id} at ${time}: tel ${number} refused`),
          `request ${id} at ${time}: tel <redacted> refused`
        )
      }),
      { numRuns: 1000 }
    )
  })

  it("as found: the national format, request ids and dates", () => {
    assert.strictEqual(Redaction.maskPhoneNumbers("tel 512-555-0165"), "tel <redacted>")
    const id = "00000000-0000-4000-8000-000000000165"
    assert.strictEqual(Redaction.maskPhoneNumbers(`request ${id}`), `request ${id}`)
    assert.strictEqual(Redaction.maskPhoneNumbers("at 2026-11-30T10:00:00Z"), "at 2026-11-30T10:00:00Z")
  })
})

describe("Invalid status", () => {
  it.effect("names every value of the schema", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Wire.validateRequest({ VoiceConnectorId: "vc", Status: "Bogus" as never }))
      assert.strictEqual(error.field, "Status")
      assert.include(error.message, "Open, InProgress, Closed")
    }))
})
