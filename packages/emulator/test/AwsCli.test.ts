import { Simulator } from "@chime-proxy/simulator"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { execFile, spawnSync } from "node:child_process"
import { Emulator, SigV4Verifier } from "../src/index.js"

// The AWS CLI is not on every CI machine: where it is, these tests run the real thing.
const hasAwsCli = spawnSync("aws", ["--version"], { encoding: "utf8" }).status === 0

/** Runs the CLI without blocking: the emulator answers it from this same process. */
const aws = (emulator: Emulator.Running, args: ReadonlyArray<string>, secret?: string) =>
  new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    execFile(
      "aws",
      ["chime-sdk-voice", ...args, "--endpoint-url", emulator.url, "--region", emulator.region, "--output", "json"],
      {
        encoding: "utf8",
        timeout: 60_000,
        maxBuffer: 16 * 1024 * 1024,
        env: {
          ...process.env,
          AWS_ACCESS_KEY_ID: SigV4Verifier.defaultCredential.accessKeyId,
          AWS_SECRET_ACCESS_KEY: secret ?? SigV4Verifier.defaultCredential.secretAccessKey,
          AWS_CONFIG_FILE: "/dev/null",
          AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
          AWS_PAGER: "",
          AWS_MAX_ATTEMPTS: "1"
        }
      },
      (error, stdout, stderr) =>
        resolve({ status: error === null ? 0 : typeof error.code === "number" ? error.code : null, stdout, stderr })
    )
  })

describe("the AWS CLI against the emulator", () => {
  it.runIf(hasAwsCli)("list-proxy-sessions answers the fixture, a filter works, and errors are named", async () => {
    const emulator = await Emulator.start()
    try {
      const [id] = await emulator.run(
        Effect.flatMap(
          Simulator.SimulatorControl,
          (control) => control.seed({ seed: 5, connectors: 1, sessionsPerConnector: 8 })
        )
      )
      assert.isDefined(id)
      const fixture = await emulator.run(Effect.flatMap(Simulator.SimulatorControl, (control) => control.saveFixture()))
      const seeded = fixture.VoiceConnectors[0]
      assert.isDefined(seeded)
      const expected = seeded.ProxySessions ?? []

      const all = await aws(emulator, ["list-proxy-sessions", "--voice-connector-id", id, "--max-results", "100"])
      assert.strictEqual(all.status, 0, all.stderr)
      assert.deepStrictEqual(JSON.parse(all.stdout).ProxySessions, expected)

      const open = await aws(emulator, ["list-proxy-sessions", "--voice-connector-id", id, "--status", "Open"])
      assert.strictEqual(open.status, 0, open.stderr)
      assert.deepStrictEqual(
        JSON.parse(open.stdout).ProxySessions,
        expected.filter((session) => session.Status === "Open")
      )

      const unknown = await aws(emulator, ["list-proxy-sessions", "--voice-connector-id", "no-such-connector"])
      assert.notStrictEqual(unknown.status, 0)
      assert.include(unknown.stderr, "NotFoundException")

      const wrongSecret = await aws(emulator, ["list-proxy-sessions", "--voice-connector-id", id], "wrong-secret")
      assert.notStrictEqual(wrongSecret.status, 0)
      assert.include(wrongSecret.stderr, "SignatureDoesNotMatch")
      assert.notInclude(wrongSecret.stderr, "wrong-secret")
    } finally {
      await emulator.close()
    }
  }, 120_000)
})
