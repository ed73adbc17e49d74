import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as TableFit from "../src/TableFit.js"
import { at, runBin } from "./run.js"

const widthOf = (line: string): number => [...line].length

// `npm start`'s script, as a user runs it (stdout is a pipe here, as when it is not a terminal).
const start = (env: Record<string, string>) => runBin("scripts/start.mjs", [], env)

describe("npm start's first screen", () => {
  it.live("fits 80 and 120 columns, says the account is simulated and from which seed, and gives three next steps", () =>
    Effect.gen(function*() {
      const [narrow, wide, unset] = yield* Effect.all([
        start({ COLUMNS: "80" }),
        start({ COLUMNS: "120" }),
        start({ COLUMNS: "" })
      ], { concurrency: 2 })
      for (const [result, width] of [[narrow, 80], [wide, 120], [unset, 120]] as const) {
        assert.strictEqual(result.code, 0, result.stderr)
        const lines = result.stdout.trimEnd().split("\n")
        for (const line of lines) assert.isAtMost(widthOf(line), width, line)
        assert.match(result.stdout, /^A simulated account \(seed 42\): 3 voice connectors of 25 proxy sessions/)
        assert.include(result.stdout.replaceAll("\n", " "), "Nothing is sent to AWS.")
        // The table: a header, a rule, and the 25 sessions of the first connector.
        const header = lines.findIndex((line) => line.startsWith("ProxySessionId"))
        assert.isAbove(header, 0)
        assert.match(at(lines, header + 1), /^-+( +-+)+$/)
        const rows = lines.slice(header + 2, lines.indexOf("", header))
        assert.strictEqual(rows.length, 25)
        assert.include(result.stdout, `To fit ${width} columns: shortened ProxySessionId`)
        const next = lines.slice(lines.indexOf("Next:") + 1)
        const id = /^Voice connector (\S+), 1 of 3:$/m.exec(result.stdout)?.[1]
        assert.isDefined(id)
        assert.deepStrictEqual(next.filter((line) => /^\d\. /.test(line)).map((line) => line.slice(0, 2)), [
          "1.",
          "2.",
          "3."
        ])
        assert.include(next, `   npx chime-proxy list --simulate --voice-connector-id ${id}`)
        assert.include(next, "   npx chime-proxy-emulator")
        assert.include(result.stdout, "docs/cli.md")
      }
      // At 120, the participants are kept (cut); at 80 they are left out and said to be.
      assert.include(wide.stdout, "Participants (number")
      assert.include(
        narrow.stdout.replaceAll("\n", " "),
        "left out VoiceConnectorId, Geo, Capabilities, Participants (number → proxy)"
      )
      assert.strictEqual(unset.stdout, wide.stdout)
    }))

  it.live("arguments run the CLI instead", () =>
    Effect.gen(function*() {
      const result = yield* runBin("scripts/start.mjs", [
        "list",
        "--simulate",
        "--max-items",
        "1",
        "--voice-connector-id",
        "x"
      ])
      assert.strictEqual(result.code, 1)
      assert.include(result.stderr, "NotFoundException")
      // With --simulate, an unknown connector's error names the simulated ones.
      assert.match(result.stderr, /The simulated account \(seed 42\) has 3 voice connectors: \w+, \w+, \w+\./)
    }))
})

describe("TableFit", () => {
  const columns = [
    { title: "Id", cells: ["a-very-long-identifier", "b"] },
    { title: "Status", cells: ["Open", "Closed"] },
    { title: "Note", cells: ["some words here", ""] }
  ]
  it("leaves a table that fits alone, and says nothing", () => {
    const fitted = TableFit.fit(columns, 80, [{ _tag: "Drop", title: "Note" }])
    assert.deepStrictEqual(fitted.dropped, [])
    assert.isUndefined(TableFit.note(fitted, 80))
    assert.strictEqual(at(fitted.lines, 2), "a-very-long-identifier  Open    some words here")
  })
  it("shortens only as much as needed, then drops, and says so", () => {
    const steps: ReadonlyArray<TableFit.Step> = [
      { _tag: "Shorten", title: "Id", min: 6 },
      { _tag: "Drop", title: "Note" }
    ]
    const shortened = TableFit.fit(columns, 40, steps)
    for (const line of shortened.lines) assert.isAtMost(widthOf(line), 40)
    assert.strictEqual(at(shortened.lines, 2), "a-very-long-id…  Open    some words here")
    assert.deepStrictEqual([shortened.shortened, shortened.dropped], [["Id"], []])
    const dropped = TableFit.fit(columns, 20, steps)
    assert.deepStrictEqual(dropped.lines, ["Id      Status", "------  ------", "a-ver…  Open", "b       Closed"])
    assert.strictEqual(TableFit.note(dropped, 20), "To fit 20 columns: shortened Id (… marks a cut); left out Note.")
  })
})
