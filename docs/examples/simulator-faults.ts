import { ProxySessions, ProxySessionsError } from "@chime-proxy/core"
import { FaultPlan, Simulator } from "@chime-proxy/simulator"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Fiber, Schedule, TestClock } from "effect"

// Your retry policy: retry throttling and 5xx, with exponential backoff, at most 4 times.
const firstPage = (voiceConnectorId: string) =>
  ProxySessions.listProxySessions({ VoiceConnectorId: voiceConnectorId }).pipe(
    Effect.retry({
      schedule: Schedule.exponential("200 millis"),
      while: ProxySessionsError.isRetryable,
      times: 4
    })
  )

describe("my retry policy", () => {
  it.effect("gets through two throttles and a 503", () =>
    Effect.gen(function*() {
      const control = yield* Simulator.SimulatorControl
      const voiceConnectorId = yield* control.createVoiceConnector()
      yield* control.setFaults(FaultPlan.scripted(
        FaultPlan.failCalls(1, 2, "ThrottledClientException"),
        FaultPlan.failCall(3, "ServiceUnavailableException")
      ))
      const fiber = yield* Effect.fork(firstPage(voiceConnectorId))
      yield* TestClock.adjust("10 seconds") // the backoff is spent on the TestClock: no real waiting
      yield* Fiber.join(fiber)
      assert.strictEqual(yield* control.callCount(), 4)
    }).pipe(Effect.provide(Simulator.layer())))

  it.effect("gives up on a ForbiddenException at once", () =>
    Effect.gen(function*() {
      const control = yield* Simulator.SimulatorControl
      const voiceConnectorId = yield* control.createVoiceConnector()
      yield* control.setFaults(FaultPlan.scripted(FaultPlan.failCall(1, "ForbiddenException")))
      const error = yield* Effect.flip(firstPage(voiceConnectorId))
      assert.strictEqual(error._tag, "ForbiddenException")
      assert.strictEqual(yield* control.callCount(), 1)
    }).pipe(Effect.provide(Simulator.layer())))

  it.effect("copes with random throttling, 500s, 503s and latency", () =>
    Effect.gen(function*() {
      const voiceConnectorId = yield* Simulator.createVoiceConnector()
      const fiber = yield* Effect.fork(Effect.either(firstPage(voiceConnectorId)))
      yield* TestClock.adjust("1 minute")
      const result = yield* Fiber.join(fiber)
      assert.strictEqual(result._tag, "Right")
    }).pipe(Effect.provide(Simulator.layer({
      faults: FaultPlan.random({
        seed: 7,
        throttlingRate: 0.2,
        serviceFailureRate: 0.05,
        serviceUnavailableRate: 0.05,
        latency: { _tag: "Exponential", mean: 80, max: 1000 }
      })
    }))))
})
