/**
 * The live layers over undici instead of Node's built-in `fetch`: about 15 % less CPU per page, which long listings
 * feel, and with several listings at once less than node:http's `NodeHttp` too (which spends less on one listing),
 * for about 0.5 MiB more to bundle and tens of milliseconds more to load at start. They are in a module of
 * their own, left out of the package's index, so that a program that imports the live layers
 * (`AwsProxySessions.layerNode`) neither bundles nor loads undici: only an import of this module does.
 *
 * undici's connection pool (an `Agent` of @effect/platform-node's `NodeHttpClient.layerUndici`) belongs to the
 * layer: it is destroyed when the layer's scope closes, so that a program exits as soon as its work is done.
 *
 * @since 0.3.0
 */
import { ProxySessions, VoiceConnectors } from "@chime-proxy/core"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import type * as Layer from "effect/Layer"
import type * as AwsConfig from "./AwsConfig.js"
import type { ConfigurationError } from "./AwsError.js"
import * as AwsProxySessions from "./AwsProxySessions.js"
import * as AwsVoiceConnectors from "./AwsVoiceConnectors.js"
import * as internalLayers from "./internal/layers.js"

/**
 * `AwsProxySessions.layerNode` over undici: the AWS SDKs' default credential chain for the configured profile, and
 * an undici `Agent` of its own, destroyed with the layer.
 *
 * @since 0.3.0
 * @category layers
 */
export const layerProxySessions = (
  options?: AwsConfig.Options
): Layer.Layer<ProxySessions.ProxySessions, ConfigurationError> =>
  internalLayers.layerDefaultChain(
    ProxySessions.ProxySessions,
    AwsProxySessions.make,
    options,
    NodeHttpClient.layerUndici
  )

/**
 * `AwsVoiceConnectors.layerNode` over undici, as {@link layerProxySessions}.
 *
 * @since 0.3.0
 * @category layers
 */
export const layerVoiceConnectors = (
  options?: AwsConfig.Options
): Layer.Layer<VoiceConnectors.VoiceConnectors, ConfigurationError> =>
  internalLayers.layerDefaultChain(
    VoiceConnectors.VoiceConnectors,
    AwsVoiceConnectors.make,
    options,
    NodeHttpClient.layerUndici
  )
