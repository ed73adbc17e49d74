import type * as Effect from "effect/Effect"
import * as Paginator from "../Paginator.js"
import type { ListOptions, ListProxySessionsInput } from "../ProxySessions.js"
import type { ProxySessionsError } from "../ProxySessionsError.js"
import { validateRequest } from "../Wire.js"

/**
 * The paginator of ListProxySessions over one call of the operation, whatever a page's sessions are (decoded, or
 * their wire text): one description of the operation for the paginators of ProxySessions and ProxySessionsText.
 *
 * @internal
 */
export const paginatorOf = <A>(
  list: (
    input: ListProxySessionsInput
  ) => Effect.Effect<
    { readonly ProxySessions: ReadonlyArray<A>; readonly NextToken?: string | undefined },
    ProxySessionsError
  >
): Paginator.Paginator<ListOptions, A, ProxySessionsError, never> =>
  Paginator.make({
    // The request without MaxResults and NextToken: the paginator adds them.
    request: (options: ListOptions): ListProxySessionsInput => ({
      VoiceConnectorId: options.voiceConnectorId,
      ...(options.status === undefined ? {} : { Status: options.status })
    }),
    validate: validateRequest,
    list,
    items: (response) => response.ProxySessions,
    nextToken: (response) => response.NextToken
  })
