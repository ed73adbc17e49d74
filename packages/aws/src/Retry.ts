/**
 * The retry behaviour of the AWS SDKs, on Effect's Clock: the standard mode (full-jitter exponential backoff, a
 * retry quota shared by every call of a client), the adaptive mode (standard plus a client-side rate limiter that
 * slows down after throttling), server hints (`x-amz-retry-after`, `Retry-After`) and clock-skew correction.
 *
 * @since 0.1.0
 */
import { ProxySessionsError } from "@chime-proxy/core"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Random from "effect/Random"
import * as Ref from "effect/Ref"
import * as SynchronizedRef from "effect/SynchronizedRef"

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
export const defaultBackoff: Backoff = {
  base: Duration.millis(100),
  throttlingBase: Duration.millis(500),
  max: Duration.seconds(20)
}

/**
 * The retry quota of the standard mode: what the bucket holds, what a retry takes from it, and what a success
 * gives back.
 *
 * @since 0.1.0
 * @category constants
 */
export const quota = {
  capacity: 500,
  retryCost: 5,
  timeoutRetryCost: 10,
  noRetryIncrement: 1
} as const

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
export const clockSkewThreshold: Duration.Duration = Duration.minutes(4)

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
export const backoffDelay = (
  backoff: Backoff,
  retries: number,
  throttling: boolean
): Effect.Effect<Duration.Duration> =>
  Effect.map(Random.next, (random) => {
    const base = Duration.toMillis(throttling ? backoff.throttlingBase : backoff.base)
    return Duration.millis(Math.floor(Math.min(Duration.toMillis(backoff.max), random * 2 ** retries * base)))
  })

const costOf = (error: ProxySessionsError.ProxySessionsError): number =>
  error._tag === "TransportError" || error._tag === "TimeoutError" ? quota.timeoutRetryCost : quota.retryCost

/**
 * Makes the retry state of one client.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: {
  readonly mode: RetryMode
  readonly maxAttempts: number
  readonly backoff?: Backoff | undefined
}): Effect.Effect<RetryPolicy> =>
  Effect.gen(function*() {
    const backoff = options.backoff ?? defaultBackoff
    const available = yield* Ref.make<number>(quota.capacity)
    const clockOffset = yield* Ref.make(0)
    const limiter = yield* makeRateLimiter
    const adaptive = options.mode === "adaptive"
    const decide: RetryPolicy["decide"] = ({ attempt, error, retryAfter }) => {
      const errorClass = ProxySessionsError.classify(error)
      if (errorClass === "final") return Effect.succeed({ _tag: "Stop", reason: "not retryable" } as const)
      if (attempt >= options.maxAttempts) {
        return Effect.succeed({ _tag: "Stop", reason: "attempts exhausted" } as const)
      }
      const cost = costOf(error)
      return Ref.modify(available, (left): readonly [boolean, number] =>
        left < cost ? [false, left] : [true, left - cost]).pipe(
          Effect.flatMap((granted): Effect.Effect<Decision> => {
            if (!granted) {
              return Effect.succeed({ _tag: "Stop", reason: "quota exhausted" })
            }
            return Option.match(retryAfter, {
              onNone: () =>
                backoffDelay(backoff, attempt - 1, errorClass === "throttling"),
              onSome: (hint) => Effect.succeed(Duration.min(hint, backoff.max))
            }).pipe(Effect.map((delay): Decision => ({ _tag: "Retry", delay, cost })))
          })
        )
    }
    return {
      mode: options.mode,
      maxAttempts: options.maxAttempts,
      backoff,
      acquireSendToken: adaptive ? limiter.acquire : Effect.void,
      recordOutcome: (throttled) => adaptive ? limiter.update(throttled) : Effect.void,
      decide,
      recordSuccess: (lastRetryCost) =>
        Ref.update(available, (left) => Math.min(quota.capacity, left + (lastRetryCost ?? quota.noRetryIncrement))),
      quotaAvailable: Ref.get(available),
      clockOffset
    }
  })

interface LimiterState {
  readonly fillRate: number
  readonly maxCapacity: number
  readonly currentCapacity: number
  readonly lastTimestamp: number | undefined
  readonly enabled: boolean
  readonly lastMaxRate: number
  readonly lastThrottleTime: number
  readonly timeWindow: number
  readonly measuredTxRate: number
  readonly requestCount: number
  readonly lastTxRateBucket: number
}

// The constants of the SDKs' adaptive rate limiter (CUBIC).
const beta = 0.7
const minCapacity = 1
const minFillRate = 0.5
const scaleConstant = 0.4
const smooth = 0.8

const refill = (state: LimiterState, now: number): LimiterState =>
  state.lastTimestamp === undefined
    ? { ...state, lastTimestamp: now }
    : {
      ...state,
      currentCapacity: Math.min(
        state.maxCapacity,
        state.currentCapacity + (now - state.lastTimestamp) * state.fillRate
      ),
      lastTimestamp: now
    }

const measure = (state: LimiterState, now: number): LimiterState => {
  const timeBucket = Math.floor(now * 2) / 2
  const requestCount = state.requestCount + 1
  if (timeBucket <= state.lastTxRateBucket) return { ...state, requestCount }
  const currentRate = requestCount / (timeBucket - state.lastTxRateBucket)
  return {
    ...state,
    measuredTxRate: currentRate * smooth + state.measuredTxRate * (1 - smooth),
    requestCount: 0,
    lastTxRateBucket: timeBucket
  }
}

const timeWindowOf = (lastMaxRate: number) => Math.cbrt((lastMaxRate * (1 - beta)) / scaleConstant)

const makeRateLimiter = Effect.gen(function*() {
  const start = (yield* Clock.currentTimeMillis) / 1000
  const state = yield* SynchronizedRef.make<LimiterState>({
    fillRate: minFillRate,
    maxCapacity: minCapacity,
    currentCapacity: 0,
    lastTimestamp: undefined,
    enabled: false,
    lastMaxRate: 0,
    lastThrottleTime: start,
    timeWindow: 0,
    measuredTxRate: 0,
    requestCount: 0,
    lastTxRateBucket: Math.floor(start)
  })
  const nowSeconds = Effect.map(Clock.currentTimeMillis, (millis) => millis / 1000)
  // The token is taken at once, even when the bucket is short: the capacity goes below zero and the wait is
  // served outside the lock, so concurrent callers queue up behind one another instead of racing.
  const acquire = Effect.flatMap(
    nowSeconds,
    (now) =>
      SynchronizedRef.modify(state, (current): readonly [number, LimiterState] => {
        if (!current.enabled) return [0, current]
        const refilled = refill(current, now)
        const wait = refilled.currentCapacity >= 1 ? 0 : (1 - refilled.currentCapacity) / refilled.fillRate
        return [wait, { ...refilled, currentCapacity: refilled.currentCapacity - 1 }]
      })
  ).pipe(Effect.flatMap((wait) => wait > 0 ? Effect.sleep(Duration.millis(wait * 1000)) : Effect.void))
  const update = (throttled: boolean) =>
    Effect.flatMap(nowSeconds, (now) =>
      SynchronizedRef.update(state, (current) => {
        const measured = measure(current, now)
        let next: LimiterState
        let calculatedRate: number
        if (throttled) {
          const rateToUse = measured.enabled
            ? Math.min(measured.measuredTxRate, measured.fillRate)
            : measured.measuredTxRate
          next = {
            ...measured,
            lastMaxRate: rateToUse,
            timeWindow: timeWindowOf(rateToUse),
            lastThrottleTime: now,
            enabled: true
          }
          calculatedRate = rateToUse * beta
        } else {
          next = { ...measured, timeWindow: timeWindowOf(measured.lastMaxRate) }
          calculatedRate = scaleConstant * (now - next.lastThrottleTime - next.timeWindow) ** 3 + next.lastMaxRate
        }
        const newRate = Math.min(calculatedRate, 2 * next.measuredTxRate)
        const refilled = refill(next, now)
        const maxCapacity = Math.max(newRate, minCapacity)
        return {
          ...refilled,
          fillRate: Math.max(newRate, minFillRate),
          maxCapacity,
          currentCapacity: Math.min(refilled.currentCapacity, maxCapacity)
        }
      }))
  return { acquire, update }
})

/**
 * Reads a server's hint of when to retry: `x-amz-retry-after` in milliseconds, else `Retry-After` in seconds or as
 * an HTTP date (against `now`, the server's time as best known).
 *
 * @since 0.1.0
 * @category hints
 */
export const retryAfterHint = (
  headers: Readonly<Record<string, string | undefined>>,
  now: number
): Option.Option<Duration.Duration> => {
  const amz = headers["x-amz-retry-after"]
  if (amz !== undefined && /^\d+$/.test(amz.trim())) return Option.some(Duration.millis(Number(amz.trim())))
  const standard = headers["retry-after"]?.trim()
  if (standard === undefined || standard === "") return Option.none()
  if (/^\d+$/.test(standard)) return Option.some(Duration.seconds(Number(standard)))
  const date = Date.parse(standard)
  return Number.isNaN(date) ? Option.none() : Option.some(Duration.millis(Math.max(0, date - now)))
}

/**
 * Learns the clock offset from a clock-skew error's `Date` header. Succeeds with `true` when the offset changed by
 * at least {@link clockSkewThreshold}, which makes the failed attempt worth one more try.
 *
 * @since 0.1.0
 * @category clock skew
 */
export const correctClockSkew = (
  policy: RetryPolicy,
  serverDate: string | undefined
): Effect.Effect<boolean> => {
  if (serverDate === undefined) return Effect.succeed(false)
  const server = Date.parse(serverDate)
  if (Number.isNaN(server)) return Effect.succeed(false)
  return Effect.flatMap(
    Clock.currentTimeMillis,
    (now) =>
      Ref.modify(policy.clockOffset, (offset): readonly [boolean, number] => {
        const skew = Math.abs(server - (now + offset))
        return skew >= Duration.toMillis(clockSkewThreshold) ? [true, server - now] : [false, offset]
      })
  )
}
