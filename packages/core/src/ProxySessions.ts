/**
 * The ProxySessions service: one function, `listProxySessions`, listing one page. Everything else derives from it
 * for every implementation (the live AWS layer, the simulator, a `Layer.succeed` written by a user): the pages and
 * the sessions of a listing are the {@link Paginator} over that one function.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { paginatorOf } from "./internal/listing.js"
import type { ListProxySessionsRequest, ListProxySessionsResponse } from "./ListProxySessions.js"
import type * as Paginator from "./Paginator.js"
import type { ProxySession, ProxySessionStatus } from "./ProxySession.js"
import type { ProxySessionsError } from "./ProxySessionsError.js"
import { validateRequest } from "./Wire.js"

/**
 * The input of one call, as plain data: `{ VoiceConnectorId, MaxResults?, NextToken?, Status? }`.
 *
 * @since 0.1.0
 * @category models
 */
export type ListProxySessionsInput = typeof ListProxySessionsRequest.Encoded

/**
 * Lists the proxy sessions of Amazon Chime SDK Voice Connectors.
 *
 * @since 0.1.0
 * @category tags
 */
export class ProxySessions extends Context.Tag("@chime-proxy/core/ProxySessions")<
  ProxySessions,
  ProxySessions.Service
>() {}

/**
 * @since 0.1.0
 */
export declare namespace ProxySessions {
  /**
   * The whole contract: one call of ListProxySessions, one page. Pages and streams derive from it
   * ({@link pages}, {@link stream}, {@link paginator}).
   *
   * @since 0.1.0
   * @category models
   */
  export interface Service {
    readonly listProxySessions: (
      input: ListProxySessionsInput
    ) => Effect.Effect<ListProxySessionsResponse, ProxySessionsError>
  }
}

/**
 * One call of the operation with a request that has already passed every constraint of the model: what
 * {@link make} puts its validation in front of.
 *
 * @since 0.1.0
 * @category models
 */
export type ListPage<E = ProxySessionsError, R = never> = (
  request: ListProxySessionsRequest
) => Effect.Effect<ListProxySessionsResponse, E, R>

/**
 * Makes the service from one raw call of the operation, validating every request before the call, so that an
 * invalid one fails with a RequestValidationError and no I/O.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (listPage: ListPage): ProxySessions.Service => ({
  listProxySessions: (input) => Effect.flatMap(validateRequest(input), listPage)
})

/**
 * What to list, and how to page through it. The names are the AWS CLI's.
 *
 * @since 0.1.0
 * @category models
 */
export interface ListOptions extends Paginator.PaginationOptions {
  readonly voiceConnectorId: string
  readonly status?: ProxySessionStatus | undefined
}

/**
 * One page of a listing of proxy sessions.
 *
 * @since 0.1.0
 * @category models
 */
export type Page = Paginator.Page<ProxySession>

/**
 * The paginator of a service value: its pages and its sessions. The options are checked before any call, whether
 * or not the service checks its requests.
 *
 * @since 0.1.0
 * @category pagination
 */
export const paginator = (
  service: ProxySessions.Service
): Paginator.Paginator<ListOptions, ProxySession, ProxySessionsError, never> => paginatorOf(service.listProxySessions)

/**
 * Lists one page with the ProxySessions service of the context.
 *
 * @since 0.1.0
 * @category accessors
 */
export const listProxySessions = (
  input: ListProxySessionsInput
): Effect.Effect<ListProxySessionsResponse, ProxySessionsError, ProxySessions> =>
  Effect.flatMap(ProxySessions, (service) => service.listProxySessions(input))

/**
 * Every page of a listing, with the ProxySessions service of the context.
 *
 * @since 0.1.0
 * @category accessors
 */
export const pages = (options: ListOptions): Stream.Stream<Page, ProxySessionsError, ProxySessions> =>
  Stream.unwrap(Effect.map(ProxySessions, (service) => paginator(service).pages(options)))

/**
 * Every session of a listing, with the ProxySessions service of the context.
 *
 * @since 0.1.0
 * @category accessors
 */
export const stream = (options: ListOptions): Stream.Stream<ProxySession, ProxySessionsError, ProxySessions> =>
  Stream.unwrap(Effect.map(ProxySessions, (service) => paginator(service).stream(options)))
