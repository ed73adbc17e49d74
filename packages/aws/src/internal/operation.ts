/**
 * One call of an operation of the live layer, whatever the operation: the HttpClient pipeline (SigV4 as a
 * request-mapping step), the attempts retried with the Retry.schedule of the AWS SDKs' policy, the attempt and
 * operation timeouts, and a span per call and per attempt. ListProxySessions and ListVoiceConnectors are this call
 * with their own request and response codecs.
 */
import { ClientError, ProxySessionsError, Wire } from "@chime-proxy/core"
import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Either from "effect/Either"
import { identity } from "effect/Function"
import * as Ref from "effect/Ref"
import * as Schedule from "effect/Schedule"
import * as Tracer from "effect/Tracer"
import { randomUUID } from "node:crypto"
import * as AwsConfig from "../AwsConfig.js"
import * as Credentials from "../Credentials.js"
import * as Retry from "../Retry.js"
import * as Signer from "../Signer.js"
import * as Client from "./client.js"
import * as Response from "./response.js"
import { errorName } from "./retry.js"
import * as Timeout from "./timeout.js"
import { fromHttpClientError } from "./transport.js"

/** @internal */
export const userAgent = "chime-proxy-aws/0.1.0" as const

const annotateSpan: Response.Annotate = (values) => Effect.annotateCurrentSpan(values)

// Untraced, the annotations are skipped too: with no span of ours to land on, each would cost an exception.
const skipAnnotation: Response.Annotate = () => Effect.void

const annotateError = (annotate: Response.Annotate) => (error: ProxySessionsError.ProxySessionsError) =>
  annotate({ "error.type": errorName(error) })

// A failure with no response; `final` when the request was never sent: not to be retried whatever its class.
const failure = (error: ProxySessionsError.ProxySessionsError, final = false): Retry.Failure => ({
  error,
  headers: {},
  final
})

const transport = (error: HttpClientError.HttpClientError) => Effect.fail(failure(fromHttpClientError(error)))

// The parent of an untraced call: an external span, which span annotations skip (they only annotate spans of this
// process), so that any made within the call (the retry schedule's, say) land nowhere rather than on the caller's.
const untracedParent = Tracer.externalSpan({ traceId: "untraced", spanId: "untraced", sampled: false })

/**
 * Runs a call without spans: neither ours nor the HttpClient's (nor its trace headers).
 */
const untraced = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  effect.pipe(Effect.withParentSpan(untracedParent), Effect.withTracerEnabled(false))

/**
 * An operation as the live layer calls it: its name and span, and how to read a successful response's body.
 *
 * @internal
 */
export interface Operation<A> {
  readonly name: string
  readonly spanName: string
  readonly decode: (
    status: number,
    body: string,
    requestId?: string
  ) => Either.Either<A, ClientError.ResponseDecodeError>
}

/**
 * Calls an operation: method, path and query encoded by core's wire codecs, the answer decoded or failed with the
 * operation's error.
 *
 * @internal
 */
export type Call = <A>(
  operation: Operation<A>,
  parts: Wire.HttpRequestParts
) => Effect.Effect<A, ProxySessionsError.ProxySessionsError>

/**
 * The call of the live layer for the configuration, the credentials and the HttpClient of the context. The retry
 * quota, the adaptive rate limiter, the clock offset and the signers belong to the call made, shared by all its
 * calls.
 *
 * @internal
 */
export const makeCall: Effect.Effect<
  Call,
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
  // Effect's own tracer, in use when no tracer is installed: it records nothing that anyone can read, and its spans
  // (ours and the HttpClient's) were about a tenth of a page's CPU time, so calls made under it are not traced.
  const nativeTracer = yield* Effect.sync(() => Effect.runSync(Effect.tracer))
  // Effect's own Clock, under which a timeout is a timer rather than a second fiber (see Timeout.timeoutFail).
  const liveClock = yield* Effect.sync(() => Effect.runSync(Effect.clock))
  const timeoutAfter = <E>(duration: Duration.Duration, onTimeout: (millis: number) => E) =>
    Timeout.timeoutFail(duration, onTimeout, liveClock)
  const endpoint = new URL(config.endpoint)
  const basePath = endpoint.pathname === "/" ? "" : endpoint.pathname

  const attempt = <A>(
    request: HttpClientRequest.HttpClientRequest,
    attemptNumber: number,
    decode: Operation<A>["decode"],
    spanName: string,
    traced: boolean
  ): Effect.Effect<A, Retry.Failure> => {
    const annotate = traced ? annotateSpan : skipAnnotation
    return Effect.gen(function*() {
      yield* annotate({ attempt: attemptNumber })
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
        Effect.flatMap((response) =>
          Response.decode(response, config.maxResponseBytes, decode, config.readTimeout, annotate)
        ),
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
            annotateError(annotate)(failure.error)
          ),
        onSuccess: () => policy.recordOutcome(false)
      }),
      traced ? Effect.withSpan(`${spanName}.attempt`, { kind: "client" }) : identity
    )
  }

  return <A>(operation: Operation<A>, parts: Wire.HttpRequestParts) => {
    const query = Wire.encodeQuery(parts.query)
    const url = `${endpoint.origin}${basePath}${parts.path}${query === "" ? "" : `?${query}`}`
    const call = (traced: boolean) => {
      const annotate = traced ? annotateSpan : skipAnnotation
      return Effect.gen(function*() {
        const base = HttpClientRequest.get(url, {
          headers: { "amz-sdk-invocation-id": randomUUID(), "x-amz-user-agent": userAgent }
        })
        const attempts = yield* Ref.make(0)
        const lastRetryCost = yield* Ref.make<number | undefined>(undefined)
        const next = Effect.flatMap(
          Ref.updateAndGet(attempts, (n) => n + 1),
          (attemptNumber) => attempt(base, attemptNumber, operation.decode, operation.spanName, traced)
        )
        const response = yield* next.pipe(
          // The retry schedule is set up once an attempt has failed (most calls succeed at once), and given that
          // failure first, without another attempt: what it sees, and when, is as with `Effect.retry(next, ...)`.
          Effect.catchAll((first) => {
            let replay = true
            return Effect.retry(
              Effect.suspend(() => {
                if (!replay) return next
                replay = false
                return Effect.fail(first)
              }),
              Schedule.tapOutput(schedule, (cost) => Ref.set(lastRetryCost, cost))
            )
          }),
          Effect.ensuring(Effect.flatMap(Ref.get(attempts), (n) => annotate({ attempts: n }))),
          Effect.mapError((failure) => failure.error)
        )
        yield* policy.recordSuccess(yield* Ref.get(lastRetryCost))
        return response
      }).pipe(
        timeoutAfter(config.operationTimeout, (millis) => new ClientError.TimeoutError({ scope: "operation", millis })),
        Effect.tapError(annotateError(annotate))
      )
    }
    return Effect.tracerWith((tracer) =>
      tracer === nativeTracer ? untraced(call(false)) : Effect.withSpan(call(true), operation.spanName, {
        kind: "client",
        attributes: {
          "rpc.system": "aws-api",
          "rpc.service": "ChimeSDKVoice",
          "rpc.method": operation.name,
          "aws.region": config.region,
          "server.address": endpoint.hostname
        }
      })
    )
  }
})
