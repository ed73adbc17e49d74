import type { ListOptions, ListProxySessionsInput } from "../ProxySessions.js"

/**
 * The request of a listing of proxy sessions, without MaxResults and NextToken (the paginator adds them): one
 * builder for the paginators of ProxySessions and ProxySessionsText.
 *
 * @internal
 */
export const listRequest = (options: ListOptions): ListProxySessionsInput => ({
  VoiceConnectorId: options.voiceConnectorId,
  ...(options.status === undefined ? {} : { Status: options.status })
})
