/**
 * The paginator of every operation paged by MaxResults and NextToken, the same for every implementation: a lazy,
 * backpressured Stream of pages or of items, with the AWS CLI's options (page size, a cap on the items, a starting
 * token). An operation is described once, as an {@link Operation}: how to build its request, how to call it and how
 * to read the items and the NextToken of its response. `ProxySessions.pages` and `ProxySessions.stream` are this
 * paginator over ListProxySessions.
 *
 * @since 0.1.0
 */
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
   * the service returns the same token twice in a row. Interrupting the stream interrupts the call in flight.
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

/**
 * Encodes a position inside a page as the AWS CLI does: base64 of `{"NextToken": …, "boto_truncate_amount": n}`.
 *
 * @since 0.1.0
 * @category tokens
 */
export const encodeResumeToken = (token: string | undefined, skip: number): string =>
  Encoding.encodeBase64(
    JSON.stringify({ ...(token === undefined ? {} : { NextToken: token }), boto_truncate_amount: skip })
  )

/**
 * Reads a starting token: a resume token of {@link encodeResumeToken}, or else a NextToken of the service.
 *
 * @since 0.1.0
 * @category tokens
 */
export const decodeStartingToken = (startingToken: string | undefined): Position => {
  if (startingToken === undefined || startingToken === "") return { token: undefined, skip: 0 }
  const decoded = Encoding.decodeBase64String(startingToken)
  if (Either.isRight(decoded)) {
    try {
      const json: unknown = JSON.parse(decoded.right)
      if (typeof json === "object" && json !== null && "boto_truncate_amount" in json) {
        const { NextToken, boto_truncate_amount } = json as Record<string, unknown>
        if (
          typeof boto_truncate_amount === "number" && Number.isSafeInteger(boto_truncate_amount) &&
          boto_truncate_amount >= 0 && (NextToken === undefined || typeof NextToken === "string")
        ) {
          return { token: NextToken === "" ? undefined : NextToken, skip: boto_truncate_amount }
        }
      }
    } catch {
      // Not a resume token: it is the service's own.
    }
  }
  return { token: startingToken, skip: 0 }
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
    const fetch = (state: State): Effect.Effect<Option.Option<readonly [Page<A>, State]>, E | PaginatorError, R> => {
      if (state.done) return Effect.succeedNone
      const { position } = state
      return Effect.flatMap(operation.list(requestAt(base, options, position.token)), (response) => {
        const given = operation.nextToken(response)
        const next = given === undefined || given === "" ? undefined : given
        if (next !== undefined && next === position.token) {
          return Effect.fail(new PaginationLoopError({ token: next, pages: state.pages + 1 }))
        }
        const available = operation.items(response).slice(position.skip)
        const startingToken = tokenOf(position)
        if (available.length >= state.remaining) {
          const items = available.slice(0, state.remaining)
          const nextToken = items.length < available.length
            ? encodeResumeToken(position.token, position.skip + items.length)
            : next
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
        Stream.unfoldEffect(initial, fetch)
      )
    )
    return options.prefetch !== undefined && options.prefetch > 0
      ? Stream.buffer(unfolded, { capacity: options.prefetch })
      : unfolded
  }
  return {
    pages,
    stream: (options) => Stream.mapConcat(pages(options), (page) => page.items)
  }
}
