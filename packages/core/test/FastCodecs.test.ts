import { ClientError, ListProxySessions, ProxySession, Wire } from "@chime-proxy/core"
import { assert, describe, it } from "@effect/vitest"
import * as Arbitrary from "effect/Arbitrary"
import * as DateTime from "effect/DateTime"
import * as Either from "effect/Either"
import * as Equal from "effect/Equal"
import * as FastCheck from "effect/FastCheck"
import * as Hash from "effect/Hash"
import * as ParseResult from "effect/ParseResult"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import { inspect } from "node:util"
import * as Constraints from "../src/internal/constraints.js"
import { decodeResponseFast, isoUtcMillis } from "../src/internal/decodeFast.js"
import { encodeResponseFast } from "../src/internal/encodeFast.js"
import { excerpt, maskPhoneNumbers } from "../src/internal/redact.js"

/** The value, or a failed test when it is missing. */
const defined = <A>(value: A | undefined): A => {
  if (value === undefined) throw new Error("expected a value, found none")
  return value
}

const { ListProxySessionsResponse } = ListProxySessions
type Response = ListProxySessions.ListProxySessionsResponse

const schemaDecode = Schema.decodeUnknownEither(ListProxySessionsResponse)
const schemaEncode = Schema.encodeSync(ListProxySessionsResponse)
const schemaJson = (response: Response): string => JSON.stringify(schemaEncode(response))

/**
 * `Wire.decodeResponse` as it was before the hand-written decoder: JSON.parse, then the schema alone. It masks with
 * the same function as the decoder because what it checks is the decoder, not the masking: the masking is checked
 * against outputs written by hand in RedactionBoundaries.test.ts, and the excerpt of a phone number below.
 */
const reference = (status: number, body: string, requestId?: string) => {
  const fail = (reason: string) =>
    Either.left(
      new ClientError.ResponseDecodeError({
        status,
        reason: maskPhoneNumbers(reason),
        excerpt: excerpt(body),
        ...(requestId === undefined ? {} : { requestId })
      })
    )
  if (body.trim() === "") return Either.right(new ListProxySessionsResponse({ ProxySessions: [] }))
  let json: unknown
  try {
    json = JSON.parse(body)
  } catch {
    return fail("the body is not JSON")
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) return fail("the body is not a JSON object")
  const decoded = schemaDecode(json, { errors: "first" })
  if (Either.isLeft(decoded)) {
    const issue = ParseResult.ArrayFormatter.formatErrorSync(decoded.left)[0]
    return fail(issue === undefined ? "unexpected shape" : `${issue.path.join(".")}: ${issue.message}`)
  }
  return Either.right(decoded.right)
}

/**
 * Asserts that two values cannot be told apart: same prototype, same own keys in the same order with the same
 * descriptors, recursively; Redacted values by what they hold.
 */
const assertSame = (actual: unknown, expected: unknown, path = "$"): void => {
  if (Redacted.isRedacted(expected)) {
    assert.isTrue(Redacted.isRedacted(actual), `${path} is Redacted`)
    assert.strictEqual(Object.getPrototypeOf(actual), Object.getPrototypeOf(expected), `${path} prototype`)
    assert.deepStrictEqual(Reflect.ownKeys(actual as object), Reflect.ownKeys(expected), `${path} own keys`)
    assert.strictEqual(Redacted.value(actual as Redacted.Redacted), Redacted.value(expected), `${path} value`)
    return
  }
  if (typeof expected !== "object" || expected === null) {
    assert.isTrue(Object.is(actual, expected), `${path}: ${String(actual)} is ${String(expected)}`)
    return
  }
  assert.isTrue(typeof actual === "object" && actual !== null, `${path} is an object`)
  const object = actual as object
  assert.strictEqual(Object.getPrototypeOf(object), Object.getPrototypeOf(expected), `${path} prototype`)
  assert.deepStrictEqual(Reflect.ownKeys(object), Reflect.ownKeys(expected), `${path} own keys`)
  assert.strictEqual(Object.isExtensible(object), Object.isExtensible(expected), `${path} extensible`)
  for (const key of Reflect.ownKeys(expected)) {
    const a = Object.getOwnPropertyDescriptor(object, key)!
    const e = Object.getOwnPropertyDescriptor(expected, key)!
    assert.deepStrictEqual(
      [a.enumerable, a.writable, a.configurable, a.get, a.set],
      [e.enumerable, e.writable, e.configurable, e.get, e.set],
      `${path}.${String(key)} descriptor`
    )
    assertSame(a.value, e.value, `${path}.${String(key)}`)
  }
}

/** Equal and Hash say the same of `actual` as of a value equal to `expected` (arrays are compared by reference). */
const assertSameEquality = (actual: unknown, expected: unknown, twin: unknown) => {
  assert.strictEqual(Equal.equals(actual, expected), Equal.equals(twin, expected), "Equal.equals")
  assert.strictEqual(Equal.equals(expected, actual), Equal.equals(expected, twin), "Equal.equals, reversed")
  assert.strictEqual(Hash.hash(actual) === Hash.hash(expected), Hash.hash(twin) === Hash.hash(expected), "Hash.hash")
}

/** Every way a program can look at a decoded response gives the same answer for both. */
const assertIndistinguishable = (actual: Response, expected: Response) => {
  assertSame(actual, expected)
  const twin = Schema.decodeSync(ListProxySessionsResponse)(schemaEncode(expected))
  assertSameEquality(actual, expected, twin)
  assert.strictEqual(inspect(actual, { depth: Infinity }), inspect(expected, { depth: Infinity }), "inspect")
  assert.strictEqual(String(actual), String(expected), "String")
  assert.strictEqual(JSON.stringify(actual), JSON.stringify(expected), "JSON.stringify")
  assert.strictEqual(Wire.encodeResponse(actual), Wire.encodeResponse(expected), "Wire.encodeResponse")
  assert.strictEqual(schemaJson(actual), schemaJson(expected), "Schema.encode")
  assert.isTrue(Schema.is(ListProxySessionsResponse)(actual), "Schema.is")
  assert.instanceOf(actual, ListProxySessionsResponse)
  actual.ProxySessions.forEach((session, i) => {
    const other = defined(expected.ProxySessions[i])
    assert.instanceOf(session, ProxySession.ProxySession)
    const otherTwin = defined(twin.ProxySessions[i])
    assert.strictEqual(String(session), String(other))
    assertSameEquality(session, other, otherTwin)
    for (const key of ["CreatedTimestamp", "UpdatedTimestamp", "EndedTimestamp", "GeoMatchParams"] as const) {
      assertSameEquality(session[key], other[key], otherTwin[key])
    }
    if (session.GeoMatchParams !== undefined) assert.instanceOf(session.GeoMatchParams, ProxySession.GeoMatchParams)
    session.Participants?.forEach((participant, j) => {
      const expectedParticipant = defined(other.Participants?.[j])
      assertSameEquality(participant, expectedParticipant, otherTwin.Participants?.[j])
      assert.instanceOf(participant, ProxySession.Participant)
      for (const key of ["PhoneNumber", "ProxyPhoneNumber"] as const) {
        const phone = participant[key]
        const expectedPhone = expectedParticipant[key]
        assert.strictEqual(phone === undefined, expectedPhone === undefined)
        if (phone !== undefined) assert.strictEqual(Redacted.value(phone), Redacted.value(expectedPhone!))
      }
    })
  })
}

/** Both decoders on a parsed body: the fast one may only answer what the schema answers. */
const assertAgrees = (json: Record<string, unknown>) => {
  const fast = decodeResponseFast(json)
  const slow = schemaDecode(json, { errors: "first" })
  if (fast !== undefined) {
    assert.isTrue(Either.isRight(slow), "the fast decoder accepted what the schema refuses")
    assertIndistinguishable(fast, Either.getOrThrow(slow))
  }
  return fast
}

/** `Wire.decodeResponse` gives what it gave before: the same value, or the same error. */
const assertWireAgrees = (body: string) => {
  const actual = Wire.decodeResponse(200, body, "req-1")
  const expected = reference(200, body, "req-1")
  if (Either.isRight(expected)) {
    assert.isTrue(Either.isRight(actual), "Wire.decodeResponse refused a valid body")
    assertIndistinguishable(Either.getOrThrow(actual), expected.right)
  } else {
    assert.isTrue(Either.isLeft(actual), "Wire.decodeResponse accepted an invalid body")
    const error = Either.flip(actual).pipe(Either.getOrThrow)
    assert.deepStrictEqual({ ...error }, { ...expected.left })
    assert.strictEqual(error.message, expected.left.message)
  }
}

const responses = Arbitrary.make(ListProxySessionsResponse)

// A valid response's JSON, with its sessions' members, participants and key order shuffled a little.
const validJson = FastCheck.tuple(responses, FastCheck.boolean()).map(([response, reversed]) => {
  const json = JSON.parse(Wire.encodeResponse(response)) as Record<string, unknown>
  if (!reversed) return json
  const reverse = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(reverse)
      : typeof value === "object" && value !== null
      ? Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reverse(v)]))
      : value
  return reverse(json) as Record<string, unknown>
})

describe("the hand-written decoder", () => {
  it.prop("builds what the schema builds, for every valid page", { json: validJson }, ({ json }) => {
    assert.isDefined(assertAgrees(json), "a valid page fell back to the schema")
  }, { fastCheck: { numRuns: 300 } })

  it.prop(
    "Wire.decodeResponse gives the schema's value for every valid body",
    { response: responses },
    ({ response }) => {
      assertWireAgrees(Wire.encodeResponse(response))
    },
    { fastCheck: { numRuns: 100 } }
  )

  it("keeps the schema's shapes at the edges", () => {
    const session = {
      VoiceConnectorId: "  a  ",
      ProxySessionId: "x".repeat(128),
      Name: "n".repeat(128),
      Status: "Retired",
      ExpiryMinutes: Number.MAX_SAFE_INTEGER,
      Capabilities: [],
      Participants: [{}, { PhoneNumber: "12" }, { ProxyPhoneNumber: "+123456789012345" }],
      NumberSelectionBehavior: "Random",
      GeoMatchLevel: "Planet",
      GeoMatchParams: { Country: "", AreaCode: "" },
      Unknown: { nested: [1, 2, 3] }
    }
    for (
      const json of [
        {},
        { NextToken: "t" },
        { NextToken: "t".repeat(65535), ProxySessions: [] },
        { ProxySessions: [{}] },
        { ProxySessions: [session, { Capabilities: ["Voice", "Fax", "SMS"] }], Extra: null }
      ]
    ) {
      assert.isDefined(assertAgrees(json))
      assertWireAgrees(JSON.stringify(json))
    }
  })

  it("reads timestamps in every ISO 8601 form as the schema does", () => {
    const forms = [
      "2025-01-01T00:00:00Z",
      "2025-01-01T00:00:00.000Z",
      "2024-02-29T23:59:59.999Z",
      "2025-02-29T00:00:00Z",
      "2025-02-30T00:00:00Z",
      "2025-04-31T00:00:00.000Z",
      "2025-01-01T24:00:00Z",
      "2025-01-01T23:60:00Z",
      "2025-01-01T23:59:60Z",
      "2025-13-01T00:00:00Z",
      "2025-00-10T00:00:00Z",
      "2025-01-00T00:00:00Z",
      "0000-01-01T00:00:00Z",
      "0001-01-01T00:00:00Z",
      "0099-12-31T23:59:59Z",
      "1969-12-31T23:59:59.999Z",
      "9999-12-31T23:59:59.999Z",
      "2025-01-01T00:00:00.1Z",
      "2025-01-01T00:00:00.123456Z",
      "2025-01-01T00:00:00+02:00",
      "2025-01-01T00:00:00.000-0530",
      "2025-01-01T00:00:00",
      "2025-01-01",
      "2025-01-01t00:00:00z",
      "2025-01-01 00:00:00Z",
      "+002025-01-01T00:00:00.000Z",
      "-000001-01-01T00:00:00.000Z",
      "Wed, 01 Jan 2025 00:00:00 GMT",
      "1735689600",
      "2025-1-01T00:00:00Z",
      "2025-01-01T00:00:0xZ",
      "２０２５-01-01T00:00:00Z",
      "",
      "not a date"
    ]
    for (const CreatedTimestamp of forms) {
      const json = { ProxySessions: [{ CreatedTimestamp }] }
      assertAgrees(json)
      assertWireAgrees(JSON.stringify(json))
    }
  })

  it.prop(
    "parses the AWS timestamp form as Date.parse does",
    {
      date: FastCheck.date({ min: new Date("0001-01-01T00:00:00.000Z"), max: new Date("9999-12-31T23:59:59.999Z") }),
      millis: FastCheck.boolean()
    },
    ({ date, millis }) => {
      const text = millis ? date.toISOString() : `${date.toISOString().slice(0, 19)}Z`
      assert.strictEqual(isoUtcMillis(text), Date.parse(text))
    },
    { fastCheck: { numRuns: 2000 } }
  )

  it.prop(
    "never disagrees with Date.parse on strings of that shape",
    {
      fields: FastCheck.tuple(
        FastCheck.integer({ min: 0, max: 9999 }),
        FastCheck.integer({ min: 0, max: 99 }),
        FastCheck.integer({ min: 0, max: 99 }),
        FastCheck.integer({ min: 0, max: 99 }),
        FastCheck.integer({ min: 0, max: 99 }),
        FastCheck.integer({ min: 0, max: 99 }),
        FastCheck.option(FastCheck.integer({ min: 0, max: 999 }))
      )
    },
    ({ fields: [year, month, day, hour, minute, second, millis] }) => {
      const pad = (n: number, width: number) => String(n).padStart(width, "0")
      const text = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${pad(hour, 2)}:${pad(minute, 2)}:${
        pad(second, 2)
      }${millis === null ? "" : `.${pad(millis, 3)}`}Z`
      const fast = isoUtcMillis(text)
      // NaN only hands the string to the general parser.
      if (!Number.isNaN(fast)) assert.strictEqual(fast, Date.parse(text), text)
      if (month >= 1 && month <= 12 && day >= 1 && day <= 28 && hour <= 23 && minute <= 59 && second <= 59) {
        assert.isFalse(year >= 1 && Number.isNaN(fast), `${text} should take the fast path`)
      }
    },
    { fastCheck: { numRuns: 3000 } }
  )
})

// Values that break a member somewhere: wrong types, broken patterns, huge strings, unknown enum types.
const badValues = FastCheck.oneof(
  FastCheck.constantFrom<Array<unknown>>(
    null,
    0,
    -1,
    1.5,
    1e300,
    Number.MAX_SAFE_INTEGER + 1,
    true,
    "",
    " \t\n",
    "\u00a0",
    "x".repeat(129),
    "x".repeat(65536),
    "+0123",
    "+1",
    "12345678901234567",
    "+12065550100 ",
    "+１２０６５５５０１００",
    "usa",
    "us",
    "1234",
    "20",
    "2025-13-01T00:00:00Z",
    "not a date",
    "\ud800",
    "Open",
    "Voice",
    [],
    {},
    [null],
    ["Voice", 1],
    [{ PhoneNumber: 12065550100 }],
    { Country: "US" },
    { AreaCode: "206" },
    { Country: "US", AreaCode: 206 }
  ),
  FastCheck.jsonValue({ maxDepth: 2 })
)

type Path = ReadonlyArray<string | number>

const pathsOf = (value: unknown, path: Path = []): Array<Path> => {
  const here = path.length === 0 ? [] : [path]
  if (Array.isArray(value)) return [...here, ...value.flatMap((item, i) => pathsOf(item, [...path, i]))]
  if (typeof value === "object" && value !== null) {
    return [...here, ...Object.entries(value).flatMap(([key, item]) => pathsOf(item, [...path, key]))]
  }
  return here
}

const member = FastCheck.constantFrom(
  "ProxySessions",
  "NextToken",
  "VoiceConnectorId",
  "ProxySessionId",
  "Name",
  "Status",
  "ExpiryMinutes",
  "Capabilities",
  "CreatedTimestamp",
  "Participants",
  "PhoneNumber",
  "GeoMatchParams",
  "Country",
  "AreaCode"
)

// A valid body with one member replaced, removed or added somewhere.
const mutatedJson = FastCheck.tuple(validJson, FastCheck.nat(), badValues, FastCheck.nat(3), member).map(
  ([json, pick, bad, how, name]) => {
    const copy = structuredClone(json) as Record<string, unknown>
    const paths = pathsOf(copy)
    const path = paths[pick % paths.length] ?? []
    let parent: Record<string | number, unknown> = copy
    for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>
    const last = path.at(-1)
    if (last === undefined || how === 3) {
      const target = last === undefined ? copy : parent[last]
      if (typeof target === "object" && target !== null && !Array.isArray(target)) {
        ;(target as Record<string, unknown>)[name] = bad
      }
    } else if (how === 2 && !Array.isArray(parent)) {
      delete parent[last]
    } else {
      parent[last] = bad
    }
    return copy
  }
)

describe("the hand-written decoder on invalid pages", () => {
  it.prop("leaves every invalid page to the schema: same value or same error", { json: mutatedJson }, ({ json }) => {
    assertAgrees(json)
    assertWireAgrees(JSON.stringify(json))
    // 1500 pages through the schema twice: minutes on a loaded shared machine, so more than the default time.
  }, { fastCheck: { numRuns: 1500 }, timeout: 300_000 })

  it("gives the schema's errors, word for word", () => {
    const bodies = [
      "{\"ProxySessions\": null}",
      "{\"ProxySessions\": [null]}",
      "{\"ProxySessions\": [{\"Participants\": [{\"PhoneNumber\": \"+12065550100x\"}]}]}",
      "{\"ProxySessions\": [{\"Status\": 3}]}",
      "{\"ProxySessions\": [{\"GeoMatchParams\": {\"Country\": \"US\"}}]}",
      "{\"ProxySessions\": [{\"ExpiryMinutes\": 0}]}",
      "{\"ProxySessions\": [{\"VoiceConnectorId\": \"   \"}]}",
      "{\"ProxySessions\": [{\"CreatedTimestamp\": \"yesterday\"}]}",
      `{"NextToken": "${"t".repeat(65536)}"}`
    ]
    for (const body of bodies) {
      const error = Either.flip(Wire.decodeResponse(200, body)).pipe(Either.getOrThrow)
      assert.instanceOf(error, ClientError.ResponseDecodeError)
      assertWireAgrees(body)
    }
    const phone = Either.flip(Wire.decodeResponse(200, bodies[2]!)).pipe(Either.getOrThrow)
    assert.strictEqual(phone.excerpt, "{\"ProxySessions\": [{\"Participants\": [{\"PhoneNumber\": \"<redacted>x\"}]}]}")
    assert.strictEqual(
      phone.reason,
      "ProxySessions.0.Participants.0.PhoneNumber: expected an E.164 phone number matching ^\\+?[1-9]\\d{1,14}$ (value not shown)"
    )
  })

  it("lets the schema decide when Object.prototype carries a member", () => {
    const json = { ProxySessions: [{ ProxySessionId: "s-1" }] }
    Object.defineProperty(Object.prototype, "Name", { value: "inherited", configurable: true, enumerable: false })
    try {
      assert.isUndefined(decodeResponseFast(json))
      assertWireAgrees(JSON.stringify(json))
    } finally {
      delete (Object.prototype as Record<string, unknown>).Name
    }
    assert.isDefined(decodeResponseFast(json))
  })
})

describe("the constraints by hand", () => {
  const agree = <A, I>(schema: Schema.Schema<A, I>, predicate: (value: unknown) => boolean) => (value: unknown) =>
    assert.strictEqual(predicate(value), Schema.is(Schema.typeSchema(schema))(value), JSON.stringify(value))

  const strings = FastCheck.oneof(
    FastCheck.string({ unit: "binary", maxLength: 140 }),
    FastCheck.string({ unit: FastCheck.constantFrom(" ", "\t", "\u00a0", "\u2028", "\ufeff", "a"), maxLength: 4 }),
    FastCheck.stringMatching(/^\+?[0-9]{0,17}$/),
    FastCheck.stringMatching(/^[A-Za-z0-9]{0,4}$/),
    FastCheck.string({ minLength: 126, maxLength: 130 })
  )

  it.prop("agree with the schemas", { value: FastCheck.oneof(strings, FastCheck.anything()) }, ({ value }) => {
    agree(ProxySession.VoiceConnectorId, Constraints.isId)(value)
    agree(ProxySession.ProxySessionId, Constraints.isId)(value)
    agree(ProxySession.Name, Constraints.isName)(value)
    agree(ProxySession.ExpiryMinutes, Constraints.isExpiryMinutes)(value)
    agree(ProxySession.E164PhoneNumberString, Constraints.isE164)(value)
    agree(ProxySession.Country, Constraints.isCountry)(value)
    agree(ProxySession.AreaCode, Constraints.isAreaCode)(value)
    agree(ListProxySessions.NextToken, Constraints.isNextToken)(value)
  }, { fastCheck: { numRuns: 3000 } })

  it("agree with the schemas at the edges", () => {
    const values = [
      0,
      1,
      -0,
      0.5,
      2 ** 53,
      2 ** 53 - 1,
      NaN,
      Infinity,
      "1",
      "+1",
      "+12",
      "12",
      "02",
      "+999999999999999"
    ]
    for (const value of [...values, "+1234567890123456", "1234567890123456", "123456789012345", "AB", "ab", "A1"]) {
      agree(ProxySession.ExpiryMinutes, Constraints.isExpiryMinutes)(value)
      agree(ProxySession.E164PhoneNumberString, Constraints.isE164)(value)
      agree(ProxySession.Country, Constraints.isCountry)(value)
      agree(ProxySession.AreaCode, Constraints.isAreaCode)(value)
    }
    for (const status of ["Open", "InProgress", "Closed", "open", "Other"]) {
      assert.strictEqual(Constraints.isKnownStatus(status), Schema.is(ProxySession.ProxySessionStatus)(status))
    }
    for (const capability of ["Voice", "SMS", "sms", ""]) {
      assert.strictEqual(Constraints.isKnownCapability(capability), Schema.is(ProxySession.Capability)(capability))
    }
    for (const behavior of ["PreferSticky", "AvoidSticky", "Sticky"]) {
      assert.strictEqual(
        Constraints.isKnownNumberSelectionBehavior(behavior),
        Schema.is(ProxySession.NumberSelectionBehavior)(behavior)
      )
    }
    for (const level of ["Country", "AreaCode", "City"]) {
      assert.strictEqual(Constraints.isKnownGeoMatchLevel(level), Schema.is(ProxySession.GeoMatchLevel)(level))
    }
  })
})

/** What the schema does with a response: its JSON, or the message it throws. */
const schemaOutcome = (response: Response): string => {
  try {
    return schemaJson(response)
  } catch (error) {
    return `threw ${String(error)}`
  }
}

const wireOutcome = (response: Response): string => {
  try {
    return Wire.encodeResponse(response)
  } catch (error) {
    return `threw ${String(error)}`
  }
}

const anyDateTime = FastCheck.date({ noInvalidDate: true }).map((date) => DateTime.unsafeMake(date))

describe("the hand-written encoder", () => {
  it.prop("writes the schema's bytes for every valid response", { response: responses }, ({ response }) => {
    const fast = encodeResponseFast(response)
    assert.isDefined(fast, "a valid response fell back to the schema")
    assert.strictEqual(fast, schemaJson(response))
    assert.strictEqual(Wire.encodeResponse(response), schemaJson(response))
  }, { fastCheck: { numRuns: 300 } })

  it.prop(
    "writes every timestamp as DateTime.formatIso does, whatever the year",
    { dates: FastCheck.array(anyDateTime, { minLength: 1, maxLength: 20 }) },
    ({ dates }) => {
      const response = new ListProxySessionsResponse({
        ProxySessions: dates.map((CreatedTimestamp) => new ProxySession.ProxySession({ CreatedTimestamp }))
      })
      assert.strictEqual(encodeResponseFast(response), schemaJson(response))
    },
    { fastCheck: { numRuns: 300 } }
  )

  it.prop(
    "writes the schema's key order whatever order the members were given in",
    { response: responses },
    ({ response }) => {
      const shuffled = new ListProxySessionsResponse(
        {
          ...(response.NextToken === undefined ? {} : { NextToken: response.NextToken }),
          ProxySessions: response.ProxySessions.map((session) =>
            new ProxySession.ProxySession(Object.fromEntries(Object.entries(session).reverse()), true)
          )
        },
        true
      )
      assert.strictEqual(encodeResponseFast(shuffled), schemaJson(response))
    },
    { fastCheck: { numRuns: 100 } }
  )

  it("leaves invalid or unusual responses to the schema, which throws as it did", () => {
    const page = (session: Record<string, unknown>) =>
      new ListProxySessionsResponse({ ProxySessions: [new ProxySession.ProxySession(session as never, true)] }, true)
    class Special extends ProxySession.ProxySession {}
    const wiped = Redacted.make("+12065550100")
    Redacted.unsafeWipe(wiped)
    const cases: ReadonlyArray<Response> = [
      page({ Name: "n".repeat(129) }),
      page({ Name: undefined }),
      page({ VoiceConnectorId: " " }),
      page({ ExpiryMinutes: 1.5 }),
      page({ Status: "Retired" }),
      page({ Status: new ProxySession.UnknownEnumValue({ value: "Open" }, true) }),
      page({ Capabilities: "Voice" }),
      page({ CreatedTimestamp: new Date(0) }),
      page({ CreatedTimestamp: DateTime.unsafeMakeZoned(0, { timeZone: "Europe/Paris" }) }),
      page({ Participants: [{ PhoneNumber: Redacted.make("+12065550100") }] }),
      page({ Participants: [new ProxySession.Participant({ PhoneNumber: Redacted.make("0800") as never }, true)] }),
      page({ Participants: [new ProxySession.Participant({ PhoneNumber: "+12065550100" as never }, true)] }),
      page({ Participants: [new ProxySession.Participant({ PhoneNumber: wiped }, true)] }),
      page({ GeoMatchParams: new ProxySession.GeoMatchParams({ Country: "usa", AreaCode: "206" }, true) }),
      page({ GeoMatchParams: { Country: "US", AreaCode: "206" } }),
      new ListProxySessionsResponse({ ProxySessions: [new Special({ Name: "special" })] }),
      new ListProxySessionsResponse({ ProxySessions: [], NextToken: "t".repeat(65536) }, true),
      Object.assign(new ListProxySessionsResponse({ ProxySessions: [] }), { ProxySessions: undefined as never }),
      { ProxySessions: [] } as unknown as Response
    ]
    for (const response of cases) {
      assert.isUndefined(encodeResponseFast(response), inspect(response))
      assert.strictEqual(wireOutcome(response), schemaOutcome(response))
    }
  })

  it("lets the schema decide when Object.prototype carries a member", () => {
    const response = new ListProxySessionsResponse({ ProxySessions: [new ProxySession.ProxySession({ Name: "n" })] })
    Object.defineProperty(Object.prototype, "NextToken", { value: "inherited", configurable: true, enumerable: false })
    try {
      assert.isUndefined(encodeResponseFast(response))
      assert.strictEqual(Wire.encodeResponse(response), schemaJson(response))
    } finally {
      delete (Object.prototype as Record<string, unknown>).NextToken
    }
    assert.strictEqual(encodeResponseFast(response), "{\"ProxySessions\":[{\"Name\":\"n\"}]}")
  })
})
