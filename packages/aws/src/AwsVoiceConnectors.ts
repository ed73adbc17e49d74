/**
 * The live VoiceConnectors layer: ListVoiceConnectors over @effect/platform's HttpClient, through the same pipeline
 * as {@link AwsProxySessions} (SigV4 as a request-mapping step, the {@link Retry.schedule} of the AWS SDKs' policy,
 * timeouts, a span per call and per attempt, the same configuration and error rules). ListVoiceConnectors is not
 * deprecated: no end-of-support warning is logged.
 *
 * @since 0.1.0
 */
import type { VoiceConnectors } from "@chime-proxy/core"
import { VoiceConnectors as VoiceConnectorsTag } from "@chime-proxy/core"
import type * as HttpClient from "@effect/platform/HttpClient"
import type * as Config from "effect/Config"
import type * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import type * as AwsConfig from "./AwsConfig.js"
import type { ConfigurationError } from "./AwsError.js"
import type * as Credentials from "./Credentials.js"
import * as internalLayers from "./internal/layers.js"
import * as internal from "./internal/voiceConnectors.js"

/**
 * The name of the span of each call; each attempt has a child span named after it with `.attempt`.
 *
 * @since 0.1.0
 * @category constants
 */
export const spanName = internal.spanName

/**
 * Makes the service from the configuration, the credentials and an HttpClient, as `AwsProxySessions.make` does.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: Effect.Effect<
  VoiceConnectors.VoiceConnectors.Service,
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
  VoiceConnectors.VoiceConnectors,
  ConfigurationError,
  HttpClient.HttpClient | Credentials.AwsCredentials
> => internalLayers.layer(VoiceConnectorsTag.VoiceConnectors, make, options)

/**
 * The live layer, with its options read from a Config.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  options: Config.Config.Wrap<AwsConfig.Options>
): Layer.Layer<
  VoiceConnectors.VoiceConnectors,
  ConfigurationError,
  HttpClient.HttpClient | Credentials.AwsCredentials
> => internalLayers.layerConfig(VoiceConnectorsTag.VoiceConnectors, make, options)

/**
 * The live layer for Node, ready to use: Node's built-in `fetch` for HTTP and the AWS SDKs' default credential
 * chain, for the configured profile; `NodeUndici.layerVoiceConnectors` is the same over undici.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerNode = (
  options?: AwsConfig.Options
): Layer.Layer<VoiceConnectors.VoiceConnectors, ConfigurationError> =>
  internalLayers.layerNode(VoiceConnectorsTag.VoiceConnectors, make, options)
