/**
 * The hand-written codecs at the edges that random runs seldom reach: every character of the AWS timestamp form
 * the decoder's own date reader looks at, every month's length, and the encoders of one session and of a page of
 * sessions against the schema. Expected values are written by hand; `Date.parse` is only checked to agree with them.
 */
import { ProxySession, Wire } from "@chime-proxy/core"
import { assert, describe, it } from "@effect/vitest"
import * as Arbitrary from "effect/Arbitrary"
import * as FastCheck from "effect/FastCheck"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import { decodeResponseFast, isoUtcMillis } from "../src/internal/decodeFast.js"
import { encodeProxySessionFast, encodeProxySessionsFast } from "../src/internal/encodeFast.js"

const schemaSessionJson = (session: ProxySession.ProxySession): string =>
  JSON.stringify(Schema.encodeSync(ProxySession.ProxySession)(session))

describe("the decoder's date reader (isoUtcMillis)", () => {
  const seconds = "2024-03-05T06:07:08Z"
  const millis = "2024-03-05T06:07:08.009Z"
  const expected = Date.UTC(2024, 2, 5, 6, 7, 8)

  it("reads both forms to the millisecond", () => {
    assert.strictEqual(isoUtcMillis(seconds), expected)
    assert.strictEqual(isoUtcMillis(millis), expected + 9)
    assert.strictEqual(isoUtcMillis("2024-03-05T06:07:08.123Z"), expected + 123)
    // Date.UTC reads years 0 to 99 as 1900 to 1999.
    assert.strictEqual(isoUtcMillis("0001-01-01T00:00:00Z"), new Date(Date.UTC(2001, 0, 1)).setUTCFullYear(1))
    assert.strictEqual(isoUtcMillis("9999-12-31T23:59:59.999Z"), Date.UTC(9999, 11, 31, 23, 59, 59, 999))
  })

  it("refuses a wrong character at every separator", () => {
    for (const text of [seconds, millis]) {
      const separators = [4, 7, 10, 13, 16, text.length - 1, ...(text === millis ? [19] : [])]
      for (const at of separators) {
        for (const other of ["0", "x", " ", "/", "Z", "T"]) {
          if (other === text[at]) continue
          const broken = text.slice(0, at) + other + text.slice(at + 1)
          assert.isNaN(isoUtcMillis(broken), broken)
        }
      }
    }
  })

  it("refuses anything but a digit where a digit stands, even a character next to the digits", () => {
    for (const text of [seconds, millis]) {
      for (let at = 0; at < text.length; at++) {
        if (!/\d/.test(text[at]!)) continue
        // '/' and ':' are the characters just before and after the digits; a space or a letter is far from them.
        for (const other of ["/", ":", " ", "a"]) {
          const broken = text.slice(0, at) + other + text.slice(at + 1)
          assert.isNaN(isoUtcMillis(broken), broken)
        }
      }
    }
  })

  it("refuses other lengths and fields out of range", () => {
    for (
      const text of [
        "",
        "2024-03-05T06:07:08",
        "2024-03-05T06:07:08.0Z",
        "2024-03-05T06:07:08.0000Z",
        "0000-01-01T00:00:00Z",
        "2024-00-01T00:00:00Z",
        "2024-13-01T00:00:00Z",
        "2024-01-00T00:00:00Z",
        "2024-01-32T00:00:00Z",
        "2024-01-01T24:00:00Z",
        "2024-01-01T00:60:00Z",
        "2024-01-01T00:00:60Z"
      ]
    ) assert.isNaN(isoUtcMillis(text), text)
  })

  it("knows every month's length, leap years included, and leaves the days past a month's end to the general parser", () => {
    // Days in each month of a common year.
    const lengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    const at = (year: number, month: number, day: number) =>
      `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}T00:00:00Z`
    for (
      const [year, leap] of [[2023, false], [2024, true], [1900, false], [2000, true], [2100, false], [1600, true]]
    ) {
      lengths.forEach((length, index) => {
        const month = index + 1
        const last = month === 2 && leap ? 29 : length
        assert.strictEqual(isoUtcMillis(at(year as number, month, last)), Date.UTC(year as number, index, last))
        // V8's Date.parse rolls such a day over into the next month; another engine may not: not the fast path's call.
        if (last < 31) {
          assert.isNaN(isoUtcMillis(at(year as number, month, last + 1)), at(year as number, month, last + 1))
        }
      })
    }
  })

  it("gives timestamps in both forms to a decoded session, and a page with an invalid one to the schema", () => {
    const decoded = decodeResponseFast({ ProxySessions: [{ CreatedTimestamp: seconds, UpdatedTimestamp: millis }] })
    assert.isDefined(decoded)
    const session = decoded!.ProxySessions[0]!
    assert.strictEqual(session.CreatedTimestamp?.epochMillis, expected)
    assert.strictEqual(session.UpdatedTimestamp?.epochMillis, expected + 9)
    assert.isUndefined(decodeResponseFast({ ProxySessions: [{ CreatedTimestamp: "2024x03-05T06:07:08Z" }] }))
  })
})

describe("the encoders of one session and of a page of sessions", () => {
  const sessions = Arbitrary.make(ProxySession.ProxySession)

  it.prop("write the schema's bytes for every valid session", { list: FastCheck.array(sessions, { maxLength: 5 }) }, ({
    list
  }) => {
    for (const session of list) assert.strictEqual(encodeProxySessionFast(session), schemaSessionJson(session))
    assert.deepStrictEqual(encodeProxySessionsFast(list), list.map(schemaSessionJson))
  }, { fastCheck: { numRuns: 200 } })

  it("let the schema decide when a phone number was wiped or Object.prototype carries a member", () => {
    const phone = Redacted.make("+15550100")
    const wiped = new ProxySession.ProxySession({
      Participants: [new ProxySession.Participant({ PhoneNumber: phone })]
    })
    const plain = new ProxySession.ProxySession({ Name: "n" })
    assert.strictEqual(encodeProxySessionFast(wiped), "{\"Participants\":[{\"PhoneNumber\":\"+15550100\"}]}")
    // The class holds a Redacted of its own.
    Redacted.unsafeWipe(wiped.Participants![0]!.PhoneNumber!)
    assert.isUndefined(encodeProxySessionFast(wiped))
    assert.isUndefined(encodeProxySessionsFast([plain, wiped]))
    Object.defineProperty(Object.prototype, "Name", { value: "inherited", configurable: true, enumerable: false })
    try {
      assert.isUndefined(encodeProxySessionFast(plain))
      assert.isUndefined(encodeProxySessionsFast([plain]))
    } finally {
      delete (Object.prototype as Record<string, unknown>).Name
    }
    assert.strictEqual(encodeProxySessionFast(plain), "{\"Name\":\"n\"}")
    assert.deepStrictEqual(encodeProxySessionsFast([plain, plain]), ["{\"Name\":\"n\"}", "{\"Name\":\"n\"}"])
  })

  it("let the schema decide for every member that is not what the schema writes as is", () => {
    const { GeoMatchParams, Participant, ProxySession: Session, UnknownEnumValue } = ProxySession
    const phone = Redacted.make("+15550100")
    // Made with the constructors' checks off, as a program could make them.
    const unusual: ReadonlyArray<readonly [string, Record<string, unknown>]> = [
      ["a Status that only looks like an UnknownEnumValue", { Status: { value: "Mystery" } }],
      ["an UnknownEnumValue holding a known Status", { Status: new UnknownEnumValue({ value: "Open" }, true) }],
      ["an UnknownEnumValue holding a number", { Status: new UnknownEnumValue({ value: 5 } as never, true) }],
      ["an unknown plain string Status", { Status: "Mystery" }],
      ["Capabilities as one string", { Capabilities: "Voice" }],
      ["Capabilities as an object that looks like an array", { Capabilities: { length: 1, 0: "Voice" } }],
      ["a phone number as a plain string", {
        Participants: [new Participant({ PhoneNumber: "+15550100" } as never, true)]
      }],
      ["a participant as a plain object", { Participants: [{ PhoneNumber: phone }] }],
      ["a participant that is null", { Participants: [null] }],
      ["GeoMatchParams as a plain object", { GeoMatchParams: { Country: "US", AreaCode: "555" } }],
      ["GeoMatchParams with an invalid country", {
        GeoMatchParams: new GeoMatchParams({ Country: "us", AreaCode: "555" }, true)
      }]
    ]
    const outcome = (encode: () => string): string => {
      try {
        return encode()
      } catch {
        return "threw"
      }
    }
    for (const [name, members] of unusual) {
      const session = new Session(members as never, true)
      assert.isUndefined(encodeProxySessionFast(session), name)
      assert.isUndefined(encodeProxySessionsFast([session]), name)
      assert.strictEqual(
        outcome(() => Wire.encodeProxySession(session)),
        outcome(() => schemaSessionJson(session)),
        name
      )
    }
  })
})
