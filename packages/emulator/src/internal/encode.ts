import type { ListProxySessions, ProxySession } from "@chime-proxy/core"
import * as DateTime from "effect/DateTime"
import * as Redacted from "effect/Redacted"

type Open = string | ProxySession.UnknownEnumValue

const openValue = (value: Open): string => (typeof value === "string" ? value : value.value)

const encodeSession = (session: ProxySession.ProxySession): Record<string, unknown> => {
  const json: Record<string, unknown> = {}
  if (session.VoiceConnectorId !== undefined) json.VoiceConnectorId = session.VoiceConnectorId
  if (session.ProxySessionId !== undefined) json.ProxySessionId = session.ProxySessionId
  if (session.Name !== undefined) json.Name = session.Name
  if (session.Status !== undefined) json.Status = openValue(session.Status)
  if (session.ExpiryMinutes !== undefined) json.ExpiryMinutes = session.ExpiryMinutes
  if (session.Capabilities !== undefined) json.Capabilities = session.Capabilities.map(openValue)
  if (session.CreatedTimestamp !== undefined) json.CreatedTimestamp = DateTime.formatIso(session.CreatedTimestamp)
  if (session.UpdatedTimestamp !== undefined) json.UpdatedTimestamp = DateTime.formatIso(session.UpdatedTimestamp)
  if (session.EndedTimestamp !== undefined) json.EndedTimestamp = DateTime.formatIso(session.EndedTimestamp)
  if (session.Participants !== undefined) {
    json.Participants = session.Participants.map((participant) => {
      const out: Record<string, string> = {}
      if (participant.PhoneNumber !== undefined) out.PhoneNumber = Redacted.value(participant.PhoneNumber)
      if (participant.ProxyPhoneNumber !== undefined) {
        out.ProxyPhoneNumber = Redacted.value(participant.ProxyPhoneNumber)
      }
      return out
    })
  }
  if (session.NumberSelectionBehavior !== undefined) {
    json.NumberSelectionBehavior = openValue(session.NumberSelectionBehavior)
  }
  if (session.GeoMatchLevel !== undefined) json.GeoMatchLevel = openValue(session.GeoMatchLevel)
  if (session.GeoMatchParams !== undefined) {
    json.GeoMatchParams = { Country: session.GeoMatchParams.Country, AreaCode: session.GeoMatchParams.AreaCode }
  }
  return json
}

/**
 * The body of a page, byte for byte what `Wire.encodeResponse` writes (a property test holds them equal), without
 * walking the Schema for every session: the response path's largest cost after the simulator itself.
 *
 * @internal
 */
export const encodeResponse = (response: ListProxySessions.ListProxySessionsResponse): string =>
  JSON.stringify(
    response.NextToken === undefined
      ? { ProxySessions: response.ProxySessions.map(encodeSession) }
      : { ProxySessions: response.ProxySessions.map(encodeSession), NextToken: response.NextToken }
  )
