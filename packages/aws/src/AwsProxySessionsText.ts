/**
 * The live layer's ProxySessionsText service: ListProxySessions over the very call of `AwsProxySessions.make` (the
 * same requests, SigV4 signing step, retries, timeouts, spans and errors), whose pages carry each session as its wire
 * text (core's `ProxySessionsText.decodeResponseText`): a page the service wrote as the encoder writes one is checked
 * with the decoder's own constraints and passed on without being decoded. For programs that pass sessions on as JSON;
 * `chime-proxy list --output json|ndjson` is built on it.
 *
 * A module of its own, left out of the package's index, so that a program that only lists sessions bundles none of
 * it: only an import of this module does.
 *
 * @since 0.3.0
 */
import { ListProxySessions, ProxySessionsText } from "@chime-proxy/core"
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Effect from "effect/Effect"
import type * as AwsConfig from "./AwsConfig.js"
import type * as Credentials from "./Credentials.js"
import type * as Operation from "./internal/operation.js"
import * as internal from "./internal/proxySessions.js"

const operation: Operation.Operation<ProxySessionsText.ResponseText> = {
  name: ListProxySessions.operationName,
  spanName: internal.spanName,
  decode: ProxySessionsText.decodeResponseText
}

/**
 * Makes the service from the configuration, the credentials and an HttpClient, as `AwsProxySessions.make` does; the
 * retry quota, the rate limiter, the clock offset and the end-of-support warning are its own. Provide it beside the
 * ProxySessions service: `Layer.effect(ProxySessionsText.ProxySessionsText, AwsProxySessionsText.make)`, over the same
 * requirements as `AwsProxySessions.make`.
 *
 * @since 0.3.0
 * @category constructors
 */
export const make: Effect.Effect<
  ProxySessionsText.ProxySessionsText.Service,
  never,
  AwsConfig.AwsConfig | Credentials.AwsCredentials | HttpClient.HttpClient
> = Effect.map(internal.makeListPage(operation), ProxySessionsText.make)
