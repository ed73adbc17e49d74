import { type AwsError, AwsProxySessions } from "@chime-proxy/aws"
import { ProxySessions, type ProxySessionsError } from "@chime-proxy/core"
import { Effect, Stream } from "effect"

// Region, profile, endpoint and retries come from the environment and the shared config file, as the AWS CLI
// reads them; credentials from the AWS SDKs' default chain; HTTP from Node's fetch.
const ProxySessionsLive = AwsProxySessions.layerNode()

export const program: Effect.Effect<
  void,
  ProxySessionsError.ProxySessionsError | AwsError.ConfigurationError
> = ProxySessions.stream({ voiceConnectorId: "abcdef1ghij2klmno3pqr4", status: "Open" }).pipe(
  Stream.runForEach((session) => Effect.log(`open: ${session.ProxySessionId}`)),
  Effect.provide(ProxySessionsLive)
)
