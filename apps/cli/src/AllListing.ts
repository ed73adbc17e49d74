/**
 * `chime-proxy list --all`: every session of every voice connector of the account, as one ordered stream of pages.
 * The connectors come from ListVoiceConnectors; several are listed at once (`concurrency`), but each connector's
 * sessions come out together and in order, the connectors in the order ListVoiceConnectors gives them.
 *
 * A connector that is gone when its sessions are listed (NotFoundException) is skipped and reported; any other
 * failure stops the listing, and the connectors read completely by then are reported.
 *
 * A listing cut by `--max-items` ends with a resume token of its own, which `--starting-token` takes back:
 *
 * ```text
 * chime-proxy-all.<base64url of JSON {"v":1,"c":<connectors token>,"i":<index>,"s":<sessions token>}>
 * ```
 *
 * `c` is the NextToken of ListVoiceConnectors that fetched the page (of 100) holding the connector the listing
 * stopped in (absent for the first page), `i` that connector's index in the page, and `s` the token that resumes
 * its sessions (absent to start from its first session): a NextToken of the service, or the paginator's resume
 * token for a cut inside a page. Resuming lists that connector from `s` and goes on with the next ones.
 *
 * @since 0.1.0
 */
import type { ProxySession, ProxySessionsError } from "@chime-proxy/core"
import { Paginator, ProxySessions, VoiceConnectors } from "@chime-proxy/core"
import { Diagnostic } from "@chime-proxy/program"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Encoding from "effect/Encoding"
import * as Ref from "effect/Ref"
import * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"

/**
 * The prefix of a resume token of `--all`.
 *
 * @since 0.1.0
 * @category tokens
 */
export const tokenPrefix = "chime-proxy-all."

/**
 * The connectors asked for in each call of ListVoiceConnectors: the resume token counts in pages of this size.
 *
 * @since 0.1.0
 * @category constants
 */
export const connectorsPageSize = 100

/**
 * The number of connectors listed at once unless `--concurrency` says otherwise.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultConcurrency = 4

/**
 * How many sessions the connectors being listed may hold together, at most: each one's pages are read into a queue of
 * its share of this, so that `--concurrency` connectors are really listed at once while the output is written in
 * order, and what a listing holds stays bounded whatever the account's size and the concurrency.
 *
 * @since 0.3.0
 * @category constants
 */
export const readAheadSessions = 40_000

// ListProxySessions' largest page, which the service's default page is not above either.
const largestPage = 100

/**
 * The pages each of `concurrency` connectors listed at once may hold: its share of {@link readAheadSessions}, in
 * pages of `pageSize` (the largest when the service's default is used), one page at least.
 *
 * @since 0.3.0
 * @category constants
 */
export const readAheadPages = (pageSize: number | undefined, concurrency: number): number =>
  Math.max(
    1,
    Math.floor(
      readAheadSessions / Math.max(1, concurrency) / Math.min(largestPage, Math.max(1, pageSize ?? largestPage))
    )
  )

/**
 * Where a listing of `--all` stands.
 *
 * @since 0.1.0
 * @category models
 */
export interface Position {
  readonly connectors: string | undefined
  readonly index: number
  readonly sessions: string | undefined
}

/**
 * @since 0.1.0
 * @category tokens
 */
export const encodeToken = (position: Position): string =>
  tokenPrefix + Encoding.encodeBase64Url(JSON.stringify({
    v: 1,
    ...(position.connectors === undefined ? {} : { c: position.connectors }),
    i: position.index,
    ...(position.sessions === undefined ? {} : { s: position.sessions })
  }))

/**
 * Reads a resume token of `--all`; a reason when it is not one.
 *
 * @since 0.1.0
 * @category tokens
 */
export const decodeToken = (token: string): Either.Either<Position, string> => {
  const invalid = Either.left(`not a resume token of --all (it starts with ${tokenPrefix})`)
  if (!token.startsWith(tokenPrefix)) return invalid
  const json = Encoding.decodeBase64UrlString(token.slice(tokenPrefix.length))
  if (Either.isLeft(json)) return invalid
  try {
    const value: unknown = JSON.parse(json.right)
    if (typeof value !== "object" || value === null) return invalid
    const { c, i, s, v } = value as Record<string, unknown>
    if (
      v !== 1 || typeof i !== "number" || !Number.isSafeInteger(i) || i < 0 ||
      (c !== undefined && typeof c !== "string") || (s !== undefined && typeof s !== "string")
    ) {
      return invalid
    }
    return Either.right({ connectors: c, index: i, sessions: s })
  } catch {
    return invalid
  }
}

/**
 * How a listing of `--all` went, connector by connector.
 *
 * @since 0.1.0
 * @category models
 */
export interface Outcome {
  /** The connectors whose sessions were all written. */
  readonly complete: Array<string>
  /** The connectors skipped because they were gone (NotFoundException) when their sessions were listed. */
  readonly skipped: Array<string>
}

/**
 * The warning on stderr when a connector is skipped because it is gone; `list --all` and `audit --all` share it.
 *
 * @since 0.1.0
 * @category messages
 */
export const skipWarning = (voiceConnectorId: string): string =>
  `Warning: the voice connector ${voiceConnectorId} was not found when its sessions were listed (deleted?): skipped.\n`

/**
 * The line on stderr when `--all` stops on an error: the connectors read completely before it.
 *
 * @since 0.1.0
 * @category messages
 */
export const completeBeforeError = (complete: ReadonlyArray<string>): string =>
  `Read completely before the error: ${
    complete.length === 0 ? "no voice connector" : `${complete.length} voice connector(s): ${complete.join(", ")}`
  }.\n`

/**
 * The failure (exit status 1) of an `--all` that skipped connectors; `done` says what became of the others
 * ("listed", "audited").
 *
 * @since 0.1.0
 * @category messages
 */
export const notEverythingRead = (skipped: ReadonlyArray<string>, done: string): Diagnostic.Failure =>
  new Diagnostic.Failure({
    reason: `Not everything was read: ${skipped.length} voice connector(s) were not found when their ` +
      `sessions were listed and were skipped: ${skipped.join(", ")}.`,
    hint: `The other connectors were ${done} in full.`
  })

/**
 * @since 0.1.0
 * @category models
 */
export interface Options {
  readonly status?: ProxySession.ProxySessionStatus | undefined
  readonly pageSize?: number | undefined
  readonly maxItems?: number | undefined
  readonly start?: Position | undefined
  readonly concurrency: number
  /** Called when a connector is skipped, with the connector's id. */
  readonly onSkip: (voiceConnectorId: string) => Effect.Effect<void>
}

interface Located {
  readonly id: string
  readonly connectors: string | undefined
  readonly index: number
}

interface Tagged<A> {
  readonly at: Located
  readonly page: Paginator.Page<A>
}

/**
 * The pages of every session of every connector, in order, as the rest of `list` renders them; the page a
 * `maxItems` cuts carries the resume token of `--all` as its `nextToken`, and no other page has one.
 *
 * @since 0.1.0
 * @category streams
 */
export const pages = (
  options: Options,
  outcome: Ref.Ref<Outcome>
): Stream.Stream<
  ProxySessions.Page,
  ProxySessionsError.ProxySessionsError,
  ProxySessions.ProxySessions | VoiceConnectors.VoiceConnectors
> =>
  Stream.unwrap(
    Effect.map(ProxySessions.ProxySessions, (service) => pagesWith(ProxySessions.paginator(service), options, outcome))
  )

/**
 * {@link pages} with the sessions of each connector listed by `proxySessions`: decoded, or as their wire text
 * (`ProxySessionsText.paginator`).
 *
 * @since 0.3.0
 * @category streams
 */
export const pagesWith = <A>(
  proxySessions: Paginator.Paginator<ProxySessions.ListOptions, A, ProxySessionsError.ProxySessionsError, never>,
  options: Options,
  outcome: Ref.Ref<Outcome>
): Stream.Stream<Paginator.Page<A>, ProxySessionsError.ProxySessionsError, VoiceConnectors.VoiceConnectors> =>
  Stream.unwrapScoped(Effect.gen(function*() {
    const scope = yield* Effect.scope
    const start = options.start
    const connectors: Stream.Stream<Located, ProxySessionsError.ProxySessionsError, VoiceConnectors.VoiceConnectors> =
      VoiceConnectors.pages({ pageSize: connectorsPageSize, startingToken: start?.connectors }).pipe(
        Stream.zipWithIndex,
        Stream.mapConcat(([page, n]) =>
          page.items.flatMap((connector, index) =>
            // The first page resumes at the connector the token names.
            n === 0 && start !== undefined && index < start.index || connector.VoiceConnectorId === undefined
              ? []
              : [{ id: connector.VoiceConnectorId, connectors: page.startingToken, index }]
          )
        )
      )
    const isFirst = (at: Located) =>
      start !== undefined && at.connectors === start.connectors && at.index === start.index
    // Each connector's pages, skipped when it is gone, tagged with where they belong.
    const pagesOf = (at: Located): Stream.Stream<Tagged<A>, ProxySessionsError.ProxySessionsError> =>
      proxySessions.pages({
        voiceConnectorId: at.id,
        status: options.status,
        pageSize: options.pageSize,
        startingToken: isFirst(at) ? start?.sessions : undefined
      }).pipe(
        Stream.map((page) => ({ at, page })),
        Stream.catchTag("NotFoundException", () =>
          Stream.execute(
            Effect.zipRight(
              Ref.update(outcome, (o) => ({ ...o, skipped: [...o.skipped, at.id] })),
              options.onSkip(at.id)
            )
          ))
      )
    // Up to `concurrency` connectors are read ahead into bounded queues, and written one after the other. The queues
    // share `readAheadSessions` sessions: with a few pages each, the connectors ahead stopped once their queues were
    // full and waited for the one being written, so that one connector was listed at a time.
    const ahead = Math.max(0, options.concurrency - 1)
    const capacity = readAheadPages(options.pageSize, options.concurrency)
    const started = connectors.pipe(
      Stream.mapEffect((at) =>
        Effect.map(
          Effect.provideService(Stream.toQueue(pagesOf(at), { capacity }), Scope.Scope, scope),
          (queue) => ({ at, queue })
        )
      ),
      (stream) => ahead > 0 ? Stream.buffer(stream, { capacity: ahead }) : stream
    )
    const ordered = Stream.flatMap(started, ({ at, queue }) =>
      Stream.fromQueue(queue, { shutdown: true }).pipe(
        Stream.flattenTake,
        Stream.map(({ page }) => ({ at, page })),
        Stream.concat(
          Stream.execute(
            Ref.update(outcome, (o) => o.skipped.includes(at.id) ? o : { ...o, complete: [...o.complete, at.id] })
          )
        )
      ))
    return cut(ordered, options.maxItems)
  }))

const cut = <A, E, R>(
  tagged: Stream.Stream<Tagged<A>, E, R>,
  maxItems: number | undefined
): Stream.Stream<Paginator.Page<A>, E, R> => {
  const plain = (page: Paginator.Page<A>): Paginator.Page<A> => ({ ...page, nextToken: undefined })
  if (maxItems === undefined) return Stream.map(tagged, ({ page }) => plain(page))
  return tagged.pipe(
    Stream.mapAccum(maxItems, (remaining, { at, page }): readonly [number, Paginator.Page<A>] => {
      if (page.items.length < remaining) return [remaining - page.items.length, plain(page)]
      // This page reaches the cap: the token says where the next session is.
      const resume = (sessions: string | undefined, index = at.index): string =>
        encodeToken({ connectors: at.connectors, index, sessions })
      let nextToken: string
      if (remaining < page.items.length) {
        const from = Paginator.decodeStartingToken(page.startingToken)
        nextToken = resume(Paginator.encodeResumeToken(from.token, from.skip + remaining))
      } else {
        nextToken = page.nextToken !== undefined ? resume(page.nextToken) : resume(undefined, at.index + 1)
      }
      return [0, { items: page.items.slice(0, remaining), startingToken: page.startingToken, nextToken }]
    }),
    Stream.takeUntil((page) => page.nextToken !== undefined)
  )
}
