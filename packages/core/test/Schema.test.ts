import { ListProxySessions, ProxySession, ServiceError } from "@chime-proxy/core"
import { assert, describe, it } from "@effect/vitest"
import * as Arbitrary from "effect/Arbitrary"
import * as Data from "effect/Data"
import * as DateTime from "effect/DateTime"
import * as Either from "effect/Either"
import * as Equal from "effect/Equal"
import * as FastCheck from "effect/FastCheck"
import * as Schema from "effect/Schema"

// Every schema must give back what it was given: decode(encode(x)) equals x, through JSON as the wire carries it.
const roundTrips = <A, I>(
  name: string,
  schema: Schema.Schema<A, I>,
  equivalent: (a: A, b: A) => boolean = Schema.equivalence(schema)
) =>
  it(`${name}: decode(encode(x)) equals x through JSON`, () => {
    const encode = Schema.encodeSync(schema)
    const decode = Schema.decodeUnknownSync(schema)
    FastCheck.assert(
      FastCheck.property(Arbitrary.make(schema), (value) => {
        const wire = JSON.stringify(encode(value))
        const back = decode(JSON.parse(wire))
        assert.strictEqual(JSON.stringify(encode(back)), wire)
        assert.isTrue(equivalent(back, value), `${name} changed on the way back`)
      }),
      { numRuns: 200 }
    )
  })

describe("schemas", () => {
  roundTrips("VoiceConnectorId", ProxySession.VoiceConnectorId)
  roundTrips("ProxySessionId", ProxySession.ProxySessionId)
  roundTrips("ProxySessionStatus", ProxySession.ProxySessionStatus)
  roundTrips("ResponseProxySessionStatus", ProxySession.ResponseProxySessionStatus)
  roundTrips("Capability", ProxySession.ResponseCapability)
  roundTrips("NumberSelectionBehavior", ProxySession.ResponseNumberSelectionBehavior)
  roundTrips("GeoMatchLevel", ProxySession.ResponseGeoMatchLevel)
  roundTrips("GeoMatchParams", ProxySession.GeoMatchParams)
  roundTrips("Participant", ProxySession.Participant)
  roundTrips("Timestamp", ProxySession.Timestamp)
  roundTrips("ProxySession", ProxySession.ProxySession)
  roundTrips("ListProxySessionsRequest", ListProxySessions.ListProxySessionsRequest)
  roundTrips("ListProxySessionsResponse", ListProxySessions.ListProxySessionsResponse)
  // Errors are compared by their own members: two errors are never the same object.
  const sameMembers = <E extends object>(a: E, b: E) => Equal.equals(Data.struct({ ...a }), Data.struct({ ...b }))
  roundTrips("BadRequestException", ServiceError.BadRequestException, sameMembers)
  roundTrips("CommonError", ServiceError.CommonError, sameMembers)
  roundTrips("UnknownServiceError", ServiceError.UnknownServiceError, sameMembers)
})

const accepts = <A, I>(schema: Schema.Schema<A, I>, value: unknown) =>
  Either.isRight(Schema.decodeUnknownEither(schema)(value))

describe("constraint edges", () => {
  it("MaxResults: 1 and 100 pass; 0, 101, 1.5 and '5' fail", () => {
    assert.isTrue(accepts(ListProxySessions.MaxResults, 1))
    assert.isTrue(accepts(ListProxySessions.MaxResults, 100))
    assert.isFalse(accepts(ListProxySessions.MaxResults, 0))
    assert.isFalse(accepts(ListProxySessions.MaxResults, 101))
    assert.isFalse(accepts(ListProxySessions.MaxResults, 1.5))
    assert.isFalse(accepts(ListProxySessions.MaxResults, "5"))
  })

  it("VoiceConnectorId: 1 and 128 characters pass; 0, 129 and white space only fail", () => {
    assert.isTrue(accepts(ProxySession.VoiceConnectorId, "a"))
    assert.isTrue(accepts(ProxySession.VoiceConnectorId, "a".repeat(128)))
    assert.isTrue(accepts(ProxySession.VoiceConnectorId, "  a  "))
    assert.isFalse(accepts(ProxySession.VoiceConnectorId, ""))
    assert.isFalse(accepts(ProxySession.VoiceConnectorId, "a".repeat(129)))
    assert.isFalse(accepts(ProxySession.VoiceConnectorId, " \t\n "))
  })

  it("NextToken: 65535 characters pass, 65536 fail", () => {
    assert.isTrue(accepts(ListProxySessions.NextToken, "t".repeat(65535)))
    assert.isFalse(accepts(ListProxySessions.NextToken, "t".repeat(65536)))
  })

  it("Name: 128 characters pass, 129 fail", () => {
    assert.isTrue(accepts(ProxySession.Name, "n".repeat(128)))
    assert.isFalse(accepts(ProxySession.Name, "n".repeat(129)))
  })

  it("ExpiryMinutes: at least 1, an integer", () => {
    assert.isTrue(accepts(ProxySession.ExpiryMinutes, 1))
    assert.isFalse(accepts(ProxySession.ExpiryMinutes, 0))
    assert.isFalse(accepts(ProxySession.ExpiryMinutes, 2.5))
  })

  it("GeoMatchParams: Country and AreaCode are required and patterned", () => {
    assert.isTrue(accepts(ProxySession.GeoMatchParams, { Country: "US", AreaCode: "206" }))
    assert.isTrue(accepts(ProxySession.GeoMatchParams, { Country: "", AreaCode: "" }))
    assert.isFalse(accepts(ProxySession.GeoMatchParams, { Country: "US" }))
    assert.isFalse(accepts(ProxySession.GeoMatchParams, { Country: "us", AreaCode: "206" }))
    assert.isFalse(accepts(ProxySession.GeoMatchParams, { Country: "USA", AreaCode: "206" }))
    assert.isFalse(accepts(ProxySession.GeoMatchParams, { Country: "US", AreaCode: "20" }))
  })

  it("E.164 phone numbers follow ^\\+?[1-9]\\d{1,14}$", () => {
    assert.isTrue(accepts(ProxySession.E164PhoneNumber, "+12065550100"))
    assert.isTrue(accepts(ProxySession.E164PhoneNumber, "12"))
    assert.isFalse(accepts(ProxySession.E164PhoneNumber, "+0123"))
    assert.isFalse(accepts(ProxySession.E164PhoneNumber, "+1234567890123456"))
  })

  it("a request Status must be one of the three statuses", () => {
    const request = (Status: string) => ({ VoiceConnectorId: "abc", Status })
    assert.isTrue(accepts(ListProxySessions.ListProxySessionsRequest, request("InProgress")))
    assert.isFalse(accepts(ListProxySessions.ListProxySessionsRequest, request("Pending")))
  })
})

describe("liberal responses", () => {
  const session = {
    ProxySessionId: "s-1",
    Status: "Paused",
    Capabilities: ["Voice", "Video"],
    NumberSelectionBehavior: "RoundRobin",
    GeoMatchLevel: "Planet",
    CreatedTimestamp: "2026-01-02T03:04:05Z",
    SomethingNew: { nested: true }
  }

  it("an unknown enum value stays readable, typed as UnknownEnumValue", () => {
    const decoded = Schema.decodeUnknownSync(ProxySession.ProxySession)(session)
    assert.instanceOf(decoded.Status, ProxySession.UnknownEnumValue)
    assert.deepStrictEqual(decoded.Status, new ProxySession.UnknownEnumValue({ value: "Paused" }))
    assert.strictEqual(decoded.Capabilities?.[0], "Voice")
    assert.deepStrictEqual(decoded.Capabilities?.[1], new ProxySession.UnknownEnumValue({ value: "Video" }))
    assert.deepStrictEqual(decoded.GeoMatchLevel, new ProxySession.UnknownEnumValue({ value: "Planet" }))
  })

  it("unknown members are ignored, and unknown enum values encode back to the same string", () => {
    const decoded = Schema.decodeUnknownSync(ProxySession.ProxySession)(session)
    const encoded = Schema.encodeSync(ProxySession.ProxySession)(decoded)
    assert.deepStrictEqual(encoded, {
      ProxySessionId: "s-1",
      Status: "Paused",
      Capabilities: ["Voice", "Video"],
      NumberSelectionBehavior: "RoundRobin",
      GeoMatchLevel: "Planet",
      CreatedTimestamp: "2026-01-02T03:04:05.000Z"
    })
  })

  it("timestamps decode to DateTime.Utc and encode as RFC 3339 with Z", () => {
    const decoded = Schema.decodeUnknownSync(ProxySession.Timestamp)("2026-04-07T10:00:00+02:00")
    assert.isTrue(DateTime.isUtc(decoded))
    assert.strictEqual(Schema.encodeSync(ProxySession.Timestamp)(decoded), "2026-04-07T08:00:00.000Z")
    assert.isFalse(accepts(ProxySession.Timestamp, "not a date"))
  })

  it("a response without ProxySessions is an empty page", () => {
    const decoded = Schema.decodeUnknownSync(ListProxySessions.ListProxySessionsResponse)({})
    assert.deepStrictEqual(decoded.ProxySessions, [])
    assert.isUndefined(decoded.NextToken)
  })
})
