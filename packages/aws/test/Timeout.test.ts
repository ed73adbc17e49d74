import { ClientError, ProxySessions } from "@chime-proxy/core"
import * as HttpClient from "@effect/platform/HttpClient"
import { assert, describe, it } from "@effect/vitest"
import type * as Context from "effect/Context"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as FiberRef from "effect/FiberRef"
import type * as Option from "effect/Option"
import * as Supervisor from "effect/Supervisor"
import * as TestClock from "effect/TestClock"
import { timeoutFail } from "../src/internal/timeout.js"
import { fakeClient, json, liveLayer } from "./utils.js"

// The live layer's timeout: under Effect's own Clock a timer and one fiber, under any other Clock
// Effect.timeoutFail; either way the behaviour of Effect.timeoutFail.

const liveClock = Effect.runSync(Effect.clock)
const within = (millis: number) => timeoutFail(Duration.millis(millis), (ms) => `timed out after ${ms}`, liveClock)

/** Keeps every fiber started under it, ended or not. */
class Started extends Supervisor.AbstractSupervisor<void> {
  readonly fibers: Array<Fiber.RuntimeFiber<unknown, unknown>> = []
  readonly value = Effect.void
  override onStart<A, E, R>(
    _context: Context.Context<R>,
    _effect: Effect.Effect<A, E, R>,
    _parent: Option.Option<Fiber.RuntimeFiber<unknown, unknown>>,
    fiber: Fiber.RuntimeFiber<A, E>
  ): void {
    this.fibers.push(fiber)
  }
}

describe("timeoutFail under Effect's own Clock", () => {
  it.live("fails with the timeout's error and interrupts the effect, waiting for it to end", () =>
    Effect.gen(function*() {
      const interrupted = yield* Deferred.make<void>()
      let finalized = false
      const exit = yield* Effect.exit(
        Effect.never.pipe(
          Effect.onInterrupt(() =>
            Effect.zipRight(Effect.sleep("5 millis"), Effect.sync(() => (finalized = true))).pipe(
              Effect.zipRight(Deferred.succeed(interrupted, undefined))
            )
          ),
          within(20)
        )
      )
      assert.deepStrictEqual(exit, Exit.fail("timed out after 20"))
      // The interruption ended before the timeout's failure was given.
      assert.isTrue(finalized)
      assert.isTrue(yield* Deferred.isDone(interrupted))
    }))

  it.live("gives the effect's value, failure or defect when it ends in time, and keeps its FiberRefs", () =>
    Effect.gen(function*() {
      const ref = FiberRef.unsafeMake(0)
      const value = yield* Effect.zipRight(FiberRef.set(ref, 7), Effect.succeed("page")).pipe(within(1_000))
      assert.strictEqual(value, "page")
      assert.strictEqual(yield* FiberRef.get(ref), 7)
      assert.deepStrictEqual(yield* Effect.exit(Effect.fail("throttled").pipe(within(1_000))), Exit.fail("throttled"))
      const defect = yield* Effect.exit(Effect.die("boom").pipe(within(1_000)))
      assert.isTrue(Exit.isFailure(defect) && defect.cause._tag === "Die")
      // An effect that ends after a wait, but in time, is not timed out.
      assert.strictEqual(yield* Effect.as(Effect.sleep("10 millis"), 1).pipe(within(1_000)), 1)
    }))

  it.live("a duration longer than a timer can wait never ends the effect, as under Effect.timeoutFail", () =>
    Effect.gen(function*() {
      const days = timeoutFail(Duration.days(30), () => "timed out", liveClock)
      assert.strictEqual(yield* Effect.as(Effect.sleep("30 millis"), "page").pipe(days), "page")
      const fiber = yield* Effect.fork(Effect.never.pipe(days))
      yield* Effect.sleep("30 millis")
      assert.isTrue((yield* Fiber.poll(fiber))._tag === "None")
      yield* Fiber.interrupt(fiber)
    }))

  it.live("the ended fiber that ran the effect no longer holds its value", () =>
    Effect.gen(function*() {
      // A page decoded in an attempt, held by its ended fiber, outlived the young generation's collections.
      const started = new Started()
      const page = { ProxySessions: ["a session"] }
      const value = yield* Effect.succeed(page).pipe(within(1_000), Effect.supervised(started))
      assert.strictEqual(value, page)
      assert.strictEqual(started.fibers.length, 1)
      for (const fiber of started.fibers) {
        const exit = fiber.unsafePoll()
        assert.isTrue(exit !== null && Exit.isSuccess(exit))
        assert.notInclude(JSON.stringify(exit), "a session")
      }
    }))

  it.live("an interrupted caller interrupts the effect", () =>
    Effect.gen(function*() {
      const started = yield* Deferred.make<void>()
      const interrupted = yield* Deferred.make<void>()
      const caller = yield* Effect.fork(
        Deferred.succeed(started, undefined).pipe(
          Effect.zipRight(Effect.never),
          Effect.onInterrupt(() => Deferred.succeed(interrupted, undefined)),
          within(60_000)
        )
      )
      yield* Deferred.await(started)
      yield* Fiber.interrupt(caller)
      assert.isTrue(yield* Deferred.isDone(interrupted))
    }))

  it.live("a call of the live layer whose attempt takes too long is a TimeoutError of the attempt", () =>
    Effect.gen(function*() {
      const silent = HttpClient.make(() => Effect.never)
      const exit = yield* Effect.exit(
        ProxySessions.listProxySessions({ VoiceConnectorId: "vc-1" }).pipe(
          Effect.provide(liveLayer(silent, { maxAttempts: 1, attemptTimeout: "30 millis" }))
        )
      )
      const error = Exit.isFailure(exit) && exit.cause._tag === "Fail" ? exit.cause.error : undefined
      assert.instanceOf(error, ClientError.TimeoutError)
      assert.deepInclude(error, { scope: "attempt", millis: 30 })
      // And one that answers in time is not.
      const { client } = fakeClient([json(200, { ProxySessions: [{ ProxySessionId: "p1" }] })])
      const response = yield* ProxySessions.listProxySessions({ VoiceConnectorId: "vc-1" }).pipe(
        Effect.provide(liveLayer(client, { attemptTimeout: "10 seconds" }))
      )
      assert.strictEqual(response.ProxySessions.length, 1)
    }))
})

describe("timeoutFail under another Clock", () => {
  it.effect("follows that Clock, as Effect.timeoutFail does", () =>
    Effect.gen(function*() {
      const fiber = yield* Effect.fork(Effect.never.pipe(within(1_000)))
      yield* TestClock.adjust("999 millis")
      assert.isTrue((yield* Fiber.poll(fiber))._tag === "None")
      yield* TestClock.adjust("1 millis")
      assert.deepStrictEqual(yield* Fiber.await(fiber), Exit.fail("timed out after 1000"))
    }))
})
