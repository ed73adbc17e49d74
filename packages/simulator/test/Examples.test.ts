import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { readdirSync } from "node:fs"
import { join } from "node:path"
import { pathToFileURL } from "node:url"

// The guide's examples (docs/examples/simulator-*.ts) are type-checked by docs/tsconfig.json; here they run. Those
// that declare vitest suites register them when they are imported, at the end of this file; those that export a
// program are run below.
const directory = join(import.meta.dirname, "..", "..", "..", "docs", "examples")
const files = readdirSync(directory).filter((file) => file.startsWith("simulator-") && file.endsWith(".ts")).sort()
const load = (file: string) => import(pathToFileURL(join(directory, file)).href) as Promise<Record<string, unknown>>

describe("the simulator guide's examples", () => {
  it("are all here", () => {
    assert.deepStrictEqual(files, [
      "simulator-contract.ts",
      "simulator-faults.ts",
      "simulator-fixtures.ts",
      "simulator-lifecycle.ts",
      "simulator-swap.ts",
      "simulator-vitest.ts"
    ])
  })

  it.effect("swapping the layer: the user's code counts the Open sessions", () =>
    Effect.gen(function*() {
      const module = yield* Effect.promise(() => load("simulator-swap.ts"))
      assert.strictEqual(yield* (module.program as Effect.Effect<number, unknown>), 1)
    }))
})

for (const file of files) await load(file)

describe("after the examples' suites", () => {
  it("the contract example's ProxySessions was called by its suite", async () => {
    const module = await load("simulator-contract.ts")
    assert.isAbove((module.calls as { count: number }).count, 50)
  })
})
