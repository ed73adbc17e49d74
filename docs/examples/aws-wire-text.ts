import { AwsConfig, AwsProxySessions, Credentials } from "@chime-proxy/aws"
import * as AwsProxySessionsText from "@chime-proxy/aws/AwsProxySessionsText"
import { ProxySessions, ProxySessionsText } from "@chime-proxy/core"
import { FetchHttpClient } from "@effect/platform"
import { Layer } from "effect"

// Both services over one configuration and one credentials cache.
export const SessionsLive = Layer.mergeAll(
  Layer.effect(ProxySessions.ProxySessions, AwsProxySessions.make),
  Layer.effect(ProxySessionsText.ProxySessionsText, AwsProxySessionsText.make)
).pipe(
  Layer.provide(Credentials.layerDefaultChainConfigured),
  Layer.provide(FetchHttpClient.layer),
  Layer.provide(AwsConfig.layer({ region: "us-east-1" }))
)
