/**
 * The live ProxySessions layer: ListProxySessions over @effect/platform's HttpClient, signed with SigV4 as a
 * request-mapping step, retried with the {@link Retry.schedule} of the AWS SDKs' policy and timed as they do, with
 * a span per call and per attempt.
 *
 * @since 0.1.0
 */
import { ProxySessions } from "@chime-proxy/core"
import type * as HttpClient from "@effect/platform/HttpClient"
import type * as Config from "effect/Config"
import type * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import type * as AwsConfig from "./AwsConfig.js"
import type { ConfigurationError } from "./AwsError.js"
import type * as Credentials from "./Credentials.js"
import * as internalLayers from "./internal/layers.js"
import * as internal from "./internal/proxySessions.js"

/**
 * The name of the span of each call; each attempt has a child span named after it with `.attempt`.
 *
 * @since 0.1.0
 * @category constants
 */
export const spanName = internal.spanName

/**
 * The `x-amz-user-agent` this layer sends.
 *
 * @since 0.1.0
 * @category constants
 */
export const userAgent = internal.userAgent

/**
 * Makes the service from the configuration, the credentials and an HttpClient. The client is piped through the
 * SigV4 signing step; each call retries its attempts with {@link Retry.schedule}. The retry quota, the adaptive
 * rate limiter, the clock offset, the signers and the end-of-support warning belong to the service made, shared
 * by all its calls.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: Effect.Effect<
  ProxySessions.ProxySessions.Service,
  never,
  AwsConfig.AwsConfig | Credentials.AwsCredentials | HttpClient.HttpClient
> = internal.make

/**
 * The live layer, from options (which win over the environment and the profile). It needs an HttpClient and the
 * credentials; {@link layerNode} provides both.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  options?: AwsConfig.Options
): Layer.Layer<
  ProxySessions.ProxySessions,
  ConfigurationError,
  HttpClient.HttpClient | Credentials.AwsCredentials
> => internalLayers.layer(ProxySessions.ProxySessions, make, options)

/**
 * The live layer, with its options read from a Config.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  options: Config.Config.Wrap<AwsConfig.Options>
): Layer.Layer<
  ProxySessions.ProxySessions,
  ConfigurationError,
  HttpClient.HttpClient | Credentials.AwsCredentials
> => internalLayers.layerConfig(ProxySessions.ProxySessions, make, options)

/**
 * The live layer for Node, ready to use: Node's built-in `fetch` for HTTP and the AWS SDKs' default credential
 * chain, for the configured profile. Nothing to bundle or load for HTTP. On long listings, `NodeHttp.layerProxySessions`
 * (node:http) spends less CPU and memory, and `NodeUndici.layerProxySessions` (undici) less CPU with several listings
 * at once: modules of their own, that this one never bundles.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerNode = (options?: AwsConfig.Options): Layer.Layer<ProxySessions.ProxySessions, ConfigurationError> =>
  internalLayers.layerNode(ProxySessions.ProxySessions, make, options)
