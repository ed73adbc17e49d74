import { ProxySessions, ServiceError, VoiceConnectors } from "@chime-proxy/core"
import { Diagnostic, Stdio } from "@chime-proxy/program"
import { Simulator } from "@chime-proxy/simulator"
import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import { assert, describe, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type * as Audit from "../src/Audit.js"
import * as AuditCommand from "../src/AuditCommand.js"
import type * as Backend from "../src/Backend.js"
import { Account } from "../src/Backend.js"
import { connectorsOf, dataset, makeService } from "./fixtures.js"
import { at } from "./run.js"

const defaults: AuditCommand.AuditArgs = {
  voiceConnectorIds: [],
  all: true,
  simulate: false,
  seed: Option.none(),
  connectors: Option.none(),
  sessionsPerConnector: Option.none(),
  endpointUrl: Option.none(),
  region: Option.none(),
  profile: Option.none(),
  pageSize: 10,
  top: 3,
  now: Option.some("2025-06-01T12:00:00Z"),
  html: Option.none(),
  fixture: Option.none()
}

const connectors = ["vc1", "vc2", "vc3"]
const data = dataset(connectors, 23)

/** A provider over the dataset whose ListVoiceConnectors lists `listed`: an id missing from the data is a connector
 * deleted after ListVoiceConnectors returned it, whose ListProxySessions answers NotFoundException. */
const providerOf = (
  listed: ReadonlyArray<string>,
  sessions: ProxySessions.ProxySessions.Service = makeService(data).service
): Backend.Provider =>
() =>
  Layer.mergeAll(
    Layer.succeed(ProxySessions.ProxySessions, sessions),
    Layer.succeed(VoiceConnectors.VoiceConnectors, connectorsOf(listed)),
    Layer.succeed(Account, { now: DateTime.now })
  )

const run = (args: Partial<AuditCommand.AuditArgs>, provider: Backend.Provider) =>
  Effect.gen(function*() {
    const [stdio, captured] = yield* Stdio.makeCaptured()
    const exit: Exit.Exit<Audit.Report, unknown> = yield* Effect.exit(
      AuditCommand.run({ ...defaults, ...args }, provider).pipe(
        Effect.provideService(Stdio.Stdio, stdio),
        Effect.provide(NodeFileSystem.layer)
      )
    )
    return { exit, stdout: yield* captured.stdout, stderr: yield* captured.stderr }
  })

const failureOf = (exit: Exit.Exit<unknown, unknown>): unknown => {
  assert.isTrue(Exit.isFailure(exit))
  return Exit.isFailure(exit) ? Option.getOrUndefined(Cause.failureOption(exit.cause)) : undefined
}

describe("audit --all", () => {
  it.effect("a connector deleted after ListVoiceConnectors is skipped with a warning; the report covers the rest and names it; exit 1", () =>
    Effect.gen(function*() {
      const dir = mkdtempSync(join(tmpdir(), "chime-proxy-audit-all-"))
      const file = join(dir, "report.html")
      try {
        const result = yield* run({ html: Option.some(file) }, providerOf(["vc1", "gone1", "vc2", "vc3"]))
        assert.include(
          result.stderr,
          "Warning: the voice connector gone1 was not found when its sessions were listed (deleted?): skipped."
        )
        // The report: the three connectors still there, all their sessions, and the one skipped.
        assert.include(
          result.stdout,
          "Proxy session audit at 2025-06-01T12:00:00.000Z: 3 voice connectors, 69 sessions"
        )
        assert.include(
          result.stdout,
          "Skipped, not found when their sessions were listed (deleted?): 1 voice connector: gone1"
        )
        assert.include(result.stdout, "Voice connector vc3")
        assert.notInclude(result.stdout, "Voice connector gone1")
        const html = readFileSync(file, "utf8")
        assert.include(html, "Skipped, not found when their sessions were listed (deleted?): 1 voice connector: gone1.")
        assert.notInclude(html, "Voice connector gone1")
        const failure = failureOf(result.exit)
        const diagnostic = Diagnostic.describe(failure)
        assert.strictEqual(diagnostic.exitCode, 1)
        assert.include(diagnostic.lines.join("\n"), "Not everything was read: 1 voice connector(s) were not found")
        assert.include(diagnostic.lines.join("\n"), "The other connectors were audited in full.")
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    }))

  it.effect("a simulated account whose connector is deleted right after ListVoiceConnectors returned it", () =>
    Effect.gen(function*() {
      const simulator = yield* Simulator.make({ seed: 5 })
      const ids = yield* simulator.control.seed({ seed: 5, connectors: 3, sessionsPerConnector: 40 })
      const deleted = at(ids, 1)
      // ListVoiceConnectors answers with the connector, which is gone by the time its sessions are listed.
      const voiceConnectors: VoiceConnectors.VoiceConnectors.Service = {
        listVoiceConnectors: (input) =>
          Effect.tap(
            simulator.voiceConnectors.listVoiceConnectors(input),
            () => Effect.orDie(simulator.control.deleteVoiceConnector(deleted))
          )
      }
      const provider: Backend.Provider = () =>
        Layer.mergeAll(
          Layer.succeed(ProxySessions.ProxySessions, simulator.proxySessions),
          Layer.succeed(VoiceConnectors.VoiceConnectors, voiceConnectors),
          Layer.succeed(Account, { now: simulator.control.now() })
        )
      const result = yield* run({ now: Option.none() }, provider)
      assert.include(result.stderr, `Warning: the voice connector ${deleted} was not found`)
      assert.include(result.stdout, "2 voice connectors, 80 sessions")
      assert.include(result.stdout, `Voice connector ${at(ids, 0)}`)
      assert.include(result.stdout, `Voice connector ${at(ids, 2)}`)
      assert.notInclude(result.stdout, `Voice connector ${deleted}`)
      assert.include(result.stdout, `1 voice connector: ${deleted}`)
      assert.strictEqual(Diagnostic.describe(failureOf(result.exit)).exitCode, 1)
    }))

  it.effect("another failure stops the audit, and stderr says which connectors were audited completely before it", () =>
    Effect.gen(function*() {
      const healthy = makeService(data).service
      const failing: ProxySessions.ProxySessions.Service = {
        listProxySessions: (input) =>
          input.VoiceConnectorId === "vc3"
            ? Effect.fail(new ServiceError.ServiceFailureException({ Message: "boom" }))
            : healthy.listProxySessions(input)
      }
      const result = yield* run({}, providerOf(connectors, failing))
      assert.strictEqual(failureOf(result.exit) instanceof ServiceError.ServiceFailureException, true)
      // Two connectors are audited at once: vc2 may or may not be done when vc3 fails.
      assert.match(
        result.stderr,
        /Read completely before the error: (1 voice connector\(s\): vc[12]|2 voice connector\(s\): vc[12], vc[12])\.\n/
      )
      assert.strictEqual(result.stdout, "")
    }))

  it.effect("with --voice-connector-id, an unknown connector is still an error", () =>
    Effect.gen(function*() {
      const result = yield* run({ all: false, voiceConnectorIds: ["vc1", "gone1"] }, providerOf(connectors))
      assert.strictEqual(failureOf(result.exit) instanceof ServiceError.NotFoundException, true)
      assert.notInclude(result.stderr, "Warning")
      assert.strictEqual(result.stdout, "")
    }))
})
