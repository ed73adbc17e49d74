// The edges of the retry policy that the call-level tests of Retry.test.ts do not pin down: every form of a server's
// hint, the clock-skew threshold to the millisecond in both directions with an offset already learnt, the hint of a
// date read against the server's time, a skew error on the last attempt, the reason a spent quota gives, and the
// debug logs of each retry. Written for the mutants Stryker found surviving (npm run mutation -- retry).
import { Retry } from "@chime-proxy/aws"
import { ServiceError } from "@chime-proxy/core"
import { assert, describe, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as Option from "effect/Option"
import * as Ref from "effect/Ref"
import * as TestClock from "effect/TestClock"

// Milliseconds, or undefined for no hint: chai's deep equality cannot tell Option.none() from Option.some(x).
const hint = (headers: Record<string, string>, now = 0) =>
  Option.getOrUndefined(Option.map(Retry.retryAfterHint(headers, now), Duration.toMillis))

const unavailable = new ServiceError.ServiceUnavailableException({ Message: "" })
const skewed = (date: string): Retry.Failure => ({
  error: ServiceError.CommonError.of("RequestExpired", "Signature expired"),
  headers: { date },
  final: false
})

describe("server hints, every form", () => {
  it("x-amz-retry-after is plain digits of milliseconds, blanks around them aside; else Retry-After decides", () => {
    assert.strictEqual(hint({ "x-amz-retry-after": " 1500 " }), 1500)
    for (const bad of ["x15", "15x", "1.5", "-15", "", " "]) {
      assert.strictEqual(hint({ "x-amz-retry-after": bad }), undefined, bad)
      assert.strictEqual(hint({ "x-amz-retry-after": bad, "retry-after": "2" }), 2000, bad)
    }
  })

  it("Retry-After is plain digits of seconds, or an HTTP date; anything else, blank or absent is no hint", () => {
    assert.strictEqual(hint({ "retry-after": " 7 " }), 7000)
    assert.strictEqual(hint({ "retry-after": "0" }), 0)
    for (const bad of ["", "   ", "x7", "7x", "soon"]) {
      assert.strictEqual(hint({ "retry-after": bad }), undefined, bad)
    }
  })

  it("a date is read against the server's time as given, and one in the past means at once", () => {
    const date = new Date(10_000).toUTCString()
    assert.strictEqual(hint({ "retry-after": date }, 4_000), 6_000)
    assert.strictEqual(hint({ "retry-after": date }, 0), 10_000)
    assert.strictEqual(hint({ "retry-after": date }, 12_000), 0)
  })
})

describe("clock skew correction", () => {
  const minutes = (n: number) => n * 60_000

  it.effect("no Date, or one that is not a date, corrects nothing", () =>
    Effect.gen(function*() {
      const policy = yield* Retry.make({ mode: "standard", maxAttempts: 3 })
      assert.isFalse(yield* Retry.correctClockSkew(policy, undefined))
      assert.isFalse(yield* Retry.correctClockSkew(policy, "not a date"))
      assert.strictEqual(yield* Ref.get(policy.clockOffset), 0)
    }))

  it.effect("4 minutes apart, either way, is corrected; a second less is not; the offset is the server's lead", () =>
    Effect.gen(function*() {
      yield* TestClock.adjust("1 second")
      const policy = yield* Retry.make({ mode: "standard", maxAttempts: 3 })
      const at = (millis: number) => new Date(millis).toUTCString()
      assert.isFalse(yield* Retry.correctClockSkew(policy, at(1_000 + minutes(4) - 1_000)))
      assert.strictEqual(yield* Ref.get(policy.clockOffset), 0)
      assert.isTrue(yield* Retry.correctClockSkew(policy, at(1_000 + minutes(4))))
      assert.strictEqual(yield* Ref.get(policy.clockOffset), minutes(4))
      // Now measured against the corrected clock: the server is where we think it is.
      assert.isFalse(yield* Retry.correctClockSkew(policy, at(1_000 + minutes(4) + 1_000)))
      assert.strictEqual(yield* Ref.get(policy.clockOffset), minutes(4))
      // Back to our own time is 4 minutes from the corrected clock: corrected again.
      assert.isTrue(yield* Retry.correctClockSkew(policy, at(1_000)))
      assert.strictEqual(yield* Ref.get(policy.clockOffset), 0)
      assert.isTrue(yield* Retry.correctClockSkew(policy, at(1_000 - minutes(5))))
      assert.strictEqual(yield* Ref.get(policy.clockOffset), -minutes(5))
    }))

  it.effect("a skew error on the last attempt is not retried, however far the Date", () =>
    Effect.gen(function*() {
      const policy = yield* Retry.make({ mode: "standard", maxAttempts: 1 })
      const attempts = yield* Ref.make(0)
      const failure = skewed(new Date(3_600_000).toUTCString())
      const attempt: Effect.Effect<never, Retry.Failure> = Effect.zipRight(
        Ref.update(attempts, (n) => n + 1),
        Effect.fail(failure)
      )
      const exit = yield* Effect.exit(Effect.retry(attempt, Retry.schedule(policy)))
      assert.deepStrictEqual(exit, Exit.fail(failure))
      assert.strictEqual(yield* Ref.get(attempts), 1)
      assert.strictEqual(yield* Ref.get(policy.clockOffset), 0)
    }))

  it.effect("a hint of a date is read against the corrected clock", () =>
    Effect.gen(function*() {
      const policy = yield* Retry.make({ mode: "standard", maxAttempts: 3 })
      yield* Ref.set(policy.clockOffset, 10_000)
      const failure: Retry.Failure = {
        error: unavailable,
        headers: { "retry-after": new Date(15_000).toUTCString() },
        final: false
      }
      const attempts = yield* Ref.make(0)
      const attempt: Effect.Effect<number, Retry.Failure> = Effect.flatMap(
        Ref.updateAndGet(attempts, (n) => n + 1),
        (n) => n === 1 ? Effect.fail(failure) : Effect.succeed(n)
      )
      const fiber = yield* Effect.fork(Effect.retry(attempt, Retry.schedule(policy)))
      yield* TestClock.adjust("4999 millis")
      assert.strictEqual(yield* Ref.get(attempts), 1)
      yield* TestClock.adjust("1 millis")
      assert.strictEqual(yield* Fiber.join(fiber), 2)
    }))
})

describe("the policy's decisions", () => {
  it.effect("a spent quota says so", () =>
    Effect.gen(function*() {
      const policy = yield* Retry.make({ mode: "standard", maxAttempts: 3 })
      for (let i = 0; i < Retry.quota.capacity / Retry.quota.retryCost; i++) {
        const decision = yield* policy.decide({
          error: unavailable,
          attempt: 1,
          retryAfter: Option.some(Duration.zero)
        })
        assert.strictEqual(decision._tag, "Retry")
      }
      assert.strictEqual(yield* policy.quotaAvailable, 0)
      assert.deepStrictEqual(
        yield* policy.decide({ error: unavailable, attempt: 1, retryAfter: Option.none() }),
        { _tag: "Stop", reason: "quota exhausted" }
      )
    }))
})

describe("what a retry logs", () => {
  it.effect("each retry, and each clock-skew correction, at debug level with the attempt and the error's name", () =>
    Effect.gen(function*() {
      const lines: Array<string> = []
      const logger = Logger.make(({ annotations, message }) => {
        const fields = [...annotations].map(([key, value]) => `${key}=${String(value)}`).sort().join(" ")
        lines.push(`${String(Array.isArray(message) ? message.join(" ") : message)} ${fields}`)
      })
      const policy = yield* Retry.make({
        mode: "standard",
        maxAttempts: 3,
        backoff: { base: Duration.zero, throttlingBase: Duration.zero, max: Duration.zero }
      })
      const failures: ReadonlyArray<Retry.Failure> = [skewed(new Date(3_600_000).toUTCString()), {
        error: unavailable,
        headers: {},
        final: false
      }]
      const attempts = yield* Ref.make(0)
      const attempt: Effect.Effect<number, Retry.Failure> = Effect.flatMap(
        Ref.getAndUpdate(attempts, (n) => n + 1),
        (n) => n < failures.length ? Effect.fail(failures[n]!) : Effect.succeed(n)
      )
      const result = yield* Effect.retry(attempt, Retry.schedule(policy)).pipe(
        Logger.withMinimumLogLevel(LogLevel.Debug),
        Effect.provide(Logger.replace(Logger.defaultLogger, logger))
      )
      assert.strictEqual(result, 2)
      assert.deepStrictEqual(lines, [
        "clock skew corrected; retrying attempt=1 error=RequestExpired",
        "retrying attempt=2 delayMillis=0 error=ServiceUnavailableException"
      ])
    }))
})
