// The adaptive retry mode's client-side rate limiter: the AWS SDKs' CUBIC token bucket, on Effect's Clock.
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as SynchronizedRef from "effect/SynchronizedRef"

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

/** @internal */
export const make: Effect.Effect<RateLimiter> = Effect.gen(function*() {
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

/** @internal */
export interface RateLimiter {
  /** Waits until one more request may go. */
  readonly acquire: Effect.Effect<void>
  /** Learns from how a request went. */
  readonly update: (throttled: boolean) => Effect.Effect<void>
}
