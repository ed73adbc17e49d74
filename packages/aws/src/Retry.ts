/**
 * The retry behaviour of the AWS SDKs, on Effect's Clock: the standard mode (full-jitter exponential backoff, a
 * retry quota shared by every call of a client), the adaptive mode (standard plus a client-side rate limiter that
 * slows down after throttling), server hints (`x-amz-retry-after`, `Retry-After`) and clock-skew correction. The
 * state is a {@link RetryPolicy}, made once per layer; {@link schedule} turns it into the `Schedule` the layer
 * retries with.
 *
 * @since 0.1.0
 */
import type { ProxySessionsError } from "@chime-proxy/core"
import type * as Duration from "effect/Duration"
import type * as Effect from "effect/Effect"
import type * as Option from "effect/Option"
import type * as Ref from "effect/Ref"
import type * as Schedule from "effect/Schedule"
import * as internal from "./internal/retry.js"

/**
 * `standard` or `adaptive`, as `AWS_RETRY_MODE` names them.
 *
 * @since 0.1.0
 * @category models
 */
export type RetryMode = "standard" | "adaptive"

/**
 * The delays of the exponential backoff.
 *
 * @since 0.1.0
 * @category models
 */
export interface Backoff {
  /** The base delay of transient errors (100 ms). */
  readonly base: Duration.Duration
  /** The base delay of throttling errors (500 ms). */
  readonly throttlingBase: Duration.Duration
  /** The longest delay, server hints included (20 s). */
  readonly max: Duration.Duration
}

/**
 * The AWS SDKs' standard delays.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultBackoff: Backoff = internal.defaultBackoff

/**
 * The retry quota of the standard mode: what the bucket holds, what a retry takes from it, and what a success
 * gives back.
 *
 * @since 0.1.0
 * @category constants
 */
export const quota: typeof internal.quota = internal.quota

/**
 * The default number of attempts, the first included.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultMaxAttempts = 3

/**
 * How far the server's `Date` must be from the corrected local clock for a clock-skew error to be retried.
 *
 * @since 0.1.0
 * @category constants
 */
export const clockSkewThreshold: Duration.Duration = internal.clockSkewThreshold

/**
 * What the policy decided after a failed attempt.
 *
 * @since 0.1.0
 * @category models
 */
export type Decision =
  | { readonly _tag: "Retry"; readonly delay: Duration.Duration; readonly cost: number }
  | { readonly _tag: "Stop"; readonly reason: "not retryable" | "attempts exhausted" | "quota exhausted" }

/**
 * The retry state of one client: the quota, the adaptive rate limiter and the clock offset, shared by all its calls.
 *
 * @since 0.1.0
 * @category models
 */
export interface RetryPolicy {
  readonly mode: RetryMode
  readonly maxAttempts: number
  readonly backoff: Backoff
  /** Waits, in adaptive mode, until the rate limiter lets one more request go. */
  readonly acquireSendToken: Effect.Effect<void>
  /** Tells the adaptive rate limiter how a request went. */
  readonly recordOutcome: (throttled: boolean) => Effect.Effect<void>
  /**
   * Decides about a failed attempt (`attempt` counts from 1): retry after a delay, taking from the quota, or stop.
   * `retryAfter` is the server's hint.
   */
  readonly decide: (options: {
    readonly error: ProxySessionsError.ProxySessionsError
    readonly attempt: number
    readonly retryAfter: Option.Option<Duration.Duration>
  }) => Effect.Effect<Decision>
  /** Gives back to the quota after a success: the last retry's cost, or the small increment of a first try. */
  readonly recordSuccess: (lastRetryCost: number | undefined) => Effect.Effect<void>
  /** What is left of the quota. */
  readonly quotaAvailable: Effect.Effect<number>
  /** The offset (ms) to add to the local clock to get the server's, learnt from clock-skew errors. */
  readonly clockOffset: Ref.Ref<number>
}

/**
 * The full-jitter exponential backoff of a retry (`retries` counts the retries before this one): a random delay
 * between 0 and `base × 2^retries`, at most `max`.
 *
 * @since 0.1.0
 * @category backoff
 */
export const backoffDelay: (
  backoff: Backoff,
  retries: number,
  throttling: boolean
) => Effect.Effect<Duration.Duration> = internal.backoffDelay

/**
 * Makes the retry state of one client.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: (options: {
  readonly mode: RetryMode
  readonly maxAttempts: number
  readonly backoff?: Backoff | undefined
}) => Effect.Effect<RetryPolicy> = internal.make

/**
 * Reads a server's hint of when to retry: `x-amz-retry-after` in milliseconds, else `Retry-After` in seconds or as
 * an HTTP date (against `now`, the server's time as best known).
 *
 * @since 0.1.0
 * @category hints
 */
export const retryAfterHint: (
  headers: Readonly<Record<string, string | undefined>>,
  now: number
) => Option.Option<Duration.Duration> = internal.retryAfterHint

/**
 * Learns the clock offset from a clock-skew error's `Date` header. Succeeds with `true` when the offset changed by
 * at least {@link clockSkewThreshold}, which makes the failed attempt worth one more try.
 *
 * @since 0.1.0
 * @category clock skew
 */
export const correctClockSkew: (
  policy: RetryPolicy,
  serverDate: string | undefined
) => Effect.Effect<boolean> = internal.correctClockSkew

/**
 * A failed attempt, as the retry schedule sees it: its error, the response's headers (empty when there was no
 * response), and whether it is final whatever its class because the request was never sent.
 *
 * @since 0.1.0
 * @category models
 */
export interface Failure {
  readonly error: ProxySessionsError.ProxySessionsError
  readonly headers: Readonly<Record<string, string>>
  readonly final: boolean
}

/**
 * The policy as a `Schedule` over the failures of one call's attempts, for `Effect.retry`: one more try at once
 * after a clock-skew error that corrected the clock, else the policy's decision (the attempts, the quota, the
 * backoff or the server's hint). It outputs the cost of the last retry, which a success gives back to the quota
 * with {@link RetryPolicy.recordSuccess}. The schedule's state is per call; the policy's (quota, rate limiter,
 * clock offset) is shared by every call.
 *
 * @since 0.1.0
 * @category schedules
 */
export const schedule: (policy: RetryPolicy) => Schedule.Schedule<number | undefined, Failure> = internal.schedule
