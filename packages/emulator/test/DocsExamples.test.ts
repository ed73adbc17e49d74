import { Simulator } from "@chime-proxy/simulator"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { execFile } from "node:child_process"
import { fileURLToPath } from "node:url"
import { Emulator, SigV4Verifier } from "../src/index.js"

const root = fileURLToPath(new URL("../../../", import.meta.url))

/** Runs a docs example as a user would, against an emulator of this process (so: without blocking). */
const runExample = (file: string, url: string, args: ReadonlyArray<string> = []) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ["--conditions=@chime-proxy/source", "--import", "tsx", `docs/examples/${file}`, ...args],
      { cwd: root, encoding: "utf8", timeout: 60_000, env: { ...process.env, CHIME_PROXY_EMULATOR_URL: url } },
      (error, stdout, stderr) =>
        resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : -1, stdout, stderr })
    )
  })

describe("the emulator's docs examples", () => {
  it("emulator-sdk.ts lists every session with the documented default credentials", async () => {
    const emulator = await Emulator.start()
    try {
      assert.deepStrictEqual(emulator.credentials, [SigV4Verifier.defaultCredential])
      const [id] = await emulator.run(
        Effect.flatMap(
          Simulator.SimulatorControl,
          (control) => control.seed({ seed: 2, connectors: 1, sessionsPerConnector: 23 })
        )
      )
      assert.isDefined(id)
      const result = await runExample("emulator-sdk.ts", emulator.url, [id])
      assert.strictEqual(result.code, 0, result.stderr)
      assert.include(result.stdout, "23 proxy sessions")
    } finally {
      await emulator.close()
    }
  }, 90_000)

  it("emulator-admin.ts arranges the world through the admin routes", async () => {
    const emulator = await Emulator.start()
    try {
      const result = await runExample("emulator-admin.ts", emulator.url)
      assert.strictEqual(result.code, 0, result.stderr)
      const ids = await emulator.run(
        Effect.flatMap(Simulator.SimulatorControl, (control) => control.listVoiceConnectors())
      )
      assert.strictEqual(ids.length, 3)
      assert.isTrue(ids.some((id) => id === "vc-docs"))
    } finally {
      await emulator.close()
    }
  }, 90_000)
})
