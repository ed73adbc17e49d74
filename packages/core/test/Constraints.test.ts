// The hand-written constraints of the fast codecs (src/internal/constraints.ts), value by value at every edge: each
// one must answer what the schema of the same member answers, and the schema is the reference. The random agreement
// runs are in FastCodecs.test.ts; these are the edges a mutant moves (npm run mutation -- validation).
import { ListProxySessions, ProxySession } from "@chime-proxy/core"
import { assert, describe, it } from "@effect/vitest"
import * as Schema from "effect/Schema"
import * as Constraints from "../src/internal/constraints.js"

const agree = <A, I>(
  schema: Schema.Schema<A, I>,
  predicate: (value: unknown) => boolean,
  values: ReadonlyArray<unknown>
) => {
  const is = Schema.is(Schema.typeSchema(schema))
  for (const value of values) {
    assert.strictEqual(
      predicate(value),
      is(value),
      typeof value === "bigint" ? `${value}n` : JSON.stringify(value) ?? String(value)
    )
  }
}

/** The characters around each range the predicates test by code: `/` `0` `9` `:`, `@` `A` `Z` `[`, `+`. */
const edges = ["/", "0", "1", "9", ":", "@", "A", "Z", "[", "+", "a"]

const notStrings = [undefined, null, 5, true, {}, [], ["a"]]

describe("the constraints of the fast codecs, at every edge, against the schemas", () => {
  it("ids: 1 to 128 characters, not all white space, whatever the first character", () => {
    const ids = [
      "",
      "a",
      "a".repeat(128),
      "a".repeat(129),
      " ".repeat(128),
      " ",
      "\t",
      "\n",
      "\u00a0",
      "\u2028",
      "\ufeff",
      " a",
      "\ta",
      "\u00a0a",
      "!",
      "~",
      "\u007f",
      "\u001f",
      " \u007f",
      "\u0080",
      "é",
      "😀"
    ]
    agree(ProxySession.VoiceConnectorId, Constraints.isId, [...ids, ...notStrings])
    agree(ProxySession.ProxySessionId, Constraints.isId, [...ids, ...notStrings])
    assert.isTrue(Constraints.isId("\u007f"))
    assert.isFalse(Constraints.isId(" "))
    assert.isFalse(Constraints.isId("\u00a0"))
  })

  it("names: at most 128 characters, blank ones included", () => {
    agree(ProxySession.Name, Constraints.isName, ["", " ", "a".repeat(128), "a".repeat(129), ...notStrings])
    assert.isTrue(Constraints.isName("a".repeat(128)))
    assert.isFalse(Constraints.isName("a".repeat(129)))
  })

  it("expiry minutes: a safe integer of at least 1", () => {
    const values = [0, 1, 2, -1, -0, 0.5, 1.5, 2 ** 53 - 1, 2 ** 53, -(2 ** 53), NaN, Infinity, -Infinity, "1", 1n]
    agree(ProxySession.ExpiryMinutes, Constraints.isExpiryMinutes, [...values, ...notStrings])
    assert.isTrue(Constraints.isExpiryMinutes(1))
    assert.isFalse(Constraints.isExpiryMinutes(0))
  })

  it("next tokens: at most 65535 characters", () => {
    agree(ListProxySessions.NextToken, Constraints.isNextToken, [
      "",
      "t".repeat(65535),
      "t".repeat(65536),
      ...notStrings
    ])
    assert.isTrue(Constraints.isNextToken("t".repeat(65535)))
    assert.isFalse(Constraints.isNextToken("t".repeat(65536)))
  })

  it("E.164 numbers: an optional +, a first digit 1-9, 2 to 15 digits in all", () => {
    const values: Array<unknown> = [
      "",
      "+",
      "++12",
      "1",
      "+1",
      "12",
      "+12",
      "01",
      "+01",
      "10",
      "90",
      "123456789012345",
      "+123456789012345",
      "1234567890123456",
      "+1234567890123456",
      "12345678901234a",
      " 12",
      "12 ",
      "1+2",
      ...notStrings
    ]
    // Every edge character as the first digit, as a later digit, and as the last.
    for (const c of edges) values.push(`${c}2`, `+${c}2`, `1${c}`, `+1${c}`, `1${c}3`, `+12${c}4`)
    agree(ProxySession.E164PhoneNumberString, Constraints.isE164, values)
    assert.isTrue(Constraints.isE164("+123456789012345"))
    assert.isFalse(Constraints.isE164("+1"))
  })

  it("countries: empty, or two capital letters", () => {
    const values: Array<unknown> = ["", "A", "AB", "ABC", "ab", "Ab", "aB", "ZZ", "AA", ...notStrings]
    for (const c of edges) values.push(`${c}A`, `A${c}`, c, `${c}${c}`)
    agree(ProxySession.Country, Constraints.isCountry, values)
    assert.isTrue(Constraints.isCountry(""))
    assert.isTrue(Constraints.isCountry("ZA"))
  })

  it("area codes: empty, or three digits", () => {
    const values: Array<unknown> = ["", "1", "12", "123", "1234", "000", "999", ...notStrings]
    for (const c of edges) values.push(`${c}23`, `1${c}3`, `12${c}`, c, `${c}${c}${c}`)
    agree(ProxySession.AreaCode, Constraints.isAreaCode, values)
    assert.isTrue(Constraints.isAreaCode(""))
    assert.isTrue(Constraints.isAreaCode("909"))
  })

  it("the known members of each open enumeration, and nothing else", () => {
    const others = ["", "open", "OPEN", "Other", "voice", "sms", "Sticky", "City", "country", "Open "]
    const cases = [
      [ProxySession.ProxySessionStatus, Constraints.isKnownStatus, ["Open", "InProgress", "Closed"]],
      [ProxySession.Capability, Constraints.isKnownCapability, ["Voice", "SMS"]],
      [ProxySession.NumberSelectionBehavior, Constraints.isKnownNumberSelectionBehavior, [
        "PreferSticky",
        "AvoidSticky"
      ]],
      [ProxySession.GeoMatchLevel, Constraints.isKnownGeoMatchLevel, ["Country", "AreaCode"]]
    ] as const
    const all = cases.flatMap(([, , known]) => known)
    for (const [schema, isKnown, known] of cases) {
      for (const value of known) assert.isTrue(isKnown(value), value)
      for (const value of [...all, ...others]) {
        assert.strictEqual(isKnown(value), Schema.is(schema as Schema.Schema<string>)(value), value)
      }
    }
  })

  it("prototypes are clean while no member name of any response shape is found on any of them", () => {
    assert.isTrue(Constraints.prototypesAreClean([]))
    assert.isTrue(Constraints.prototypesAreClean([Object.prototype, Object.create(null), { Other: 1 }]))
    const shapes = [
      ListProxySessions.ListProxySessionsResponse,
      ProxySession.ProxySession,
      ProxySession.Participant,
      ProxySession.GeoMatchParams
    ]
    for (const name of shapes.flatMap((shape) => Object.keys(shape.fields))) {
      // Found on the last of several prototypes, and through a prototype chain.
      assert.isFalse(Constraints.prototypesAreClean([{}, { [name]: undefined }]), name)
      assert.isFalse(Constraints.prototypesAreClean([Object.create({ [name]: 1 })]), name)
    }
  })
})
