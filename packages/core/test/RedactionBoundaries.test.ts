import { Redaction, Wire } from "@chime-proxy/core"
import { assert, describe, it } from "@effect/vitest"
import * as FastCheck from "effect/FastCheck"

// The reference here is independent of the masking under test: a table of inputs with the output written by hand,
// and a model of text made of tokens whose masking is known from how each token was built (a number of 7 to 15
// digits is masked, anything else is left alone), never from the function's own regular expression.

const mask = Redaction.maskPhoneNumbers
const placeholder = "<redacted>"

/** `n` digits that are not all alike, so that a partial leak is seen. */
const digits = (n: number) => Array.from({ length: n }, (_, i) => String((i * 7 + 3) % 10)).join("")

describe("phone masking at its boundaries, against outputs written by hand", () => {
  it("6 digits are not a number; 7 are", () => {
    assert.strictEqual(mask("call 555014 now"), "call 555014 now")
    assert.strictEqual(mask("call 5550142 now"), `call ${placeholder} now`)
    assert.strictEqual(mask("+555014"), "+555014")
    assert.strictEqual(mask("+5550142"), placeholder)
  })

  it("15 digits are a number; 16 are not", () => {
    assert.strictEqual(mask(`id ${digits(15)}.`), `id ${placeholder}.`)
    assert.strictEqual(mask(`+${digits(15)}`), placeholder)
    assert.strictEqual(mask(`id ${digits(16)}.`), `id ${digits(16)}.`)
    assert.strictEqual(mask(`id ${digits(30)}`), `id ${digits(30)}`)
  })

  it("national and international formats, with spaces, dots, dashes and parentheses", () => {
    const numbers = [
      "(206) 555-0142",
      "206-555-0142",
      "206.555.0142",
      "206 555 0142",
      "+1 206 555 0142",
      "+1 (206) 555-0142",
      "+44 20 7946 0958",
      "020 7946 0958",
      "+33 1 23 45 67 89",
      "01 23 45 67 89",
      "+12065550142",
      "2065550142"
    ]
    for (const number of numbers) {
      assert.strictEqual(mask(`call ${number}, please`), `call ${placeholder}, please`, number)
      assert.strictEqual(mask(`${number}`), placeholder, number)
    }
  })

  it("UUIDs, request ids, ISO timestamps, X-Amz-Date and times are left untouched", () => {
    const untouched = [
      "123e4567-e89b-12d3-a456-426614174000",
      "550e8400-e29b-41d4-a716-446655440000",
      "00000000-0000-4000-8000-000000000000",
      "2025-06-01T12:00:00.000Z",
      "2025-06-01 10:00:00",
      "2025-06-01",
      "20250601T120000Z",
      "10:00:00",
      "req-1234567",
      "s-12345678901",
      "abc1234567",
      "1234567abc",
      "v1.2345678",
      "12345678:"
    ]
    for (const text of untouched) assert.strictEqual(mask(`at ${text} ok`), `at ${text} ok`, text)
  })

  it("Wire.decodeError masks a 7-digit number in a service message", () => {
    const error = Wire.decodeError({
      status: 400,
      errorType: "BadRequestException",
      body: JSON.stringify({ Message: "bad number 5550142" })
    })
    assert.strictEqual(error.Message, `bad number ${placeholder}`)
    assert.notInclude(String(error), "5550142")
  })
})

type Token = { readonly text: string; readonly masked: boolean }

const digitRun = (minLength: number, maxLength: number) =>
  FastCheck.array(FastCheck.integer({ min: 0, max: 9 }), { minLength, maxLength }).map((run) => run.join(""))

const bareNumber = digitRun(1, 20).map((text): Token => ({ text, masked: text.length >= 7 && text.length <= 15 }))

/** A number written in groups: its digits count, its separators and parentheses do not. */
const formattedNumber = FastCheck.tuple(
  FastCheck.array(FastCheck.integer({ min: 1, max: 4 }), { minLength: 2, maxLength: 5 }),
  FastCheck.constantFrom(" ", "-", "."),
  FastCheck.boolean(),
  FastCheck.boolean()
).chain(([groups, separator, plus, parentheses]) => {
  const total = groups.reduce((sum, n) => sum + n, 0)
  return FastCheck.tuple(...groups.map((n) => digitRun(n, n))).map(
    (parts): Token => {
      const [first, ...rest] = parts
      const head = parentheses ? `(${first})` : first
      const text = `${plus ? "+" : ""}${[head, ...rest].join(separator)}`
      return { text, masked: total >= 7 && total <= 15 }
    }
  )
}).filter((token) =>
  // More than 15 digits in groups is not one number; a date-shaped start (YYYY-MM-DD) is a date: both have tokens of
  // their own above and below.
  token.text.replace(/\D/g, "").length <= 15 && !/^\d{4}-\d{2}-\d{2}(?!\d)/.test(token.text)
)

const kept = (text: string): Token => ({ text, masked: false })
const untouchedToken = FastCheck.oneof(
  FastCheck.uuid().map(kept),
  FastCheck.date({ min: new Date("1970-01-01T00:00:00Z"), max: new Date("2099-12-31T23:59:59Z"), noInvalidDate: true })
    .chain((date) =>
      FastCheck.constantFrom(
        date.toISOString(),
        date.toISOString().replace(/[-:]|\.\d{3}/g, ""),
        date.toISOString().slice(0, 10),
        date.toISOString().slice(11, 19)
      )
    ).map(kept),
  FastCheck.stringMatching(/^[a-z]{1,8}$/).map(kept),
  FastCheck.stringMatching(/^(req|s|vc)-[0-9]{1,20}$/).map(kept)
)

describe("phone masking of any text, against a model of the tokens it is made of", () => {
  it("masks exactly the numbers of 7 to 15 digits and leaves every other token as it was", () => {
    FastCheck.assert(
      FastCheck.property(
        FastCheck.array(FastCheck.oneof(bareNumber, formattedNumber, untouchedToken), { maxLength: 12 }),
        (tokens) => {
          const text = tokens.map((token) => token.text).join(", ")
          const expected = tokens.map((token) => token.masked ? placeholder : token.text).join(", ")
          assert.strictEqual(mask(text), expected)
        }
      ),
      { numRuns: 1000 }
    )
  })
})

describe("excerpt: masked, then cut to its limit", () => {
  it("a text of at most the limit is given whole; a longer one is cut there and says how long it was", () => {
    assert.strictEqual(Redaction.excerpt("abcd", 4), "abcd")
    assert.strictEqual(Redaction.excerpt("abcde", 4), "abcd… (5 chars)")
    assert.strictEqual(Redaction.excerpt("abc", 4), "abc")
    assert.strictEqual(Redaction.excerpt("x".repeat(256)), "x".repeat(256))
    assert.strictEqual(Redaction.excerpt("x".repeat(257)), `${"x".repeat(256)}… (257 chars)`)
  })

  it("the limit counts the masked text: a number is never cut in half and shown in part", () => {
    assert.strictEqual(Redaction.excerpt("call 2065550142 now", 15), `call ${placeholder}… (19 chars)`)
    assert.strictEqual(Redaction.excerpt("call 2065550142", 15), `call ${placeholder}`)
  })
})

describe("byteCount: sizes in messages, which the masking leaves readable", () => {
  it("groups the digits, and gives MiB from 1 MiB on", () => {
    assert.strictEqual(Redaction.byteCount(0), "0 bytes")
    assert.strictEqual(Redaction.byteCount(16_384), "16,384 bytes")
    assert.strictEqual(Redaction.byteCount(1_048_575), "1,048,575 bytes")
    assert.strictEqual(Redaction.byteCount(8_388_608), "8.0 MiB (8,388,608 bytes)")
    assert.strictEqual(Redaction.byteCount(1_073_741_824), "1,024.0 MiB (1,073,741,824 bytes)")
  })

  it("no size up to a petabyte is masked, in a message or alone", () => {
    FastCheck.assert(
      FastCheck.property(FastCheck.integer({ min: 0, max: 2 ** 50 }), (bytes) => {
        const text = `the body is larger than ${Redaction.byteCount(bytes)}.`
        assert.strictEqual(mask(text), text)
        assert.strictEqual(mask(Redaction.byteCount(bytes)), Redaction.byteCount(bytes))
      }),
      { numRuns: 2000 }
    )
  })
})
