import { type AwsError, AwsProxySessions } from "@chime-proxy/aws"
import { ProxySessions, type ProxySessionsError } from "@chime-proxy/core"
import { NodeRuntime } from "@effect/platform-node"
import { Console, Effect, Stream } from "effect"

// Your program needs the ProxySessions service, and nothing else.
const program = ProxySessions.stream({ voiceConnectorId: "abcdef1ghij2klmno3pqr4", status: "Open" }).pipe(
  Stream.runForEach((session) => Console.log(session.ProxySessionId, session.Name))
)

// In production, the live layer: region, profile, endpoint and retries from the AWS environment and config files,
// credentials from the AWS default chain, SigV4, Node's HTTP client.
export const main: Effect.Effect<void, ProxySessionsError.ProxySessionsError | AwsError.ConfigurationError> = program
  .pipe(Effect.provide(AwsProxySessions.layerNode()))

if (process.argv[1]?.endsWith("readme-live.ts")) NodeRuntime.runMain(main)
