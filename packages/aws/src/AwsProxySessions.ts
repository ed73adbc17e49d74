/**
 * The live ProxySessions layer: ListProxySessions over @effect/platform's HttpClient, signed with SigV4, retried
 * and timed as the AWS SDKs do, with a span per call and per attempt.
 *
 * @since 0.1.0
 */
import {
  ClientError,
  ListProxySessions,
  ProxySessions,
  ProxySessionsError,
  ServiceError,
  Wire
} from "@chime-proxy/core"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Clock from "effect/Clock"
import type * as Config from "effect/Config"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Ref from "effect/Ref"
import * as Stream from "effect/Stream"
import { randomUUID } from "node:crypto"
import * as AwsConfig from "./AwsConfig.js"
import type { ConfigurationError } from "./AwsError.js"
import * as Credentials from "./Credentials.js"
import { excerpt } from "./internal/redact.js"
import { fromHttpClientError } from "./internal/transport.js"
import * as Retry from "./Retry.js"
import * as Signer from "./Signer.js"

/**
 * The name of the span of each call; each attempt has a child span named after it with `.attempt`.
 *
 * @since 0.1.0
 * @category constants
 */
export const spanName = "ProxySessions.listProxySessions"

/**
 * The `x-amz-user-agent` this layer sends.
 *
 * @since 0.1.0
 * @category constants
 */
export const userAgent = "chime-proxy-aws/0.1.0"

// An error body is only read this far: enough for any AWS error, and a runaway body costs nothing.
const maxErrorBodyBytes = 64 * 1024

const requestIdHeaders = ["x-amzn-requestid", "x-amzn-request-id", "x-amz-request-id"] as const

/** What a failed attempt leaves behind besides its error. */
interface AttemptFailure {
  readonly error: ProxySessionsError.ProxySessionsError
  readonly headers: Readonly<Record<string, string>>
  /** Not to be retried whatever its class: the request was never sent. */
  readonly final: boolean
}

interface Body {
  readonly text: string
  readonly truncated: boolean
}

const readBody = (
  response: HttpClientResponse.HttpClientResponse,
  limit: number
): Effect.Effect<Body, ClientError.TransportError> =>
  Effect.suspend(() => {
    const chunks: Array<Uint8Array> = []
    let size = 0
    let truncated = false
    return Stream.runForEachWhile(response.stream, (chunk) =>
      Effect.sync(() => {
        if (size + chunk.length > limit) {
          chunks.push(chunk.subarray(0, limit - size))
          size = limit
          truncated = true
          return false
        }
        chunks.push(chunk)
        size += chunk.length
        return true
      })).pipe(
        Effect.mapError(fromHttpClientError),
        Effect.map(() => ({ text: new TextDecoder().decode(Buffer.concat(chunks, size)), truncated }))
      )
  })

const errorNamePattern = /"(?:code|__type)"\s*:/

/**
 * Makes the service from the configuration, the credentials and an HttpClient. The retry quota, the adaptive rate
 * limiter, the clock offset and the end-of-support warning belong to the service made, shared by all its calls.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: Effect.Effect<
  ProxySessions.ProxySessions.Service,
  never,
  AwsConfig.AwsConfig | Credentials.AwsCredentials | HttpClient.HttpClient
> = Effect.gen(function*() {
  const config = yield* AwsConfig.AwsConfig
  const credentials = yield* Credentials.AwsCredentials
  const client = yield* HttpClient.HttpClient
  const policy = yield* Retry.make({
    mode: config.retryMode,
    maxAttempts: config.maxAttempts,
    backoff: config.backoff
  })
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
    request: ListProxySessions.ListProxySessionsRequest,
    attemptNumber: number,
    invocationId: string
  ): Effect.Effect<ListProxySessions.ListProxySessionsResponse, AttemptFailure> =>
    Effect.gen(function*() {
      yield* Effect.annotateCurrentSpan("attempt", attemptNumber)
      // Waiting for the rate limiter or for credentials is not the request's time: the attempt's timeout starts
      // after both.
      yield* policy.acquireSendToken
      const identity = yield* Effect.mapError(credentials.get, (error): AttemptFailure => ({
        error,
        headers: {},
        final: true
      }))
      return yield* send(request, attemptNumber, invocationId, identity).pipe(
        timeoutAfter(config.attemptTimeout, (millis): AttemptFailure => ({
          error: new ClientError.TimeoutError({ scope: "attempt", millis }),
          headers: {},
          final: false
        }))
      )
    }).pipe(
      Effect.tapError((failure) => annotateError(failure.error)),
      Effect.withSpan(`${spanName}.attempt`, { kind: "client" })
    )

  const send = (
    request: ListProxySessions.ListProxySessionsRequest,
    attemptNumber: number,
    invocationId: string,
    identity: Credentials.Credentials
  ): Effect.Effect<ListProxySessions.ListProxySessionsResponse, AttemptFailure> =>
    Effect.gen(function*() {
      const fail = (
        error: ProxySessionsError.ProxySessionsError,
        headers: Readonly<Record<string, string>> = {}
      ): Effect.Effect<never, AttemptFailure> => Effect.fail({ error, headers, final: false })
      const offset = yield* Ref.get(policy.clockOffset)
      const now = yield* Clock.currentTimeMillis
      const parts = Wire.encodeRequest(request)
      const query = Wire.encodeQuery(parts.query)
      const path = `${basePath}${parts.path}`
      const url = new URL(`${endpoint.origin}${path}${query === "" ? "" : `?${query}`}`)
      const signed = yield* Signer.sign({
        request: {
          method: parts.method,
          url,
          path,
          query: parts.query,
          headers: {
            "amz-sdk-invocation-id": invocationId,
            "amz-sdk-request": `attempt=${attemptNumber}; max=${config.maxAttempts}`,
            "x-amz-user-agent": userAgent
          }
        },
        credentials: identity,
        region: config.region,
        signingDate: new Date(now + offset)
      })
      const response = yield* client.execute(HttpClientRequest.get(url.href, { headers: signed })).pipe(
        Effect.locallyWith(Headers.currentRedactedNames, (names) => [...names, "x-amz-security-token"]),
        Effect.mapError((error) => ({ error: fromHttpClientError(error), headers: {}, final: false }))
      )
      const headers = response.headers
      const requestId = requestIdHeaders.map((name) => headers[name]).find((value) => value !== undefined)
      yield* Effect.annotateCurrentSpan("http.response.status_code", response.status)
      if (requestId !== undefined) yield* Effect.annotateCurrentSpan("aws.request_id", requestId)
      const ok = response.status >= 200 && response.status < 300
      const body = yield* readBody(response, ok ? config.maxResponseBytes : maxErrorBodyBytes).pipe(
        Effect.mapError((error) => ({ error, headers, final: false }))
      )
      if (ok) {
        if (body.truncated) {
          return yield* fail(
            new ClientError.ResponseDecodeError({
              status: response.status,
              reason: `the body is larger than ${config.maxResponseBytes} bytes`,
              excerpt: excerpt(body.text.slice(0, 256)),
              ...(requestId === undefined ? {} : { requestId })
            }),
            headers
          )
        }
        return yield* Either.match(Wire.decodeResponse(response.status, body.text, requestId), {
          onLeft: (error) => fail(error, headers),
          onRight: Effect.succeed
        })
      }
      const errorType = headers["x-amzn-errortype"]
      // A status with no AWS error name anywhere did not come from the service (a proxy's or a balancer's page):
      // it stays a decoding problem that keeps the status, so that a 502 or 503 page is still retried.
      if (errorType === undefined && !errorNamePattern.test(body.text)) {
        return yield* fail(
          new ClientError.ResponseDecodeError({
            status: response.status,
            reason: `HTTP ${response.status} without an AWS error name`,
            excerpt: excerpt(body.text),
            ...(requestId === undefined ? {} : { requestId })
          }),
          headers
        )
      }
      return yield* fail(Wire.decodeError({ status: response.status, errorType, body: body.text, requestId }), headers)
    })

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
    const loop = (
      invocationId: string,
      attemptNumber: number,
      lastRetryCost: number | undefined,
      skewCorrected: boolean
    ): Effect.Effect<ListProxySessions.ListProxySessionsResponse, ProxySessionsError.ProxySessionsError> =>
      attempt(request, attemptNumber, invocationId).pipe(
        Effect.matchEffect({
          onSuccess: (response) =>
            policy.recordOutcome(false).pipe(
              Effect.zipRight(policy.recordSuccess(lastRetryCost)),
              Effect.zipRight(Effect.annotateCurrentSpan("attempts", attemptNumber)),
              Effect.as(response)
            ),
          onFailure: (failure) =>
            Effect.gen(function*() {
              const { error } = failure
              yield* Effect.annotateCurrentSpan("attempts", attemptNumber)
              yield* policy.recordOutcome(ProxySessionsError.isThrottling(error))
              if (failure.final) return yield* Effect.fail(error)
              if (
                ProxySessionsError.isClockSkew(error) && !skewCorrected && attemptNumber < config.maxAttempts &&
                (yield* Retry.correctClockSkew(policy, failure.headers["date"]))
              ) {
                yield* Effect.logDebug("clock skew corrected; retrying").pipe(
                  Effect.annotateLogs({ attempt: attemptNumber, error: tagOf(error) })
                )
                return yield* loop(invocationId, attemptNumber + 1, lastRetryCost, true)
              }
              const now = (yield* Clock.currentTimeMillis) + (yield* Ref.get(policy.clockOffset))
              const decision = yield* policy.decide({
                error,
                attempt: attemptNumber,
                retryAfter: Retry.retryAfterHint(failure.headers, now)
              })
              if (decision._tag === "Stop") {
                yield* Effect.annotateCurrentSpan("retry.stopped", decision.reason)
                return yield* Effect.fail(error)
              }
              yield* Effect.logDebug("retrying").pipe(
                Effect.annotateLogs({
                  attempt: attemptNumber,
                  error: tagOf(error),
                  delayMillis: Duration.toMillis(decision.delay)
                })
              )
              yield* Effect.sleep(decision.delay)
              return yield* loop(invocationId, attemptNumber + 1, decision.cost, skewCorrected)
            })
        })
      )
    return warnOnce.pipe(
      Effect.zipRight(
        Effect.flatMap(Effect.sync(randomUUID), (invocationId) => loop(invocationId, 1, undefined, false))
      ),
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

const tagOf = (error: ProxySessionsError.ProxySessionsError): string =>
  ServiceError.isServiceError(error) ? ServiceError.errorName(error) : error._tag

const annotateError = (error: ProxySessionsError.ProxySessionsError) =>
  Effect.annotateCurrentSpan({ "error.type": tagOf(error) })

const timeoutAfter =
  <E>(duration: Duration.Duration, onTimeout: (millis: number) => E) =>
  <A, E1, R>(self: Effect.Effect<A, E1, R>): Effect.Effect<A, E | E1, R> =>
    Duration.isFinite(duration)
      ? Effect.timeoutFail(self, { duration, onTimeout: () => onTimeout(Duration.toMillis(duration)) })
      : self

/**
 * The live layer, from options (which win over the environment and the profile). It needs an HttpClient and the
 * credentials; {@link layerNode} provides both.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  options?: AwsConfig.Options
): Layer.Layer<
  ProxySessions.ProxySessions,
  ConfigurationError,
  HttpClient.HttpClient | Credentials.AwsCredentials
> => Layer.effect(ProxySessions.ProxySessions, make).pipe(Layer.provide(AwsConfig.layer(options)))

/**
 * The live layer, with its options read from a Config.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  options: Config.Config.Wrap<AwsConfig.Options>
): Layer.Layer<
  ProxySessions.ProxySessions,
  ConfigurationError,
  HttpClient.HttpClient | Credentials.AwsCredentials
> => Layer.effect(ProxySessions.ProxySessions, make).pipe(Layer.provide(AwsConfig.layerConfig(options)))

// The default credential chain for the configured profile, over the given HTTP client.
const layerDefaultChain = (
  options: AwsConfig.Options | undefined,
  httpClient: Layer.Layer<HttpClient.HttpClient>
): Layer.Layer<ProxySessions.ProxySessions, ConfigurationError> =>
  Layer.effect(ProxySessions.ProxySessions, make).pipe(
    Layer.provide(
      Layer.unwrapEffect(
        Effect.map(AwsConfig.AwsConfig, (config) => Credentials.layerDefaultChain({ profile: config.profile }))
      )
    ),
    Layer.provide(httpClient),
    Layer.provide(AwsConfig.layer(options))
  )

// undici is imported when the layer is built, never with this module: `@effect/platform-node/NodeHttpClient`
// re-exports all of undici (about 0.5 MiB that no bundler can tree-shake), which a program using `layer` or
// `layerNodeFetch` must neither bundle nor load.
const undici = (): Layer.Layer<HttpClient.HttpClient> =>
  Layer.unwrapEffect(
    Effect.map(Effect.promise(() => import("@effect/platform-node/NodeHttpClient")), (module) => module.layerUndici)
  )

/**
 * The live layer for Node, ready to use: undici for HTTP and the AWS SDKs' default credential chain, for the
 * configured profile. undici lists about 15 % faster than Node's `fetch` (see {@link layerNodeFetch}).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerNode = (options?: AwsConfig.Options): Layer.Layer<ProxySessions.ProxySessions, ConfigurationError> =>
  layerDefaultChain(options, undici())

/**
 * {@link layerNode} over Node's built-in `fetch` instead of undici: no HTTP library to bundle (about 0.5 MiB less)
 * or load at start (tens of milliseconds less), for about 15 % more CPU per page.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerNodeFetch = (
  options?: AwsConfig.Options
): Layer.Layer<ProxySessions.ProxySessions, ConfigurationError> => layerDefaultChain(options, FetchHttpClient.layer)
