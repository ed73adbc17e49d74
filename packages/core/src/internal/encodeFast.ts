/**
 * A hand-written encoder of a response that writes byte for byte what
 * `JSON.stringify(Schema.encodeSync(ListProxySessionsResponse)(response))` writes, without interpreting the schema
 * for every member of every session.
 *
 * Encoding with the schema also checks the value (a response built with validation disabled may be invalid), and
 * throws when it is not. So this encoder checks the same constraints, and whenever anything is off, or merely
 * unusual (a subclass, a member that is own but undefined, a year outside 0–9999), it answers `undefined` and the
 * caller encodes with the schema, which then throws its usual error. The property tests in test/FastCodecs.test.ts
 * hold the bytes equal.
 */
import * as DateTime from "effect/DateTime"
import * as Redacted from "effect/Redacted"
import { ListProxySessionsResponse } from "../ListProxySessions.js"
import { GeoMatchParams, Participant, ProxySession, UnknownEnumValue } from "../ProxySession.js"
import {
  isAreaCode,
  isCountry,
  isE164,
  isExpiryMinutes,
  isId,
  isKnownCapability,
  isKnownGeoMatchLevel,
  isKnownNumberSelectionBehavior,
  isKnownStatus,
  isName,
  isNextToken,
  prototypesAreClean
} from "./constraints.js"

/** Thrown (and caught below) to hand the response to the schema. */
const unsure = new Error("not sure: the schema decides")

const hasOwn = (object: object, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key)

/**
 * A member's value, or undefined when it is absent. An own member set to undefined is invalid for these
 * `exact: true` optional members: the schema must say so.
 */
const member = (object: Record<string, unknown>, key: string): unknown => {
  const value = object[key]
  if (value === undefined && hasOwn(object, key)) throw unsure
  return value
}

const twoDigitStrings: ReadonlyArray<string> = Array.from({ length: 100 }, (_, i) => i < 10 ? `0${i}` : `${i}`)
/** `n` (0 to 99: every caller's field is in that range) in two digits, from the table. */
const two = (n: number): string => twoDigitStrings[n]!

/**
 * `new Date(millis).toISOString()` for years 0–9999 (H. Hinnant's civil_from_days); DateTime.formatIso, which the
 * schema calls, is exactly that.
 */
const isoString = (dateTime: DateTime.Utc): string => {
  const epochMillis = DateTime.toEpochMillis(dateTime)
  const days = Math.floor(epochMillis / 86_400_000)
  let rest = epochMillis - days * 86_400_000
  const z = days + 719468
  const era = Math.floor(z / 146097)
  const dayOfEra = z - era * 146097
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365
  )
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100))
  const mp = Math.floor((5 * dayOfYear + 2) / 153)
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
  // Other years are written with a sign and six digits; so is anything not a plain number of milliseconds.
  if (!(year >= 0 && year <= 9999)) return DateTime.formatIso(dateTime)
  const hour = Math.floor(rest / 3_600_000)
  rest -= hour * 3_600_000
  const minute = Math.floor(rest / 60_000)
  rest -= minute * 60_000
  const second = Math.floor(rest / 1000)
  const millis = rest - second * 1000
  return two(Math.floor(year / 100)) + two(year % 100) + "-" + two(month) + "-" + two(day) + "T" + two(hour) + ":" +
    two(minute) + ":" + two(second) + "." + two(Math.floor(millis / 10)) + String(millis % 10) + "Z"
}

const timestamp = (value: unknown): string => {
  if (!DateTime.isDateTime(value) || !DateTime.isUtc(value)) throw unsure
  // Digits, `-`, `:`, `T`, `.` and `Z` need no escaping.
  return "\"" + isoString(value) + "\""
}

/** An open enumeration's member: a known string, or an UnknownEnumValue holding an unknown one. */
const openEnum = (isKnown: (value: string) => boolean) => (value: unknown): string => {
  if (typeof value === "string") {
    if (!isKnown(value)) throw unsure
    // The known values are plain ASCII letters.
    return "\"" + value + "\""
  }
  if (!(value instanceof UnknownEnumValue)) throw unsure
  const raw: unknown = value.value
  if (typeof raw !== "string" || isKnown(raw)) throw unsure
  return JSON.stringify(raw)
}

const status = openEnum(isKnownStatus)
const capability = openEnum(isKnownCapability)
const numberSelectionBehavior = openEnum(isKnownNumberSelectionBehavior)
const geoMatchLevel = openEnum(isKnownGeoMatchLevel)

const arrayOf = (item: (value: unknown) => string) => (value: unknown): string => {
  if (!Array.isArray(value)) throw unsure
  let out = "["
  for (let i = 0; i < value.length; i++) {
    if (i > 0) out += ","
    out += item(value[i])
  }
  return out + "]"
}

const phoneNumber = (value: unknown): string => {
  if (!Redacted.isRedacted(value)) throw unsure
  // Redacted.value throws for a wiped value, which lands in the schema's hands too.
  const raw: unknown = Redacted.value(value)
  if (!isE164(raw)) throw unsure
  // Digits and `+` need no escaping.
  return "\"" + raw + "\""
}

/** Only the class itself: a subclass could have getters that the schema, reading own members, would not see. */
const instanceOf = (value: unknown, prototype: object): Record<string, unknown> => {
  if (typeof value !== "object" || value === null || Object.getPrototypeOf(value) !== prototype) throw unsure
  return value as Record<string, unknown>
}

const participant = (value: unknown): string => {
  const object = instanceOf(value, Participant.prototype)
  const phone = member(object, "PhoneNumber")
  const proxyPhone = member(object, "ProxyPhoneNumber")
  let out = "{"
  if (phone !== undefined) out += "\"PhoneNumber\":" + phoneNumber(phone)
  if (proxyPhone !== undefined) {
    out += (phone === undefined ? "" : ",") + "\"ProxyPhoneNumber\":" + phoneNumber(proxyPhone)
  }
  return out + "}"
}

const geoMatchParams = (value: unknown): string => {
  const object = instanceOf(value, GeoMatchParams.prototype)
  const country = object.Country
  const areaCode = object.AreaCode
  if (!isCountry(country) || !isAreaCode(areaCode)) throw unsure
  // Capital letters and digits need no escaping.
  return "{\"Country\":\"" + country + "\",\"AreaCode\":\"" + areaCode + "\"}"
}

const string = (check: (value: unknown) => boolean) => (value: unknown): string => {
  if (!check(value)) throw unsure
  return JSON.stringify(value)
}

type Encoder = (value: unknown) => string

/** The members of a session in the schema's field order, which is the order of the encoded object's keys. */
const sessionMembers: ReadonlyArray<readonly [key: string, prefix: string, encode: Encoder]> = ([
  ["VoiceConnectorId", string(isId)],
  ["ProxySessionId", string(isId)],
  ["Name", string(isName)],
  ["Status", status],
  ["ExpiryMinutes", (value: unknown) => {
    if (!isExpiryMinutes(value)) throw unsure
    return String(value)
  }],
  ["Capabilities", arrayOf(capability)],
  ["CreatedTimestamp", timestamp],
  ["UpdatedTimestamp", timestamp],
  ["EndedTimestamp", timestamp],
  ["Participants", arrayOf(participant)],
  ["NumberSelectionBehavior", numberSelectionBehavior],
  ["GeoMatchLevel", geoMatchLevel],
  ["GeoMatchParams", geoMatchParams]
] as const).map(([key, encode]) => [key, `"${key}":`, encode] as const)

const session = (value: unknown): string => {
  const object = instanceOf(value, ProxySession.prototype)
  let out = "{"
  for (const [key, prefix, encode] of sessionMembers) {
    const raw = member(object, key)
    if (raw === undefined) continue
    if (out.length > 1) out += ","
    out += prefix + encode(raw)
  }
  return out + "}"
}

const sessions = arrayOf(session)

const classPrototypes: ReadonlyArray<object> = [
  ListProxySessionsResponse.prototype,
  ProxySession.prototype,
  Participant.prototype,
  GeoMatchParams.prototype
]

/**
 * The JSON the schema would write for one session, or `undefined` when the schema must decide.
 *
 * @internal
 */
export const encodeProxySessionFast = (value: ProxySession): string | undefined => {
  if (!prototypesAreClean(classPrototypes)) return undefined
  try {
    return session(value)
  } catch {
    return undefined
  }
}

/**
 * The JSON the schema would write for each session, the prototypes checked once for all of them, or `undefined` when
 * the schema must decide for any one of them.
 *
 * @internal
 */
export const encodeProxySessionsFast = (values: ReadonlyArray<ProxySession>): Array<string> | undefined => {
  if (!prototypesAreClean(classPrototypes)) return undefined
  try {
    return values.map(session)
  } catch {
    return undefined
  }
}

/**
 * The JSON the schema would write for `response`, or `undefined` when the schema must decide (the response is
 * invalid, or merely unusual).
 *
 * @internal
 */
export const encodeResponseFast = (response: ListProxySessionsResponse): string | undefined => {
  if (!prototypesAreClean(classPrototypes)) return undefined
  try {
    const object = instanceOf(response, ListProxySessionsResponse.prototype)
    const items = sessions(member(object, "ProxySessions"))
    const nextToken = member(object, "NextToken")
    if (nextToken === undefined) return "{\"ProxySessions\":" + items + "}"
    if (!isNextToken(nextToken)) return undefined
    return "{\"ProxySessions\":" + items + ",\"NextToken\":" + JSON.stringify(nextToken) + "}"
  } catch {
    // Unsure, or anything a value threw on the way (Redacted.value of a wiped value): the schema decides.
    return undefined
  }
}
