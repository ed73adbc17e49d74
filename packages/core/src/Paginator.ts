/**
 * The paginator of every operation paged by MaxResults and NextToken, the same for every implementation: a lazy,
 * backpressured Stream of pages or of items, with the AWS CLI's options (page size, a cap on the items, a starting
 * token). An operation is described once, as an {@link Operation}: how to build its request, how to call it and how
 * to read the items and the NextToken of its response. `ProxySessions.pages` and `ProxySessions.stream` are this
 * paginator over ListProxySessions.
 *
 * @since 0.1.0
 */
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Encoding from "effect/Encoding"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { PaginationLoopError, RequestValidationError } from "./ClientError.js"

/**
 * How to page through a listing. The names are the AWS CLI's.
 *
 * @since 0.1.0
 * @category models
 */
export interface PaginationOptions {
  /** MaxResults of each call; the service's default when absent. The operation's request check bounds it. */
  readonly pageSize?: number | undefined
  /** A cap on the number of items in all. When it cuts a page short, that page's `nextToken` resumes there. */
  readonly maxItems?: number | undefined
  /** A `nextToken` of an earlier page, or a NextToken of the service, to resume from. */
  readonly startingToken?: string | undefined
  /** How many pages may be fetched ahead of the consumer. 0, the default, fetches one page at a time. */
  readonly prefetch?: number | undefined
}

/**
 * The paging members the paginator adds to an operation's request.
 *
 * @since 0.1.0
 * @category models
 */
export interface PageRequest {
  readonly MaxResults?: number
  readonly NextToken?: string
}

/**
 * One page of a listing.
 *
 * @since 0.1.0
 * @category models
 */
export interface Page<A> {
  readonly items: ReadonlyArray<A>
  /** The token this page was fetched with: give it as `startingToken` to fetch this page again. */
  readonly startingToken: string | undefined
  /** Give it as `startingToken` to go on after this page; absent when the listing is complete. */
  readonly nextToken: string | undefined
}

/**
 * An operation paged by MaxResults and NextToken, as the paginator needs to know it.
 *
 * @since 0.1.0
 * @category models
 */
export interface Operation<Options extends PaginationOptions, Request, Response, A, E, R> {
  /** The request of a listing, without MaxResults and NextToken: the paginator adds them. */
  readonly request: (options: Options) => Request
  /**
   * Checks the first request before any call, so that bad options are refused alike whether or not the
   * implementation checks its requests. Later requests differ only by a NextToken the service gave.
   */
  readonly validate: (request: Request & PageRequest) => Effect.Effect<unknown, RequestValidationError>
  /** One call of the operation. */
  readonly list: (request: Request & PageRequest) => Effect.Effect<Response, E, R>
  /** The items of a response. */
  readonly items: (response: Response) => ReadonlyArray<A>
  /** The NextToken of a response; absent or empty when the listing is complete. */
  readonly nextToken: (response: Response) => string | undefined
}

/**
 * The errors the paginator adds to those of the operation: bad options, and a service that repeats its token.
 *
 * @since 0.1.0
 * @category errors
 */
export type PaginatorError = RequestValidationError | PaginationLoopError

/**
 * The listings of one operation: every page, or every item, lazily.
 *
 * @since 0.1.0
 * @category models
 */
export interface Paginator<Options extends PaginationOptions, A, E, R> {
  /**
   * A Stream of pages. Lazy: no call is made until the stream is pulled; backpressured: one call at a time unless
   * `prefetch` asks for more. It stops when NextToken is absent or empty, and fails with a PaginationLoopError when
   * the service returns a token it already gave in the same listing. Interrupting the stream interrupts the call in
   * flight. Each page comes in a chunk of its own; without `prefetch`, each is followed by an empty chunk (which lets
   * effect's stream runtime drop the page before the next call), which a consumer of chunks (`Stream.toPull`,
   * `Stream.runForEachChunk`) sees too.
   */
  readonly pages: (options: Options) => Stream.Stream<Page<A>, E | PaginatorError, R>
  /** A Stream of the items of every page, in order. */
  readonly stream: (options: Options) => Stream.Stream<A, E | PaginatorError, R>
}

/**
 * A position in a listing: the service's token of a page, and how many of that page's items to skip.
 *
 * @since 0.1.0
 * @category models
 */
export interface Position {
  readonly token: string | undefined
  readonly skip: number
}

// Python's `json.dumps`, which botocore uses: `", "` and `": "` between members, and every character outside
// printable ASCII written as `\uXXXX`, so that the token is byte for byte the one the AWS CLI would print.
const pythonJson = (value: string | number | null): string =>
  JSON.stringify(value).replace(
    /[^\x20-\x7e]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`
  )

/**
 * Encodes a position inside a page as the AWS CLI does: base64 of `{"NextToken": …, "boto_truncate_amount": n}`,
 * with `"NextToken": null` inside the first page, exactly as botocore prints it.
 *
 * @since 0.1.0
 * @category tokens
 */
export const encodeResumeToken = (token: string | undefined, skip: number): string =>
  Encoding.encodeBase64(
    `{"NextToken": ${pythonJson(token ?? null)}, "boto_truncate_amount": ${pythonJson(skip)}}`
  )

// botocore's token for a cut on a page's end: the service's token alone, `{"NextToken": …}`, printed as above.
const encodeBoundaryToken = (token: string): string => Encoding.encodeBase64(`{"NextToken": ${pythonJson(token)}}`)

// botocore reads a NextToken of `None` (the string) as no token, like `null`.
const serviceToken = (value: string | null | undefined): string | undefined =>
  value === null || value === "" || value === "None" ? undefined : value

const isSkip = (value: unknown): value is number =>
  typeof value === "number" && Number.isSafeInteger(value) && value >= 0

// The JSON form: base64 of an object whose keys are `NextToken` and `boto_truncate_amount`, in any order, both
// optional, with no other key.
const decodeJsonToken = (startingToken: string): Position | undefined => {
  const decoded = Encoding.decodeBase64String(startingToken)
  if (Either.isLeft(decoded)) return undefined
  let json: unknown
  try {
    json = JSON.parse(decoded.right)
  } catch {
    return undefined
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) return undefined
  const keys = Object.keys(json)
  if (keys.length === 0 || keys.some((key) => key !== "NextToken" && key !== "boto_truncate_amount")) return undefined
  const { NextToken, boto_truncate_amount } = json as Record<string, unknown>
  if (NextToken !== undefined && NextToken !== null && typeof NextToken !== "string") return undefined
  if (boto_truncate_amount !== undefined && !isSkip(boto_truncate_amount)) return undefined
  return { token: serviceToken(NextToken), skip: boto_truncate_amount ?? 0 }
}

// The deprecated form: `<token>___<n>`, `None___<n>` inside the first page.
const decodeDeprecatedToken = (startingToken: string): Position | undefined => {
  const parts = startingToken.split("___")
  if (parts.length !== 2) return undefined
  const [token, amount] = parts as [string, string]
  if (!/^\d{1,15}$/.test(amount)) return undefined
  return { token: serviceToken(token), skip: Number(amount) }
}

/**
 * Reads a starting token as botocore does, in order: the AWS CLI's resume token (base64 of a JSON object with
 * `NextToken`, a string or null, and `boto_truncate_amount`, both optional, in any order); the deprecated
 * `<token>___<n>` (`None___<n>` inside the first page); else the string itself, a NextToken of the service.
 *
 * @since 0.1.0
 * @category tokens
 */
export const decodeStartingToken = (startingToken: string | undefined): Position => {
  if (startingToken === undefined || startingToken === "") return { token: undefined, skip: 0 }
  return decodeJsonToken(startingToken) ?? decodeDeprecatedToken(startingToken) ??
    { token: startingToken, skip: 0 }
}

const tokenOf = (position: Position): string | undefined =>
  position.skip > 0 ? encodeResumeToken(position.token, position.skip) : position.token

const checkOptions = (options: PaginationOptions): RequestValidationError | undefined => {
  const atLeast = (field: string, value: number | undefined, min: number) =>
    value === undefined || (Number.isSafeInteger(value) && value >= min)
      ? undefined
      : new RequestValidationError({ field, constraint: `${field} must be an integer of at least ${min}` })
  return atLeast("maxItems", options.maxItems, 1) ?? atLeast("prefetch", options.prefetch, 0)
}

interface State {
  readonly position: Position
  readonly remaining: number
  readonly pages: number
  readonly done: boolean
}

/**
 * Makes the paginator of an operation.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = <Options extends PaginationOptions, Request, Response, A, E, R>(
  operation: Operation<Options, Request, Response, A, E, R>
): Paginator<Options, A, E, R> => {
  const requestAt = (base: Request, options: Options, token: string | undefined): Request & PageRequest => ({
    ...base,
    ...(options.pageSize === undefined ? {} : { MaxResults: options.pageSize }),
    ...(token === undefined ? {} : { NextToken: token })
  })
  const pages = (options: Options): Stream.Stream<Page<A>, E | PaginatorError, R> => {
    const invalid = checkOptions(options)
    if (invalid !== undefined) return Stream.fail(invalid)
    const base = operation.request(options)
    const initial: State = {
      position: decodeStartingToken(options.startingToken),
      remaining: options.maxItems ?? Number.POSITIVE_INFINITY,
      pages: 0,
      done: false
    }
    // Every token of the listing so far, the starting one included (`undefined` for the first page, which no
    // NextToken that ends a loop can be): a service that gives one again (A, B, A…) would page forever. One entry
    // per page, so the set is as large as the listing's page count; a listing capped with `maxItems` holds at most
    // that many.
    const fetch =
      (seen: Set<string | undefined>) =>
      (state: State): Effect.Effect<Option.Option<readonly [Page<A>, State]>, E | PaginatorError, R> => {
        if (state.done) return Effect.succeedNone
        const { position } = state
        seen.add(position.token)
        return Effect.flatMap(operation.list(requestAt(base, options, position.token)), (response) => {
          const given = operation.nextToken(response)
          const next = given === "" ? undefined : given
          if (next !== undefined && seen.has(next)) {
            return Effect.fail(new PaginationLoopError({ token: next, pages: state.pages + 1 }))
          }
          const available = operation.items(response).slice(position.skip)
          const startingToken = tokenOf(position)
          if (available.length >= state.remaining) {
            const items = available.slice(0, state.remaining)
            // botocore's resume token: inside the page, where to skip to; on the page's end (with more to come),
            // the service's token wrapped as `{"NextToken": …}`.
            const nextToken = items.length < available.length
              ? encodeResumeToken(position.token, position.skip + items.length)
              : next === undefined
              ? undefined
              : encodeBoundaryToken(next)
            const last: readonly [Page<A>, State] = [{ items, startingToken, nextToken }, { ...state, done: true }]
            return Effect.succeed(Option.some(last))
          }
          const step: readonly [Page<A>, State] = [
            { items: available, startingToken, nextToken: next },
            {
              position: { token: next, skip: 0 },
              remaining: state.remaining - available.length,
              pages: state.pages + 1,
              done: next === undefined
            }
          ]
          return Effect.succeed(Option.some(step))
        })
      }
    const unfolded = Stream.unwrap(
      Effect.as(
        operation.validate(requestAt(base, options, initial.position.token)),
        // One pull per page, the state in this run's closure. `Stream.unfoldEffect` gave the same stream, but the
        // channel it builds links every step to the next: under a listing's allocation rate each page outlived a
        // young-generation GC and was copied to the old one (about 3 MB per GC against 0.4 MB this way, in the
        // listing benchmark), which is GC time.
        //
        // Each page is followed by an empty chunk, before the next call: effect's channel executor keeps the last
        // chunk it emitted until it emits another, so without it the page just consumed stayed reachable through
        // the whole next call, and was copied to the old generation in its turn (bench/findings.md, section 1).
        Stream.suspend(() => {
          let state = initial
          let emitted = false
          const next = fetch(new Set())
          const fetchPage = Effect.flatMap(
            Effect.mapError(Effect.suspend(() => next(state)), Option.some),
            (step) => {
              if (Option.isNone(step)) return Effect.fail(Option.none())
              state = step.value[1]
              emitted = true
              return Effect.succeed(Chunk.of(step.value[0]))
            }
          )
          const emptyChunk = Effect.succeed(Chunk.empty<Page<A>>())
          const pull = Effect.suspend(() => {
            if (!emitted) return fetchPage
            emitted = false
            return emptyChunk
          })
          return Stream.repeatEffectChunkOption(pull)
        })
      )
    )
    const prefetch = options.prefetch ?? 0
    return prefetch > 0 ? Stream.buffer(unfolded, { capacity: prefetch }) : unfolded
  }
  return {
    pages,
    stream: (options) => Stream.mapConcat(pages(options), (page) => page.items)
  }
}
