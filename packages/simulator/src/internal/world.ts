/**
 * The simulated account: voice connectors holding proxy sessions, stored column-wise so that a million sessions
 * take tens of megabytes, and kept in (CreatedTimestamp, ProxySessionId) order by a chunked sorted index so that a
 * page costs O(log n + examined) whatever the size of the connector.
 *
 * Status is computed at read time from the clock: a session is Closed from the instant its ExpiryMinutes have passed
 * (or from an explicit close), InProgress once a call was recorded, Open otherwise. There are no background fibers.
 */
import { ProxySession } from "@chime-proxy/core"
import * as DateTime from "effect/DateTime"
import * as Redacted from "effect/Redacted"
import type { JsonCache } from "./json.js"
import { encodeSession } from "./json.js"
import { hex8, mix32, permute, Prng, unpermute } from "./prng.js"
import { SortedIndex } from "./sortedIndex.js"

const LIVE = 1
const CALLED = 2
const CLOSED = 4

/** Status codes, in the order of the model. */
export const OPEN = 0
export const IN_PROGRESS = 1
export const CLOSED_STATUS = 2
export const UNKNOWN_STATUS = 3

export const statusCode = (status: string | undefined): number =>
  status === "Open" ? OPEN : status === "InProgress" ? IN_PROGRESS : status === "Closed" ? CLOSED_STATUS : -1

const minute = 60_000

type Fields = Exclude<ConstructorParameters<typeof ProxySession.ProxySession>[0], void | undefined>

/** The members of a session the lifecycle does not touch. */
export type Template = Pick<
  Fields,
  "Name" | "Capabilities" | "Participants" | "NumberSelectionBehavior" | "GeoMatchLevel" | "GeoMatchParams"
>

const templateKeys = [
  "Name",
  "Capabilities",
  "Participants",
  "NumberSelectionBehavior",
  "GeoMatchLevel",
  "GeoMatchParams"
] as const

interface Custom {
  readonly id: string | undefined
  readonly template: Template
  /** Fill the members absent from the template with generated ones (false for fixtures: absent stays absent). */
  readonly generate: boolean
  readonly unknownStatus: ProxySession.UnknownEnumValue | undefined
}

/** A session to insert, with its lifecycle in plain numbers. */
export interface NewSession {
  readonly id: string | undefined
  readonly created: number
  readonly updated: number
  /** Minutes; 0 when the session has none. */
  readonly expiry: number
  readonly called: boolean
  /** NaN when not closed on purpose. */
  readonly closedAt: number
  readonly gen: number
  readonly custom: Custom | undefined
}

const areaCodes = ["206", "212", "303", "312", "415", "503", "512", "617", "702", "919"] as const
const adjectives = ["amber", "brisk", "calm", "dapper", "eager", "fond", "gentle", "hazel", "ivory", "jolly"] as const
const nouns = [
  "harbor",
  "meadow",
  "river",
  "summit",
  "canyon",
  "prairie",
  "grove",
  "lagoon",
  "ridge",
  "valley"
] as const
const capabilitySets: ReadonlyArray<ReadonlyArray<ProxySession.Capability>> = [["Voice"], ["SMS"], ["Voice", "SMS"]]
/** The expiries of generated sessions, in minutes. */
export const generatedExpiries = [30, 60, 120, 240, 480, 720, 1440, 2880, 4320, 10080] as const

/** A fictional North American number: 555-0100 to 555-0199 are reserved for fiction. */
const phoneNumber = (prng: Prng, area: string) => `+1${area}55501${String(prng.int(100)).padStart(2, "0")}`

/** The members of a generated session, all derived from its 32-bit `gen`. */
const generateTemplate = (gen: number): Required<Template> => {
  const prng = new Prng(gen, 0x7e)
  const area = prng.pick(areaCodes)
  const participant = () =>
    new ProxySession.Participant({
      PhoneNumber: Redacted.make(phoneNumber(prng, prng.pick(areaCodes))),
      ProxyPhoneNumber: Redacted.make(phoneNumber(prng, area))
    }, true)
  return {
    Name: `${prng.pick(adjectives)}-${prng.pick(nouns)}-${prng.int(10000)}`,
    Capabilities: prng.pick(capabilitySets),
    Participants: [participant(), participant()],
    NumberSelectionBehavior: prng.int(2) === 0 ? "PreferSticky" : "AvoidSticky",
    GeoMatchLevel: prng.int(2) === 0 ? "Country" : "AreaCode",
    GeoMatchParams: new ProxySession.GeoMatchParams({ Country: "US", AreaCode: area }, true)
  }
}

/** 21 or 22 lowercase letters and digits, like a real voice connector id. */
export const generateConnectorId = (prng: Prng): string => {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
  const length = 21 + prng.int(2)
  let id = ""
  for (let i = 0; i < length; i++) id += alphabet[prng.int(alphabet.length)]
  return id
}

const generatedIdPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

const growFloat = (array: Float64Array, capacity: number) => {
  const next = new Float64Array(capacity)
  next.set(array)
  return next
}

export class Connector {
  private created = new Float64Array(16)
  private updated = new Float64Array(16)
  private closedAt = new Float64Array(16)
  private expiry = new Int32Array(16)
  private gen = new Uint32Array(16)
  private flags = new Uint8Array(16)
  /** Slots used so far; slots are never reused, so that generated ids stay unique. */
  private slots = 0
  private readonly custom = new Map<number, Custom>()
  private readonly customIds = new Map<string, number>()
  readonly index: SortedIndex

  constructor(
    readonly id: ProxySession.VoiceConnectorId,
    /** Tells this connector apart from an earlier one of the same id, for tokens. */
    readonly incarnation: number,
    /** Keys the permutation of generated session ids. */
    private readonly salt: number,
    /** The engine's cache of sessions' JSON, which every write to a session must keep true. */
    private readonly cache: JsonCache
  ) {
    this.index = new SortedIndex(this.compare)
  }

  get size(): number {
    return this.index.size
  }

  private readonly compare = (a: number, b: number): number => {
    const byTime = this.created[a] - this.created[b]
    if (byTime !== 0) return byTime < 0 ? -1 : 1
    const idA = this.idOf(a)
    const idB = this.idOf(b)
    return idA < idB ? -1 : idA > idB ? 1 : 0
  }

  private generatedId(slot: number): string {
    const w0 = permute(this.salt, slot)
    const w1 = mix32(w0 ^ this.salt)
    const w2 = mix32((w1 + 0x6d2b79f5) | 0)
    const w3 = mix32(w2 ^ 0x1b873593)
    const h1 = hex8(w1)
    const h2 = hex8(w2)
    return `${hex8(w0)}-${h1.slice(0, 4)}-${h1.slice(4)}-${h2.slice(0, 4)}-${h2.slice(4)}${hex8(w3)}`
  }

  idOf(slot: number): string {
    return this.custom.get(slot)?.id ?? this.generatedId(slot)
  }

  createdOf(slot: number): number {
    return this.created[slot]
  }

  /** The live slot of a session id, or -1. */
  slotOf(id: string): number {
    const custom = this.customIds.get(id)
    if (custom !== undefined) return custom
    if (!generatedIdPattern.test(id)) return -1
    const slot = unpermute(this.salt, parseInt(id.slice(0, 8), 16))
    return slot < this.slots && (this.flags[slot] & LIVE) !== 0 && this.custom.get(slot)?.id === undefined &&
        this.generatedId(slot) === id
      ? slot
      : -1
  }

  private reserve(count: number): void {
    const needed = this.slots + count
    if (needed <= this.created.length) return
    let capacity = this.created.length
    while (capacity < needed) capacity *= 2
    this.created = growFloat(this.created, capacity)
    this.updated = growFloat(this.updated, capacity)
    this.closedAt = growFloat(this.closedAt, capacity)
    const expiry = new Int32Array(capacity)
    expiry.set(this.expiry)
    this.expiry = expiry
    const gen = new Uint32Array(capacity)
    gen.set(this.gen)
    this.gen = gen
    const flags = new Uint8Array(capacity)
    flags.set(this.flags)
    this.flags = flags
  }

  private write(slot: number, session: NewSession): void {
    this.created[slot] = session.created
    this.updated[slot] = session.updated
    this.closedAt[slot] = session.closedAt
    this.expiry[slot] = session.expiry
    this.gen[slot] = session.gen
    this.flags[slot] = LIVE | (session.called ? CALLED : 0) | (Number.isNaN(session.closedAt) ? 0 : CLOSED)
    if (session.custom !== undefined) this.custom.set(slot, session.custom)
    if (session.id !== undefined) this.customIds.set(session.id, slot)
    this.cache.delete(this, this.incarnation, slot)
  }

  /** Whether an id is taken by a live session. */
  has(id: string): boolean {
    return this.slotOf(id) !== -1
  }

  /** Inserts a session (its id, when given, must be free) and returns its slot. */
  insert(session: NewSession): number {
    this.reserve(1)
    let slot = this.slots++
    // A generated id that a session took on purpose is skipped, so that ids stay unique.
    while (session.id === undefined && this.customIds.size > 0 && this.customIds.has(this.generatedId(slot))) {
      this.reserve(1)
      slot = this.slots++
    }
    this.write(slot, session)
    this.index.insert(slot)
    return slot
  }

  /** Inserts sessions in bulk (seeding); in order of creation, each is an O(1) append. */
  insertMany(count: number, fill: (i: number) => NewSession): void {
    this.reserve(count)
    for (let i = 0; i < count; i++) this.insert(fill(i))
  }

  remove(slot: number): void {
    this.index.remove(slot)
    const id = this.custom.get(slot)?.id
    if (id !== undefined) this.customIds.delete(id)
    this.custom.delete(slot)
    this.flags[slot] = 0
    this.cache.delete(this, this.incarnation, slot)
  }

  /** The instant a session closed or closes by expiry, if that is at or before `now`; NaN otherwise. */
  closeTime(slot: number, now: number): number {
    if ((this.flags[slot] & CLOSED) !== 0) return this.closedAt[slot]
    const expiry = this.expiry[slot]
    if (expiry > 0) {
      const expiresAt = this.created[slot] + expiry * minute
      if (now >= expiresAt) return expiresAt
    }
    return Number.NaN
  }

  status(slot: number, now: number): number {
    const custom = this.custom.get(slot)
    if (custom?.unknownStatus !== undefined) return UNKNOWN_STATUS
    if (!Number.isNaN(this.closeTime(slot, now))) return CLOSED_STATUS
    return (this.flags[slot] & CALLED) !== 0 ? IN_PROGRESS : OPEN
  }

  /** A closed session is kept for `retention` ms after it closed, then it is gone. */
  visible(slot: number, now: number, retention: number): boolean {
    const closed = this.closeTime(slot, now)
    return Number.isNaN(closed) || now < closed + retention
  }

  recordCall(slot: number, now: number): void {
    this.flags[slot] |= CALLED
    this.updated[slot] = now
    this.cache.delete(this, this.incarnation, slot)
  }

  close(slot: number, now: number): void {
    this.flags[slot] |= CLOSED
    this.closedAt[slot] = now
    this.updated[slot] = now
    this.cache.delete(this, this.incarnation, slot)
  }

  /**
   * The session's wire JSON as ListProxySessions returns it at `now`: `encodeSession` of {@link materialize}, from
   * the cache while the members the clock moves (status, UpdatedTimestamp, EndedTimestamp) are those it was made at.
   */
  json(slot: number, now: number): Uint8Array {
    const closeTime = this.closeTime(slot, now)
    const updated = Number.isNaN(closeTime) ? this.updated[slot] : Math.max(this.updated[slot], closeTime)
    const status = this.status(slot, now)
    const cached = this.cache.get(this, this.incarnation, slot, status, updated, closeTime)
    if (cached !== undefined) return cached
    const json = encodeSession(this.materialize(slot, now))
    this.cache.set(this, this.incarnation, slot, status, updated, closeTime, json)
    return json
  }

  /** The session as ListProxySessions returns it, at `now`. */
  materialize(slot: number, now: number): ProxySession.ProxySession {
    const custom = this.custom.get(slot)
    const template: Template = custom === undefined
      ? generateTemplate(this.gen[slot])
      : custom.generate
      ? { ...generateTemplate(this.gen[slot]), ...custom.template }
      : custom.template
    const closeTime = this.closeTime(slot, now)
    const created = this.created[slot]
    const updated = Number.isNaN(closeTime) ? this.updated[slot] : Math.max(this.updated[slot], closeTime)
    const status = this.status(slot, now)
    const expiry = this.expiry[slot]
    const fields: Fields = {
      VoiceConnectorId: this.id,
      ProxySessionId: this.idOf(slot) as ProxySession.ProxySessionId,
      ...(template.Name === undefined ? {} : { Name: template.Name }),
      Status: status === UNKNOWN_STATUS
        ? custom!.unknownStatus!
        : status === CLOSED_STATUS
        ? "Closed"
        : status === IN_PROGRESS
        ? "InProgress"
        : "Open",
      ...(expiry > 0 ? { ExpiryMinutes: expiry } : {}),
      ...(template.Capabilities === undefined ? {} : { Capabilities: template.Capabilities }),
      CreatedTimestamp: DateTime.unsafeMake(created),
      UpdatedTimestamp: DateTime.unsafeMake(updated),
      ...(Number.isNaN(closeTime) ? {} : { EndedTimestamp: DateTime.unsafeMake(closeTime) }),
      ...(template.Participants === undefined ? {} : { Participants: template.Participants }),
      ...(template.NumberSelectionBehavior === undefined
        ? {}
        : { NumberSelectionBehavior: template.NumberSelectionBehavior }),
      ...(template.GeoMatchLevel === undefined ? {} : { GeoMatchLevel: template.GeoMatchLevel }),
      ...(template.GeoMatchParams === undefined ? {} : { GeoMatchParams: template.GeoMatchParams })
    }
    return new ProxySession.ProxySession(fields, true)
  }
}

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

/** A page of slots. `last` is the key of the last session examined, when more may follow. */
export interface SlotPage {
  readonly slots: ReadonlyArray<number>
  readonly last: { readonly created: number; readonly id: string } | undefined
}

/**
 * Lists up to `limit` visible sessions of a status (any status when -1) with keys after `after`, examining at most
 * `budget` sessions (budget > limit). Sessions past their retention are dropped as they are met.
 */
export const listSlots = (
  connector: Connector,
  options: {
    readonly status: number
    readonly after: { readonly created: number; readonly id: string } | undefined
    readonly limit: number
    readonly budget: number
    readonly now: number
    readonly retention: number
  }
): SlotPage => {
  const { after, budget, limit, now, retention, status } = options
  const index = connector.index
  const cursor = after === undefined ? index.first() : index.seek((slot) => {
    const created = connector.createdOf(slot)
    return created < after.created || (created === after.created && connector.idOf(slot) <= after.id)
  })
  const slots: Array<number> = []
  const expired: Array<number> = []
  let examined = 0
  let lastExamined = -1
  let lastReturned = -1
  let more = false
  for (let slot = index.at(cursor); slot !== -1; index.advance(cursor), slot = index.at(cursor)) {
    if (examined === budget) {
      more = true
      break
    }
    examined++
    if (!connector.visible(slot, now, retention)) {
      expired.push(slot)
    } else if (status === -1 || connector.status(slot, now) === status) {
      if (slots.length === limit) {
        more = true
        break
      }
      slots.push(slot)
      lastReturned = slot
    }
    lastExamined = slot
  }
  // A full page ends at its last session; a page cut short by the budget ends where the examination stopped.
  const lastSlot = slots.length === limit ? lastReturned : lastExamined
  const last = more && lastSlot !== -1
    ? { created: connector.createdOf(lastSlot), id: connector.idOf(lastSlot) }
    : more
    ? after
    : undefined
  for (const slot of expired) connector.remove(slot)
  return { slots, last }
}
