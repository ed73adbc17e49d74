import { assert, describe, it } from "@effect/vitest"
import { spawn } from "node:child_process"
import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"

const bin = fileURLToPath(new URL("../bin/chime-proxy-emulator.mjs", import.meta.url))

/** Runs the program until it has printed its connectors (then stops it), or until it exits by itself. */
const run = (args: ReadonlyArray<string>, onListening?: (url: string) => Promise<unknown>) =>
  new Promise<{ code: number | null; stdout: string; stderr: string; answer: unknown }>((resolve) => {
    const child = spawn(process.execPath, [bin, "--port", "0", "--no-auth", ...args])
    let stdout = ""
    let stderr = ""
    let answer: unknown = undefined
    let asked = false
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()))
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString()
      const url = /listening on (http:\/\/\S+)\n/.exec(stdout)?.[1]
      if (url !== undefined && !asked) {
        asked = true
        void (onListening?.(url) ?? Promise.resolve()).then((value) => {
          answer = value
          child.kill("SIGTERM")
        })
      }
    })
    child.on("exit", (code) => resolve({ code, stdout, stderr, answer }))
  })

const fixtureFile = (content: string) => {
  const file = join(mkdtempSync(join(tmpdir(), "chime-proxy-replay-")), "account.json")
  writeFileSync(file, content)
  return file
}

const january = {
  VoiceConnectors: [{
    VoiceConnectorId: "abcdef1ghij2klmno3pqr4",
    ProxySessions: [
      { ProxySessionId: "a", Status: "Open", ExpiryMinutes: 1440, CreatedTimestamp: "2025-01-10T10:00:00.000Z" },
      { ProxySessionId: "b", Status: "InProgress", ExpiryMinutes: 60, CreatedTimestamp: "2025-01-10T10:05:00.000Z" },
      {
        ProxySessionId: "c",
        Status: "Closed",
        CreatedTimestamp: "2025-01-10T10:05:00.000Z",
        EndedTimestamp: "2025-01-10T10:30:00.000Z"
      }
    ]
  }]
}

const listStatuses = (url: string) =>
  fetch(`${url}/voice-connectors/abcdef1ghij2klmno3pqr4/proxy-sessions`)
    .then((response) => response.json() as Promise<{ ProxySessions: Array<{ Status: string }> }>)
    .then((page) => page.ProxySessions.map((session) => session.Status))

describe("chime-proxy-emulator --fixture replays at the fixture's instant", () => {
  it("the January 2025 fixture lists the statuses it recorded, with a notice that it has no ExportedAt", async () => {
    const result = await run(["--fixture", fixtureFile(JSON.stringify(january))], listStatuses)
    assert.deepStrictEqual(result.answer, ["Open", "InProgress", "Closed"])
    assert.include(result.stderr, "no ExportedAt")
    assert.include(result.stderr, "2025-01-10T10:30:00.000Z")
  }, 60_000)

  it("--start-time starts the world elsewhen, the lifecycle run forward to it", async () => {
    const file = fixtureFile(JSON.stringify({ ExportedAt: "2025-01-10T10:30:00.000Z", ...january }))
    const result = await run(["--fixture", file, "--start-time", "2025-01-10T12:00:00Z"], async (url) => ({
      statuses: await listStatuses(url),
      clock: await fetch(`${url}/_chime-proxy/clock`).then((r) => r.json() as Promise<{ now: string }>)
    }))
    const answer = result.answer as { statuses: Array<string>; clock: { now: string } }
    assert.deepStrictEqual(answer.statuses, ["Open", "Closed", "Closed"])
    assert.match(answer.clock.now, /^2025-01-10T12:00/)
    // An archive with its ExportedAt needs no notice: stderr has the emulator's hints only.
    assert.notInclude(result.stderr, "ExportedAt")
    assert.notInclude(result.stderr, "notice")
    const bad = await run(["--start-time", "tomorrow"])
    assert.strictEqual(bad.code, 2)
    assert.include(bad.stderr, "--start-time must be an ISO 8601 instant")
  }, 60_000)

  it(
    "a truncated fixture is refused, naming the file, the line, the column and the path, and nothing starts",
    async () => {
      const text = JSON.stringify(january, null, 2)
      const file = fixtureFile(text.slice(0, text.indexOf("\"InProgress\"") + 5))
      const result = await run(["--fixture", file])
      assert.strictEqual(result.code, 2)
      assert.strictEqual(result.stdout, "")
      assert.include(result.stderr, file)
      assert.match(result.stderr, /line 1\d, column \d+, VoiceConnectors\[0\]\.ProxySessions\[1\]\.Status/)
    },
    60_000
  )

  it(
    "a fixture too large for the process's memory is refused before it is read, with its size and the limit",
    async () => {
      // With a 64 MiB old space the heap holds about 112 MiB, so the limit is about 14 MiB: a 40 MiB file is refused
      // before a byte of it is read (it is not even JSON).
      const file = fixtureFile(" ".repeat(40 * 1024 * 1024))
      const child = spawn(process.execPath, ["--max-old-space-size=64", bin, "--port", "0", "--fixture", file])
      let stderr = ""
      let stdout = ""
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()))
      child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()))
      const timer = setTimeout(() => child.kill("SIGKILL"), 50_000)
      const code = await new Promise<number | null>((resolve) => child.on("exit", resolve))
      clearTimeout(timer)
      assert.strictEqual(code, 1, stderr)
      assert.strictEqual(stdout, "")
      assert.include(stderr, file)
      assert.match(
        stderr,
        /is 40\.0 MiB \(41,943,040 bytes\), more than the .* MiB \([\d,]+ bytes\) this process can load/
      )
    },
    60_000
  )
})
