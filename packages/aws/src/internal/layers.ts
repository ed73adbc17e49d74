import type * as HttpClient from "@effect/platform/HttpClient"
import * as Layer from "effect/Layer"
import * as AwsConfig from "../AwsConfig.js"
import type { ConfigurationError } from "../AwsError.js"
import * as Credentials from "../Credentials.js"

/**
 * The live layer with the default credential chain for the configured profile, over the given HTTP client.
 *
 * @internal
 */
export const layerDefaultChain = <Service>(
  live: Layer.Layer<
    Service,
    never,
    AwsConfig.AwsConfig | Credentials.AwsCredentials | HttpClient.HttpClient
  >,
  options: AwsConfig.Options | undefined,
  httpClient: Layer.Layer<HttpClient.HttpClient>
): Layer.Layer<Service, ConfigurationError> =>
  live.pipe(
    // Fresh: a layer is memoised by reference, and this one is a constant; shared, the chain of the first live layer
    // built would serve every other in the same program, whatever its profile.
    Layer.provide(Layer.fresh(Credentials.layerDefaultChainConfigured)),
    Layer.provide(httpClient),
    Layer.provide(AwsConfig.layer(options))
  )
