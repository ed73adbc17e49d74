import { assert, describe, it } from "@effect/vitest"
import * as Diagnostic from "../src/Diagnostic.js"
import * as Runner from "../src/Runner.js"
import * as Terminal from "../src/Terminal.js"

const hostile = "\u001b]0;pwned\u0007\u001b[2J\r\nchime-proxy: forged \u202e\u009b"

describe("Terminal.escape", () => {
  it("writes every control and invisible format character as a visible escape", () => {
    assert.strictEqual(
      Terminal.escape(hostile),
      "\\x1b]0;pwned\\x07\\x1b[2J\\r\\nchime-proxy: forged \\u202e\\x9b"
    )
    assert.strictEqual(Terminal.escape("plain text, é and 日本"), "plain text, é and 日本")
  })

  it("diagnostics are one line each, masked and escaped", () => {
    const text = Diagnostic.format("chime-proxy", { exitCode: 1, lines: [`bad ${hostile} +12065550100`, hostile] })
    assert.strictEqual(text.split("\n").length, 3)
    for (const line of text.slice(0, -1).split("\n")) {
      // eslint-disable-next-line no-control-regex
      assert.notMatch(line, /[\u0000-\u001f\u007f-\u009f]/)
    }
    assert.include(text, "<redacted>")
  })

  it("usage errors of @effect/cli, which quote the command line, are escaped", () => {
    const written: Array<unknown> = []
    const console = Runner.plainConsole(
      { error: (...args: ReadonlyArray<unknown>) => args.forEach((arg) => written.push(arg)) } as never,
      "chime-proxy"
    )
    console.error(`Received unknown argument: '${hostile}'`)
    assert.deepStrictEqual(written, [
      "chime-proxy: Received unknown argument: '\\x1b]0;pwned\\x07\\x1b[2J\\r\\nchime-proxy: forged \\u202e\\x9b'"
    ])
  })
})
