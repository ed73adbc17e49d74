import { Emulator } from "@chime-proxy/emulator"
import { Simulator } from "@chime-proxy/simulator"
import { assert, describe, it, layer } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { at, cli, helpOptions, runBin } from "./run.js"

const audit = (args: ReadonlyArray<string>, env?: Record<string, string>) =>
  runBin("apps/cli/bin/chime-proxy-audit.mjs", args, env)

describe("chime-proxy-audit", () => {
  it.live("audits the simulated account, prints the report and writes the HTML page; usage errors exit 2", () =>
    Effect.gen(function*() {
      const dir = mkdtempSync(join(tmpdir(), "chime-proxy-audit-"))
      const file = join(dir, "report.html")
      const [result, usage] = yield* Effect.all([
        audit(["--simulate", "--all", "--connectors", "2", "--sessions-per-connector", "150", "--html", file]),
        audit(["--voice-connector-id", "abc", "--all"])
      ], { concurrency: 2 })
      assert.strictEqual(result.code, 0, result.stderr)
      assert.strictEqual(result.stderr, "")
      assert.isTrue(
        result.stdout.startsWith("Proxy session audit at 2025-06-01T12:00:00.000Z: 2 voice connectors, 300 sessions")
      )
      assert.include(result.stdout, `HTML report written to ${file}`)
      const html = readFileSync(file, "utf8")
      rmSync(dir, { recursive: true })
      assert.include(html, "<h1>Proxy session audit</h1>")
      assert.notMatch(html, /https?:\/\//)
      assert.strictEqual(usage.code, 2)
      assert.include(usage.stderr, "chime-proxy-audit: Give either --all or --voice-connector-id, not both.")
    }))

  it.live("is `chime-proxy audit` under another name: the same options, the same report", () =>
    Effect.gen(function*() {
      const args = ["--simulate", "--all", "--connectors", "2", "--sessions-per-connector", "40", "--top", "3"]
      const [alias, subcommand, aliasHelp, subcommandHelp] = yield* Effect.all([
        audit(args),
        cli(["audit", ...args]),
        audit(["--help"]),
        cli(["audit", "--help"])
      ], { concurrency: 2 })
      assert.strictEqual(alias.code, 0, alias.stderr)
      assert.strictEqual(subcommand.code, 0, subcommand.stderr)
      assert.include(alias.stdout, "2 voice connectors, 80 sessions")
      assert.strictEqual(subcommand.stdout, alias.stdout)
      assert.deepStrictEqual(helpOptions(subcommandHelp.stdout), helpOptions(aliasHelp.stdout))
      const usage = yield* cli(["audit", "--voice-connector-id", "abc", "--all"])
      assert.strictEqual(usage.code, 2)
      assert.include(usage.stderr, "chime-proxy: Give either --all or --voice-connector-id, not both.")
    }))

  // Without the admin routes: --all finds the connectors with ListVoiceConnectors, as it does on AWS.
  layer(Emulator.layerSimulator({ admin: false }), { excludeTestServices: true })((it) => {
    it.effect("--all with an --endpoint-url lists the connectors with ListVoiceConnectors and audits every one", () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        const control = yield* Simulator.SimulatorControl
        yield* control.setClock("2025-06-01T12:00:00.000Z")
        yield* control.seed({ seed: 3, connectors: 3, sessionsPerConnector: 40 })
        const result = yield* audit(
          ["--all", "--endpoint-url", emulator.url, "--region", "us-east-1", "--now", "2025-06-01T12:00:00Z"],
          {
            AWS_ACCESS_KEY_ID: at(emulator.credentials, 0).accessKeyId,
            AWS_SECRET_ACCESS_KEY: at(emulator.credentials, 0).secretAccessKey,
            CHIME_PROXY_NO_DEPRECATION_WARNING: "true"
          }
        )
        assert.strictEqual(result.code, 0, result.stderr)
        assert.include(result.stdout, "3 voice connectors, 120 sessions")
        for (const id of yield* control.listVoiceConnectors()) assert.include(result.stdout, `Voice connector ${id}`)
      }))
  })
})
