/**
 * The paginator of ListProxySessions, the same for every implementation: a lazy, backpressured Stream of pages or
 * of sessions, with the AWS CLI's options (page size, a cap on the items, a starting token).
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Encoding from "effect/Encoding"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { PaginationLoopError, RequestValidationError } from "./ClientError.js"
import type { ListProxySessionsRequest, ListProxySessionsResponse } from "./ListProxySessions.js"
import type { ProxySession, ProxySessionStatus } from "./ProxySession.js"
import type { ProxySessionsError } from "./ProxySessionsError.js"

/**
 * What to list, and how to page through it. The names are the AWS CLI's.
 *
 * @since 0.1.0
 * @category models
 */
export interface PaginationOptions {
  readonly voiceConnectorId: string
  readonly status?: ProxySessionStatus | undefined
  /** MaxResults of each call (1 to 100); the service's default when absent. */
  readonly pageSize?: number | undefined
  /** A cap on the number of sessions in all. When it cuts a page short, that page's `nextToken` resumes there. */
  readonly maxItems?: number | undefined
  /** A `nextToken` of an earlier page, or a NextToken of the service, to resume from. */
  readonly startingToken?: string | undefined
  /** How many pages may be fetched ahead of the consumer. 0, the default, fetches one page at a time. */
  readonly prefetch?: number | undefined
}

/**
 * One page of a listing.
 *
 * @since 0.1.0
 * @category models
 */
export interface Page {
  readonly items: ReadonlyArray<ProxySession>
  /** The token this page was fetched with: give it as `startingToken` to fetch this page again. */
  readonly startingToken: string | undefined
  /** Give it as `startingToken` to go on after this page; absent when the listing is complete. */
  readonly nextToken: string | undefined
}

/**
 * One call of the operation, with a request already validated.
 *
 * @since 0.1.0
 * @category models
 */
export type ListPage<E = ProxySessionsError, R = never> = (
  request: ListProxySessionsRequest
) => Effect.Effect<ListProxySessionsResponse, E, R>

interface Position {
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

const checkOptions = (options: PaginationOptions): Either.Either<void, RequestValidationError> => {
  const positiveInteger = (field: string, value: number | undefined, min: number) =>
    value === undefined || (Number.isSafeInteger(value) && value >= min)
      ? undefined
      : new RequestValidationError({ field, constraint: `${field} must be an integer of at least ${min}` })
  const error = positiveInteger("maxItems", options.maxItems, 1) ?? positiveInteger("prefetch", options.prefetch, 0)
  return error === undefined ? Either.void : Either.left(error)
}

interface State {
  readonly position: Position
  readonly remaining: number
  readonly pages: number
  readonly done: boolean
}

/**
 * A Stream of pages. Lazy: no call is made until the stream is pulled; backpressured: one call at a time unless
 * `prefetch` asks for more. It stops when NextToken is absent or empty, and fails with a PaginationLoopError when the
 * service returns the same token twice in a row. Interrupting the stream interrupts the call in flight.
 *
 * @since 0.1.0
 * @category streams
 */
export const pages = <E, R>(
  listPage: (request: typeof ListProxySessionsRequest.Encoded) => Effect.Effect<ListProxySessionsResponse, E, R>,
  options: PaginationOptions
): Stream.Stream<Page, E | RequestValidationError | PaginationLoopError, R> => {
  const checked = checkOptions(options)
  if (Either.isLeft(checked)) return Stream.fail(checked.left)
  const initial: State = {
    position: decodeStartingToken(options.startingToken),
    remaining: options.maxItems ?? Number.POSITIVE_INFINITY,
    pages: 0,
    done: false
  }
  const fetch = (state: State): Effect.Effect<Option.Option<readonly [Page, State]>, E | PaginationLoopError, R> => {
    if (state.done) return Effect.succeedNone
    const { position } = state
    return Effect.flatMap<
      ListProxySessionsResponse,
      E,
      R,
      Option.Option<readonly [Page, State]>,
      PaginationLoopError,
      never
    >(
      listPage({
        VoiceConnectorId: options.voiceConnectorId,
        ...(options.status === undefined ? {} : { Status: options.status }),
        ...(options.pageSize === undefined ? {} : { MaxResults: options.pageSize }),
        ...(position.token === undefined ? {} : { NextToken: position.token })
      }),
      (response) => {
        const next = response.NextToken === undefined || response.NextToken === "" ? undefined : response.NextToken
        if (next !== undefined && next === position.token) {
          return Effect.fail(new PaginationLoopError({ token: next, pages: state.pages + 1 }))
        }
        const available = response.ProxySessions.slice(position.skip)
        const startingToken = tokenOf(position)
        if (available.length >= state.remaining) {
          const items = available.slice(0, state.remaining)
          const nextToken = items.length < available.length
            ? encodeResumeToken(position.token, position.skip + items.length)
            : next
          const last: readonly [Page, State] = [{ items, startingToken, nextToken }, { ...state, done: true }]
          return Effect.succeed(Option.some(last))
        }
        const step: readonly [Page, State] = [
          { items: available, startingToken, nextToken: next },
          {
            position: { token: next, skip: 0 },
            remaining: state.remaining - available.length,
            pages: state.pages + 1,
            done: next === undefined
          }
        ]
        return Effect.succeed(Option.some(step))
      }
    )
  }
  const stream = Stream.unfoldEffect(initial, fetch)
  return options.prefetch !== undefined && options.prefetch > 0
    ? Stream.buffer(stream, { capacity: options.prefetch })
    : stream
}

/**
 * A Stream of the sessions of every page, in order.
 *
 * @since 0.1.0
 * @category streams
 */
export const items = <E, R>(
  listPage: (request: typeof ListProxySessionsRequest.Encoded) => Effect.Effect<ListProxySessionsResponse, E, R>,
  options: PaginationOptions
): Stream.Stream<ProxySession, E | RequestValidationError | PaginationLoopError, R> =>
  Stream.mapConcat(pages(listPage, options), (page) => page.items)
