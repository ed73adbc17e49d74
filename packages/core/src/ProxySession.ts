/**
 * The shapes of a proxy session as the Amazon Chime SDK Voice API model defines them, with every constraint of the
 * model and the seed page.
 *
 * Enumerations are open: a value AWS adds later decodes to an {@link UnknownEnumValue} instead of failing the page.
 * Phone numbers are sensitive in the model and are held as `Redacted`.
 *
 * Longer than most modules on purpose: it is the model's one shape, member by member, each with its constraints and
 * messages, and splitting it would scatter what must be read together.
 *
 * @since 0.1.0
 */
import * as DateTime from "effect/DateTime"
import * as Schema from "effect/Schema"

/**
 * A value of an enumeration that this version of the library does not know. It keeps the raw string so that
 * nothing AWS sent is lost, and it encodes back to that same string.
 *
 * @since 0.1.0
 * @category models
 */
export class UnknownEnumValue extends Schema.TaggedClass<UnknownEnumValue>()("UnknownEnumValue", {
  value: Schema.String
}) {}

/**
 * Makes an open enumeration: the known literals, or any other string as an {@link UnknownEnumValue}.
 *
 * @since 0.1.0
 * @category combinators
 */
export const openEnum = <const Literals extends readonly [string, ...Array<string>]>(
  known: Schema.Literal<Literals>
) => {
  const isKnown = (value: string) => (known.literals as ReadonlyArray<string>).includes(value)
  const unknownFromString = Schema.transform(
    Schema.String.pipe(Schema.filter((value) => !isKnown(value), { message: () => "a known value" })),
    Schema.typeSchema(UnknownEnumValue).pipe(Schema.filter((unknown) => !isKnown(unknown.value))),
    {
      strict: true,
      decode: (value) => new UnknownEnumValue({ value }),
      encode: (unknown) => unknown.value
    }
  )
  return Schema.Union(known, unknownFromString)
}

const nonBlank = /\S/

/**
 * The id of an Amazon Chime SDK Voice Connector: 1 to 128 characters with at least one that is not white space
 * (the seed page's constraint; newer models narrow it to 21–22 lowercase letters and digits or a UUID).
 *
 * @since 0.1.0
 * @category schemas
 */
export const VoiceConnectorId = Schema.String.pipe(
  Schema.minLength(1, { message: () => "VoiceConnectorId must have at least 1 character" }),
  Schema.maxLength(128, { message: () => "VoiceConnectorId must have at most 128 characters" }),
  Schema.filter((id) => nonBlank.test(id) || "VoiceConnectorId must contain a character that is not white space", {
    jsonSchema: { pattern: ".*\\S.*" },
    arbitrary: () => (fc) => fc.stringMatching(/^[a-z0-9]{21,22}$/)
  }),
  Schema.brand("VoiceConnectorId")
).annotations({ identifier: "VoiceConnectorId" })

/**
 * @since 0.1.0
 * @category models
 */
export type VoiceConnectorId = typeof VoiceConnectorId.Type

/**
 * The id of a proxy session (NonEmptyString128 in the model).
 *
 * @since 0.1.0
 * @category schemas
 */
export const ProxySessionId = Schema.String.pipe(
  Schema.minLength(1, { message: () => "ProxySessionId must have at least 1 character" }),
  Schema.maxLength(128, { message: () => "ProxySessionId must have at most 128 characters" }),
  Schema.filter((id) => nonBlank.test(id) || "ProxySessionId must contain a character that is not white space", {
    arbitrary: () => (fc) => fc.stringMatching(/^[a-z0-9]{8}-[a-z0-9]{4}-[a-z0-9]{12}$/)
  }),
  Schema.brand("ProxySessionId")
).annotations({ identifier: "ProxySessionId" })

/**
 * @since 0.1.0
 * @category models
 */
export type ProxySessionId = typeof ProxySessionId.Type

/**
 * The status of a proxy session, as a request accepts it.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ProxySessionStatus = Schema.Literal("Open", "InProgress", "Closed").pipe((self) =>
  // A refusal names every value, not only the first literal of the union.
  self.annotations({
    identifier: "ProxySessionStatus",
    message: () => ({ message: `Status must be one of ${self.literals.join(", ")}`, override: true })
  })
)

/**
 * @since 0.1.0
 * @category models
 */
export type ProxySessionStatus = typeof ProxySessionStatus.Type

/**
 * The proxy session statuses, in the model's order.
 *
 * @since 0.1.0
 * @category constants
 */
export const proxySessionStatuses: ReadonlyArray<ProxySessionStatus> = ProxySessionStatus.literals

/**
 * @since 0.1.0
 * @category schemas
 */
export const Capability = Schema.Literal("Voice", "SMS").annotations({ identifier: "Capability" })

/**
 * @since 0.1.0
 * @category models
 */
export type Capability = typeof Capability.Type

/**
 * @since 0.1.0
 * @category schemas
 */
export const NumberSelectionBehavior = Schema.Literal("PreferSticky", "AvoidSticky").annotations({
  identifier: "NumberSelectionBehavior"
})

/**
 * @since 0.1.0
 * @category models
 */
export type NumberSelectionBehavior = typeof NumberSelectionBehavior.Type

/**
 * @since 0.1.0
 * @category schemas
 */
export const GeoMatchLevel = Schema.Literal("Country", "AreaCode").annotations({ identifier: "GeoMatchLevel" })

/**
 * @since 0.1.0
 * @category models
 */
export type GeoMatchLevel = typeof GeoMatchLevel.Type

/**
 * The name of a proxy session (String128 in the model).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Name = Schema.String.pipe(
  Schema.maxLength(128, { message: () => "Name must have at most 128 characters" })
).annotations({ identifier: "Name" })

/**
 * The minutes a proxy session lives after its creation (PositiveInteger in the model).
 *
 * @since 0.1.0
 * @category schemas
 */
export const ExpiryMinutes = Schema.Int.pipe(
  Schema.greaterThanOrEqualTo(1, { message: () => "ExpiryMinutes must be an integer of at least 1" })
).annotations({ identifier: "ExpiryMinutes" })

const e164 = /^\+?[1-9]\d{1,14}$/

/**
 * An E.164 phone number as it is on the wire. Its messages never repeat the value, because the model marks it
 * sensitive.
 *
 * @since 0.1.0
 * @category schemas
 */
export const E164PhoneNumberString = Schema.String.annotations({
  message: () => "expected an E.164 phone number as a string (value not shown)"
}).pipe(
  Schema.filter((value) => e164.test(value), {
    message: () => "expected an E.164 phone number matching ^\\+?[1-9]\\d{1,14}$ (value not shown)",
    jsonSchema: { pattern: "^\\+?[1-9]\\d{1,14}$" },
    arbitrary: () => (fc) => fc.stringMatching(/^\+[1-9]\d{9,14}$/)
  })
).annotations({ identifier: "E164PhoneNumber" })

/**
 * An E.164 phone number, decoded to `Redacted` so that it never shows up in logs, errors, `String(x)`,
 * `JSON.stringify` or Node's inspect output by accident. Read it on purpose with `Redacted.value`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const E164PhoneNumber = Schema.Redacted(E164PhoneNumberString)

/**
 * @since 0.1.0
 * @category models
 */
export type E164PhoneNumber = typeof E164PhoneNumber.Type

/**
 * A participant of a proxy session: the participant's number and the proxy number that stands for it.
 *
 * @since 0.1.0
 * @category schemas
 */
export class Participant extends Schema.Class<Participant>("Participant")({
  PhoneNumber: Schema.optionalWith(E164PhoneNumber, { exact: true }),
  ProxyPhoneNumber: Schema.optionalWith(E164PhoneNumber, { exact: true })
}) {}

/**
 * A two-letter country code, or the empty string.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Country = Schema.String.pipe(
  Schema.pattern(/^$|^[A-Z]{2}$/, { message: () => "Country must be empty or two capital letters (^$|^[A-Z]{2}$)" })
).annotations({ identifier: "Country" })

/**
 * A three-digit area code, or the empty string.
 *
 * @since 0.1.0
 * @category schemas
 */
export const AreaCode = Schema.String.pipe(
  Schema.pattern(/^$|^[0-9]{3}$/, { message: () => "AreaCode must be empty or three digits (^$|^[0-9]{3}$)" })
).annotations({ identifier: "AreaCode" })

/**
 * Where proxy numbers are chosen from. Both members are required by the model.
 *
 * @since 0.1.0
 * @category schemas
 */
export class GeoMatchParams extends Schema.Class<GeoMatchParams>("GeoMatchParams")({
  Country,
  AreaCode
}) {}

/**
 * An ISO 8601 timestamp on the wire, a `DateTime.Utc` in the program; encoded as RFC 3339 with `Z`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Timestamp = Schema.DateTimeUtc.annotations({
  identifier: "Iso8601Timestamp",
  arbitrary: () => (fc) =>
    fc.date({
      min: new Date("2000-01-01T00:00:00.000Z"),
      max: new Date("2099-12-31T23:59:59.999Z"),
      noInvalidDate: true
    })
      .map((date) => DateTime.unsafeMake(date))
})

/**
 * A status as a response carries it: a known status or an {@link UnknownEnumValue}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ResponseProxySessionStatus = openEnum(ProxySessionStatus)

/**
 * @since 0.1.0
 * @category schemas
 */
export const ResponseCapability = openEnum(Capability)

/**
 * @since 0.1.0
 * @category schemas
 */
export const ResponseNumberSelectionBehavior = openEnum(NumberSelectionBehavior)

/**
 * @since 0.1.0
 * @category schemas
 */
export const ResponseGeoMatchLevel = openEnum(GeoMatchLevel)

/**
 * A proxy session with the 13 members of the model, all optional as the model has them. Constraints are checked;
 * enumerations are open; members the model does not know are ignored.
 *
 * @since 0.1.0
 * @category schemas
 */
export class ProxySession extends Schema.Class<ProxySession>("ProxySession")({
  VoiceConnectorId: Schema.optionalWith(VoiceConnectorId, { exact: true }),
  ProxySessionId: Schema.optionalWith(ProxySessionId, { exact: true }),
  Name: Schema.optionalWith(Name, { exact: true }),
  Status: Schema.optionalWith(ResponseProxySessionStatus, { exact: true }),
  ExpiryMinutes: Schema.optionalWith(ExpiryMinutes, { exact: true }),
  Capabilities: Schema.optionalWith(Schema.Array(ResponseCapability), { exact: true }),
  CreatedTimestamp: Schema.optionalWith(Timestamp, { exact: true }),
  UpdatedTimestamp: Schema.optionalWith(Timestamp, { exact: true }),
  EndedTimestamp: Schema.optionalWith(Timestamp, { exact: true }),
  Participants: Schema.optionalWith(Schema.Array(Participant), { exact: true }),
  NumberSelectionBehavior: Schema.optionalWith(ResponseNumberSelectionBehavior, { exact: true }),
  GeoMatchLevel: Schema.optionalWith(ResponseGeoMatchLevel, { exact: true }),
  GeoMatchParams: Schema.optionalWith(GeoMatchParams, { exact: true })
}) {}

/**
 * The JSON form of a proxy session, exactly as ListProxySessions returns it.
 *
 * @since 0.1.0
 * @category models
 */
export type ProxySessionJson = typeof ProxySession.Encoded
