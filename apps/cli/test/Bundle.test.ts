import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as esbuild from "esbuild"
import { join } from "node:path"
import { inputsOf, loadedAtStart } from "../../../scripts/metafile.mjs"
import { buildOptions, programs, root } from "../../../scripts/pack.mjs"

// What `chime-proxy list` runs at start, by esbuild's metafile of the published bundle's options (scripts/pack.mjs)
// with code splitting, which shows the program's static import graph: the chunks the entry imports statically are
// what every start runs; a chunk reached only through import() is run when the command that needs it runs. (The
// published bundle is one CommonJS file, where esbuild keeps the same boundaries: a module imported with import() is
// initialised when it is imported.) Most of a short listing's time goes to compiling and running code, so the
// commands that `list` does not run must not be in the first set.

const program = programs.find((candidate) => candidate.name === "chime-proxy")!

const bundle = Effect.promise(async () => {
  const result = await esbuild.build({
    ...buildOptions(program, join(root, "apps", "cli", "build", "bundle-test")),
    format: "esm",
    splitting: true,
    outExtension: { ".js": ".mjs" },
    metafile: true,
    write: false
  })
  const outputs = result.metafile.outputs
  const entry = Object.keys(outputs).find((path) => outputs[path]!.entryPoint?.endsWith("apps/cli/src/main.ts"))!
  return {
    atStart: inputsOf(result.metafile, loadedAtStart(result.metafile, entry)),
    all: inputsOf(result.metafile, Object.keys(outputs))
  }
})

// The implementations of the other commands, and what only they use.
const onDemand = [
  "apps/cli/src/AuditCommand.ts",
  "apps/cli/src/Audit.ts",
  "apps/cli/src/Report.ts",
  "apps/cli/src/internal/SpaceSaving.ts",
  "apps/cli/src/ExportCommand.ts",
  "apps/cli/src/DemoCommand.ts",
  "apps/cli/src/TableFit.ts",
  "packages/simulator/src/Simulator.ts"
]

// What @effect/cli needs of every command to parse a command line and write the help, and the listing itself.
const atStart = [
  "apps/cli/src/internal/auditDefinition.ts",
  "apps/cli/src/internal/exportDefinition.ts",
  "apps/cli/src/internal/demoDefinition.ts",
  "apps/cli/src/ListCommand.ts",
  "apps/cli/src/Command.ts"
]

describe("what the published chime-proxy loads at start", () => {
  it.effect(
    "one CommonJS file without import(), which V8's code cache would break (scripts/cached-launch.cjs)",
    () =>
      Effect.gen(function*() {
        const result = yield* Effect.promise(() =>
          esbuild.build({ ...buildOptions(program, join(root, "apps", "cli", "build", "bundle-test")), write: false })
        )
        assert.strictEqual(result.outputFiles.length, 1)
        assert.notMatch(result.outputFiles[0]!.text, /(?<![\w$.])import\(/)
      }),
    60_000
  )

  it.effect(
    "the commands' options and help, not the implementations of audit, export and demo",
    () =>
      Effect.gen(function*() {
        const loaded = yield* bundle
        for (const file of onDemand) {
          assert.isTrue(loaded.all.includes(file), `${file} is not bundled at all`)
          assert.isFalse(loaded.atStart.includes(file), `${file} loads at start`)
        }
        for (const file of atStart) assert.isTrue(loaded.atStart.includes(file), `${file} does not load at start`)
      }),
    60_000
  )
})
