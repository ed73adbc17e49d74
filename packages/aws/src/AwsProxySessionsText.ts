/**
 * The live layer's ProxySessionsText service: ListProxySessions over the very call of `AwsProxySessions.make` (the
 * same requests, SigV4 signing step, retries, timeouts, spans and errors), whose pages carry each session as its wire
 * text (core's `ProxySessionsText.decodeResponseText`): a page the service wrote as the encoder writes one is checked
 * with the decoder's own constraints and passed on without being decoded. For programs that pass sessions on as JSON;
 * `chime-proxy list --output json|ndjson` is built on it. Its constructors are those of `AwsProxySessions`
 * (`layerNode`, `layer`, `layerConfig`, `make`), with the same options, requirements and errors.
 *
 * A module of its own, left out of the package's index, so that a program that only lists sessions bundles none of
 * it: only an import of this module does.
 *
 * @since 0.3.0
 */
import { ListProxySessions, ProxySessionsText } from "@chime-proxy/core"
import type * as HttpClient from "@effect/platform/HttpClient"
import type * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import type * as AwsConfig from "./AwsConfig.js"
import type { ConfigurationError } from "./AwsError.js"
import type * as Credentials from "./Credentials.js"
import * as internalLayers from "./internal/layers.js"
import type * as Operation from "./internal/operation.js"
import * as internal from "./internal/proxySessions.js"

const operation: Operation.Operation<ProxySessionsText.ResponseText> = {
  name: ListProxySessions.operationName,
  spanName: internal.spanName,
  decode: ProxySessionsText.decodeResponseText
}

/**
 * Makes the service from the configuration, the credentials and an HttpClient, as `AwsProxySessions.make` does; the
 * retry quota, the rate limiter, the clock offset and the end-of-support warning are its own. To provide it beside
 * the ProxySessions service over one configuration and one credentials cache, build both by hand over the same
 * requirements: `Layer.mergeAll(Layer.effect(ProxySessions.ProxySessions, AwsProxySessions.make),
 * Layer.effect(ProxySessionsText.ProxySessionsText, AwsProxySessionsText.make))`, then provide
 * `Credentials.layerDefaultChainConfigured`, an HttpClient and `AwsConfig.layer(options)`.
 *
 * @since 0.3.0
 * @category constructors
 */
export const make: Effect.Effect<
  ProxySessionsText.ProxySessionsText.Service,
  never,
  AwsConfig.AwsConfig | Credentials.AwsCredentials | HttpClient.HttpClient
> = Effect.map(internal.makeListPage(operation), ProxySessionsText.make)

/**
 * The live layer, from options (which win over the environment and the profile), as `AwsProxySessions.layer`. It
 * needs an HttpClient and the credentials; {@link layerNode} provides both.
 *
 * @since 0.3.0
 * @category layers
 */
export const layer = (
  options?: AwsConfig.Options
): Layer.Layer<
  ProxySessionsText.ProxySessionsText,
  ConfigurationError,
  HttpClient.HttpClient | Credentials.AwsCredentials
> => internalLayers.layer(ProxySessionsText.ProxySessionsText, make, options)

/**
 * The live layer, with its options read from a Config, as `AwsProxySessions.layerConfig`.
 *
 * @since 0.3.0
 * @category layers
 */
export const layerConfig = (
  options: Config.Config.Wrap<AwsConfig.Options>
): Layer.Layer<
  ProxySessionsText.ProxySessionsText,
  ConfigurationError,
  HttpClient.HttpClient | Credentials.AwsCredentials
> => internalLayers.layerConfig(ProxySessionsText.ProxySessionsText, make, options)

/**
 * The live layer for Node, ready to use, as `AwsProxySessions.layerNode`: Node's built-in `fetch` for HTTP and the
 * AWS SDKs' default credential chain, for the configured profile.
 *
 * @since 0.3.0
 * @category layers
 */
export const layerNode = (
  options?: AwsConfig.Options
): Layer.Layer<ProxySessionsText.ProxySessionsText, ConfigurationError> =>
  internalLayers.layerNode(ProxySessionsText.ProxySessionsText, make, options)
