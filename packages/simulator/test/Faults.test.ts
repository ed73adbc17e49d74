import { ProxySessions, ProxySessionsError } from "@chime-proxy/core"
import { FaultPlan, Simulator } from "@chime-proxy/simulator"
import { assert, describe, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Fiber from "effect/Fiber"
import * as Schedule from "effect/Schedule"
import * as TestClock from "effect/TestClock"
import { defined } from "./utils.js"

const call = (voiceConnectorId: string) =>
  Effect.either(ProxySessions.listProxySessions({ VoiceConnectorId: voiceConnectorId }))

/** The outcome of each of `count` calls: "ok" or the error's tag. */
const outcomes = (voiceConnectorId: string, count: number) =>
  Effect.forEach(
    Array.from({ length: count }),
    () => Effect.map(call(voiceConnectorId), (result) => Either.isRight(result) ? "ok" : result.left._tag)
  )

const connector = Effect.flatMap(Simulator.SimulatorControl, (control) => control.createVoiceConnector())

describe("scripted faults", () => {
  it.effect("the 3rd call fails with ThrottledClientException, and only it", () =>
    Effect.gen(function*() {
      const voiceConnectorId = yield* connector
      assert.deepStrictEqual(yield* outcomes(voiceConnectorId, 5), [
        "ok",
        "ok",
        "ThrottledClientException",
        "ok",
        "ok"
      ])
    }).pipe(
      Effect.provide(
        Simulator.layer({ faults: FaultPlan.scripted(FaultPlan.failCall(3, "ThrottledClientException")) })
      )
    ))

  it.effect("calls 5 to 7 fail with ServiceUnavailableException (503), with the given message", () =>
    Effect.gen(function*() {
      const control = yield* Simulator.SimulatorControl
      const voiceConnectorId = yield* connector
      yield* control.setFaults(
        FaultPlan.scripted(FaultPlan.failCalls(5, 7, "ServiceUnavailableException", "down for maintenance"))
      )
      const results = yield* Effect.forEach(Array.from({ length: 8 }), () => call(voiceConnectorId))
      assert.deepStrictEqual(results.map(Either.isLeft), [false, false, false, false, true, true, true, false])
      const error = defined(results[5])
      assert.isTrue(Either.isLeft(error))
      if (Either.isLeft(error)) {
        assert.strictEqual(error.left._tag, "ServiceUnavailableException")
        assert.strictEqual((error.left as { status: number }).status, 503)
        assert.strictEqual((error.left as { Message: string }).Message, "down for maintenance")
        assert.isTrue(ProxySessionsError.isTransient(error.left))
      }
      assert.strictEqual(yield* control.callCount(), 8)
    }).pipe(Effect.provide(Simulator.layer())))

  it.effect("errors common to all actions can be scripted too", () =>
    Effect.gen(function*() {
      const control = yield* Simulator.SimulatorControl
      const voiceConnectorId = yield* connector
      yield* control.setFaults(FaultPlan.scripted(FaultPlan.failCall(1, "ThrottlingException")))
      const result = yield* call(voiceConnectorId)
      assert.isTrue(Either.isLeft(result))
      if (Either.isLeft(result)) {
        assert.strictEqual(result.left._tag, "CommonError")
        assert.strictEqual((result.left as { errorName: string }).errorName, "ThrottlingException")
        assert.strictEqual((result.left as { status: number }).status, 400)
      }
    }).pipe(Effect.provide(Simulator.layer())))

  it.effect("a scripted delay is spent on the Clock, so TestClock skips it", () =>
    Effect.gen(function*() {
      const control = yield* Simulator.SimulatorControl
      const voiceConnectorId = yield* connector
      yield* control.setFaults(FaultPlan.scripted(FaultPlan.delayCall(1, 3000)))
      const fiber = yield* Effect.fork(call(voiceConnectorId))
      yield* TestClock.adjust(2999)
      assert.isTrue((yield* Fiber.poll(fiber))._tag === "None")
      yield* TestClock.adjust(1)
      const result = yield* Fiber.join(fiber)
      assert.isTrue(Either.isRight(result))
    }).pipe(Effect.provide(Simulator.layer())))

  it.effect("faults can be changed and cleared while running; the count restarts with each plan", () =>
    Effect.gen(function*() {
      const control = yield* Simulator.SimulatorControl
      const voiceConnectorId = yield* connector
      yield* control.setFaults(FaultPlan.scripted(FaultPlan.failCalls(1, 100, "ServiceFailureException")))
      assert.deepStrictEqual(yield* outcomes(voiceConnectorId, 2), [
        "ServiceFailureException",
        "ServiceFailureException"
      ])
      yield* control.setFaults(FaultPlan.scripted(FaultPlan.failCall(2, "ForbiddenException")))
      assert.deepStrictEqual(yield* outcomes(voiceConnectorId, 3), ["ok", "ForbiddenException", "ok"])
      yield* control.clearFaults()
      assert.deepStrictEqual(yield* outcomes(voiceConnectorId, 2), ["ok", "ok"])
    }).pipe(Effect.provide(Simulator.layer())))

  it.effect("a fault plan is data: it decodes from JSON, and bad plans are refused", () =>
    Effect.gen(function*() {
      const plan = yield* FaultPlan.decode({
        scripted: [{ from: 2, to: 3, error: "UnauthorizedClientException" }],
        random: { seed: 1, throttlingRate: 0.5, latency: { _tag: "Uniform", min: 10, max: 20 } }
      })
      assert.strictEqual(defined(plan.scripted[0]).error, "UnauthorizedClientException")
      for (
        const bad of [
          { scripted: [{ from: 0, error: "ThrottledClientException" }] },
          { scripted: [{ from: 1, error: "NoSuchError" }] },
          { scripted: [{ from: 5, to: 4, error: "ThrottledClientException" }] },
          { random: { seed: 1, throttlingRate: 0.7, serviceFailureRate: 0.7 } },
          { random: { seed: 1, latency: { _tag: "Fixed", millis: -1 } } }
        ]
      ) {
        assert.isTrue(Either.isLeft(yield* Effect.either(FaultPlan.decode(bad))))
      }
    }))

  it.effect("the retry logic of a user can be tested: 2 throttles, then success", () =>
    Effect.gen(function*() {
      const control = yield* Simulator.SimulatorControl
      const voiceConnectorId = yield* connector
      yield* control.setFaults(FaultPlan.scripted(FaultPlan.failCalls(1, 2, "ThrottledClientException")))
      const fiber = yield* ProxySessions.listProxySessions({ VoiceConnectorId: voiceConnectorId }).pipe(
        Effect.retry({ schedule: Schedule.exponential("100 millis"), while: ProxySessionsError.isRetryable }),
        Effect.fork
      )
      yield* TestClock.adjust("1 second")
      const page = yield* Fiber.join(fiber)
      assert.deepStrictEqual(page.ProxySessions, [])
      assert.strictEqual(yield* control.callCount(), 3)
    }).pipe(Effect.provide(Simulator.layer())))
})

describe("random faults", () => {
  const plan = FaultPlan.random({
    seed: 7,
    throttlingRate: 0.2,
    serviceFailureRate: 0.1,
    serviceUnavailableRate: 0.1
  })

  it.effect("the rates hold roughly over many calls, and every kind occurs", () =>
    Effect.gen(function*() {
      const voiceConnectorId = yield* connector
      const results = yield* outcomes(voiceConnectorId, 2000)
      const count = (tag: string) => results.filter((result) => result === tag).length
      assert.isTrue(count("ThrottledClientException") > 300 && count("ThrottledClientException") < 500)
      assert.isTrue(count("ServiceFailureException") > 130 && count("ServiceFailureException") < 270)
      assert.isTrue(count("ServiceUnavailableException") > 130 && count("ServiceUnavailableException") < 270)
      assert.strictEqual(
        count("ok") + count("ThrottledClientException") + count("ServiceFailureException") +
          count("ServiceUnavailableException"),
        2000
      )
    }).pipe(Effect.provide(Simulator.layer({ faults: plan }))))

  it.effect("the same seed gives the same faults; another seed gives others", () =>
    Effect.gen(function*() {
      const run = (faults: FaultPlan.FaultPlan) =>
        Effect.flatMap(connector, (voiceConnectorId) => outcomes(voiceConnectorId, 100)).pipe(
          Effect.provide(Simulator.layer({ faults }))
        )
      const first = yield* run(plan)
      assert.deepStrictEqual(yield* run(plan), first)
      assert.notDeepEqual(yield* run(FaultPlan.random({ ...plan.random!, seed: 8 })), first)
    }))

  it.effect("setting the plan again replays the same faults", () =>
    Effect.gen(function*() {
      const control = yield* Simulator.SimulatorControl
      const voiceConnectorId = yield* connector
      const first = yield* outcomes(voiceConnectorId, 50)
      yield* control.setFaults(plan)
      assert.deepStrictEqual(yield* outcomes(voiceConnectorId, 50), first)
    }).pipe(Effect.provide(Simulator.layer({ faults: plan }))))

  for (
    const [name, latency, low, high] of [
      ["fixed", { _tag: "Fixed", millis: 250 }, 250, 250],
      ["uniform", { _tag: "Uniform", min: 100, max: 300 }, 100, 300],
      ["exponential", { _tag: "Exponential", mean: 50, max: 400 }, 0, 400]
    ] as const
  ) {
    it.effect(`${name} latency is drawn within its bounds and spent on the Clock`, () =>
      Effect.gen(function*() {
        const control = yield* Simulator.SimulatorControl
        const voiceConnectorId = yield* connector
        yield* control.setFaults(FaultPlan.random({ seed: 3, latency }))
        const delays: Array<number> = []
        for (let i = 0; i < 30; i++) {
          const fiber = yield* Effect.fork(call(voiceConnectorId))
          yield* Effect.yieldNow()
          const now = yield* Clock.currentTimeMillis
          const sleeps = Chunk.toReadonlyArray(yield* TestClock.sleeps())
          const delay = (sleeps[0] ?? now) - now
          assert.isAtLeast(delay, low)
          assert.isAtMost(delay, high)
          delays.push(delay)
          if (delay > 0) {
            yield* TestClock.adjust(delay - 1)
            assert.isTrue((yield* Fiber.poll(fiber))._tag === "None", "the call was answered before its latency")
            yield* TestClock.adjust(1)
          }
          assert.isTrue(Either.isRight(yield* Fiber.join(fiber)))
        }
        if (low !== high) assert.isAbove(new Set(delays).size, 5, "the latency is drawn, not fixed")
      }).pipe(Effect.provide(Simulator.layer())))
  }
})
