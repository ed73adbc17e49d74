// Loaded by vitest before every test file: a test that ends without making a single assertion fails. Every check
// of chai (`assert.*`, `expect(…)`, which @effect/vitest re-exports) goes through Assertion#assert, so counting its
// calls counts the assertions, wherever they are made: in the test, a helper, a property or an Effect.
import { afterEach, beforeEach, chai } from "vitest"

let assertions = 0
const original = chai.Assertion.prototype.assert
chai.Assertion.prototype.assert = function(...args) {
  assertions++
  return original.apply(this, args)
}

beforeEach(() => {
  assertions = 0
})

afterEach((context) => {
  if (assertions === 0 && context.task.result?.state !== "fail") {
    throw new Error(`"${context.task.name}" made no assertion: a test must check something`)
  }
})
