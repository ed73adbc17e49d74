import { Simulator } from "@chime-proxy/simulator"
import { assert, describe, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as TestClock from "effect/TestClock"
import { Emulator, WireFaults } from "../src/index.js"

// The emulator is built inside the test, so that its runtime (and the latency it sleeps) runs on the TestClock.
describe("wire latency", () => {
  it.scoped("latency is spent on the emulator's Clock before the answer", () =>
    Effect.gen(function*() {
      const context = yield* Layer.build(
        Emulator.layerSimulator({ auth: false, wireFaults: new WireFaults.WireFaults({ latencyMillis: 30_000 }) })
      )
      const emulator = Context.get(context, Emulator.Emulator)
      const ids = yield* Context.get(context, Simulator.SimulatorControl).seed({
        seed: 1,
        connectors: 1,
        sessionsPerConnector: 2
      })
      const fiber = yield* Effect.fork(
        Effect.promise(() => fetch(`${emulator.url}/voice-connectors/${ids[0]}/proxy-sessions`).then((r) => r.status))
      )
      const nextTick = Effect.promise(() => new Promise<void>((resolve) => setImmediate(resolve)))
      // Wait, in real time, until the request has reached the server and its latency sleeps on the TestClock.
      while (Chunk.isEmpty(yield* TestClock.sleeps())) {
        yield* nextTick
      }
      assert.isTrue(Option.isNone(yield* Fiber.poll(fiber)))
      yield* TestClock.adjust("30 seconds")
      assert.strictEqual(yield* Fiber.join(fiber), 200)
    }))
})
