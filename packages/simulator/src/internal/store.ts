/**
 * The store of the simulated account: the sessions of one voice connector stored column-wise, so that a million
 * sessions take tens of megabytes, and kept in (CreatedTimestamp, ProxySessionId) order by a chunked sorted index, so
 * that a page costs O(log n + examined) whatever the size of the connector.
 *
 * Status is computed at read time from the clock: a session is Closed from the instant its ExpiryMinutes have passed
 * (or from an explicit close), InProgress once a call was recorded, Open otherwise. There are no background fibers.
 *
 * A session loaded from a fixture is recorded: until something changes it, it reads exactly as the fixture has it
 * (unknown members and all), and the lifecycle runs forward from the fixture's instant. Nothing recorded has gone by
 * then; a session recorded Open or InProgress whose expiry had already passed (overdue) closes just after it.
 */
import { ProxySession, Wire } from "@chime-proxy/core"
import * as DateTime from "effect/DateTime"
import * as Schema from "effect/Schema"
import { generateTemplate } from "./generate.js"
import type { JsonCache } from "./json.js"
import { encodeSession } from "./json.js"
import { hex8, mix32, permute, unpermute } from "./prng.js"
import { SortedIndex } from "./sortedIndex.js"
import type { Attributes } from "./voiceConnectors.js"

const LIVE = 1
const CALLED = 2
const CLOSED = 4
/** Recorded by a fixture and unchanged since. */
const PRISTINE = 8
/** Loaded from a fixture (for good): nothing recorded goes before the fixture's instant. */
const ARCHIVED = 16
/** Recorded Open or InProgress past its expiry: Closed from just after the fixture's instant. */
const OVERDUE = 32

/** Status codes, in the order of the model. */
export const OPEN = 0
export const IN_PROGRESS = 1
export const CLOSED_STATUS = 2
export const UNKNOWN_STATUS = 3

export const statusCode = (status: string | undefined): number =>
  status === "Open" ? OPEN : status === "InProgress" ? IN_PROGRESS : status === "Closed" ? CLOSED_STATUS : -1

/** A minute, in milliseconds. */
export const minute = 60_000

export type Fields = Exclude<ConstructorParameters<typeof ProxySession.ProxySession>[0], void | undefined>

/** The members of a session the lifecycle does not touch. */
export type Template = Pick<
  Fields,
  "Name" | "Capabilities" | "Participants" | "NumberSelectionBehavior" | "GeoMatchLevel" | "GeoMatchParams"
>

export interface Custom {
  readonly id: string | undefined
  readonly template: Template
  /** Fill the members absent from the template with generated ones (false for fixtures: absent stays absent). */
  readonly generate: boolean
  readonly unknownStatus: ProxySession.UnknownEnumValue | undefined
  readonly recorded?: Recorded | undefined
}

/** A session as a fixture records it. */
export interface Recorded {
  readonly session: ProxySession.ProxySession
  /**
   * Its JSON as the fixture has it, when that is not the session's own encoding (members the model does not know,
   * timestamps written otherwise): kept only then, so that an archive of a million sessions is held once.
   */
  readonly json: { readonly [key: string]: unknown } | undefined
  /** Its status code as recorded. */
  readonly status: number
  /** The fixture's instant, in epoch milliseconds. */
  readonly at: number
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

const encodeJson = Schema.encodeSync(ProxySession.ProxySession)

const generatedIdPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/** A column's value at a slot: a typed array's 0 when the slot is past its end, as it is past the slots in use. */
const cell = (column: Float64Array | Int32Array | Uint32Array | Uint8Array, slot: number): number => column[slot] ?? 0

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
  /** The connector's members besides its id, as ListVoiceConnectors returns them. */
  attributes: Attributes = {}

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

  /** The slots used so far: the sessions stored, and those deleted. */
  get slotCount(): number {
    return this.slots
  }

  private readonly compare = (a: number, b: number): number => {
    const byTime = cell(this.created, a) - cell(this.created, b)
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
    return cell(this.created, slot)
  }

  /** The live slot of a session id, or -1. */
  slotOf(id: string): number {
    const custom = this.customIds.get(id)
    if (custom !== undefined) return custom
    if (!generatedIdPattern.test(id)) return -1
    const slot = unpermute(this.salt, parseInt(id.slice(0, 8), 16))
    return slot < this.slots && (cell(this.flags, slot) & LIVE) !== 0 && this.custom.get(slot)?.id === undefined &&
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
    const recorded = session.custom?.recorded
    this.flags[slot] = LIVE | (session.called ? CALLED : 0) | (Number.isNaN(session.closedAt) ? 0 : CLOSED) |
      (recorded === undefined ? 0 : PRISTINE | ARCHIVED | (this.isOverdue(session, recorded) ? OVERDUE : 0))
    if (session.custom !== undefined) this.custom.set(slot, session.custom)
    if (session.id !== undefined) this.customIds.set(session.id, slot)
    this.cache.delete(this, this.incarnation, slot)
  }

  private isOverdue(session: NewSession, recorded: Recorded): boolean {
    return recorded.status !== CLOSED_STATUS && recorded.status !== UNKNOWN_STATUS && Number.isNaN(session.closedAt) &&
      session.expiry > 0 && session.created + session.expiry * minute <= recorded.at
  }

  private recordedAt(slot: number): number {
    return this.custom.get(slot)?.recorded?.at ?? Number.NaN
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
    const flags = cell(this.flags, slot)
    if ((flags & CLOSED) !== 0) return cell(this.closedAt, slot)
    if ((flags & OVERDUE) !== 0) {
      const at = this.recordedAt(slot)
      return now > at ? at : Number.NaN
    }
    const expiry = cell(this.expiry, slot)
    if (expiry > 0) {
      const expiresAt = cell(this.created, slot) + expiry * minute
      if (now >= expiresAt) return expiresAt
    }
    return Number.NaN
  }

  status(slot: number, now: number): number {
    const custom = this.custom.get(slot)
    if (custom?.unknownStatus !== undefined) return UNKNOWN_STATUS
    if (!Number.isNaN(this.closeTime(slot, now))) return CLOSED_STATUS
    return (cell(this.flags, slot) & CALLED) !== 0 ? IN_PROGRESS : OPEN
  }

  /** A closed session is kept for `retention` ms after it closed, then it is gone. */
  visible(slot: number, now: number, retention: number): boolean {
    const closed = this.closeTime(slot, now)
    return Number.isNaN(closed) || now < closed + retention ||
      ((cell(this.flags, slot) & ARCHIVED) !== 0 && now <= this.recordedAt(slot))
  }

  recordCall(slot: number, now: number): void {
    this.flags[slot] = (cell(this.flags, slot) | CALLED) & ~PRISTINE
    this.updated[slot] = now
    this.cache.delete(this, this.incarnation, slot)
  }

  close(slot: number, now: number): void {
    this.flags[slot] = (cell(this.flags, slot) | CLOSED) & ~PRISTINE
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
    const updated = Number.isNaN(closeTime) ? cell(this.updated, slot) : Math.max(cell(this.updated, slot), closeTime)
    const status = this.status(slot, now)
    const cached = this.cache.get(this, this.incarnation, slot, status, updated, closeTime)
    if (cached !== undefined) return cached
    const json = encodeSession(this.materialize(slot, now))
    this.cache.set(this, this.incarnation, slot, status, updated, closeTime, json)
    return json
  }

  /**
   * A recorded session at `now`: as recorded while it is unchanged, else as recorded with the members the lifecycle
   * moves (Status, UpdatedTimestamp, EndedTimestamp) as they are now; undefined for a session not recorded.
   */
  private replayed(
    slot: number,
    now: number
  ): { readonly recorded: Recorded; readonly changed: Fields | undefined } | undefined {
    const recorded = this.custom.get(slot)?.recorded
    if (recorded === undefined) return undefined
    const status = this.status(slot, now)
    if ((cell(this.flags, slot) & PRISTINE) !== 0 && status === recorded.status) return { recorded, changed: undefined }
    const closeTime = this.closeTime(slot, now)
    const updated = Number.isNaN(closeTime) ? cell(this.updated, slot) : Math.max(cell(this.updated, slot), closeTime)
    const { EndedTimestamp: _, ...kept } = recorded.session
    return {
      recorded,
      changed: {
        ...kept,
        Status: status === UNKNOWN_STATUS
          ? recorded.session.Status ?? "Open"
          : status === CLOSED_STATUS
          ? "Closed"
          : status === IN_PROGRESS
          ? "InProgress"
          : "Open",
        UpdatedTimestamp: DateTime.unsafeMake(updated),
        ...(Number.isNaN(closeTime) ? {} : { EndedTimestamp: DateTime.unsafeMake(closeTime) })
      }
    }
  }

  /** The session as a fixture saves it at `now`: a recorded one as recorded, with what has changed since. */
  saved(slot: number, now: number): ProxySession.ProxySessionJson | { readonly [key: string]: unknown } {
    const replay = this.replayed(slot, now)
    if (replay === undefined) return encodeJson(this.materialize(slot, now))
    const recorded = replay.recorded.json === undefined
      ? encodeJson(replay.recorded.session)
      : structuredClone(replay.recorded.json)
    if (replay.changed === undefined) return recorded
    const { EndedTimestamp: _, ...kept } = recorded
    const lifecycle = encodeJson(new ProxySession.ProxySession(replay.changed, true))
    return {
      ...kept,
      Status: lifecycle.Status,
      UpdatedTimestamp: lifecycle.UpdatedTimestamp,
      ...(lifecycle.EndedTimestamp === undefined ? {} : { EndedTimestamp: lifecycle.EndedTimestamp })
    }
  }

  /**
   * `JSON.stringify` of {@link saved}: core's encoder of a session when the saved session is one (a session made by the
   * simulator, or recorded and unchanged in the model's own members only), byte for byte the same text.
   */
  savedText(slot: number, now: number): string {
    const replay = this.replayed(slot, now)
    if (replay === undefined) return Wire.encodeProxySession(this.materialize(slot, now))
    if (replay.changed === undefined && replay.recorded.json === undefined) {
      return Wire.encodeProxySession(replay.recorded.session)
    }
    return JSON.stringify(this.saved(slot, now))
  }

  /** Whether a slot holds a session still (one removed since a listing of the slots was taken does not). */
  isLive(slot: number): boolean {
    return (cell(this.flags, slot) & LIVE) !== 0
  }

  /** The session as ListProxySessions returns it, at `now`. */
  materialize(slot: number, now: number): ProxySession.ProxySession {
    const replay = this.replayed(slot, now)
    if (replay !== undefined) {
      return replay.changed === undefined
        ? replay.recorded.session
        : new ProxySession.ProxySession(replay.changed, true)
    }
    const custom = this.custom.get(slot)
    const template: Template = custom === undefined
      ? generateTemplate(cell(this.gen, slot))
      : custom.generate
      ? { ...generateTemplate(cell(this.gen, slot)), ...custom.template }
      : custom.template
    const closeTime = this.closeTime(slot, now)
    const created = cell(this.created, slot)
    const updated = Number.isNaN(closeTime) ? cell(this.updated, slot) : Math.max(cell(this.updated, slot), closeTime)
    const status = this.status(slot, now)
    const expiry = cell(this.expiry, slot)
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
