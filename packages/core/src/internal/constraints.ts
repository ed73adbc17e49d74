/**
 * The constraints of the ListProxySessions response shapes as plain predicates, for the hand-written codecs
 * (decodeFast.ts, encodeFast.ts). Each one answers exactly what the schema's check of the same member answers
 * (ProxySession.ts, ListProxySessions.ts); the tests compare them with the schemas.
 */
import { ListProxySessionsResponse } from "../ListProxySessions.js"
import { GeoMatchParams, Participant, ProxySession } from "../ProxySession.js"

const nonBlank = /\S/

const isDigit = (code: number): boolean => code >= 48 && code <= 57

const isCapital = (code: number): boolean => code >= 65 && code <= 90

/** `/\S/.test(value)`, without the regex when the first character is visible ASCII. */
const isNotBlank = (value: string): boolean => {
  const first = value.charCodeAt(0)
  return (first > 32 && first < 127) || nonBlank.test(value)
}

/**
 * VoiceConnectorId and ProxySessionId: 1 to 128 characters, not all white space.
 *
 * @internal
 */
export const isId = (value: unknown): value is string =>
  typeof value === "string" && value.length >= 1 && value.length <= 128 && isNotBlank(value)

/**
 * Name: at most 128 characters.
 *
 * @internal
 */
export const isName = (value: unknown): value is string => typeof value === "string" && value.length <= 128

/**
 * ExpiryMinutes: an integer (Schema.Int is a safe integer) of at least 1.
 *
 * @internal
 */
export const isExpiryMinutes = (value: unknown): value is number =>
  typeof value === "number" && Number.isSafeInteger(value) && value >= 1

/**
 * NextToken: at most 65535 characters.
 *
 * @internal
 */
export const isNextToken = (value: unknown): value is string => typeof value === "string" && value.length <= 65535

/**
 * `/^\+?[1-9]\d{1,14}$/.test(value)` (E164PhoneNumberString), by hand.
 *
 * @internal
 */
export const isE164 = (value: unknown): value is string => {
  if (typeof value !== "string") return false
  const length = value.length
  let i = value.charCodeAt(0) === 43 ? 1 : 0
  const first = value.charCodeAt(i)
  if (length - i < 2 || length - i > 15 || first < 49 || first > 57) return false
  for (i++; i < length; i++) {
    if (!isDigit(value.charCodeAt(i))) return false
  }
  return true
}

/**
 * `/^$|^[A-Z]{2}$/.test(value)` (Country), by hand.
 *
 * @internal
 */
export const isCountry = (value: unknown): value is string =>
  typeof value === "string" &&
  (value.length === 0 || (value.length === 2 && isCapital(value.charCodeAt(0)) && isCapital(value.charCodeAt(1))))

/**
 * `/^$|^[0-9]{3}$/.test(value)` (AreaCode), by hand.
 *
 * @internal
 */
export const isAreaCode = (value: unknown): value is string =>
  typeof value === "string" &&
  (value.length === 0 ||
    (value.length === 3 && isDigit(value.charCodeAt(0)) && isDigit(value.charCodeAt(1)) &&
      isDigit(value.charCodeAt(2))))

/**
 * The known members of each open enumeration, as `===` chains rather than `includes` on the hot path.
 *
 * @internal
 */
export const isKnownStatus = (value: string): boolean =>
  value === "Open" || value === "InProgress" || value === "Closed"

/** @internal */
export const isKnownCapability = (value: string): boolean => value === "Voice" || value === "SMS"

/** @internal */
export const isKnownNumberSelectionBehavior = (value: string): boolean =>
  value === "PreferSticky" || value === "AvoidSticky"

/** @internal */
export const isKnownGeoMatchLevel = (value: string): boolean => value === "Country" || value === "AreaCode"

// Every member name the codecs read, from the schemas themselves.
const memberNames: ReadonlyArray<string> = [
  ListProxySessionsResponse,
  ProxySession,
  Participant,
  GeoMatchParams
].flatMap((schema) => Object.keys(schema.fields))

/**
 * The schemas only read own properties, while the hand-written codecs read `object.Member`: they agree as long as no
 * member name is found on the prototype chain (someone patching `Object.prototype`, say). When one is, the schema
 * decides.
 *
 * @internal
 */
export const prototypesAreClean = (prototypes: ReadonlyArray<object>): boolean => {
  for (const prototype of prototypes) {
    for (const name of memberNames) {
      if (name in prototype) return false
    }
  }
  return true
}
