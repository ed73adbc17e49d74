import { assert, describe, it } from "@effect/vitest"
import { execFile } from "node:child_process"
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"

const bin = fileURLToPath(new URL("../bin/chime-proxy-emulator.mjs", import.meta.url))
const ansi = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g")
const docs = fileURLToPath(new URL("../../../docs/emulator.md", import.meta.url))

describe("docs/emulator.md", () => {
  it("documents every option of the real --help, and nothing else", async () => {
    const help = await new Promise<string>((resolve, reject) =>
      execFile(
        process.execPath,
        [bin, "--help"],
        { encoding: "utf8", timeout: 60_000 },
        (error, stdout) => error === null ? resolve(stdout) : reject(error)
      )
    )
    // The usage line lists the command's own options (the built-in ones, such as --help, are listed apart).
    const usage = help.replace(ansi, "").split("\n").find((line) => line.startsWith("$ chime-proxy-emulator"))
    assert.isDefined(usage)
    const inHelp = new Set(Array.from(usage!.matchAll(/\[(--[a-z][a-z-]*)/g), (match) => match[1]))
    const inDocs = new Set(
      Array.from(readFileSync(docs, "utf8").matchAll(/^\| `(--[a-z][a-z-]*)/gm), (match) => match[1])
    )
    assert.isAtLeast(inHelp.size, 14)
    assert.deepStrictEqual([...inDocs].filter((option) => !inHelp.has(option)), [], "documented but not in --help")
    assert.deepStrictEqual([...inHelp].filter((option) => !inDocs.has(option)), [], "in --help but not documented")
  }, 60_000)
})
