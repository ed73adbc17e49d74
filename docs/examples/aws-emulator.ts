import { type AwsError, AwsProxySessions, Credentials } from "@chime-proxy/aws"
import { ProxySessions, type ProxySessionsError } from "@chime-proxy/core"
import { NodeHttpClient } from "@effect/platform-node"
import { type Effect, Layer, Stream } from "effect"

// The emulator (apps/emulator) listens on http://127.0.0.1:4599 by default, serves us-east-1 and accepts the
// documented key pair below. The live layer talks to it exactly as it talks to AWS: same requests, same SigV4.
export const ProxySessionsOnEmulator: Layer.Layer<
  ProxySessions.ProxySessions,
  AwsError.ConfigurationError
> = AwsProxySessions.layer({
  region: "us-east-1",
  endpoint: "http://127.0.0.1:4599"
}).pipe(
  Layer.provide(
    Credentials.layerStatic({
      accessKeyId: "AKIAEMULATOREXAMPLE1",
      secretAccessKey: "chime-proxy-emulator/EXAMPLE/secret/key0"
    })
  ),
  Layer.provide(NodeHttpClient.layerUndici)
)

export const countAll = (
  voiceConnectorId: string
): Effect.Effect<number, ProxySessionsError.ProxySessionsError, ProxySessions.ProxySessions> =>
  ProxySessions.stream({ voiceConnectorId, pageSize: 100 }).pipe(Stream.runCount)
