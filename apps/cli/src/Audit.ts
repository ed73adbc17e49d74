/**
 * The audit of the proxy sessions of voice connectors: one pass over a Stream of sessions per connector, folding
 * every session into state of a fixed size, so that a connector of any number of sessions is audited in constant
 * memory.
 *
 * - counts by status, by capability and by country (GeoMatchParams.Country), each for at most
 *   `maxCategories` distinct values;
 * - the sessions past their expiry that are not Closed: all of them counted, the most overdue `top` kept;
 * - the proxy numbers shared by the most sessions: a Space-Saving sketch of `proxyNumberCapacity` counters, exact
 *   as long as a connector has no more distinct proxy numbers than that, approximate (with a bound) beyond;
 * - the oldest open (Open or InProgress) sessions: a bounded heap of the `top` oldest;
 * - the sessions created per day (UTC), by status: a counter of at most `maxCategories` (day, status) pairs.
 *
 * Longer than 300 lines on purpose: the audit's models, its one-pass accumulator and the ways to run it are one
 * concept and read together; the bounded data structures it folds into are in `internal/`.
 *
 * @since 0.1.0
 */
import type { ProxySession } from "@chime-proxy/core"
import { ProxySessions } from "@chime-proxy/core"
import type { ProxySessionsError } from "@chime-proxy/core"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Sink from "effect/Sink"
import * as Stream from "effect/Stream"
import * as AuditDefaults from "./internal/auditDefaults.js"
import { BoundedCounter } from "./internal/BoundedCounter.js"
import { BoundedHeap } from "./internal/BoundedHeap.js"
import { SpaceSaving } from "./internal/SpaceSaving.js"

/**
 * How the audit is made.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** The instant expiry is judged against. */
  readonly now: DateTime.Utc
  /** How many proxy numbers, oldest open sessions and overdue sessions the report keeps (10). */
  readonly top?: number | undefined
  /** The counters of the proxy-number sketch, per connector (1024). */
  readonly proxyNumberCapacity?: number | undefined
  /** The distinct values counted by status, capability and country, per connector (1024). */
  readonly maxCategories?: number | undefined
}

/**
 * @since 0.1.0
 * @category constants
 */
export const defaults = AuditDefaults.defaults

/**
 * The label of sessions that lack the member counted.
 *
 * @since 0.1.0
 * @category constants
 */
export const none = "(none)"

/**
 * A session as the report shows it: participant numbers masked, proxy numbers in full (operators need them).
 *
 * @since 0.1.0
 * @category models
 */
export interface SessionSummary {
  readonly voiceConnectorId: string
  readonly proxySessionId: string
  readonly name: string | undefined
  readonly status: string
  readonly createdTimestamp: string | undefined
  /** When the session expires (or expired): CreatedTimestamp plus ExpiryMinutes. */
  readonly expiresAt: string | undefined
  readonly proxyNumbers: ReadonlyArray<string>
  readonly participants: ReadonlyArray<string>
}

/**
 * A proxy number and the sessions that use it. `overestimate` is 0 when `sessions` is exact; otherwise the true
 * number is between `sessions - overestimate` and `sessions`.
 *
 * @since 0.1.0
 * @category models
 */
export interface ProxyNumberCount {
  readonly proxyNumber: string
  readonly sessions: number
  readonly overestimate: number
}

/**
 * The audit of one connector, or of all of them together.
 *
 * @since 0.1.0
 * @category models
 */
export interface Summary {
  readonly sessions: number
  /** Counts, largest first. */
  readonly byStatus: ReadonlyArray<readonly [string, number]>
  readonly byCapability: ReadonlyArray<readonly [string, number]>
  readonly byCountry: ReadonlyArray<readonly [string, number]>
  readonly pastExpiry: number
  /** The most overdue of them, most overdue first. */
  readonly pastExpirySample: ReadonlyArray<SessionSummary>
  readonly topProxyNumbers: ReadonlyArray<ProxyNumberCount>
  /** Whether the proxy-number counts are exact (no more distinct numbers than the sketch's counters). */
  readonly proxyNumbersExact: boolean
  /** Oldest first. */
  readonly oldestOpen: ReadonlyArray<SessionSummary>
  /** The sessions created per day (UTC, `YYYY-MM-DD`), by status; days in order. */
  readonly createdPerDay: ReadonlyArray<DayCount>
  /** Sessions without a CreatedTimestamp, or beyond the counter's (day, status) pairs: not in `createdPerDay`. */
  readonly createdPerDayLeftOut: number
}

/**
 * The sessions created on one day (UTC), by status, largest first.
 *
 * @since 0.1.0
 * @category models
 */
export interface DayCount {
  readonly day: string
  readonly byStatus: ReadonlyArray<readonly [string, number]>
}

/**
 * @since 0.1.0
 * @category models
 */
export interface ConnectorAudit extends Summary {
  readonly voiceConnectorId: string
}

/**
 * The whole audit: every connector, and all of them together.
 *
 * @since 0.1.0
 * @category models
 */
export interface Report {
  readonly now: string
  readonly connectors: ReadonlyArray<ConnectorAudit>
  readonly total: Summary
  /** The connectors skipped because they were gone (NotFoundException) when their sessions were listed. */
  readonly skipped: ReadonlyArray<string>
}

/**
 * Masks a participant's number, keeping its last two digits: enough to tell two numbers apart in a report, not
 * enough to call anyone.
 *
 * @since 0.1.0
 * @category redaction
 */
export const maskPhoneNumber = (phoneNumber: string): string =>
  phoneNumber.length <= 2 ? "••" : "•".repeat(phoneNumber.length - 2) + phoneNumber.slice(-2)

/**
 * Whether a session counts as open: Open or InProgress.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isOpen = (session: ProxySession.ProxySession): boolean =>
  session.Status === "Open" || session.Status === "InProgress"

const statusOf = (session: ProxySession.ProxySession): string =>
  session.Status === undefined ? none : typeof session.Status === "string" ? session.Status : session.Status.value

/**
 * When a session expires: CreatedTimestamp plus ExpiryMinutes, when it has both.
 *
 * @since 0.1.0
 * @category getters
 */
export const expiresAt = (session: ProxySession.ProxySession): DateTime.Utc | undefined =>
  session.CreatedTimestamp === undefined || session.ExpiryMinutes === undefined
    ? undefined
    : DateTime.add(session.CreatedTimestamp, { minutes: session.ExpiryMinutes })

/**
 * Whether a session is past its expiry at `now` and not Closed.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isPastExpiry = (session: ProxySession.ProxySession, now: DateTime.Utc): boolean => {
  const expiry = expiresAt(session)
  return session.Status !== "Closed" && expiry !== undefined && DateTime.lessThan(expiry, now)
}

const proxyNumbersOf = (session: ProxySession.ProxySession): Array<string> => {
  const numbers = new Set<string>()
  for (const participant of session.Participants ?? []) {
    if (participant.ProxyPhoneNumber !== undefined) numbers.add(Redacted.value(participant.ProxyPhoneNumber))
  }
  return [...numbers]
}

const summarize = (session: ProxySession.ProxySession, voiceConnectorId: string): SessionSummary => {
  const expiry = expiresAt(session)
  return {
    voiceConnectorId: session.VoiceConnectorId ?? voiceConnectorId,
    proxySessionId: session.ProxySessionId ?? "",
    name: session.Name,
    status: statusOf(session),
    createdTimestamp: session.CreatedTimestamp === undefined ? undefined : DateTime.formatIso(session.CreatedTimestamp),
    expiresAt: expiry === undefined ? undefined : DateTime.formatIso(expiry),
    proxyNumbers: proxyNumbersOf(session),
    participants: (session.Participants ?? []).flatMap((participant) =>
      participant.PhoneNumber === undefined ? [] : [maskPhoneNumber(Redacted.value(participant.PhoneNumber))]
    )
  }
}

interface Timed {
  readonly at: number
  readonly summary: SessionSummary
}

const byTime = (a: Timed, b: Timed) => a.at - b.at || (a.summary.proxySessionId < b.summary.proxySessionId ? -1 : 1)

/**
 * The state of the audit of one connector. Its size is fixed by the options, whatever the number of sessions.
 *
 * @since 0.1.0
 * @category models
 */
export class Accumulator {
  /** @since 0.1.0 */
  sessions = 0
  /** @since 0.1.0 */
  pastExpiry = 0
  /** @since 0.1.0 */
  readonly byStatus: BoundedCounter
  /** @since 0.1.0 */
  readonly byCapability: BoundedCounter
  /** @since 0.1.0 */
  readonly byCountry: BoundedCounter
  /** @since 0.1.0 */
  readonly proxyNumbers: SpaceSaving
  /** Keys are `YYYY-MM-DD status`. @since 0.1.0 */
  readonly byDayAndStatus: BoundedCounter
  /** @since 0.1.0 */
  readonly overdue: BoundedHeap<Timed>
  /** @since 0.1.0 */
  readonly oldestOpen: BoundedHeap<Timed>
  private readonly now: DateTime.Utc

  constructor(readonly voiceConnectorId: string, readonly options: Options) {
    const top = options.top ?? defaults.top
    const maxCategories = options.maxCategories ?? defaults.maxCategories
    this.byStatus = new BoundedCounter(maxCategories)
    this.byCapability = new BoundedCounter(maxCategories)
    this.byCountry = new BoundedCounter(maxCategories)
    this.proxyNumbers = new SpaceSaving(options.proxyNumberCapacity ?? defaults.proxyNumberCapacity)
    this.byDayAndStatus = new BoundedCounter(maxCategories)
    this.overdue = new BoundedHeap(top, byTime)
    this.oldestOpen = new BoundedHeap(top, byTime)
    this.now = options.now
  }

  /** Folds one session in. @since 0.1.0 */
  add(session: ProxySession.ProxySession): void {
    this.sessions += 1
    this.byStatus.add(statusOf(session))
    const capabilities = session.Capabilities ?? []
    if (capabilities.length === 0) this.byCapability.add(none)
    for (const capability of new Set(capabilities.map((c) => typeof c === "string" ? c : c.value))) {
      this.byCapability.add(capability)
    }
    const country = session.GeoMatchParams?.Country
    this.byCountry.add(country === undefined || country === "" ? none : country)
    for (const proxyNumber of proxyNumbersOf(session)) this.proxyNumbers.add(proxyNumber)
    this.byDayAndStatus.add(
      session.CreatedTimestamp === undefined
        ? none
        : `${DateTime.formatIso(session.CreatedTimestamp).slice(0, 10)} ${statusOf(session)}`
    )
    if (isPastExpiry(session, this.now)) {
      this.pastExpiry += 1
      // Most overdue first: the earliest expiry.
      const expiry = expiresAt(session)
      if (expiry !== undefined) {
        this.overdue.offer({ at: DateTime.toEpochMillis(expiry), summary: summarize(session, this.voiceConnectorId) })
      }
    }
    if (isOpen(session) && session.CreatedTimestamp !== undefined) {
      this.oldestOpen.offer({
        at: DateTime.toEpochMillis(session.CreatedTimestamp),
        summary: summarize(session, this.voiceConnectorId)
      })
    }
  }

  /** The audit so far. @since 0.1.0 */
  result(): ConnectorAudit {
    return {
      voiceConnectorId: this.voiceConnectorId,
      ...summaryOf(this, this.proxyNumbers)
    }
  }
}

const summaryOf = (
  parts: {
    readonly sessions: number
    readonly pastExpiry: number
    readonly byStatus: BoundedCounter
    readonly byCapability: BoundedCounter
    readonly byCountry: BoundedCounter
    readonly byDayAndStatus: BoundedCounter
    readonly overdue: BoundedHeap<Timed>
    readonly oldestOpen: BoundedHeap<Timed>
    readonly options: Options
  },
  proxyNumbers: SpaceSaving
): Summary => ({
  sessions: parts.sessions,
  byStatus: parts.byStatus.entries(),
  byCapability: parts.byCapability.entries(),
  byCountry: parts.byCountry.entries(),
  pastExpiry: parts.pastExpiry,
  pastExpirySample: parts.overdue.sorted().map((timed) => timed.summary),
  topProxyNumbers: proxyNumbers.top(parts.options.top ?? defaults.top).map((counter) => ({
    proxyNumber: counter.key,
    sessions: counter.count,
    overestimate: counter.error
  })),
  proxyNumbersExact: proxyNumbers.exact,
  oldestOpen: parts.oldestOpen.sorted().map((timed) => timed.summary),
  ...perDay(parts.byDayAndStatus)
})

const perDay = (
  counter: BoundedCounter
): { readonly createdPerDay: ReadonlyArray<DayCount>; readonly createdPerDayLeftOut: number } => {
  const days = new Map<string, Array<readonly [string, number]>>()
  let leftOut = 0
  for (const [key, n] of counter.entries()) {
    const space = key.indexOf(" ")
    if (!/^\d{4}-\d{2}-\d{2} /.test(key) || space < 0) {
      leftOut += n
      continue
    }
    const day = key.slice(0, space)
    const counts = days.get(day) ?? []
    counts.push([key.slice(space + 1), n])
    days.set(day, counts)
  }
  return {
    createdPerDay: [...days].sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0).map(([day, byStatus]) => ({
      day,
      byStatus
    })),
    createdPerDayLeftOut: leftOut
  }
}

/**
 * The audit of one connector as a Sink: feed it the connector's sessions.
 *
 * @since 0.1.0
 * @category sinks
 */
export const sink = (
  voiceConnectorId: string,
  options: Options
): Sink.Sink<Accumulator, ProxySession.ProxySession> =>
  Sink.suspend(() => {
    const accumulator = new Accumulator(voiceConnectorId, options)
    return Sink.forEachChunk((chunk: Iterable<ProxySession.ProxySession>) =>
      Effect.sync(() => {
        for (const session of chunk) accumulator.add(session)
      })
    ).pipe(Sink.as(accumulator))
  })

/**
 * Audits one connector from a stream of its sessions.
 *
 * @since 0.1.0
 * @category running
 */
export const auditStream = <E, R>(
  voiceConnectorId: string,
  sessions: Stream.Stream<ProxySession.ProxySession, E, R>,
  options: Options
): Effect.Effect<Accumulator, E, R> => Stream.run(sessions, sink(voiceConnectorId, options))

/**
 * Puts the audits of several connectors together. The result is bounded as each part is: counts are added, the
 * proxy-number sketches merged, the samples merged and cut to `top`.
 *
 * @since 0.1.0
 * @category combinators
 */
export const combine = (accumulators: ReadonlyArray<Accumulator>, options: Options): Report => {
  const top = options.top ?? defaults.top
  const maxCategories = options.maxCategories ?? defaults.maxCategories
  const total = {
    sessions: 0,
    pastExpiry: 0,
    byStatus: new BoundedCounter(maxCategories),
    byCapability: new BoundedCounter(maxCategories),
    byCountry: new BoundedCounter(maxCategories),
    byDayAndStatus: new BoundedCounter(maxCategories),
    overdue: new BoundedHeap<Timed>(top, byTime),
    oldestOpen: new BoundedHeap<Timed>(top, byTime),
    options
  }
  for (const part of accumulators) {
    total.sessions += part.sessions
    total.pastExpiry += part.pastExpiry
    for (const [key, n] of part.byStatus.entries()) total.byStatus.add(key, n)
    for (const [key, n] of part.byCapability.entries()) total.byCapability.add(key, n)
    for (const [key, n] of part.byCountry.entries()) total.byCountry.add(key, n)
    for (const [key, n] of part.byDayAndStatus.entries()) total.byDayAndStatus.add(key, n)
    for (const timed of part.overdue.sorted()) total.overdue.offer(timed)
    for (const timed of part.oldestOpen.sorted()) total.oldestOpen.offer(timed)
  }
  const proxyNumbers = SpaceSaving.merge(
    accumulators.map((part) => part.proxyNumbers),
    options.proxyNumberCapacity ?? defaults.proxyNumberCapacity
  )
  return {
    now: DateTime.formatIso(options.now),
    connectors: accumulators.map((part) => part.result()),
    total: summaryOf(total, proxyNumbers),
    skipped: []
  }
}

/**
 * Audits connectors with the ProxySessions service: every session of every connector streamed once, `concurrency`
 * connectors at a time (2), each in its own bounded state. `onPage` sees every page as it arrives (for progress),
 * `onComplete` every connector audited in full. With `onNotFound`, a connector that is gone when its sessions are
 * listed (NotFoundException) is skipped, reported to `onNotFound` and named in the report's `skipped`; without it,
 * that is an error.
 *
 * @since 0.1.0
 * @category running
 */
export const run = (
  voiceConnectorIds: ReadonlyArray<string>,
  options: Options & {
    readonly pageSize?: number | undefined
    readonly concurrency?: number | undefined
    readonly onPage?: ((voiceConnectorId: string, page: ProxySessions.Page) => Effect.Effect<void>) | undefined
    readonly onComplete?: ((voiceConnectorId: string) => Effect.Effect<void>) | undefined
    readonly onNotFound?: ((voiceConnectorId: string) => Effect.Effect<void>) | undefined
  }
): Effect.Effect<Report, ProxySessionsError.ProxySessionsError, ProxySessions.ProxySessions> =>
  Effect.map(
    Effect.forEach(
      voiceConnectorIds,
      (voiceConnectorId) => {
        const pages = ProxySessions.pages({ voiceConnectorId, pageSize: options.pageSize })
        const { onComplete, onNotFound, onPage } = options
        const observed = onPage === undefined ? pages : Stream.tap(pages, (page) => onPage(voiceConnectorId, page))
        const audited = auditStream(voiceConnectorId, Stream.mapConcat(observed, (page) => page.items), options).pipe(
          Effect.tap(() => onComplete === undefined ? Effect.void : onComplete(voiceConnectorId)),
          Effect.map(Option.some)
        )
        return onNotFound === undefined ? audited : Effect.catchTag(
          audited,
          "NotFoundException",
          () => Effect.as(onNotFound(voiceConnectorId), Option.none<Accumulator>())
        )
      },
      { concurrency: options.concurrency ?? 2 }
    ),
    (parts) => ({
      ...combine(parts.flatMap((part) => Option.isSome(part) ? [part.value] : []), options),
      skipped: parts.flatMap((part, i) => Option.isNone(part) ? [voiceConnectorIds[i]!] : [])
    })
  )
