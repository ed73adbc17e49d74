import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import type * as HttpClient from "@effect/platform/HttpClient"
import type * as Config from "effect/Config"
import type * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as AwsConfig from "../AwsConfig.js"
import type { ConfigurationError } from "../AwsError.js"
import * as Credentials from "../Credentials.js"

/**
 * What every live service is made from: the configuration, the credentials and an HttpClient.
 *
 * @internal
 */
export type Requirements = AwsConfig.AwsConfig | Credentials.AwsCredentials | HttpClient.HttpClient

// A new layer each time: one memoised layer shared by several configurations would be built once for all of them.
const live = <I, S>(tag: Context.Tag<I, S>, make: Effect.Effect<S, never, Requirements>) => Layer.effect(tag, make)

/**
 * A live service's layer from options, which win over the environment and the profile.
 *
 * @internal
 */
export const layer = <I, S>(
  tag: Context.Tag<I, S>,
  make: Effect.Effect<S, never, Requirements>,
  options: AwsConfig.Options | undefined
): Layer.Layer<I, ConfigurationError, HttpClient.HttpClient | Credentials.AwsCredentials> =>
  Layer.provide(live(tag, make), AwsConfig.layer(options))

/**
 * A live service's layer with its options read from a Config.
 *
 * @internal
 */
export const layerConfig = <I, S>(
  tag: Context.Tag<I, S>,
  make: Effect.Effect<S, never, Requirements>,
  options: Config.Config.Wrap<AwsConfig.Options>
): Layer.Layer<I, ConfigurationError, HttpClient.HttpClient | Credentials.AwsCredentials> =>
  Layer.provide(live(tag, make), AwsConfig.layerConfig(options))

/**
 * A live service's layer with the default credential chain for the configured profile, over the given HTTP client.
 *
 * @internal
 */
export const layerDefaultChain = <I, S>(
  tag: Context.Tag<I, S>,
  make: Effect.Effect<S, never, Requirements>,
  options: AwsConfig.Options | undefined,
  httpClient: Layer.Layer<HttpClient.HttpClient>
): Layer.Layer<I, ConfigurationError> =>
  live(tag, make).pipe(
    // Fresh: a layer is memoised by reference, and this one is a constant; shared, the chain of the first live layer
    // built would serve every other in the same program, whatever its profile.
    Layer.provide(Layer.fresh(Credentials.layerDefaultChainConfigured)),
    Layer.provide(httpClient),
    Layer.provide(AwsConfig.layer(options))
  )

/**
 * A live service's layer for Node, ready to use: Node's built-in `fetch` and the default credential chain.
 *
 * @internal
 */
export const layerNode = <I, S>(
  tag: Context.Tag<I, S>,
  make: Effect.Effect<S, never, Requirements>,
  options: AwsConfig.Options | undefined
): Layer.Layer<I, ConfigurationError> => layerDefaultChain(tag, make, options, FetchHttpClient.layer)
