/**
 * The ProxySessions service: one call, listing one page, and on top of it the same paginator for every
 * implementation (the live AWS layer, the simulator, anything a user writes).
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import type { ListProxySessionsRequest, ListProxySessionsResponse } from "./ListProxySessions.js"
import * as Paginator from "./Paginator.js"
import type { ProxySession } from "./ProxySession.js"
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
   * @since 0.1.0
   * @category models
   */
  export interface Service {
    /** One call of ListProxySessions: one page. The request is validated before any I/O. */
    readonly listProxySessions: (
      input: ListProxySessionsInput
    ) => Effect.Effect<ListProxySessionsResponse, ProxySessionsError>
    /** Every page of a listing, lazily. */
    readonly pages: (options: Paginator.PaginationOptions) => Stream.Stream<Paginator.Page, ProxySessionsError>
    /** Every session of a listing, lazily. */
    readonly stream: (options: Paginator.PaginationOptions) => Stream.Stream<ProxySession, ProxySessionsError>
  }
}

/**
 * Makes the service from one call of the operation. The call receives requests that have passed every constraint
 * of the model; the paginator is added here, so that every implementation pages alike.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (listPage: Paginator.ListPage): ProxySessions.Service => {
  const listProxySessions = (input: ListProxySessionsInput) => Effect.flatMap(validateRequest(input), listPage)
  return {
    listProxySessions,
    pages: (options) => Paginator.pages(listProxySessions, options),
    stream: (options) => Paginator.items(listProxySessions, options)
  }
}

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
export const pages = (
  options: Paginator.PaginationOptions
): Stream.Stream<Paginator.Page, ProxySessionsError, ProxySessions> =>
  Stream.unwrap(Effect.map(ProxySessions, (service) => service.pages(options)))

/**
 * Every session of a listing, with the ProxySessions service of the context.
 *
 * @since 0.1.0
 * @category accessors
 */
export const stream = (
  options: Paginator.PaginationOptions
): Stream.Stream<ProxySession, ProxySessionsError, ProxySessions> =>
  Stream.unwrap(Effect.map(ProxySessions, (service) => service.stream(options)))
