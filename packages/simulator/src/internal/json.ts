/**
 * The wire JSON of sessions and pages in UTF-8, byte for byte what `Wire.encodeResponse` writes (a property test
 * holds them equal): each session is core's `Wire.encodeProxySession`, cached, and a page is a copy of cached bytes,
 * which leaves no large string on the heap for each answer.
 */
import { type ProxySession, Wire } from "@chime-proxy/core"

const encoder = new TextEncoder()
const pageHead = encoder.encode("{\"ProxySessions\":[")
const pageEnd = encoder.encode("]}")
const comma = 0x2c

/** One session's JSON, as an element of a page's `ProxySessions`. */
export const encodeSession = (session: ProxySession.ProxySession): Uint8Array =>
  encoder.encode(Wire.encodeProxySession(session))

/** A page's JSON from its sessions' JSON: JSON.stringify writes no whitespace, so the parts join as they are. */
export const encodePage = (sessions: ReadonlyArray<Uint8Array>, nextToken: string | undefined): Uint8Array => {
  const end = nextToken === undefined ? pageEnd : encoder.encode(`],"NextToken":${JSON.stringify(nextToken)}}`)
  let size = pageHead.length + end.length + Math.max(0, sessions.length - 1)
  for (const session of sessions) size += session.length
  const page = new Uint8Array(size)
  page.set(pageHead, 0)
  let at = pageHead.length
  for (const session of sessions) {
    if (at > pageHead.length) page[at++] = comma
    page.set(session, at)
    at += session.length
  }
  page.set(end, at)
  return page
}

const sameNumber = (a: number | undefined, b: number): boolean => a === b || (a !== a && b !== b)

/** The fewest entries of a cache: several pages of 100 however they are spread, and a few megabytes at most. */
export const minCacheBits = 13

/**
 * The most entries of a cache: 131,072 sessions, so that a server lists a world of 100,000 sessions again from its
 * cache; about 90 MB when full of sessions of a few hundred bytes.
 */
export const maxCacheBits = 17

/** The bits of a cache with an entry for each of `sessions` sessions, within the bounds above. */
export const cacheBitsFor = (sessions: number): number =>
  Math.min(maxCacheBits, Math.max(minCacheBits, Math.ceil(Math.log2(Math.max(1, sessions)))))

// The entries of a cache, column-wise, and the mask that maps a session to its entry.
const makeTable = (bits: number) => {
  const size = 1 << bits
  return {
    mask: size - 1,
    owners: new Array<object | undefined>(size).fill(undefined),
    slots: new Int32Array(size),
    statuses: new Int8Array(size),
    updated: new Float64Array(size),
    ended: new Float64Array(size),
    values: new Array<Uint8Array | undefined>(size).fill(undefined)
  }
}

/**
 * The JSON of the sessions listed lately, in a bounded number of entries (direct-mapped: a session has one entry,
 * which the next session mapped there takes over), so that its memory is bounded whatever the size of the world. An
 * entry holds for one session (its connector, by identity, and its slot) as long as what the clock changes without a
 * write stays the same: its status, its UpdatedTimestamp and its EndedTimestamp, which are the entry's key. Every
 * write to a session drops its entry as well.
 *
 * It starts with {@link minCacheBits} and grows, up to {@link maxCacheBits}, to the sessions of the connectors it is
 * told of ({@link reserve}): a world listed again and again (a test suite against the emulator, a benchmark) is
 * answered from the cache when it fits, while a small world keeps a small cache. Growing drops every entry.
 */
export class JsonCache {
  private table = makeTable(minCacheBits)
  // The slots of each connector told of, by incarnation, and their sum: what the cache grows to.
  private readonly sizes = new Map<number, number>()
  private total = 0

  /** Tells the cache that the connector of `incarnation` has `slots` slots, and grows it to them all if it can. */
  reserve(incarnation: number, slots: number): void {
    const before = this.sizes.get(incarnation) ?? 0
    if (before === slots) return
    this.sizes.set(incarnation, slots)
    this.total += slots - before
    const bits = cacheBitsFor(this.total)
    if (1 << bits > this.capacity) this.table = makeTable(bits)
  }

  /** The entries it has now. */
  get capacity(): number {
    return this.table.mask + 1
  }

  private entry(salt: number, slot: number): number {
    // Consecutive slots of a connector (a page, usually) take consecutive entries; connectors start far apart.
    return (slot + Math.imul(salt, 0x9e3779b1)) & this.table.mask
  }

  get(
    owner: object,
    salt: number,
    slot: number,
    status: number,
    updated: number,
    ended: number
  ): Uint8Array | undefined {
    const t = this.table
    const i = this.entry(salt, slot)
    return t.owners[i] === owner && t.slots[i] === slot && t.statuses[i] === status &&
        sameNumber(t.updated[i], updated) && sameNumber(t.ended[i], ended)
      ? t.values[i]
      : undefined
  }

  set(
    owner: object,
    salt: number,
    slot: number,
    status: number,
    updated: number,
    ended: number,
    json: Uint8Array
  ): void {
    const t = this.table
    const i = this.entry(salt, slot)
    t.owners[i] = owner
    t.slots[i] = slot
    t.statuses[i] = status
    t.updated[i] = updated
    t.ended[i] = ended
    t.values[i] = json
  }

  delete(owner: object, salt: number, slot: number): void {
    const t = this.table
    const i = this.entry(salt, slot)
    if (t.owners[i] === owner && t.slots[i] === slot) {
      t.owners[i] = undefined
      t.values[i] = undefined
    }
  }

  /** Drops every entry, and what it was told of the connectors: a new world starts with a small cache again. */
  clear(): void {
    this.sizes.clear()
    this.total = 0
    this.table = makeTable(minCacheBits)
  }
}
