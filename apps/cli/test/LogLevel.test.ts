import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Command from "../src/Command.js"
import { cli } from "./run.js"

// `--log-level`, a built-in option of @effect/cli that every command's help lists, wherever it is written.

describe("--log-level", () => {
  it("is moved to the front of the command line, with its value; nothing after -- is", () => {
    const head = ["node", "chime-proxy"]
    assert.deepStrictEqual(
      Command.logLevelFirst([...head, "list", "--simulate", "--log-level", "debug", "--output", "json"]),
      [...head, "--log-level", "debug", "list", "--simulate", "--output", "json"]
    )
    assert.deepStrictEqual(
      Command.logLevelFirst([...head, "list", "--log-level=warn", "--simulate"]),
      [...head, "--log-level=warn", "list", "--simulate"]
    )
    assert.deepStrictEqual(
      Command.logLevelFirst([...head, "list", "--simulate", "--", "--log-level", "debug"]),
      [...head, "list", "--simulate", "--", "--log-level", "debug"]
    )
    assert.deepStrictEqual(Command.logLevelFirst([...head, "list", "--log-level"]), [...head, "--log-level", "list"])
    assert.deepStrictEqual(Command.logLevelFirst(head), head)
  })

  it.effect(
    "after a command's own options, in chime-proxy and in chime-proxy-audit's command alike",
    () =>
      Effect.gen(function*() {
        const env = { CHIME_PROXY_NO_DEPRECATION_WARNING: "true" }
        const listed = yield* cli(["list", "--simulate", "--output", "ndjson", "--log-level", "debug"], env)
        assert.strictEqual(listed.code, 0, listed.stderr)
        assert.isAbove(listed.stdout.split("\n").filter((line) => line.startsWith("{")).length, 0)
        assert.notInclude(listed.stderr, "unknown argument")
        const audited = yield* cli(["audit", "--simulate", "--all", "--log-level=error"], env)
        assert.strictEqual(audited.code, 0, audited.stderr)
        const invalid = yield* cli(["list", "--simulate", "--log-level", "loud"], env)
        assert.strictEqual(invalid.code, 2, invalid.stderr)
      }),
    120_000
  )
})
