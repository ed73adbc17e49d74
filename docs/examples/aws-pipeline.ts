import { type AwsError, AwsProxySessions, Credentials } from "@chime-proxy/aws"
import type { ProxySessions } from "@chime-proxy/core"
import { HttpClient, HttpClientRequest } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import { Effect, Layer } from "effect"

// Every request of the live layer carries this header, signed with the others: the layer's signing step runs
// after the steps of the client it is given.
const tagged = Layer.effect(
  HttpClient.HttpClient,
  Effect.map(HttpClient.HttpClient, HttpClient.mapRequest(HttpClientRequest.setHeader("x-team", "voice")))
).pipe(Layer.provide(NodeHttpClient.layerUndici))

export const ProxySessionsLive: Layer.Layer<
  ProxySessions.ProxySessions,
  AwsError.ConfigurationError | AwsError.CredentialsError
> = AwsProxySessions.layer({ region: "us-east-1" }).pipe(
  Layer.provide(Credentials.layerEnv),
  Layer.provide(tagged)
)
