import { ChimeSDKVoiceClient, ListProxySessionsCommand } from "@aws-sdk/client-chime-sdk-voice"
import { SigV4Verifier } from "@chime-proxy/emulator"
import { assert, describe, it } from "@effect/vitest"
import { spawn } from "node:child_process"
import type { ChildProcessWithoutNullStreams } from "node:child_process"
import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"

const bin = fileURLToPath(new URL("../bin/chime-proxy-emulator.mjs", import.meta.url))

interface Started {
  readonly child: ChildProcessWithoutNullStreams
  readonly url: string
  readonly ids: ReadonlyArray<string>
  readonly firstLine: string
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>
}

/** Starts the program and reads its first line, then the `expectedIds` connector ids that follow it. */
const start = (args: ReadonlyArray<string>, expectedIds: number) =>
  new Promise<Started>((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: ["pipe", "pipe", "pipe"] })
    let stdout = ""
    let stderr = ""
    const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((done) =>
      child.on("exit", (code, signal) => done({ code, signal, stderr }))
    )
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()))
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString()
      const lines = stdout.split("\n")
      if (lines.length > expectedIds + 1) {
        const firstLine = lines[0] ?? ""
        const url = /^chime-proxy emulator listening on (http:\/\/\S+)$/.exec(firstLine)?.[1]
        if (url === undefined) return reject(new Error(`unexpected first line: ${firstLine}`))
        resolve({ child, url, ids: lines.slice(1, expectedIds + 1), firstLine, exit })
      }
    })
    void exit.then(({ code }) => reject(new Error(`exited with ${code} before listening: ${stderr}`)))
  })

const client = (url: string) =>
  new ChimeSDKVoiceClient({
    endpoint: url,
    region: "us-east-1",
    maxAttempts: 1,
    credentials: {
      accessKeyId: SigV4Verifier.defaultCredential.accessKeyId,
      secretAccessKey: SigV4Verifier.defaultCredential.secretAccessKey
    }
  })

describe("chime-proxy-emulator", () => {
  it("prints its address and connectors, serves the AWS SDK, and stops cleanly on SIGTERM", async () => {
    const started = await start(["--port", "0", "--connectors", "2", "--sessions-per-connector", "5", "--seed", "3"], 2)
    assert.match(started.firstLine, /^chime-proxy emulator listening on http:\/\/127\.0\.0\.1:\d+$/)
    assert.strictEqual(started.ids.length, 2)
    for (const id of started.ids) {
      const page = await client(started.url).send(new ListProxySessionsCommand({ VoiceConnectorId: id }))
      assert.strictEqual(page.ProxySessions?.length, 5)
    }
    started.child.kill("SIGTERM")
    const exit = await started.exit
    assert.strictEqual(exit.code, 0, exit.stderr)
    const refused = await fetch(`${started.url}/_chime-proxy/health`).then(() => "answered", () => "refused")
    assert.strictEqual(refused, "refused")
  }, 60_000)

  it("loads a fixture, honours --no-auth and --throttle-rate, and stops on SIGINT", async () => {
    const dir = mkdtempSync(join(tmpdir(), "chime-proxy-emulator-"))
    const file = join(dir, "fixture.json")
    writeFileSync(
      file,
      JSON.stringify({
        VoiceConnectors: [{
          VoiceConnectorId: "vc-from-file",
          ProxySessions: [{
            ProxySessionId: "s-1",
            CreatedTimestamp: "2025-01-01T00:00:00.000Z",
            ExpiryMinutes: 5_000_000
          }]
        }]
      })
    )
    const started = await start(["--port", "0", "--fixture", file, "--no-auth"], 1)
    assert.deepStrictEqual(started.ids, ["vc-from-file"])
    const answer = await fetch(`${started.url}/voice-connectors/vc-from-file/proxy-sessions`)
    assert.strictEqual(answer.status, 200)
    const page = (await answer.json()) as { ProxySessions: Array<{ ProxySessionId: string }> }
    assert.deepStrictEqual(page.ProxySessions.map((s) => s.ProxySessionId), ["s-1"])
    started.child.kill("SIGINT")
    assert.strictEqual((await started.exit).code, 0)

    const throttled = await start(["--port", "0", "--throttle-rate", "1", "--sessions-per-connector", "1"], 1)
    const error = await client(throttled.url).send(new ListProxySessionsCommand({ VoiceConnectorId: throttled.ids[0] }))
      .then(() => undefined, (e: Error & { $metadata?: { httpStatusCode?: number } }) => e)
    assert.strictEqual(error?.name, "ThrottledClientException")
    assert.strictEqual(error?.$metadata?.httpStatusCode, 429)
    throttled.child.kill("SIGTERM")
    assert.strictEqual((await throttled.exit).code, 0)
  }, 90_000)

  it("refuses every bad option with a message on stderr and exit code 2", async () => {
    const refuse = async (args: ReadonlyArray<string>) => {
      const child = spawn(process.execPath, [bin, ...args], { stdio: ["pipe", "pipe", "pipe"] })
      let stderr = ""
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()))
      const code = await new Promise<number | null>((resolve) => child.on("exit", resolve))
      return { code, stderr }
    }
    const dir = mkdtempSync(join(tmpdir(), "chime-proxy-emulator-"))
    const notJson = join(dir, "not-json.json")
    writeFileSync(notJson, "{")
    const cases: ReadonlyArray<readonly [ReadonlyArray<string>, RegExp]> = [
      [["--port", "0", "--failure-rate", "1.5"], /^chime-proxy-emulator: Invalid fault options: --failure-rate: /],
      // A value @effect/cli refuses is a usage error too.
      [["--port", "abc"], /^chime-proxy-emulator: .*'abc'/],
      [["--port", "99999"], /^chime-proxy-emulator: --port must be an integer from 0 to 65535, not 99999/],
      [["--port", "-1"], /^chime-proxy-emulator: --port must be an integer from 0 to 65535/],
      [["--port", "0", "--connectors", "5000"], /^chime-proxy-emulator: --connectors: /],
      [["--port", "0", "--connectors", "-1"], /^chime-proxy-emulator: --connectors: /],
      [["--port", "0", "--latency-ms", "-5"], /^chime-proxy-emulator: Invalid fault options: --latency-ms: /],
      [["--port", "0", "--region", ""], /^chime-proxy-emulator: --region must be a region name/],
      [["--port", "0", "--access-key-id", "a/b"], /^chime-proxy-emulator: --access-key-id /],
      [["--port", "0", "--host", "999.1.1.1"], /^chime-proxy-emulator: --host: Cannot listen on 999\.1\.1\.1:0/],
      [["--port", "0", "--fixture", notJson], /^chime-proxy-emulator: --fixture: the file .* is not JSON/],
      [["--bogus"], /^chime-proxy-emulator: .*'--bogus'/]
    ]
    const results = await Promise.all(cases.map(([args]) => refuse(args)))
    results.forEach((result, i) => {
      const [args, message] = cases[i]!
      assert.strictEqual(result.code, 2, `${args.join(" ")}: ${result.stderr}`)
      assert.match(result.stderr, message, args.join(" "))
      assert.include(result.stderr, "chime-proxy-emulator --help", args.join(" "))
      assert.notInclude(result.stderr, "internal error", args.join(" "))
    })
  }, 120_000)

  it("warns on stderr, saying what is exposed, when it listens on a non-loopback address", async () => {
    const started = await start(["--host", "0.0.0.0", "--port", "0", "--sessions-per-connector", "1"], 1)
    started.child.kill("SIGTERM")
    const exit = await started.exit
    assert.strictEqual(exit.code, 0, exit.stderr)
    assert.match(exit.stderr, /^chime-proxy-emulator: warn: listening on 0\.0\.0\.0, not a loopback address: /)
    assert.include(exit.stderr, "phone numbers")
    assert.include(exit.stderr, "/_chime-proxy/")
    assert.include(exit.stderr, "default credentials, which are public")
    const quiet = await start(["--port", "0", "--sessions-per-connector", "1"], 1)
    quiet.child.kill("SIGTERM")
    assert.strictEqual((await quiet.exit).stderr, "")
  }, 60_000)
})
