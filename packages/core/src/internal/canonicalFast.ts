/**
 * A check-only companion of the hand-written decoder: whether a ListProxySessions body's sessions are valid and
 * already in their canonical encoding, so that each session's text is byte for byte what `Wire.encodeProxySession`
 * writes for the decoded session, without decoding it (no class instances, no Redacted, no DateTime) nor encoding it
 * again.
 *
 * It answers "yes" only for sessions that the decoder accepts with the very same predicates (constraints.ts,
 * `isoUtcMillis`) and whose members stand in the schema's field order, with no other member, every timestamp in the
 * form the encoder writes (`YYYY-MM-DDTHH:MM:SS.sssZ`). Anything else (invalid, or valid in another form) is "no", and
 * the caller decodes and encodes as before, so every error and every byte stays the schema's. The shape is written
 * once, below, and read two ways: over the body's text when it is written as the encoder writes it (no whitespace,
 * no escapes: each session's text is then a slice of the body, with no JSON value built at all), and over a parsed
 * body otherwise (each session's text is then `JSON.stringify` of its parsed value). The property tests in
 * test/ProxySessionsText.test.ts hold both to the old path.
 */
import { GeoMatchParams, Participant, ProxySession } from "../ProxySession.js"
import type { ResponseText } from "../ProxySessionsText.js"
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

/** What a canonical member is: a string, a positive integer, an array of one shape, an object of given members. */
type Shape =
  | { readonly kind: "string"; readonly check: (value: string) => boolean }
  | { readonly kind: "integer"; readonly check: (value: number) => boolean }
  | { readonly kind: "array"; readonly item: Shape }
  | {
    readonly kind: "object"
    /** In the schema's field order, each with its key as the encoder writes it: `"Name":`. */
    readonly members: ReadonlyArray<readonly [name: string, key: string, shape: Shape]>
    readonly required: boolean
  }

const string = (check: (value: string) => boolean): Shape => ({ kind: "string", check })

/**
 * An open enumeration's member: a known value decodes to itself, any other string to an UnknownEnumValue that the
 * encoder writes back as that string; either way its text is the string's.
 */
const openEnum = string(() => true)

/** A timestamp the decoder reads and the encoder writes unchanged: the form with milliseconds. */
const timestamp = string((value) => value.length === 24 && !Number.isNaN(isoUtcMillis(value)))

const arrayOf = (item: Shape): Shape => ({ kind: "array", item })

/** An object of the schema's fields, in their order, every one of them present when `required`. */
const objectOf = <Fields extends Record<string, unknown>>(
  fields: Fields,
  shapes: { readonly [K in keyof Fields]: Shape },
  required: boolean
): Shape => ({
  kind: "object",
  members: Object.keys(fields).map((name) => [name, `"${name}":`, (shapes as Readonly<Record<string, Shape>>)[name]!]),
  required
})

const phoneNumber = string(isE164)

const session = objectOf(ProxySession.fields, {
  VoiceConnectorId: string(isId),
  ProxySessionId: string(isId),
  Name: string(isName),
  Status: openEnum,
  ExpiryMinutes: { kind: "integer", check: isExpiryMinutes },
  Capabilities: arrayOf(openEnum),
  CreatedTimestamp: timestamp,
  UpdatedTimestamp: timestamp,
  EndedTimestamp: timestamp,
  Participants: arrayOf(
    objectOf(Participant.fields, { PhoneNumber: phoneNumber, ProxyPhoneNumber: phoneNumber }, false)
  ),
  NumberSelectionBehavior: openEnum,
  GeoMatchLevel: openEnum,
  GeoMatchParams: objectOf(GeoMatchParams.fields, { Country: string(isCountry), AreaCode: string(isAreaCode) }, true)
}, false)

/**
 * A parsed value of the shape. `for…in` also lists inherited enumerable members: an object of a patched prototype is
 * refused.
 */
const matches = (value: unknown, shape: Shape): boolean => {
  switch (shape.kind) {
    case "string":
      return typeof value === "string" && shape.check(value)
    case "integer":
      return typeof value === "number" && shape.check(value)
    case "array": {
      if (!Array.isArray(value)) return false
      for (let i = 0; i < value.length; i++) {
        if (!matches(value[i], shape.item)) return false
      }
      return true
    }
    case "object": {
      if (typeof value !== "object" || value === null || Array.isArray(value)) return false
      const object = value as Record<string, unknown>
      const members = shape.members
      let at = 0
      let count = 0
      for (const key in object) {
        while (at < members.length && members[at]![0] !== key) at++
        if (at === members.length || !matches(object[key], members[at]![2])) return false
        at++
        count++
      }
      return !shape.required || count === members.length
    }
  }
}

const QUOTE = 34
const BACKSLASH = 92
const COMMA = 44
const OPEN_BRACE = 123
const CLOSE_BRACE = 125
const OPEN_BRACKET = 91
const CLOSE_BRACKET = 93

/**
 * The end of a value of the shape written as the encoder writes it, from `at` in `text`, or -1. A string with an
 * escape, a control character or a surrogate (which `JSON.stringify` could write otherwise), a number in any form but
 * the integer's own digits, or any whitespace is -1: the parsed reading decides.
 */
const scan = (text: string, at: number, shape: Shape): number => {
  switch (shape.kind) {
    case "string": {
      if (text.charCodeAt(at) !== QUOTE) return -1
      const start = at + 1
      let i = start
      for (;; i++) {
        const c = text.charCodeAt(i)
        if (c === QUOTE) break
        // NaN past the end fails every comparison but this one.
        if (!(c >= 32) || c === BACKSLASH || (c >= 0xd800 && c <= 0xdfff)) return -1
      }
      return shape.check(text.slice(start, i)) ? i + 1 : -1
    }
    case "integer": {
      let i = at
      const first = text.charCodeAt(i)
      if (!(first >= 49 && first <= 57)) return -1
      for (i++;; i++) {
        const c = text.charCodeAt(i)
        if (!(c >= 48 && c <= 57)) break
      }
      // A fraction or an exponent after the digits is refused by what must follow a value (`,` `}` `]`).
      return i - at <= 16 && shape.check(Number(text.slice(at, i))) ? i : -1
    }
    case "array": {
      if (text.charCodeAt(at) !== OPEN_BRACKET) return -1
      let i = at + 1
      if (text.charCodeAt(i) === CLOSE_BRACKET) return i + 1
      for (;;) {
        i = scan(text, i, shape.item)
        if (i === -1) return -1
        const c = text.charCodeAt(i)
        if (c === CLOSE_BRACKET) return i + 1
        if (c !== COMMA) return -1
        i++
      }
    }
    case "object": {
      if (text.charCodeAt(at) !== OPEN_BRACE) return -1
      const members = shape.members
      let i = at + 1
      if (text.charCodeAt(i) === CLOSE_BRACE) return shape.required ? -1 : i + 1
      let next = 0
      let count = 0
      for (;;) {
        while (next < members.length && !text.startsWith(members[next]![1], i)) next++
        if (next === members.length) return -1
        const [, key, member] = members[next]!
        i = scan(text, i + key.length, member)
        if (i === -1) return -1
        next++
        count++
        const c = text.charCodeAt(i)
        if (c === CLOSE_BRACE) return shape.required && count !== members.length ? -1 : i + 1
        if (c !== COMMA) return -1
        i++
      }
    }
  }
}

const sessionsKey = "{\"ProxySessions\":["
const nextTokenKey = ",\"NextToken\":"
const nextToken = string(isNextToken)

/** The sessions of a body written exactly as `Wire.encodeResponse` writes it, as slices of it, or undefined. */
const scanBody = (body: string): ResponseText | undefined => {
  if (!body.startsWith(sessionsKey)) return undefined
  const texts: Array<string> = []
  let i = sessionsKey.length
  if (body.charCodeAt(i) === CLOSE_BRACKET) {
    i++
  } else {
    for (;;) {
      const end = scan(body, i, session)
      if (end === -1) return undefined
      texts.push(body.slice(i, end))
      const c = body.charCodeAt(end)
      i = end + 1
      if (c === CLOSE_BRACKET) break
      if (c !== COMMA) return undefined
    }
  }
  if (body.charCodeAt(i) === CLOSE_BRACE && i + 1 === body.length) return { ProxySessions: texts }
  if (!body.startsWith(nextTokenKey, i)) return undefined
  const start = i + nextTokenKey.length
  const end = scan(body, start, nextToken)
  if (end === -1 || body.charCodeAt(end) !== CLOSE_BRACE || end + 1 !== body.length) return undefined
  // A copy, not a slice: the paginator keeps every token of a listing (to catch a loop), and a slice would keep its
  // page's whole body alive with it. The token has no escape, so its JSON is its text in quotes.
  return { ProxySessions: texts, NextToken: JSON.parse(body.slice(start, end)) as string }
}

const jsonPrototypes: ReadonlyArray<object> = [Object.prototype, Array.prototype]

/**
 * `JSON.stringify` asks every object and array for a `toJSON` method, found on its prototype too; the decoder reads
 * `object.Member`, which finds inherited members. With either patched, the usual path decides.
 */
const prototypesAreUntouched = (): boolean =>
  prototypesAreClean(jsonPrototypes) && !("toJSON" in Object.prototype) && !("toJSON" in Array.prototype)

/**
 * Each session's wire text, and the page's NextToken, for a body whose every session is valid and canonical, read
 * from its text; `undefined` when it is not written exactly as the encoder writes a response.
 *
 * @internal
 */
export const canonicalBodyFast = (
  body: string
): ResponseText | undefined => prototypesAreUntouched() ? scanBody(body) : undefined

/**
 * Each session's wire text, and the page's NextToken, for a parsed body whose every session is valid and canonical;
 * `undefined` when the caller must decode and encode (an invalid body, or one merely written otherwise).
 *
 * @internal
 */
export const canonicalSessionsFast = (
  json: Record<string, unknown>
): ResponseText | undefined => {
  if (!prototypesAreUntouched()) return undefined
  const sessions = json.ProxySessions
  const token = json.NextToken
  if (token !== undefined && !isNextToken(token)) return undefined
  let texts: Array<string>
  if (sessions === undefined) {
    texts = []
  } else {
    if (!Array.isArray(sessions)) return undefined
    const length = sessions.length
    texts = new Array<string>(length)
    for (let i = 0; i < length; i++) {
      const value: unknown = sessions[i]
      if (!matches(value, session)) return undefined
      texts[i] = JSON.stringify(value)
    }
  }
  return token === undefined ? { ProxySessions: texts } : { ProxySessions: texts, NextToken: token }
}
