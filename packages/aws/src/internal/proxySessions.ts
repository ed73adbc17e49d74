import { ClientError, ListProxySessions, ProxySessions, ProxySessionsError, Wire } from "@chime-proxy/core"
import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import { identity } from "effect/Function"
import * as Ref from "effect/Ref"
import * as Schedule from "effect/Schedule"
import { randomUUID } from "node:crypto"
import * as AwsConfig from "../AwsConfig.js"
import * as Credentials from "../Credentials.js"
import * as Retry from "../Retry.js"
import * as Signer from "../Signer.js"
import * as Client from "./client.js"
import * as Response from "./response.js"
import { errorName } from "./retry.js"
import { fromHttpClientError } from "./transport.js"

/** @internal */
export const spanName = "ProxySessions.listProxySessions" as const

/** @internal */
export const userAgent = "chime-proxy-aws/0.1.0" as const

const annotateError = (error: ProxySessionsError.ProxySessionsError) =>
  Effect.annotateCurrentSpan({ "error.type": errorName(error) })

const timeoutAfter =
  <E>(duration: Duration.Duration, onTimeout: (millis: number) => E) =>
  <A, E1, R>(self: Effect.Effect<A, E1, R>): Effect.Effect<A, E | E1, R> =>
    Duration.isFinite(duration)
      ? Effect.timeoutFail(self, { duration, onTimeout: () => onTimeout(Duration.toMillis(duration)) })
      : self

// A failure with no response; `final` when the request was never sent: not to be retried whatever its class.
const failure = (error: ProxySessionsError.ProxySessionsError, final = false): Retry.Failure => ({
  error,
  headers: {},
  final
})

const transport = (error: HttpClientError.HttpClientError) => Effect.fail(failure(fromHttpClientError(error)))

/** @internal */
export const make: Effect.Effect<
  ProxySessions.ProxySessions.Service,
  never,
  AwsConfig.AwsConfig | Credentials.AwsCredentials | HttpClient.HttpClient
> = Effect.gen(function*() {
  const config = yield* AwsConfig.AwsConfig
  const credentials = yield* Credentials.AwsCredentials
  const policy = yield* Retry.make({ mode: config.retryMode, maxAttempts: config.maxAttempts, backoff: config.backoff })
  const client = Client.make({
    client: yield* HttpClient.HttpClient,
    credentials,
    signer: yield* Signer.make,
    region: config.region,
    policy
  })
  const schedule = Retry.schedule(policy)
  // The response's headers must come within the connect and read timeouts together (a generic HttpClient does not
  // tell when it is connected); then each part of the body within the read timeout.
  const headersTimeout = Duration.isFinite(config.readTimeout) || Duration.isFinite(config.connectTimeout)
    ? {
      duration: Duration.sum(
        Duration.isFinite(config.connectTimeout) ? config.connectTimeout : Duration.zero,
        Duration.isFinite(config.readTimeout) ? config.readTimeout : Duration.zero
      ),
      scope: Duration.isFinite(config.readTimeout) ? "read" as const : "connect" as const
    }
    : undefined
  const warned = yield* Ref.make(false)
  const endpoint = new URL(config.endpoint)
  const basePath = endpoint.pathname === "/" ? "" : endpoint.pathname

  const warnOnce = config.deprecationWarning
    ? Effect.flatMap(
      Ref.getAndSet(warned, true),
      (already) =>
        already ? Effect.void : Effect.logWarning(
          `${ListProxySessions.deprecationNotice} (set ${AwsConfig.noDeprecationWarningVariable}=true or the ` +
            `deprecationWarning option to false to silence this warning)`
        )
    )
    : Effect.void

  const attempt = (
    request: HttpClientRequest.HttpClientRequest,
    attemptNumber: number
  ): Effect.Effect<ListProxySessions.ListProxySessionsResponse, Retry.Failure> =>
    Effect.gen(function*() {
      yield* Effect.annotateCurrentSpan("attempt", attemptNumber)
      // Waiting for the rate limiter or for credentials is not the request's time: the attempt's timeout starts
      // after both (the signing step then finds the credentials cached).
      yield* policy.acquireSendToken
      yield* Effect.mapError(credentials.get, (error) => failure(error, true))
      return yield* client.execute(
        HttpClientRequest.setHeader(request, "amz-sdk-request", `attempt=${attemptNumber}; max=${config.maxAttempts}`)
      ).pipe(
        Effect.catchTags({
          RequestError: transport,
          ResponseError: transport,
          CredentialsError: (error) => Effect.fail(failure(error, true)),
          SigningError: (error) =>
            Effect.fail(failure(new ClientError.TransportError({ failure: "Other", detail: error.message }), true))
        }),
        headersTimeout === undefined ?
          identity :
          timeoutAfter(
            headersTimeout.duration,
            (millis) => failure(new ClientError.TimeoutError({ scope: headersTimeout.scope, millis }))
          ),
        Effect.flatMap((response) => Response.decode(response, config.maxResponseBytes, config.readTimeout)),
        timeoutAfter(
          config.attemptTimeout,
          (millis) => failure(new ClientError.TimeoutError({ scope: "attempt", millis }))
        )
      )
    }).pipe(
      Effect.tapBoth({
        onFailure: (failure) =>
          Effect.zipRight(
            policy.recordOutcome(ProxySessionsError.isThrottling(failure.error)),
            annotateError(failure.error)
          ),
        onSuccess: () => policy.recordOutcome(false)
      }),
      Effect.withSpan(`${spanName}.attempt`, { kind: "client" })
    )

  const listPage = (
    request: ListProxySessions.ListProxySessionsRequest
  ): Effect.Effect<ListProxySessions.ListProxySessionsResponse, ProxySessionsError.ProxySessionsError> => {
    // The URL parser would resolve `.` and `..` as path segments and send the request elsewhere.
    if (request.VoiceConnectorId === "." || request.VoiceConnectorId === "..") {
      return Effect.fail(
        new ClientError.RequestValidationError({
          field: "VoiceConnectorId",
          constraint: "VoiceConnectorId cannot be . or .., which URLs treat as path segments"
        })
      )
    }
    const parts = Wire.encodeRequest(request)
    const query = Wire.encodeQuery(parts.query)
    const url = `${endpoint.origin}${basePath}${parts.path}${query === "" ? "" : `?${query}`}`
    return Effect.gen(function*() {
      yield* warnOnce
      const base = HttpClientRequest.get(url, {
        headers: { "amz-sdk-invocation-id": randomUUID(), "x-amz-user-agent": userAgent }
      })
      const attempts = yield* Ref.make(0)
      const lastRetryCost = yield* Ref.make<number | undefined>(undefined)
      const response = yield* Ref.updateAndGet(attempts, (n) => n + 1).pipe(
        Effect.flatMap((attemptNumber) => attempt(base, attemptNumber)),
        Effect.retry(Schedule.tapOutput(schedule, (cost) => Ref.set(lastRetryCost, cost))),
        Effect.ensuring(Effect.flatMap(Ref.get(attempts), (n) => Effect.annotateCurrentSpan("attempts", n))),
        Effect.mapError((failure) => failure.error)
      )
      yield* policy.recordSuccess(yield* Ref.get(lastRetryCost))
      return response
    }).pipe(
      timeoutAfter(config.operationTimeout, (millis) => new ClientError.TimeoutError({ scope: "operation", millis })),
      Effect.tapError(annotateError),
      Effect.withSpan(spanName, {
        kind: "client",
        attributes: {
          "rpc.system": "aws-api",
          "rpc.service": "ChimeSDKVoice",
          "rpc.method": ListProxySessions.operationName,
          "aws.region": config.region,
          "server.address": endpoint.hostname
        }
      })
    )
  }

  return ProxySessions.make(listPage)
})
