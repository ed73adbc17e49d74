import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { documentedOptions, helpOptions, root, runBin } from "./run.js"

describe("docs/audit.md", () => {
  it.live("documents every option of the real --help, and nothing else", () =>
    Effect.gen(function*() {
      const help = yield* runBin("apps/cli/bin/chime-proxy-audit.mjs", ["--help"])
      assert.strictEqual(help.code, 0)
      const inHelp = helpOptions(help.stdout)
      const inDocs = documentedOptions(readFileSync(join(root, "docs", "audit.md"), "utf8"))
      assert.isAtLeast(inHelp.size, 18)
      assert.deepStrictEqual([...inDocs].filter((option) => !inHelp.has(option)), [], "documented but not in --help")
      assert.deepStrictEqual([...inHelp].filter((option) => !inDocs.has(option)), [], "in --help but not documented")
    }))
})
