import * as AwsProxySessionsText from "@chime-proxy/aws/AwsProxySessionsText"
import { ProxySessionsText } from "@chime-proxy/core"
import { Effect, Stream } from "effect"

// Every open session of a connector as the service sent it, one JSON text a line; the layer is ready to use on
// Node, as AwsProxySessions.layerNode.
export const ndjson = Effect.flatMap(
  ProxySessionsText.ProxySessionsText,
  (service) =>
    ProxySessionsText.paginator(service).stream({ voiceConnectorId: "abcdef1ghij2klmno3pqr4", status: "Open" }).pipe(
      Stream.map((text) => `${text}\n`),
      Stream.mkString
    )
).pipe(Effect.provide(AwsProxySessionsText.layerNode()))
