import type { ProxySession } from "@aws-sdk/client-chime-sdk-voice"
import {
  ChimeSDKVoiceClient,
  ListProxySessionsCommand,
  ListVoiceConnectorsCommand
} from "@aws-sdk/client-chime-sdk-voice"
import { ServiceError, VoiceConnectors } from "@chime-proxy/core"
import { Emulator, SigV4Verifier, WireFaults } from "@chime-proxy/emulator"
import { Stdio } from "@chime-proxy/program"
import { Simulator } from "@chime-proxy/simulator"
import * as NodeContext from "@effect/platform-node/NodeContext"
import { assert, describe, it, layer } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import { spawn } from "node:child_process"
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import * as Backend from "../src/Backend.js"
import * as ExportCommand from "../src/ExportCommand.js"
import { at, cli, root } from "./run.js"

const credentials = {
  AWS_ACCESS_KEY_ID: SigV4Verifier.defaultCredential.accessKeyId,
  AWS_SECRET_ACCESS_KEY: SigV4Verifier.defaultCredential.secretAccessKey,
  AWS_REGION: "us-east-1",
  CHIME_PROXY_NO_DEPRECATION_WARNING: "true"
}

const sdk = (url: string) =>
  new ChimeSDKVoiceClient({
    endpoint: url,
    region: "us-east-1",
    maxAttempts: 1,
    credentials: {
      accessKeyId: SigV4Verifier.defaultCredential.accessKeyId,
      secretAccessKey: SigV4Verifier.defaultCredential.secretAccessKey
    }
  })

const filters = [undefined, "Open", "InProgress", "Closed"] as const
const pageSizes = [1, 7, 100] as const

/** Every session the official SDK lists, page by page, for every connector, filter and page size. */
const everyListing = (url: string, ids: ReadonlyArray<string>) =>
  Effect.promise(async () => {
    const client = sdk(url)
    const out: Array<{ key: string; pages: Array<ReadonlyArray<ProxySession>> }> = []
    for (const VoiceConnectorId of ids) {
      for (const Status of filters) {
        for (const MaxResults of pageSizes) {
          const pages: Array<ReadonlyArray<ProxySession>> = []
          let NextToken: string | undefined
          do {
            const page = await client.send(
              new ListProxySessionsCommand({ VoiceConnectorId, Status, MaxResults, NextToken })
            )
            pages.push(page.ProxySessions ?? [])
            NextToken = page.NextToken
          } while (NextToken !== undefined)
          out.push({ key: `${VoiceConnectorId} ${Status} ${MaxResults}`, pages })
        }
      }
    }
    client.destroy()
    return out
  })

/** Starts the emulator program, reading its address and its connectors' ids from stdout. */
const startEmulator = (args: ReadonlyArray<string>) =>
  Effect.acquireRelease(
    Effect.async<{ url: string; ids: Array<string>; stderr: () => string; kill: () => void }, Error>((resume) => {
      const child = spawn(process.execPath, [resolve(root, "apps/emulator/bin/chime-proxy-emulator.mjs"), ...args])
      let stdout = ""
      let stderr = ""
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()))
      child.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk.toString()
        // The ids follow the first line at once, in the same write.
        const lines = stdout.split("\n").filter((line) => line !== "")
        const url = /listening on (http:\/\/\S+)$/.exec(lines[0] ?? "")?.[1]
        if (url !== undefined && stdout.endsWith("\n")) {
          resume(Effect.succeed({ url, ids: lines.slice(1), stderr: () => stderr, kill: () => child.kill("SIGTERM") }))
        }
      })
      child.on("exit", (code) => resume(Effect.fail(new Error(`emulator exited with ${code}: ${stderr}`))))
    }),
    (started) => Effect.sync(started.kill)
  )

/** Every connector the official SDK lists, with all its fields. */
const listConnectors = (url: string) =>
  Effect.promise(async () => {
    const client = sdk(url)
    const out = await client.send(new ListVoiceConnectorsCommand({}))
    client.destroy()
    return out.VoiceConnectors ?? []
  })

const tempDir = () => mkdtempSync(join(tmpdir(), "chime-proxy-export-"))

describe("chime-proxy export", () => {
  layer(Emulator.layerSimulator({ simulator: { seed: 5, startTime: "2025-03-01T00:00:00.000Z" } }), {
    excludeTestServices: true
  })((it) => {
    it.effect(
      "round trip: an export replayed by a fresh emulator started later lists the same sessions to the official SDK, field for field, under every filter and page size",
      () =>
        Effect.gen(function*() {
          const emulator = yield* Emulator.Emulator
          const control = yield* Simulator.SimulatorControl
          yield* control.reset()
          const ids = yield* control.seed({ seed: 5, connectors: 2, sessionsPerConnector: 40 })
          // Some lifecycle on top of the generated data.
          const first = at(ids, 0)
          const fixture = yield* control.saveFixture()
          for (const [i, session] of (fixture.VoiceConnectors[0]?.ProxySessions ?? []).slice(0, 10).entries()) {
            if (session.Status === "Closed") continue
            const id = session.ProxySessionId ?? ""
            yield* Effect.either(i % 2 === 0 ? control.recordCall(first, id) : control.closeProxySession(first, id))
          }
          const before = yield* everyListing(emulator.url, ids)
          const connectorsBefore = yield* listConnectors(emulator.url)
          const fieldsBefore = (yield* control.saveFixture()).VoiceConnectors.map(({ ProxySessions: _, ...fields }) =>
            fields
          )
          const dir = tempDir()
          const out = join(dir, "account.json")
          const result = yield* cli(["export", "--endpoint-url", emulator.url, "--all", "--out", out], credentials)
          assert.strictEqual(result.code, 0, result.stderr)
          assert.include(result.stderr, "Exported 80 sessions of 2 voice connectors")
          const archive = JSON.parse(readFileSync(out, "utf8")) as {
            ExportedAt: string
            VoiceConnectors: Array<Record<string, unknown>>
            Export: { Complete: boolean }
          }
          // Every connector's fields, in wire JSON, as ListVoiceConnectors returned them, before its sessions.
          const fields = archive.VoiceConnectors.map(({ ProxySessions: _, ...fields }) => fields)
          assert.deepStrictEqual(fields, fieldsBefore)
          for (const connector of archive.VoiceConnectors) {
            assert.includeMembers(Object.keys(connector), [
              "Name",
              "AwsRegion",
              "CreatedTimestamp",
              "VoiceConnectorArn"
            ])
            assert.strictEqual(Object.keys(connector).at(-1), "ProxySessions")
          }
          // The emulator's own time, not the wall clock: the archive is of the simulated account's instant.
          assert.match(archive.ExportedAt, /^2025-03-01T00:0/)
          assert.isTrue(archive.Export.Complete)
          assert.deepStrictEqual(readdirSync(dir), ["account.json"])

          const replay = yield* startEmulator(["--port", "0", "--fixture", out])
          assert.deepStrictEqual([...replay.ids].sort(), [...ids].sort())
          const after = yield* everyListing(replay.url, ids)
          assert.deepStrictEqual(after, before)
          // The replay lists the same connectors, field for field.
          assert.deepStrictEqual(yield* listConnectors(replay.url), connectorsBefore)
          // The audit reads the archive directly, judged at its ExportedAt.
          const audit = yield* cli(["audit", "--fixture", out])
          assert.strictEqual(audit.code, 0, audit.stderr)
          assert.include(audit.stdout, `audit at ${archive.ExportedAt}: 2 voice connectors, 80 sessions`)
        }).pipe(Effect.scoped)
    )

    it.effect("a connector that fails is named, and the archive, written, records it as incomplete", () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        const control = yield* Simulator.SimulatorControl
        yield* control.reset()
        const [id] = yield* control.seed({ seed: 1, connectors: 1, sessionsPerConnector: 12 })
        const out = join(tempDir(), "account.json")
        const result = yield* cli([
          "export",
          "--endpoint-url",
          emulator.url,
          "--voice-connector-id",
          "missingconnector00001",
          "--voice-connector-id",
          id ?? "",
          "--out",
          out
        ], credentials)
        assert.strictEqual(result.code, 1, result.stderr)
        assert.include(result.stderr, "missingconnector00001")
        assert.include(result.stderr, "Could not export 1 of 2 voice connectors whole")
        const archive = JSON.parse(readFileSync(out, "utf8")) as {
          VoiceConnectors: Array<{ VoiceConnectorId: string; ProxySessions: Array<unknown> }>
          Export: { Complete: boolean; VoiceConnectors: Array<{ Complete: boolean; Error?: string }> }
        }
        assert.isFalse(archive.Export.Complete)
        assert.deepStrictEqual(archive.Export.VoiceConnectors.map((c) => c.Complete), [false, true])
        assert.include(archive.Export.VoiceConnectors[0]?.Error ?? "", "NotFoundException")
        assert.strictEqual(archive.VoiceConnectors[1]?.ProxySessions.length, 12)
        // The id ListVoiceConnectors does not return is written alone, with a warning; the other has its fields.
        assert.include(result.stderr, "ListVoiceConnectors does not return missingconnector00001")
        assert.deepStrictEqual(Object.keys(archive.VoiceConnectors[0] ?? {}), ["VoiceConnectorId", "ProxySessions"])
        const { ProxySessions: _, ...fields } = archive.VoiceConnectors[1] ?? { ProxySessions: [] }
        const listed = (yield* control.saveFixture()).VoiceConnectors.find((c) => c.VoiceConnectorId === id)
        const { ProxySessions: __, ...expected } = listed ?? { ProxySessions: [] }
        assert.deepStrictEqual(fields, expected)
        assert.include(Object.keys(fields), "Name")
        // Loading it says which connectors are incomplete.
        const audit = yield* cli(["audit", "--fixture", out])
        assert.strictEqual(audit.code, 0, audit.stderr)
        assert.include(audit.stderr, "incomplete: missingconnector00001")
      }))

    it.effect(
      "SIGINT leaves no file at --out, or the earlier one untouched, and exits 130",
      () =>
        Effect.gen(function*() {
          const emulator = yield* Emulator.Emulator
          const control = yield* Simulator.SimulatorControl
          yield* control.reset()
          const [id] = yield* control.seed({ seed: 2, connectors: 1, sessionsPerConnector: 2000 })
          yield* emulator.setWireFaults(new WireFaults.WireFaults({ latencyMillis: 100 }))
          for (const earlier of [undefined, "the earlier archive\n"]) {
            const dir = tempDir()
            const out = join(dir, "account.json")
            if (earlier !== undefined) writeFileSync(out, earlier)
            const exit = yield* Effect.async<{ code: number | null; stderr: string }>((resume) => {
              const child = spawn(process.execPath, [
                resolve(root, "apps/cli/bin/chime-proxy.mjs"),
                "export",
                "--endpoint-url",
                emulator.url,
                "--voice-connector-id",
                id ?? "",
                "--page-size",
                "10",
                "--out",
                out
              ], { env: { ...process.env, ...credentials } })
              let stderr = ""
              child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()))
              // Interrupted once the export is under way: its temporary file is there.
              const poll = setInterval(() => {
                if (readdirSync(dir).some((name) => name.endsWith(".partial"))) {
                  clearInterval(poll)
                  setTimeout(() => child.kill("SIGINT"), 300)
                }
              }, 20)
              child.on("exit", (code) => {
                clearInterval(poll)
                resume(Effect.succeed({ code, stderr }))
              })
            })
            assert.strictEqual(exit.code, 130, exit.stderr)
            assert.deepStrictEqual(readdirSync(dir), earlier === undefined ? [] : ["account.json"])
            if (earlier !== undefined) assert.strictEqual(readFileSync(out, "utf8"), earlier)
            else assert.isFalse(existsSync(out))
          }
          yield* emulator.setWireFaults(WireFaults.none)
        }),
      { timeout: 60_000 }
    )
  })

  it.effect("checks its options before anything is called", () =>
    Effect.gen(function*() {
      const none = yield* cli(["export", "--simulate", "--out", join(tempDir(), "a.json")])
      assert.strictEqual(none.code, 2)
      assert.include(none.stderr, "Nothing to export")
      const both = yield* cli(["export", "--simulate", "--all", "--voice-connector-id", "a", "--out", "x.json"])
      assert.strictEqual(both.code, 2)
      const simulated = join(tempDir(), "a.json")
      const ok = yield* cli(["export", "--simulate", "--all", "--out", simulated])
      assert.strictEqual(ok.code, 0, ok.stderr)
      const archive = JSON.parse(readFileSync(simulated, "utf8")) as { ExportedAt: string }
      assert.strictEqual(archive.ExportedAt, "2025-06-01T12:00:00.000Z")
    }))
})

describe("chime-proxy audit --fixture", () => {
  it.effect("refuses a truncated archive, saying where, and an archive that conflicts with an account's options", () =>
    Effect.gen(function*() {
      const dir = tempDir()
      const bad = join(dir, "bad.json")
      writeFileSync(bad, "{\"VoiceConnectors\":[{\"VoiceConnectorId\":\"x\",\n\"ProxySessions\":[{\"Status\":")
      const truncated = yield* cli(["audit", "--fixture", bad])
      assert.strictEqual(truncated.code, 1)
      assert.include(truncated.stderr, `${bad} at line 2, column`)
      assert.include(truncated.stderr, "VoiceConnectors[0].ProxySessions[0].Status")
      const conflicting = yield* cli(["audit", "--fixture", bad, "--simulate"])
      assert.strictEqual(conflicting.code, 2)
      assert.include(conflicting.stderr, "--fixture audits an archive")
      const missing = yield* cli(["audit", "--fixture", join(dir, "none.json")])
      assert.strictEqual(missing.code, 1)
      assert.include(missing.stderr, "ENOENT")
    }))

  it.effect("a fixture without ExportedAt is judged at its latest timestamp, with a notice; --now judges elsewhen", () =>
    Effect.gen(function*() {
      const file = join(tempDir(), "pasted.json")
      writeFileSync(
        file,
        JSON.stringify({
          VoiceConnectors: [{
            VoiceConnectorId: "abcdef1ghij2klmno3pqr4",
            ProxySessions: [{
              ProxySessionId: "321a4567-b89c-0d12-e345-678901f2345a",
              Status: "Open",
              ExpiryMinutes: 60,
              CreatedTimestamp: "2025-01-10T10:00:00.000Z"
            }]
          }]
        })
      )
      const recorded = yield* cli(["audit", "--fixture", file])
      assert.strictEqual(recorded.code, 0, recorded.stderr)
      assert.include(recorded.stdout, "audit at 2025-01-10T10:00:00.000Z")
      assert.include(recorded.stderr, "no ExportedAt")
      assert.include(recorded.stdout, "0 past expiry")
      const later = yield* cli(["audit", "--fixture", file, "--now", "2025-01-11T00:00:00Z"])
      assert.strictEqual(later.code, 0, later.stderr)
      assert.include(later.stdout, "1 past expiry")
    }))
})

describe("chime-proxy export, in process", () => {
  it.effect("shows its progress on a terminal, connector by connector, and clears the line at the end", () =>
    Effect.gen(function*() {
      const [stdio, captured] = yield* Stdio.makeCaptured({ errIsTerminal: true })
      const out = join(tempDir(), "account.json")
      const plan = ExportCommand.plan({
        voiceConnectorIds: [],
        all: true,
        out,
        pageSize: 10,
        endpointUrl: Option.none(),
        region: Option.none(),
        profile: Option.none(),
        simulate: true,
        seed: Option.none()
      })
      assert.isTrue(Either.isRight(plan))
      if (Either.isLeft(plan)) return
      const outcome = yield* ExportCommand.runPlan(plan.right).pipe(
        Effect.provide(Backend.layer(plan.right.target)),
        Effect.provideService(Stdio.Stdio, stdio),
        Effect.provide(NodeContext.layer)
      )
      assert.deepStrictEqual(outcome.voiceConnectors.map((c) => [c.Complete, c.ProxySessions]), [
        [true, 25],
        [true, 25],
        [true, 25]
      ])
      const stderr = yield* captured.stderr
      assert.include(stderr, "connector 1 of 3: 3 pages, 25 sessions")
      assert.include(stderr, "connector 3 of 3: 3 pages, 25 sessions")
      assert.include(stderr, "\r\u001b[2KExported 75 sessions of 3 voice connectors")
      assert.strictEqual(yield* captured.stdout, "")
    }))

  it.effect("with --voice-connector-id, a failed listing of the connectors still exports the sessions, ids alone", () =>
    Effect.gen(function*() {
      const [stdio, captured] = yield* Stdio.makeCaptured()
      const out = join(tempDir(), "account.json")
      const args = {
        voiceConnectorIds: [],
        all: true,
        out,
        pageSize: 10,
        endpointUrl: Option.none(),
        region: Option.none(),
        profile: Option.none(),
        simulate: true,
        seed: Option.none()
      }
      const target = Either.getOrThrow(ExportCommand.plan(args)).target
      const [id] = yield* Backend.voiceConnectorIds.pipe(Effect.provide(Backend.layer(target)))
      const plan = Either.getOrThrow(ExportCommand.plan({ ...args, all: false, voiceConnectorIds: [id ?? ""] }))
      const throttled: VoiceConnectors.VoiceConnectors.Service = {
        listVoiceConnectors: () => Effect.fail(new ServiceError.ThrottledClientException({ Message: "Rate exceeded" }))
      }
      const outcome = yield* ExportCommand.runPlan(plan).pipe(
        Effect.provideService(VoiceConnectors.VoiceConnectors, throttled),
        Effect.provide(Backend.layer(plan.target)),
        Effect.provideService(Stdio.Stdio, stdio),
        Effect.provide(NodeContext.layer)
      )
      assert.deepStrictEqual(outcome.voiceConnectors.map((c) => [c.Complete, c.ProxySessions]), [[true, 25]])
      const stderr = yield* captured.stderr
      assert.include(stderr, "Warning: could not list the voice connectors")
      assert.include(stderr, "ThrottledClientException")
      const archive = JSON.parse(readFileSync(out, "utf8")) as { VoiceConnectors: Array<Record<string, unknown>> }
      assert.deepStrictEqual(Object.keys(archive.VoiceConnectors[0] ?? {}), ["VoiceConnectorId", "ProxySessions"])
      assert.strictEqual(archive.VoiceConnectors[0]?.VoiceConnectorId, id)
    }))
})
