import { AwsProxySessions, AwsVoiceConnectors } from "@chime-proxy/aws"
import { ProxySessions, VoiceConnectors } from "@chime-proxy/core"
import { Effect, Layer, Stream } from "effect"

// Both services over the same configuration: every session of every voice connector of the account.
const Live = Layer.merge(AwsProxySessions.layerNode(), AwsVoiceConnectors.layerNode())

export const everySession = VoiceConnectors.stream().pipe(
  Stream.flatMap((connector) => ProxySessions.stream({ voiceConnectorId: connector.VoiceConnectorId ?? "" })),
  Stream.runCount,
  Effect.provide(Live)
)
