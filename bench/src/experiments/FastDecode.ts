/**
 * An experiment, not a decoder to use: the checks of the ListProxySessionsResponse schema written by hand, building
 * the very same values (Schema classes made without a second validation, `Redacted` phone numbers, `DateTime.Utc`
 * timestamps, open enums). It shows how much of the decoding time is the schema's interpretation and how much is the
 * values the data model asks for. The decoding benchmark checks that it gives what `Wire.decodeResponse` gives.
 */
import { ListProxySessions, ProxySession } from "@chime-proxy/core"
import * as DateTime from "effect/DateTime"
import * as Redacted from "effect/Redacted"

const nonBlank = /\S/
const e164 = /^\+?[1-9]\d{1,14}$/
const countryPattern = /^$|^[A-Z]{2}$/
const areaCodePattern = /^$|^[0-9]{3}$/

const invalid: unique symbol = Symbol("invalid")
type Check = (value: unknown) => unknown

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

const id: Check = (value) =>
  typeof value === "string" && value.length >= 1 && value.length <= 128 && nonBlank.test(value) ? value : invalid

const openEnum = (known: ReadonlyArray<string>): Check => (value) =>
  typeof value !== "string"
    ? invalid
    : known.includes(value)
    ? value
    : new ProxySession.UnknownEnumValue({ value }, true)

const timestamp: Check = (value) => {
  if (typeof value !== "string") return invalid
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? invalid : DateTime.unsafeMake(date)
}

const phoneNumber: Check = (value) => typeof value === "string" && e164.test(value) ? Redacted.make(value) : invalid

const arrayOf = (item: Check): Check => (value) => {
  if (!Array.isArray(value)) return invalid
  const result: Array<unknown> = []
  for (const element of value) {
    const checked = item(element)
    if (checked === invalid) return invalid
    result.push(checked)
  }
  return result
}

/** Checks the optional members of `input` named in `checks`; false when one is invalid. */
const members = (
  input: Record<string, unknown>,
  checks: ReadonlyArray<readonly [string, Check]>,
  output: Record<string, unknown>
): boolean => {
  for (const [name, check] of checks) {
    const value = input[name]
    if (value === undefined) continue
    const checked = check(value)
    if (checked === invalid) return false
    output[name] = checked
  }
  return true
}

const participantChecks: ReadonlyArray<readonly [string, Check]> = [
  ["PhoneNumber", phoneNumber],
  ["ProxyPhoneNumber", phoneNumber]
]

const participant: Check = (value) => {
  const fields: Record<string, unknown> = {}
  if (!isRecord(value) || !members(value, participantChecks, fields)) return invalid
  return new ProxySession.Participant(fields as ConstructorParameters<typeof ProxySession.Participant>[0], true)
}

const geoMatchParams: Check = (value) =>
  isRecord(value) && typeof value.Country === "string" && countryPattern.test(value.Country) &&
    typeof value.AreaCode === "string" && areaCodePattern.test(value.AreaCode)
    ? new ProxySession.GeoMatchParams({ Country: value.Country, AreaCode: value.AreaCode }, true)
    : invalid

const sessionChecks: ReadonlyArray<readonly [string, Check]> = [
  ["VoiceConnectorId", id],
  ["ProxySessionId", id],
  ["Name", (value) => typeof value === "string" && value.length <= 128 ? value : invalid],
  ["Status", openEnum(["Open", "InProgress", "Closed"])],
  ["ExpiryMinutes", (value) => typeof value === "number" && Number.isInteger(value) && value >= 1 ? value : invalid],
  ["Capabilities", arrayOf(openEnum(["Voice", "SMS"]))],
  ["CreatedTimestamp", timestamp],
  ["UpdatedTimestamp", timestamp],
  ["EndedTimestamp", timestamp],
  ["Participants", arrayOf(participant)],
  ["NumberSelectionBehavior", openEnum(["PreferSticky", "AvoidSticky"])],
  ["GeoMatchLevel", openEnum(["Country", "AreaCode"])],
  ["GeoMatchParams", geoMatchParams]
]

const session: Check = (value) => {
  const fields: Record<string, unknown> = {}
  if (!isRecord(value) || !members(value, sessionChecks, fields)) return invalid
  return new ProxySession.ProxySession(fields as ConstructorParameters<typeof ProxySession.ProxySession>[0], true)
}

const sessions = arrayOf(session)

/** Decodes a page body; undefined when anything is invalid (a real decoder would then ask the schema why). */
/** The name of the experiment's row in the decoding benchmark. */
export const experimentName = "experiment: the same checks and values, hand-written"

export const decode = (body: string): ListProxySessions.ListProxySessionsResponse | undefined => {
  const json: unknown = JSON.parse(body)
  if (!isRecord(json)) return undefined
  const items = json.ProxySessions === undefined ? [] : sessions(json.ProxySessions)
  const next = json.NextToken
  if (items === invalid || (next !== undefined && (typeof next !== "string" || next.length > 65535))) return undefined
  const ProxySessions = items as ReadonlyArray<ProxySession.ProxySession>
  return new ListProxySessions.ListProxySessionsResponse(
    next === undefined ? { ProxySessions } : { ProxySessions, NextToken: next },
    true
  )
}
