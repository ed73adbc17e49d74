/**
 * The VoiceConnectors service: one function, `listVoiceConnectors`, listing one page of the voice connectors of an
 * account (ListVoiceConnectors). As for {@link ProxySessions}, everything else derives from it for every
 * implementation: the pages and the connectors of a listing are the same generic {@link Paginator}.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import type { ListVoiceConnectorsRequest, ListVoiceConnectorsResponse } from "./ListVoiceConnectors.js"
import * as Paginator from "./Paginator.js"
import type { ProxySessionsError } from "./ProxySessionsError.js"
import type { VoiceConnector } from "./VoiceConnector.js"
import { validateRequest } from "./VoiceConnectorsWire.js"

/**
 * The input of one call, as plain data: `{ MaxResults?, NextToken? }`.
 *
 * @since 0.1.0
 * @category models
 */
export type ListVoiceConnectorsInput = typeof ListVoiceConnectorsRequest.Encoded

/**
 * Any error of a ListVoiceConnectors call: a service error (the model names six, see
 * `ListVoiceConnectors.errorNames`) or a client error. The same union as ProxySessions', so that
 * `ProxySessionsError.classify` and the retry rules apply to both.
 *
 * @since 0.1.0
 * @category errors
 */
export type VoiceConnectorsError = ProxySessionsError

/**
 * Lists the Amazon Chime SDK Voice Connectors of an account.
 *
 * @since 0.1.0
 * @category tags
 */
export class VoiceConnectors extends Context.Tag("@chime-proxy/core/VoiceConnectors")<
  VoiceConnectors,
  VoiceConnectors.Service
>() {}

/**
 * @since 0.1.0
 */
export declare namespace VoiceConnectors {
  /**
   * The whole contract: one call of ListVoiceConnectors, one page.
   *
   * @since 0.1.0
   * @category models
   */
  export interface Service {
    readonly listVoiceConnectors: (
      input: ListVoiceConnectorsInput
    ) => Effect.Effect<ListVoiceConnectorsResponse, VoiceConnectorsError>
  }
}

/**
 * One call of the operation with a request that has already passed every constraint of the model.
 *
 * @since 0.1.0
 * @category models
 */
export type ListPage<E = VoiceConnectorsError, R = never> = (
  request: ListVoiceConnectorsRequest
) => Effect.Effect<ListVoiceConnectorsResponse, E, R>

/**
 * Makes the service from one raw call of the operation, validating every request before the call, so that an
 * invalid one fails with a RequestValidationError and no I/O.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (listPage: ListPage): VoiceConnectors.Service => ({
  listVoiceConnectors: (input) => Effect.flatMap(validateRequest(input), listPage)
})

/**
 * How to page through the connectors. The names are the AWS CLI's.
 *
 * @since 0.1.0
 * @category models
 */
export type ListOptions = Paginator.PaginationOptions

/**
 * One page of a listing of voice connectors.
 *
 * @since 0.1.0
 * @category models
 */
export type Page = Paginator.Page<VoiceConnector>

/**
 * The paginator of a service value: its pages and its connectors, {@link Paginator.make} over ListVoiceConnectors.
 *
 * @since 0.1.0
 * @category pagination
 */
export const paginator = (
  service: VoiceConnectors.Service
): Paginator.Paginator<ListOptions, VoiceConnector, VoiceConnectorsError, never> =>
  Paginator.make({
    request: (_options: ListOptions): ListVoiceConnectorsInput => ({}),
    validate: validateRequest,
    list: service.listVoiceConnectors,
    items: (response) => response.VoiceConnectors,
    nextToken: (response) => response.NextToken
  })

/**
 * Lists one page with the VoiceConnectors service of the context.
 *
 * @since 0.1.0
 * @category accessors
 */
export const listVoiceConnectors = (
  input: ListVoiceConnectorsInput
): Effect.Effect<ListVoiceConnectorsResponse, VoiceConnectorsError, VoiceConnectors> =>
  Effect.flatMap(VoiceConnectors, (service) => service.listVoiceConnectors(input))

/**
 * Every page of a listing, with the VoiceConnectors service of the context.
 *
 * @since 0.1.0
 * @category accessors
 */
export const pages = (options: ListOptions = {}): Stream.Stream<Page, VoiceConnectorsError, VoiceConnectors> =>
  Stream.unwrap(Effect.map(VoiceConnectors, (service) => paginator(service).pages(options)))

/**
 * Every voice connector of the account, with the VoiceConnectors service of the context.
 *
 * @since 0.1.0
 * @category accessors
 */
export const stream = (
  options: ListOptions = {}
): Stream.Stream<VoiceConnector, VoiceConnectorsError, VoiceConnectors> =>
  Stream.unwrap(Effect.map(VoiceConnectors, (service) => paginator(service).stream(options)))
