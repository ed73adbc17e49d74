/**
 * A hand-written decoder of a parsed ListProxySessions body that checks exactly what the ListProxySessionsResponse
 * schema checks and builds the very same values, without interpreting the schema for every member of every session
 * (that interpretation was most of a client's CPU time).
 *
 * It only ever answers "valid, and here is the value" or "not sure": whenever anything is off (a wrong type, a broken
 * constraint, a shape it does not expect), it answers `undefined` and the caller decodes with the schema, which then
 * gives its usual error. So the schema stays the one source of truth for errors, and this module only has to be right
 * about the values it accepts; the property tests in test/FastCodecs.test.ts hold it to that.
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

/** A plain JSON object. Arrays are left to the schema (which reads them as structs). */
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

type Blank = new() => Record<string, unknown>

/**
 * Schema classes: `new Class(props, true)` copies its argument twice and walks the class's fields for defaults on
 * every call. An object with the class's prototype and the same own properties, written in the schema's field order,
 * is the same value: the tests compare prototype, own property descriptors, Equal, Hash, inspect, toString, JSON and
 * the encoding. A constructor function (rather than `Object.create`) lets V8 keep the properties inline.
 */
const blankOf = (prototype: object): Blank => {
  function Blank() {}
  Blank.prototype = prototype
  return Blank as unknown as Blank
}

const BlankSession = blankOf(ProxySession.prototype)
const BlankParticipant = blankOf(Participant.prototype)
const BlankGeoMatchParams = blankOf(GeoMatchParams.prototype)
const BlankResponse = blankOf(ListProxySessionsResponse.prototype)

/** An open enumeration's member: the known string itself, or any other string kept as an UnknownEnumValue. */
const openEnum = (isKnown: (value: string) => boolean) => (value: unknown): unknown =>
  typeof value !== "string"
    ? undefined
    : isKnown(value)
    ? value
    // The same own properties, in the same order, as the schema's `new UnknownEnumValue({ value })`.
    : new UnknownEnumValue({ value }, true)

const status = openEnum(isKnownStatus)
const capability = openEnum(isKnownCapability)
const numberSelectionBehavior = openEnum(isKnownNumberSelectionBehavior)
const geoMatchLevel = openEnum(isKnownGeoMatchLevel)

const digitAt = (text: string, index: number): number => {
  const digit = text.charCodeAt(index) - 48
  return digit >= 0 && digit <= 9 ? digit : NaN
}

const twoDigits = (text: string, index: number): number => digitAt(text, index) * 10 + digitAt(text, index + 1)

const daysInMonth = (year: number, month: number): number =>
  month === 2
    ? (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28)
    : month === 4 || month === 6 || month === 9 || month === 11
    ? 30
    : 31

/**
 * The epoch milliseconds of `YYYY-MM-DDTHH:MM:SSZ` or `YYYY-MM-DDTHH:MM:SS.sssZ` with every field in range (the form
 * AWS sends), NaN for anything else. For these strings `DateTime.unsafeMake(string)`, which Schema.DateTimeUtc calls,
 * is `Date.parse(string)`, and so is this (the tests compare them), only without the general date parser.
 *
 * @internal
 */
export const isoUtcMillis = (text: string): number => {
  const length = text.length
  if (length !== 20 && length !== 24) return NaN
  if (
    text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 84 ||
    text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58 || text.charCodeAt(length - 1) !== 90
  ) return NaN
  let millis = 0
  if (length === 24) {
    if (text.charCodeAt(19) !== 46) return NaN
    millis = digitAt(text, 20) * 100 + twoDigits(text, 21)
  }
  const year = twoDigits(text, 0) * 100 + twoDigits(text, 2)
  const month = twoDigits(text, 5)
  const day = twoDigits(text, 8)
  const hour = twoDigits(text, 11)
  const minute = twoDigits(text, 14)
  const second = twoDigits(text, 17)
  // A digit that is not one is NaN, and NaN fails every comparison.
  if (
    !(year >= 1 && month >= 1 && month <= 12 && day >= 1 && hour <= 23 && minute <= 59 && second <= 59 &&
      millis >= 0) ||
    day > daysInMonth(year, month)
  ) return NaN
  // Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yearOfEra = y - era * 400
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear
  const days = era * 146097 + dayOfEra - 719468
  return days * 86_400_000 + hour * 3_600_000 + minute * 60_000 + second * 1000 + millis
}

const partsUtc: PropertyDescriptor = { value: undefined, enumerable: false, writable: true }

/**
 * `DateTime.unsafeMake(millis)` for the milliseconds of a valid date: effect's own `Object.create(prototype)`, an
 * enumerable `epochMillis`, then a non-enumerable, non-configurable `partsUtc` cache slot, without the `Date` it
 * checks the range with (every date `isoUtcMillis` reads is in range). About half the cost; the tests compare
 * prototype, own properties and their descriptors with effect's own.
 */
const BlankUtc = (() => {
  function BlankUtc(this: { epochMillis: number }, epochMillis: number) {
    this.epochMillis = epochMillis
    Object.defineProperty(this, "partsUtc", partsUtc)
  }
  BlankUtc.prototype = Object.getPrototypeOf(DateTime.unsafeMake(0))
  return BlankUtc as unknown as new(epochMillis: number) => DateTime.Utc
})()

const timestamp = (value: unknown): DateTime.Utc | undefined => {
  if (typeof value !== "string") return undefined
  const millis = isoUtcMillis(value)
  if (!Number.isNaN(millis)) return new BlankUtc(millis)
  // Any other form: the very function the schema calls, minus the throw.
  const made = DateTime.make(value)
  return made._tag === "Some" && DateTime.isUtc(made.value) ? made.value : undefined
}

const phoneNumber = (value: unknown): Redacted.Redacted<string> | undefined =>
  isE164(value) ? Redacted.make(value) : undefined

const participant = (value: unknown): Participant | undefined => {
  if (!isObject(value)) return undefined
  const out = new BlankParticipant()
  let raw: unknown
  let decoded: unknown
  if ((raw = value.PhoneNumber) !== undefined) {
    if ((decoded = phoneNumber(raw)) === undefined) return undefined
    out.PhoneNumber = decoded
  }
  if ((raw = value.ProxyPhoneNumber) !== undefined) {
    if ((decoded = phoneNumber(raw)) === undefined) return undefined
    out.ProxyPhoneNumber = decoded
  }
  return out as unknown as Participant
}

const geoMatchParams = (value: unknown): GeoMatchParams | undefined => {
  if (!isObject(value)) return undefined
  const country = value.Country
  const areaCode = value.AreaCode
  if (!isCountry(country) || !isAreaCode(areaCode)) return undefined
  const out = new BlankGeoMatchParams()
  out.Country = country
  out.AreaCode = areaCode
  return out as unknown as GeoMatchParams
}

const arrayOf = <A>(item: (value: unknown) => A | undefined) => (value: unknown): Array<A> | undefined => {
  if (!Array.isArray(value)) return undefined
  const length = value.length
  const out = new Array<A>(length)
  for (let i = 0; i < length; i++) {
    const decoded = item(value[i])
    if (decoded === undefined) return undefined
    out[i] = decoded
  }
  return out
}

const capabilities = arrayOf(capability)
const participants = arrayOf(participant)

/**
 * One session, its members checked and written in the schema's field order (the order of the decoded object's own
 * keys). A parsed JSON value is never undefined: undefined means the member is absent.
 */
const session = (value: unknown): ProxySession | undefined => {
  if (!isObject(value)) return undefined
  const out = new BlankSession()
  let raw: unknown
  let decoded: unknown
  if ((raw = value.VoiceConnectorId) !== undefined) {
    if (!isId(raw)) return undefined
    out.VoiceConnectorId = raw
  }
  if ((raw = value.ProxySessionId) !== undefined) {
    if (!isId(raw)) return undefined
    out.ProxySessionId = raw
  }
  if ((raw = value.Name) !== undefined) {
    if (!isName(raw)) return undefined
    out.Name = raw
  }
  if ((raw = value.Status) !== undefined) {
    if ((decoded = status(raw)) === undefined) return undefined
    out.Status = decoded
  }
  if ((raw = value.ExpiryMinutes) !== undefined) {
    if (!isExpiryMinutes(raw)) return undefined
    out.ExpiryMinutes = raw
  }
  if ((raw = value.Capabilities) !== undefined) {
    if ((decoded = capabilities(raw)) === undefined) return undefined
    out.Capabilities = decoded
  }
  if ((raw = value.CreatedTimestamp) !== undefined) {
    if ((decoded = timestamp(raw)) === undefined) return undefined
    out.CreatedTimestamp = decoded
  }
  if ((raw = value.UpdatedTimestamp) !== undefined) {
    if ((decoded = timestamp(raw)) === undefined) return undefined
    out.UpdatedTimestamp = decoded
  }
  if ((raw = value.EndedTimestamp) !== undefined) {
    if ((decoded = timestamp(raw)) === undefined) return undefined
    out.EndedTimestamp = decoded
  }
  if ((raw = value.Participants) !== undefined) {
    if ((decoded = participants(raw)) === undefined) return undefined
    out.Participants = decoded
  }
  if ((raw = value.NumberSelectionBehavior) !== undefined) {
    if ((decoded = numberSelectionBehavior(raw)) === undefined) return undefined
    out.NumberSelectionBehavior = decoded
  }
  if ((raw = value.GeoMatchLevel) !== undefined) {
    if ((decoded = geoMatchLevel(raw)) === undefined) return undefined
    out.GeoMatchLevel = decoded
  }
  if ((raw = value.GeoMatchParams) !== undefined) {
    if ((decoded = geoMatchParams(raw)) === undefined) return undefined
    out.GeoMatchParams = decoded
  }
  return out as unknown as ProxySession
}

const sessions = arrayOf(session)

const jsonPrototypes: ReadonlyArray<object> = [Object.prototype]

/**
 * The response the schema would decode from a parsed body, or `undefined` when the schema must decide (the body is
 * invalid, or merely unusual).
 *
 * @internal
 */
export const decodeResponseFast = (json: Record<string, unknown>): ListProxySessionsResponse | undefined => {
  if (!prototypesAreClean(jsonPrototypes)) return undefined
  const rawSessions = json.ProxySessions
  const items = rawSessions === undefined ? [] : sessions(rawSessions)
  if (items === undefined) return undefined
  const nextToken = json.NextToken
  if (nextToken !== undefined && !isNextToken(nextToken)) return undefined
  const out = new BlankResponse()
  out.ProxySessions = items
  if (nextToken !== undefined) out.NextToken = nextToken
  return out as unknown as ListProxySessionsResponse
}
