import { type AwsError, AwsProxySessions } from "@chime-proxy/aws"
import { ProxySessions } from "@chime-proxy/core"
import { Effect, type Layer } from "effect"

// Every option wins over the environment and the profile.
export const ProxySessionsLive: Layer.Layer<ProxySessions.ProxySessions, AwsError.ConfigurationError> = AwsProxySessions
  .layerNode({
    region: "eu-central-1",
    profile: "voice-admin",
    maxAttempts: 5,
    retryMode: "adaptive",
    attemptTimeout: "10 seconds",
    operationTimeout: "1 minute",
    deprecationWarning: false
  })

// Every failure is typed: the configuration when the layer is built, then the service's errors and the client's.
export const sessionsOnFirstPage: Effect.Effect<number, string> = ProxySessions.listProxySessions({
  VoiceConnectorId: "abcdef1ghij2klmno3pqr4"
}).pipe(
  Effect.map((page) => page.ProxySessions.length),
  Effect.catchTags({
    NotFoundException: () => Effect.succeed(0),
    ThrottledClientException: (error) => Effect.fail(`still throttled after 5 attempts: ${error.message}`),
    TimeoutError: (error) => Effect.fail(`gave up: ${error.message}`)
  }),
  Effect.provide(ProxySessionsLive),
  Effect.catchAll((error) => Effect.fail(typeof error === "string" ? error : error.message))
)
