import { type AwsError, AwsProxySessions, Credentials } from "@chime-proxy/aws"
import type { ProxySessions } from "@chime-proxy/core"
import { NodeHttpClient } from "@effect/platform-node"
import { Config, type ConfigError, Layer } from "effect"

type Live<E = never> = Layer.Layer<ProxySessions.ProxySessions, AwsError.ConfigurationError | E>

// The base layer leaves the HTTP client and the credentials to you.
const live = AwsProxySessions.layer({ region: "us-east-1" }).pipe(Layer.provide(NodeHttpClient.layerUndici))

// The AWS SDKs' default chain, for a named profile: environment, config and credentials files, SSO, web
// identity, container and instance metadata, credential_process. Temporary credentials are refreshed five
// minutes before they expire.
export const withProfile: Live = live.pipe(Layer.provide(Credentials.layerDefaultChain({ profile: "voice-admin" })))

// AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN, read through effect's Config.
export const fromEnvironment: Live<AwsError.CredentialsError> = live.pipe(Layer.provide(Credentials.layerEnv))

// Fixed credentials, for instance from your own Config; secrets stay Redacted all the way to the signer.
export const fromMyConfig: Live<ConfigError.ConfigError> = live.pipe(
  Layer.provide(
    Layer.unwrapEffect(
      Config.all({
        accessKeyId: Config.string("VOICE_ACCESS_KEY_ID"),
        secretAccessKey: Config.redacted("VOICE_SECRET_ACCESS_KEY")
      }).pipe(Config.map(Credentials.layerStatic))
    )
  )
)
