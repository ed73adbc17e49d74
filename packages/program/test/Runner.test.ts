import { assert, describe, it } from "@effect/vitest"
import { execFile } from "node:child_process"
import { fileURLToPath } from "node:url"

const root = fileURLToPath(new URL("../../../", import.meta.url))

const runFixture = (args: ReadonlyArray<string>, fixture = "exitWhenDone.ts", stdin = "") =>
  new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(
      process.execPath,
      [
        "--conditions=@chime-proxy/source",
        "--import",
        "tsx",
        `packages/program/test/fixtures/${fixture}`,
        ...args
      ],
      // Far less than the fixture's timer: a process that waits for it is killed, and the test fails.
      { cwd: root, encoding: "utf8", timeout: 30_000, killSignal: "SIGKILL", maxBuffer: 8 * 1024 * 1024 },
      (error, stdout, stderr) =>
        resolve({
          code: error === null ? 0 : typeof error.code === "number" ? error.code : null,
          signal: error?.signal ?? null,
          stdout,
          stderr
        })
    )
    child.stdin?.end(stdin)
  })

describe("Runner.runMain with exitWhenDone", () => {
  it("exits when the program is done, with its output whole, though a timer is still running", async () => {
    const result = await runFixture([])
    assert.strictEqual(result.signal, null, "the process waited for the timer")
    assert.strictEqual(result.code, 0, result.stderr)
    assert.strictEqual(result.stdout, `${"x".repeat(1 << 20)}\n`)
    assert.strictEqual(result.stderr, "done\n")
  }, 60_000)

  it("exits with the status of the program's failure, its diagnostic written", async () => {
    const result = await runFixture(["fails"])
    assert.strictEqual(result.signal, null, "the process waited for the timer")
    assert.strictEqual(result.code, 1)
    assert.strictEqual(result.stdout.length, (1 << 20) + 1)
    assert.strictEqual(result.stderr, "done\nfixture: it broke\n")
  }, 60_000)
})

describe("Runner.runMain's terminal", () => {
  it("opens stdin and loads node:readline when the program first uses it, and then prompts and reads", async () => {
    const result = await runFixture([], "terminal.ts", "a line\n")
    assert.strictEqual(result.code, 0, result.stderr)
    assert.strictEqual(result.stdout, "readline before: false\nname? \nread: a line\nreadline after: true\n")
  }, 60_000)
})
