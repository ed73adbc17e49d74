// The adaptive mode's rate limiter against the official one: the AWS SDK for JavaScript's own DefaultRateLimiter
// (@smithy/core/retry, as installed with @aws-sdk/client-chime-sdk-voice), driven through the same sends, at the same
// instants, with the same outcomes. Every wait for a send token must be the SDK's, to a microsecond. The CUBIC
// arithmetic is where a mutant hides from the behaviour tests of Retry.test.ts (npm run mutation -- retry).
import { assert, describe, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as FastCheck from "effect/FastCheck"
import * as Fiber from "effect/Fiber"
import * as Option from "effect/Option"
import * as TestClock from "effect/TestClock"
import { createRequire } from "node:module"
import * as RateLimiter from "../src/internal/rateLimiter.js"

interface SdkRateLimiter {
  getSendToken(): Promise<void>
  updateClientSendingRate(response: unknown): void
}
interface SdkRateLimiterClass {
  new(): SdkRateLimiter
  setTimeoutFn: (fn: () => void, delay: number) => void
}

const sdkRequire = createRequire(createRequire(import.meta.url).resolve("@aws-sdk/client-chime-sdk-voice"))
const { DefaultRateLimiter } = sdkRequire("@smithy/core/retry") as { DefaultRateLimiter: SdkRateLimiterClass }

/** The SDK's limiter on a clock of our own: its waits move that clock instead of a timer. */
const sdkLimiter = (startMillis: number) => {
  const clock = { millis: startMillis, waited: 0 }
  class OnOurClock extends DefaultRateLimiter {
    getCurrentTimeInSeconds() {
      return clock.millis / 1000
    }
  }
  const limiter = new OnOurClock()
  const acquire = async (): Promise<number> => {
    clock.waited = 0
    const previous = DefaultRateLimiter.setTimeoutFn
    DefaultRateLimiter.setTimeoutFn = (fn, delay) => {
      // A delay too small to move the clock would loop for ever: a nanosecond is below any tolerance here.
      const step = Math.max(delay, 1e-6)
      clock.millis += step
      clock.waited += step
      if (clock.waited > 3_600_000) throw new Error("the SDK's limiter waited over an hour")
      fn()
    }
    try {
      await limiter.getSendToken()
    } finally {
      DefaultRateLimiter.setTimeoutFn = previous
    }
    return clock.waited
  }
  const update = (throttled: boolean) =>
    limiter.updateClientSendingRate(
      throttled ? { errorType: "THROTTLING", error: {} } : { errorType: "TRANSIENT", error: {} }
    )
  return { clock, acquire, update }
}

interface Step {
  /** Milliseconds since the previous send ended. */
  readonly pause: number
  readonly throttled: boolean
}

/** Our limiter's wait for one send token, read from the TestClock's pending sleep, then served. */
const ourWait = (limiter: RateLimiter.RateLimiter) =>
  Effect.gen(function*() {
    const start = yield* TestClock.currentTimeMillis
    const fiber = yield* Effect.fork(limiter.acquire)
    for (let i = 0; i < 1000 && Option.isNone(yield* Fiber.poll(fiber)); i++) {
      const sleeps = yield* TestClock.sleeps()
      if (Chunk.isNonEmpty(sleeps)) {
        const wakeUp = Chunk.unsafeHead(sleeps)
        yield* TestClock.adjust(Duration.millis(wakeUp - start))
        yield* Fiber.join(fiber)
        return wakeUp - start
      }
      yield* Effect.yieldNow()
    }
    yield* Fiber.join(fiber)
    return 0
  })

const run = (steps: ReadonlyArray<Step>) =>
  Effect.gen(function*() {
    const start = yield* TestClock.currentTimeMillis
    const ours = yield* RateLimiter.make
    const sdk = sdkLimiter(start)
    const waits: Array<readonly [ours: number, sdk: number]> = []
    for (const step of steps) {
      yield* TestClock.adjust(Duration.millis(step.pause))
      sdk.clock.millis += step.pause
      const wait = yield* ourWait(ours)
      const sdkWait = yield* Effect.promise(() => sdk.acquire())
      waits.push([wait, sdkWait])
      yield* ours.update(step.throttled)
      sdk.update(step.throttled)
      // Both clocks stay together, whatever either waited.
      assert.closeTo(yield* TestClock.currentTimeMillis, sdk.clock.millis, 1e-3)
    }
    return waits
  })

const assertSameWaits = (waits: ReadonlyArray<readonly [number, number]>, label: string) => {
  for (const [index, [ours, sdk]] of waits.entries()) {
    // The SDK rounds its rates to 8 decimals; a microsecond is far coarser than that and far finer than any mutant.
    assert.closeTo(ours, sdk, 1e-3 + Math.abs(sdk) * 1e-6, `${label}: send ${index + 1}`)
  }
}

describe("the adaptive rate limiter, against the AWS SDK's", () => {
  it.effect("before any throttling, nothing waits", () =>
    Effect.gen(function*() {
      const waits = yield* run(Array.from({ length: 20 }, () => ({ pause: 100, throttled: false })))
      assert.deepStrictEqual(waits.map(([ours]) => ours), Array.from({ length: 20 }, () => 0))
      assertSameWaits(waits, "no throttling")
    }))

  it.effect("a burst, a throttle, and the recovery after it", () =>
    Effect.gen(function*() {
      const burst = Array.from({ length: 40 }, () => ({ pause: 50, throttled: false }))
      const recovery = Array.from({ length: 60 }, () => ({ pause: 0, throttled: false }))
      const waits = yield* run([...burst, { pause: 50, throttled: true }, ...recovery])
      // The throttle is felt: some send after it waits.
      assert.isAbove(Math.max(...waits.slice(41).map(([ours]) => ours)), 0)
      assertSameWaits(waits, "burst")
    }))

  it.effect("any sequence of sends, pauses and throttles", () =>
    Effect.gen(function*() {
      const step = FastCheck.record({
        pause: FastCheck.oneof(
          FastCheck.constantFrom(0, 1, 250, 499, 500, 501, 1000, 2000, 5000),
          FastCheck.integer({ min: 0, max: 3000 })
        ),
        throttled: FastCheck.integer({ min: 0, max: 9 }).map((n) => n < 3)
      })
      const sequences = FastCheck.sample(FastCheck.array(step, { minLength: 1, maxLength: 40 }), {
        numRuns: 60,
        seed: 16
      })
      for (const [index, steps] of sequences.entries()) {
        assertSameWaits(yield* run(steps), `sequence ${index + 1}`)
      }
    }))
})
