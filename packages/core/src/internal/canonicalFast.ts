/**
 * A check-only companion of the hand-written decoder: whether a parsed ListProxySessions session is valid and already
 * in its canonical encoding, so that `JSON.stringify` of the parsed value writes byte for byte what
 * `Wire.encodeProxySession` writes for the decoded session, without decoding it (no class instances, no Redacted, no
 * DateTime) nor encoding it again.
 *
 * It answers "yes" only for a session that the decoder accepts with the very same predicates (constraints.ts,
 * `isoUtcMillis`) and whose members stand in the schema's field order, with no other member, every timestamp in the
 * form the encoder writes (`YYYY-MM-DDTHH:MM:SS.sssZ`). Anything else (invalid, or valid in another form) is "no", and
 * the caller decodes and encodes as before, so every error and every byte stays the schema's. The property tests in
 * test/WireText.test.ts hold it to that.
 */
import { GeoMatchParams, Participant, ProxySession } from "../ProxySession.js"
import {
  isAreaCode,
  isCountry,
  isE164,
  isExpiryMinutes,
  isId,
  isName,
  isNextToken,
  prototypesAreClean
} from "./constraints.js"
import { isoUtcMillis } from "./decodeFast.js"

type Check = (value: unknown) => boolean

/**
 * An open enumeration's member: a known value decodes to itself, any other string to an UnknownEnumValue that the
 * encoder writes back as that string; either way its text is `JSON.stringify` of the string.
 */
const isOpenEnum: Check = (value) => typeof value === "string"

/** A timestamp the decoder reads and the encoder writes unchanged: the form with milliseconds. */
const isCanonicalTimestamp: Check = (value) =>
  typeof value === "string" && value.length === 24 && !Number.isNaN(isoUtcMillis(value))

const isArrayOf = (item: Check): Check => (value) => {
  if (!Array.isArray(value)) return false
  for (let i = 0; i < value.length; i++) {
    if (!item(value[i])) return false
  }
  return true
}

/**
 * A plain object whose members are a run of `fields` in the schema's order (all of them when `required`), each
 * passing its check. `for…in` also lists inherited enumerable members: an object of a patched prototype is refused.
 */
const isObjectOf = <Fields extends Record<string, unknown>>(
  fields: Fields,
  checks: { readonly [K in keyof Fields]: Check },
  required: boolean
): Check => {
  const order: ReadonlyArray<string> = Object.keys(fields)
  const byName = checks as Readonly<Record<string, Check>>
  return (value) => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return false
    const object = value as Record<string, unknown>
    let at = 0
    let count = 0
    for (const key in object) {
      while (at < order.length && order[at] !== key) at++
      if (at === order.length) return false
      if (!byName[key]!(object[key])) return false
      at++
      count++
    }
    return !required || count === order.length
  }
}

const isParticipant = isObjectOf(Participant.fields, { PhoneNumber: isE164, ProxyPhoneNumber: isE164 }, false)

const isGeoMatchParams = isObjectOf(GeoMatchParams.fields, { Country: isCountry, AreaCode: isAreaCode }, true)

const isCanonicalSession = isObjectOf(ProxySession.fields, {
  VoiceConnectorId: isId,
  ProxySessionId: isId,
  Name: isName,
  Status: isOpenEnum,
  ExpiryMinutes: isExpiryMinutes,
  Capabilities: isArrayOf(isOpenEnum),
  CreatedTimestamp: isCanonicalTimestamp,
  UpdatedTimestamp: isCanonicalTimestamp,
  EndedTimestamp: isCanonicalTimestamp,
  Participants: isArrayOf(isParticipant),
  NumberSelectionBehavior: isOpenEnum,
  GeoMatchLevel: isOpenEnum,
  GeoMatchParams: isGeoMatchParams
}, false)

const jsonPrototypes: ReadonlyArray<object> = [Object.prototype, Array.prototype]

/**
 * `JSON.stringify` asks every object and array for a `toJSON` method, found on its prototype too; the decoder reads
 * `object.Member`, which finds inherited members. With either patched, the usual path decides.
 */
const prototypesAreUntouched = (): boolean =>
  prototypesAreClean(jsonPrototypes) && !("toJSON" in Object.prototype) && !("toJSON" in Array.prototype)

/**
 * Each session's wire text, and the page's NextToken, for a parsed body whose every session is valid and canonical;
 * `undefined` when the caller must decode and encode (an invalid body, or one merely written otherwise).
 *
 * @internal
 */
export const canonicalSessionsFast = (
  json: Record<string, unknown>
): { readonly ProxySessions: Array<string>; readonly NextToken?: string } | undefined => {
  if (!prototypesAreUntouched()) return undefined
  const sessions = json.ProxySessions
  const nextToken = json.NextToken
  if (nextToken !== undefined && !isNextToken(nextToken)) return undefined
  let texts: Array<string>
  if (sessions === undefined) {
    texts = []
  } else {
    if (!Array.isArray(sessions)) return undefined
    const length = sessions.length
    texts = new Array<string>(length)
    for (let i = 0; i < length; i++) {
      const session: unknown = sessions[i]
      if (!isCanonicalSession(session)) return undefined
      texts[i] = JSON.stringify(session)
    }
  }
  return nextToken === undefined ? { ProxySessions: texts } : { ProxySessions: texts, NextToken: nextToken }
}
