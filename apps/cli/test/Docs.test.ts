import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { cli, documentedOptions, helpOptions, root } from "./run.js"

describe("docs/cli.md", () => {
  it.live("documents every option of the real --help, and nothing else", () =>
    Effect.gen(function*() {
      const [program, list, exported] = yield* Effect.all([
        cli(["--help"]),
        cli(["list", "--help"]),
        cli(["export", "--help"])
      ], {
        concurrency: 2
      })
      assert.strictEqual(program.code, 0)
      assert.strictEqual(list.code, 0)
      // The help is plain text when stdout is not a terminal.
      assert.notInclude(list.stdout, "\u001b[")
      const inHelp = new Set([
        ...helpOptions(program.stdout),
        ...helpOptions(list.stdout),
        ...helpOptions(exported.stdout)
      ])
      const inDocs = documentedOptions(readFileSync(join(root, "docs", "cli.md"), "utf8"))
      assert.isAtLeast(inHelp.size, 17)
      assert.deepStrictEqual([...inDocs].filter((option) => !inHelp.has(option)), [], "documented but not in --help")
      assert.deepStrictEqual([...inHelp].filter((option) => !inDocs.has(option)), [], "in --help but not documented")
    }))
})
