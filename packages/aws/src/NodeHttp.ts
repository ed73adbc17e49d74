/**
 * The live layers over node:http, @effect/platform-node's `NodeHttpClient`: Node's own HTTP stack, whose parser is
 * native code, where `fetch` and undici parse with WebAssembly that V8 compiles again, optimised, during a long
 * listing. On a listing of one connector they spend the least CPU per page and hold the least memory of the three
 * HTTP clients (docs/benchmarks.md, section 1); with several listings at once, undici spends less CPU
 * (`NodeUndici`). In a module of its own, left out of the package's index, like `NodeUndici`.
 *
 * The connections are kept alive between requests, by an `http.Agent` of the layer's own (the platform's default
 * agent opens a connection for every request), and the agent is destroyed when the layer's scope closes, so that a
 * program exits as soon as its work is done.
 *
 * @since 0.3.0
 */
import { ProxySessions, VoiceConnectors } from "@chime-proxy/core"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Layer from "effect/Layer"
import type * as AwsConfig from "./AwsConfig.js"
import type { ConfigurationError } from "./AwsError.js"
import * as AwsProxySessions from "./AwsProxySessions.js"
import * as AwsVoiceConnectors from "./AwsVoiceConnectors.js"
import * as internalLayers from "./internal/layers.js"

/**
 * The `HttpClient` these layers run on, alone: node:http with a keep-alive agent of the layer's own, destroyed with
 * the layer. For services built by hand that share one client (`AwsProxySessions.make`, `AwsVoiceConnectors.make`).
 *
 * @since 0.3.0
 * @category layers
 */
export const layerHttpClient: Layer.Layer<HttpClient.HttpClient> = NodeHttpClient.layerWithoutAgent.pipe(
  Layer.provide(NodeHttpClient.makeAgentLayer({ keepAlive: true }))
)

/**
 * `AwsProxySessions.layerNode` over node:http: the AWS SDKs' default credential chain for the configured profile,
 * and {@link layerHttpClient}.
 *
 * @since 0.3.0
 * @category layers
 */
export const layerProxySessions = (
  options?: AwsConfig.Options
): Layer.Layer<ProxySessions.ProxySessions, ConfigurationError> =>
  internalLayers.layerDefaultChain(ProxySessions.ProxySessions, AwsProxySessions.make, options, layerHttpClient)

/**
 * `AwsVoiceConnectors.layerNode` over node:http, as {@link layerProxySessions}.
 *
 * @since 0.3.0
 * @category layers
 */
export const layerVoiceConnectors = (
  options?: AwsConfig.Options
): Layer.Layer<VoiceConnectors.VoiceConnectors, ConfigurationError> =>
  internalLayers.layerDefaultChain(VoiceConnectors.VoiceConnectors, AwsVoiceConnectors.make, options, layerHttpClient)
