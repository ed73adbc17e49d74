/**
 * Fixtures and given fields: a session given as a ProxySession (a fixture's, or the fields to create one with) as
 * the store keeps it, and the world saved back as a fixture.
 */
import { ProxySession, Wire } from "@chime-proxy/core"
import * as DateTime from "effect/DateTime"
import type { Connector, NewSession, Template } from "./store.js"
import { CLOSED_STATUS, IN_PROGRESS, OPEN, UNKNOWN_STATUS } from "./store.js"

const templateKeys = [
  "Name",
  "Capabilities",
  "Participants",
  "NumberSelectionBehavior",
  "GeoMatchLevel",
  "GeoMatchParams"
] as const

/** The lifecycle and template of a session given as a ProxySession (a fixture's, or fields to create one with). */
export const fromSession = (
  session: ProxySession.ProxySession,
  options: { readonly now: number; readonly gen: number; readonly generate: boolean; readonly expiry: number }
): NewSession => {
  const millis = (dateTime: DateTime.Utc | undefined) =>
    dateTime === undefined ? undefined : DateTime.toEpochMillis(dateTime)
  const created = millis(session.CreatedTimestamp) ?? options.now
  const given = millis(session.UpdatedTimestamp)
  const fallback = options.generate ? options.now : created
  const status = session.Status
  const template: { -readonly [K in keyof Template]: Template[K] } = {}
  for (const key of templateKeys) {
    if (session[key] !== undefined) (template as Record<string, unknown>)[key] = session[key]
  }
  let called = false
  let closedAt = Number.NaN
  let updated = given ?? created
  let unknownStatus: ProxySession.UnknownEnumValue | undefined = undefined
  if (status === "Closed") {
    closedAt = millis(session.EndedTimestamp) ?? given ?? fallback
    updated = given ?? closedAt
  } else if (status === "InProgress") {
    called = true
    updated = given ?? fallback
  } else if (status instanceof ProxySession.UnknownEnumValue) {
    unknownStatus = status
    closedAt = millis(session.EndedTimestamp) ?? Number.NaN
  }
  const id = session.ProxySessionId
  const needsCustom = id !== undefined || unknownStatus !== undefined || !options.generate ||
    Object.keys(template).length > 0
  return {
    id,
    created,
    updated,
    expiry: session.ExpiryMinutes ?? (options.generate ? options.expiry : 0),
    called,
    closedAt,
    gen: options.gen,
    custom: needsCustom ? { id, template, generate: options.generate, unknownStatus } : undefined
  }
}

/**
 * A fixture's session (its JSON, `given`, kept only when it is not the session's own encoding) as the store keeps it,
 * recorded at `recordedAt`.
 */
export const fixtureSession = (
  session: ProxySession.ProxySession,
  given: { readonly [key: string]: unknown } | undefined,
  now: number,
  recordedAt: number
): NewSession => {
  const fresh = fromSession(session, { now, gen: 0, generate: false, expiry: 0 })
  const status = session.Status instanceof ProxySession.UnknownEnumValue
    ? UNKNOWN_STATUS
    : session.Status === "Closed"
    ? CLOSED_STATUS
    : session.Status === "InProgress"
    ? IN_PROGRESS
    : OPEN
  const canonical = given === undefined || Wire.encodeProxySession(session) === JSON.stringify(given)
  const recorded = { session, json: canonical ? undefined : structuredClone(given), status, at: recordedAt }
  return { ...fresh, custom: { ...fresh.custom!, recorded } }
}

/** The listing order of sessions: by CreatedTimestamp, then by ProxySessionId. */
export const compareSessions = (a: NewSession, b: NewSession): number =>
  a.created - b.created || compareIds(a.id ?? "", b.id ?? "")

const compareIds = (a: string, b: string): number => a < b ? -1 : a > b ? 1 : 0

/**
 * A connector's listable sessions at `now`, in listing order, as a fixture holds them: a recorded session as its
 * fixture had it, members the model does not know included.
 */
export const savedSessions = (
  connector: Connector,
  now: number,
  retentionMillis: number
): Array<ProxySession.ProxySessionJson> => {
  const sessions: Array<ProxySession.ProxySessionJson> = []
  for (const slot of connector.index.values()) {
    if (connector.visible(slot, now, retentionMillis)) {
      sessions.push(connector.saved(slot, now) as ProxySession.ProxySessionJson)
    }
  }
  return sessions
}

/**
 * The JSON text of an object up to the opening bracket of its member `key`, an array written last: `JSON.stringify`
 * writes a member added last after all others (integer-like names, which it writes first, aside).
 */
export const openArray = (object: { readonly [key: string]: unknown }, key: string): string =>
  JSON.stringify({ ...object, [key]: [] }).slice(0, -2)

/**
 * A saved fixture's JSON text in pieces, each a piece of syntax or one session's JSON, until undefined: `head` (the
 * text of the fixture up to its `VoiceConnectors`), then each connector's `head` (its text up to its `ProxySessions`)
 * and its sessions listable at `now`, as {@link savedSessions} has them. A connector's sessions are the slots of its
 * index when its turn comes; a session removed after that is left out.
 */
export const fixtureText = (
  head: string,
  connectors: ReadonlyArray<{ readonly connector: Connector; readonly head: string }>,
  now: number,
  retentionMillis: number
): () => string | undefined => {
  const pieces: Array<string> = [head]
  let c = 0
  let slots: ReadonlyArray<number> | undefined = undefined
  let s = 0
  let first = true
  return () => {
    while (pieces.length === 0) {
      const current = connectors[c]
      if (current === undefined) {
        if (c === connectors.length) {
          c++
          pieces.push("]}")
          break
        }
        return undefined
      }
      if (slots === undefined) {
        slots = Array.from(current.connector.index.values())
        s = 0
        first = true
        pieces.push(c === 0 ? current.head : `,${current.head}`)
        continue
      }
      if (s === slots.length) {
        pieces.push("]}")
        slots = undefined
        c++
        continue
      }
      const slot = slots[s++]!
      if (current.connector.isLive(slot) && current.connector.visible(slot, now, retentionMillis)) {
        const text = current.connector.savedText(slot, now)
        pieces.push(first ? text : `,${text}`)
        first = false
      }
    }
    return pieces.shift()
  }
}
