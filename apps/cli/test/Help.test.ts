import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Help from "../src/Help.js"
import { cli } from "./run.js"

describe("the help", () => {
  it.live("chime-proxy --help and list --help say json is the default output, and show examples", () =>
    Effect.gen(function*() {
      const [root, list] = yield* Effect.all([cli(["--help"]), cli(["list", "--help"])], { concurrency: 2 })
      for (const result of [root, list]) {
        assert.strictEqual(result.code, 0, result.stderr)
        assert.include(result.stdout, "\nEXAMPLES\n")
      }
      assert.include(root.stdout, "as JSON by default (--output json, the AWS CLI's shape)")
      for (const example of Help.programExamples) assert.include(root.stdout, `  $ ${example.command}`)
      assert.include(list.stdout, "The output is JSON unless --output says otherwise")
      assert.include(list.stdout, "json (the default: the AWS CLI's shape)")
      for (const example of Help.listExamples) {
        for (const line of example.command.split("\n")) assert.include(list.stdout, line)
      }
      // The examples come before the options, as the description of the command.
      assert.isBelow(list.stdout.indexOf("EXAMPLES"), list.stdout.indexOf("OPTIONS"))
    }))

  it.live("the first example of list runs as written and prints JSON", () =>
    Effect.gen(function*() {
      const [example] = Help.listExamples
      const args = (example?.command ?? "").split(" ").slice(1)
      const result = yield* cli(args)
      assert.strictEqual(result.code, 0, result.stderr)
      assert.strictEqual((JSON.parse(result.stdout) as { ProxySessions: Array<unknown> }).ProxySessions.length, 75)
    }))
})
