/**
 * `chime-proxy export`: archives the proxy sessions of voice connectors in the simulator's fixture format, so that
 * the account can be replayed anywhere (the simulator, the emulator, the audit) at the instant it was taken:
 *
 * ```json
 * {"ExportedAt":"…",
 * "VoiceConnectors":[
 * {"VoiceConnectorId":"…","Name":"…",<the connector's other fields, as ListVoiceConnectors returned them>,
 * "ProxySessions":[
 * <a session, as the service returned it>,
 * …]}],
 * "Export":{"Complete":true,"VoiceConnectors":[{"VoiceConnectorId":"…","Complete":true,"ProxySessions":1234}]}}
 * ```
 *
 * Sessions stream page by page to a temporary file beside `--out` (constant memory per connector, whatever the
 * account's size), which is renamed to `--out` only when the archive is whole: an export that fails or is
 * interrupted leaves no file at `--out`, or the earlier one untouched. A connector that fails is recorded as
 * incomplete in the archive (`Export`), named on stderr, and the export goes on with the next one.
 *
 * Each connector is written with its fields as ListVoiceConnectors returned them, so a replay lists the same
 * connectors. With `--voice-connector-id`, the account's connectors are listed once, keeping only those asked for;
 * an id the listing does not return, or every id if the listing fails, is written alone, with a warning on stderr.
 *
 * @since 0.1.0
 */
import type { ProxySessionsError } from "@chime-proxy/core"
import { ProxySessions, VoiceConnector, VoiceConnectors, Wire } from "@chime-proxy/core"
import { Diagnostic, Stdio, Terminal } from "@chime-proxy/program"
import type { PlatformError } from "@effect/platform/Error"
import * as FileSystem from "@effect/platform/FileSystem"
import * as Path from "@effect/platform/Path"
import * as Clock from "effect/Clock"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as Backend from "./Backend.js"
import * as CommonOptions from "./CommonOptions.js"
import * as Definition from "./internal/exportDefinition.js"
import * as Progress from "./Progress.js"

/**
 * The options of `export`, as parsed.
 *
 * @since 0.1.0
 * @category models
 */
export interface ExportArgs {
  readonly voiceConnectorIds: ReadonlyArray<string>
  readonly all: boolean
  readonly out: string
  readonly pageSize: number
  readonly endpointUrl: Option.Option<string>
  readonly region: Option.Option<string>
  readonly profile: Option.Option<string>
  readonly simulate: boolean
  readonly seed: Option.Option<number>
}

/**
 * The simulated dataset of `export --simulate`: the same account as `list --simulate`.
 *
 * @since 0.1.0
 * @category constants
 */
export const simulatedDataset = Definition.simulatedDataset

/**
 * The options of `export`.
 *
 * @since 0.1.0
 * @category options
 */
export const options = Definition.options

/**
 * An export, checked.
 *
 * @since 0.1.0
 * @category models
 */
export interface Plan {
  readonly target: Backend.Target
  /** Empty with `all`. */
  readonly voiceConnectorIds: ReadonlyArray<string>
  readonly all: boolean
  readonly out: string
  readonly pageSize: number
}

const usage = (reason: string, hint?: string) =>
  Either.left(new Diagnostic.UsageError(hint === undefined ? { reason } : { reason, hint }))

/**
 * Checks the options against each other, before anything is called.
 *
 * @since 0.1.0
 * @category planning
 */
export const plan = (args: ExportArgs): Either.Either<Plan, Diagnostic.UsageError> => {
  const misplaced = CommonOptions.checkTarget(args, "exports", [["--seed", args.seed]])
  if (Option.isSome(misplaced)) return Either.left(misplaced.value)
  if (args.all && args.voiceConnectorIds.length > 0) {
    return usage("Give either --all or --voice-connector-id, not both.")
  }
  if (!args.all && args.voiceConnectorIds.length === 0) {
    return usage("Nothing to export: give --voice-connector-id ID (repeat it for several), or --all.")
  }
  if (args.all && !args.simulate && Option.isNone(args.endpointUrl)) {
    return usage(
      "--all needs an account that can list its voice connectors: the simulator (--simulate) or the emulator " +
        "(--endpoint-url).",
      "With AWS, name the connectors with --voice-connector-id."
    )
  }
  if (new Set(args.voiceConnectorIds).size !== args.voiceConnectorIds.length) {
    return usage("A --voice-connector-id is given twice: an archive holds each connector once.")
  }
  if (args.out.trim() === "") return usage("--out must name a file.")
  return Either.right({
    target: CommonOptions.target(args, simulatedDataset),
    voiceConnectorIds: args.voiceConnectorIds,
    all: args.all,
    out: args.out,
    pageSize: args.pageSize
  })
}

/**
 * What an export did, connector by connector, as its archive records it.
 *
 * @since 0.1.0
 * @category models
 */
export interface Outcome {
  readonly out: string
  readonly exportedAt: DateTime.Utc
  readonly voiceConnectors: ReadonlyArray<{
    readonly VoiceConnectorId: string
    readonly Complete: boolean
    readonly ProxySessions: number
    readonly Error?: string
  }>
}

const encoder = new TextEncoder()

/**
 * Runs a planned export: writes the archive to a temporary file beside `--out`, then renames it. Fails with a
 * `Failure` naming the connectors that could not be exported whole (the archive, which records them, is written).
 *
 * @since 0.1.0
 * @category running
 */
export const runPlan = (
  plan: Plan
): Effect.Effect<
  Outcome,
  Diagnostic.UsageError | Diagnostic.Failure | ProxySessionsError.ProxySessionsError | PlatformError,
  | Stdio.Stdio
  | ProxySessions.ProxySessions
  | VoiceConnectors.VoiceConnectors
  | Backend.Account
  | FileSystem.FileSystem
  | Path.Path
> =>
  Effect.gen(function*() {
    const stdio = yield* Stdio.Stdio
    const account = yield* Backend.Account
    const service = yield* ProxySessions.ProxySessions
    const fs = yield* FileSystem.FileSystem
    const path = yield* Path.Path
    const connectors = yield* connectorsOf(plan)
    const voiceConnectorIds = connectors.map((connector) => connector.id)
    const exportedAt = yield* account.now
    const showProgress = Stdio.showsProgress(stdio)
    const out = path.resolve(plan.out)
    const temporary = path.join(
      path.dirname(out),
      `.${path.basename(out)}.${process.pid}.${Math.random().toString(36).slice(2, 10)}.partial`
    )
    const outcome = yield* Effect.acquireUseRelease(
      Effect.as(fs.writeFileString(temporary, "", { flag: "wx" }), temporary),
      (temporary) =>
        Effect.scoped(Effect.gen(function*() {
          const file = yield* fs.open(temporary, { flag: "w" })
          const write = (text: string) => file.writeAll(encoder.encode(text))
          yield* write(`{"ExportedAt":${JSON.stringify(DateTime.formatIso(exportedAt))},\n"VoiceConnectors":[`)
          const start = yield* Clock.currentTimeMillis
          const records: Array<Outcome["voiceConnectors"][number]> = []
          for (const [c, { fields, id: voiceConnectorId }] of connectors.entries()) {
            // The connector's fields as the listing returned them, then its sessions: `{…fields,"ProxySessions":[`.
            yield* write(`${c === 0 ? "" : ","}\n${fields.slice(0, -1)},"ProxySessions":[`)
            let count = 0
            let pages = 0
            let failure: string | undefined
            // A failure of the listing is the connector's, recorded; a failure to write fails the export.
            yield* ProxySessions.paginator(service).pages({ voiceConnectorId, pageSize: plan.pageSize }).pipe(
              Stream.either,
              Stream.runForEach((item) =>
                Effect.gen(function*() {
                  if (Either.isLeft(item)) {
                    failure = describeError(item.left)
                    return
                  }
                  const page = item.right
                  if (page.items.length > 0) {
                    const parts = page.items.map(Wire.encodeProxySession)
                    yield* write(`${count === 0 ? "" : ","}\n${parts.join(",\n")}`)
                  }
                  count += page.items.length
                  pages += 1
                  if (showProgress) {
                    const now = yield* Clock.currentTimeMillis
                    yield* stdio.err(
                      `\r\u001b[2Kconnector ${c + 1} of ${voiceConnectorIds.length}: ${
                        Progress.describe({ pages, items: count, elapsedMillis: now - start })
                      }`
                    )
                  }
                })
              )
            )
            yield* write("]}")
            records.push(
              failure === undefined
                ? { VoiceConnectorId: voiceConnectorId, Complete: true, ProxySessions: count }
                : { VoiceConnectorId: voiceConnectorId, Complete: false, ProxySessions: count, Error: failure }
            )
          }
          const complete = records.every((record) => record.Complete)
          yield* write(`\n],\n"Export":${JSON.stringify({ Complete: complete, VoiceConnectors: records })}}\n`)
          yield* file.sync
          return records
        })).pipe(
          Effect.ensuring(showProgress ? stdio.err("\r\u001b[2K") : Effect.void),
          Effect.zipLeft(fs.rename(temporary, out))
        ),
      // Whatever happened, the temporary file does not stay: renamed when the archive is whole, removed otherwise.
      (temporary, exit) => Exit.isSuccess(exit) ? Effect.void : Effect.ignore(fs.remove(temporary))
    )
    const failed = outcome.filter((record) => !record.Complete)
    if (failed.length > 0) {
      return yield* Effect.fail(
        new Diagnostic.Failure({
          reason: `Could not export ${failed.length} of ${outcome.length} voice connectors whole: ${
            failed.map((record) => `${record.VoiceConnectorId} (${record.Error ?? "failed"})`).join("; ")
          }. ${plan.out} is written, and records them as incomplete.`,
          hint: "Export them again, alone, with --voice-connector-id."
        })
      )
    }
    const total = outcome.reduce((sum, record) => sum + record.ProxySessions, 0)
    yield* stdio.err(
      `Exported ${total.toLocaleString("en-US")} sessions of ${outcome.length} voice ${
        outcome.length === 1 ? "connector" : "connectors"
      } to ${plan.out}, as at ${DateTime.formatIso(exportedAt)}.\n`
    )
    return { out: plan.out, exportedAt, voiceConnectors: outcome }
  })

const encodeConnector = Schema.encodeSync(VoiceConnector.VoiceConnector)

/** A connector to export: its id, and its fields as wire JSON (an object, never empty: the id is there). */
interface Connector {
  readonly id: string
  readonly fields: string
}

const connector = (listed: VoiceConnector.VoiceConnector, id: string): Connector => ({
  id,
  fields: JSON.stringify(encodeConnector(listed))
})

const idAlone = (id: string): Connector => ({ id, fields: JSON.stringify({ VoiceConnectorId: id }) })

/**
 * The connectors to export, in order. With `--all`, every listed connector that has an id. With
 * `--voice-connector-id`, the listing is streamed once and only the connectors asked for are kept; an id it does not
 * return, or every id if it fails, is exported alone, with a warning.
 */
const connectorsOf = (
  plan: Plan
): Effect.Effect<
  ReadonlyArray<Connector>,
  ProxySessionsError.ProxySessionsError,
  Stdio.Stdio | VoiceConnectors.VoiceConnectors
> =>
  Effect.gen(function*() {
    const listing = VoiceConnectors.stream({ pageSize: 100 })
    if (plan.all) {
      return yield* Stream.runFold(listing, [] as Array<Connector>, (acc, listed) => {
        if (listed.VoiceConnectorId !== undefined) acc.push(connector(listed, listed.VoiceConnectorId))
        return acc
      })
    }
    const stdio = yield* Stdio.Stdio
    const asked = new Set(plan.voiceConnectorIds)
    const found = yield* listing.pipe(
      Stream.filter((listed) => listed.VoiceConnectorId !== undefined && asked.has(listed.VoiceConnectorId)),
      Stream.runFold(new Map<string, Connector>(), (acc, listed) => {
        const id = listed.VoiceConnectorId ?? ""
        if (!acc.has(id)) acc.set(id, connector(listed, id))
        return acc
      }),
      Effect.either
    )
    if (Either.isLeft(found)) {
      yield* stdio.err(
        `Warning: could not list the voice connectors (${
          Terminal.safeLine(describeError(found.left))
        }): the archive holds their ids alone, without their fields.\n`
      )
      return plan.voiceConnectorIds.map(idAlone)
    }
    const missing = plan.voiceConnectorIds.filter((id) => !found.right.has(id))
    if (missing.length > 0) {
      yield* stdio.err(
        `Warning: ListVoiceConnectors does not return ${missing.join(", ")}: the archive holds ${
          missing.length === 1 ? "its id" : "their ids"
        } alone, without fields.\n`
      )
    }
    return plan.voiceConnectorIds.map((id) => found.right.get(id) ?? idAlone(id))
  })

const describeError = (error: ProxySessionsError.ProxySessionsError): string =>
  Diagnostic.describeProxySessionsError(error).lines[0] ?? error._tag

/**
 * Plans and runs an export with the services the provider builds for its target.
 *
 * @since 0.1.0
 * @category running
 */
export const run = (
  args: ExportArgs,
  provider: Backend.Provider
): Effect.Effect<Outcome, unknown, Stdio.Stdio | FileSystem.FileSystem | Path.Path> =>
  Effect.flatMap(plan(args), (checked) => Effect.provide(runPlan(checked), provider(checked.target)))

/**
 * The `export` command, with the provider of its services.
 *
 * @since 0.1.0
 * @category commands
 */
export const make = (provider: Backend.Provider) => Definition.command((args) => Effect.asVoid(run(args, provider)))
