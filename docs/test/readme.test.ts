import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { simulated } from "../examples/readme-streams.js"
// Importing it registers its test in this file, so the README's test example runs exactly as written.
import "../examples/readme-simulator.js"

describe("README examples", () => {
  it.effect("the stream example counts every session of every connector once", () =>
    Effect.gen(function*() {
      const counts = yield* simulated
      const total = Object.values(counts).reduce((sum, count) => sum + count, 0)
      assert.strictEqual(total, 3000)
      for (const status of Object.keys(counts)) assert.include(["Open", "InProgress", "Closed"], status)
    }))
})
