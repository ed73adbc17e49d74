import { ProxySessionsError, ServiceError } from "@chime-proxy/core"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Random from "effect/Random"
import * as Ref from "effect/Ref"
import * as Schedule from "effect/Schedule"
import * as ScheduleDecision from "effect/ScheduleDecision"
import * as Interval from "effect/ScheduleInterval"
import type * as Retry from "../Retry.js"
import * as RateLimiter from "./rateLimiter.js"

/** @internal */
export const defaultBackoff: Retry.Backoff = {
  base: Duration.millis(100),
  throttlingBase: Duration.millis(500),
  max: Duration.seconds(20)
}

/** @internal */
export const quota = {
  capacity: 500,
  retryCost: 5,
  timeoutRetryCost: 10,
  noRetryIncrement: 1
} as const

/** @internal */
export const clockSkewThreshold: Duration.Duration = Duration.minutes(4)

/** @internal */
export const backoffDelay = (
  backoff: Retry.Backoff,
  retries: number,
  throttling: boolean
): Effect.Effect<Duration.Duration> =>
  Effect.map(Random.next, (random) => {
    const base = Duration.toMillis(throttling ? backoff.throttlingBase : backoff.base)
    return Duration.millis(Math.floor(Math.min(Duration.toMillis(backoff.max), random * 2 ** retries * base)))
  })

const costOf = (error: ProxySessionsError.ProxySessionsError): number =>
  error._tag === "TransportError" || error._tag === "TimeoutError" ? quota.timeoutRetryCost : quota.retryCost

/** @internal */
export const make = (options: {
  readonly mode: Retry.RetryMode
  readonly maxAttempts: number
  readonly backoff?: Retry.Backoff | undefined
}): Effect.Effect<Retry.RetryPolicy> =>
  Effect.gen(function*() {
    const backoff = options.backoff ?? defaultBackoff
    const available = yield* Ref.make<number>(quota.capacity)
    const clockOffset = yield* Ref.make(0)
    const limiter = yield* RateLimiter.make
    const adaptive = options.mode === "adaptive"
    const decide: Retry.RetryPolicy["decide"] = ({ attempt, error, retryAfter }) => {
      const errorClass = ProxySessionsError.classify(error)
      if (errorClass === "final") return Effect.succeed({ _tag: "Stop", reason: "not retryable" } as const)
      if (attempt >= options.maxAttempts) {
        return Effect.succeed({ _tag: "Stop", reason: "attempts exhausted" } as const)
      }
      const cost = costOf(error)
      return Ref.modify(available, (left): readonly [boolean, number] =>
        left < cost ? [false, left] : [true, left - cost]).pipe(
          Effect.flatMap((granted): Effect.Effect<Retry.Decision> => {
            if (!granted) {
              return Effect.succeed({ _tag: "Stop", reason: "quota exhausted" })
            }
            return Option.match(retryAfter, {
              onNone: () =>
                backoffDelay(backoff, attempt - 1, errorClass === "throttling"),
              onSome: (hint) => Effect.succeed(Duration.min(hint, backoff.max))
            }).pipe(Effect.map((delay): Retry.Decision => ({ _tag: "Retry", delay, cost })))
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

const digits = /^\d+$/

/** @internal */
export const retryAfterHint = (
  headers: Readonly<Record<string, string | undefined>>,
  now: number
): Option.Option<Duration.Duration> => {
  const amz = headers["x-amz-retry-after"]?.trim()
  if (amz !== undefined && digits.test(amz)) return Option.some(Duration.millis(Number(amz)))
  // Absent or blank, it is neither digits nor a date.
  const standard = headers["retry-after"]?.trim() ?? ""
  if (digits.test(standard)) return Option.some(Duration.seconds(Number(standard)))
  const date = Date.parse(standard)
  return Number.isNaN(date) ? Option.none() : Option.some(Duration.millis(Math.max(0, date - now)))
}

/** @internal */
export const correctClockSkew = (
  policy: Retry.RetryPolicy,
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

/** @internal */
export const errorName = (error: ProxySessionsError.ProxySessionsError): string =>
  ServiceError.isServiceError(error) ? ServiceError.errorName(error) : error._tag

interface ScheduleState {
  /** The number of the attempt that just failed. */
  readonly attempt: number
  readonly skewCorrected: boolean
  readonly lastRetryCost: number | undefined
}

/** @internal */
export const schedule = (policy: Retry.RetryPolicy): Schedule.Schedule<number | undefined, Retry.Failure> =>
  Schedule.makeWithState<ScheduleState, Retry.Failure, number | undefined>(
    { attempt: 1, skewCorrected: false, lastRetryCost: undefined },
    (now, failure, state) =>
      Effect.gen(function*() {
        const { error } = failure
        const stop = [state, state.lastRetryCost, ScheduleDecision.done] as const
        if (failure.final) return stop
        const next = (delayMillis: number, changes: Partial<ScheduleState>) =>
          [
            { ...state, ...changes, attempt: state.attempt + 1 },
            changes.lastRetryCost ?? state.lastRetryCost,
            ScheduleDecision.continueWith(Interval.after(now + delayMillis))
          ] as const
        if (
          ProxySessionsError.isClockSkew(error) && !state.skewCorrected && state.attempt < policy.maxAttempts &&
          (yield* correctClockSkew(policy, failure.headers["date"]))
        ) {
          yield* Effect.logDebug("clock skew corrected; retrying").pipe(
            Effect.annotateLogs({ attempt: state.attempt, error: errorName(error) })
          )
          return next(0, { skewCorrected: true })
        }
        const offset = yield* Ref.get(policy.clockOffset)
        const decision = yield* policy.decide({
          error,
          attempt: state.attempt,
          retryAfter: retryAfterHint(failure.headers, now + offset)
        })
        if (decision._tag === "Stop") {
          yield* Effect.annotateCurrentSpan("retry.stopped", decision.reason)
          return stop
        }
        const delayMillis = Duration.toMillis(decision.delay)
        yield* Effect.logDebug("retrying").pipe(
          Effect.annotateLogs({ attempt: state.attempt, error: errorName(error), delayMillis })
        )
        return next(delayMillis, { lastRetryCost: decision.cost })
      })
  )
