/**
 * `chime-proxy audit` (and its alias, the `chime-proxy-audit` program): audits the proxy sessions of voice connectors
 * and prints the report, optionally writing it as an HTML page too.
 *
 * @since 0.1.0
 */
import type { ProxySessions, ProxySessionsError, VoiceConnectors } from "@chime-proxy/core"
import { Diagnostic, Stdio } from "@chime-proxy/program"
import type { PlatformError } from "@effect/platform/Error"
import * as FileSystem from "@effect/platform/FileSystem"
import * as Clock from "effect/Clock"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Ref from "effect/Ref"
import * as AllListing from "./AllListing.js"
import * as Audit from "./Audit.js"
import * as Backend from "./Backend.js"
import * as CommonOptions from "./CommonOptions.js"
import * as Definition from "./internal/auditDefinition.js"
import * as Progress from "./Progress.js"
import * as Report from "./Report.js"
import * as SimulatedConnectors from "./SimulatedConnectors.js"

/**
 * The name of the alias program, which runs this command alone.
 *
 * @since 0.1.0
 * @category constants
 */
export const programName = Definition.programName

/**
 * The simulated dataset when no size is given: 3 connectors of 200 sessions, seed 42.
 *
 * @since 0.1.0
 * @category constants
 */
export const simulatedDefaults = Definition.simulatedDefaults

/**
 * The options of the command, as parsed.
 *
 * @since 0.1.0
 * @category models
 */
export interface AuditArgs {
  readonly voiceConnectorIds: ReadonlyArray<string>
  readonly all: boolean
  readonly simulate: boolean
  readonly seed: Option.Option<number>
  readonly connectors: Option.Option<number>
  readonly sessionsPerConnector: Option.Option<number>
  readonly endpointUrl: Option.Option<string>
  readonly region: Option.Option<string>
  readonly profile: Option.Option<string>
  readonly cliConnectTimeout?: Option.Option<number> | undefined
  readonly cliReadTimeout?: Option.Option<number> | undefined
  readonly pageSize: number
  readonly top: number
  readonly now: Option.Option<string>
  readonly html: Option.Option<string>
  readonly fixture: Option.Option<string>
}

/**
 * The options of the command.
 *
 * @since 0.1.0
 * @category options
 */
export const options = Definition.options

/**
 * An audit, checked.
 *
 * @since 0.1.0
 * @category models
 */
export interface Plan {
  readonly target: Backend.Target
  /** Empty with `all`. */
  readonly voiceConnectorIds: ReadonlyArray<string>
  readonly all: boolean
  readonly pageSize: number
  readonly top: number
  readonly now: DateTime.Utc | undefined
  readonly html: string | undefined
}

const usage = (reason: string, hint?: string) =>
  Either.left(new Diagnostic.UsageError(hint === undefined ? { reason } : { reason, hint }))

/**
 * Checks the options against each other.
 *
 * @since 0.1.0
 * @category planning
 */
export const plan = (args: AuditArgs): Either.Either<Plan, Diagnostic.UsageError> => {
  if (args.top < 1 || args.top > 1000) return usage(`--top must be an integer from 1 to 1000, not ${args.top}.`)
  const misplaced = CommonOptions.checkTarget(args, "audits", [
    ["--seed", args.seed],
    ["--connectors", args.connectors],
    ["--sessions-per-connector", args.sessionsPerConnector]
  ])
  if (Option.isSome(misplaced)) return Either.left(misplaced.value)
  if (Option.isSome(args.fixture)) {
    const conflicting = [
      ["--simulate", args.simulate],
      ["--endpoint-url", Option.isSome(args.endpointUrl)],
      ["--region", Option.isSome(args.region)],
      ["--profile", Option.isSome(args.profile)]
    ].filter(([, given]) => given).map(([name]) => name)
    if (conflicting.length > 0) {
      return usage(
        `--fixture audits an archive, so ${conflicting.join(" and ")} cannot be used with it.`,
        "Leave out --fixture to audit an account, or leave out the account's options."
      )
    }
    if (args.all && args.voiceConnectorIds.length > 0) {
      return usage("Give either --all or --voice-connector-id, not both.")
    }
  }
  const connectors = Option.getOrElse(args.connectors, () => simulatedDefaults.connectors)
  const sessionsPerConnector = Option.getOrElse(
    args.sessionsPerConnector,
    () => simulatedDefaults.sessionsPerConnector
  )
  if (connectors < 0 || connectors > 1000) return usage("--connectors must be an integer from 0 to 1000.")
  if (sessionsPerConnector < 0 || sessionsPerConnector > 1_000_000) {
    return usage("--sessions-per-connector must be an integer from 0 to 1,000,000.")
  }
  if (args.all && args.voiceConnectorIds.length > 0) {
    return usage("Give either --all or --voice-connector-id, not both.")
  }
  if (!args.all && args.voiceConnectorIds.length === 0 && Option.isNone(args.fixture)) {
    return usage(
      "Nothing to audit: give --voice-connector-id ID (repeat it for several), or --all.",
      "--all lists the account's voice connectors with ListVoiceConnectors, on AWS, the emulator or the simulator."
    )
  }
  let now: DateTime.Utc | undefined
  if (Option.isSome(args.now)) {
    const parsed = DateTime.make(args.now.value)
    if (Option.isNone(parsed) || !/^\d{4}-\d{2}-\d{2}/.test(args.now.value)) {
      return usage(`--now must be an ISO 8601 instant such as 2025-06-02T13:00:00Z, not '${args.now.value}'.`)
    }
    now = DateTime.toUtc(parsed.value)
  }
  return Either.right({
    target: Option.isSome(args.fixture)
      ? { _tag: "Archive", path: args.fixture.value }
      : CommonOptions.target(args, { connectors, sessionsPerConnector }),
    voiceConnectorIds: args.voiceConnectorIds,
    all: args.all || (Option.isSome(args.fixture) && args.voiceConnectorIds.length === 0),
    pageSize: args.pageSize,
    top: args.top,
    now,
    html: Option.getOrUndefined(args.html)
  })
}

/**
 * Runs a planned audit: finds the connectors, streams every session once, prints the report and writes the HTML
 * page. Progress goes to stderr when it is a terminal. With `--all`, as with `list --all`, a connector gone when its
 * sessions are listed is skipped with a warning, the report covers the others and names it, and the audit then fails
 * with {@link AllListing.notEverythingRead}; when another error stops the audit, stderr says which connectors were
 * audited completely before it.
 *
 * @since 0.1.0
 * @category running
 */
export const runPlan = (
  plan: Plan
): Effect.Effect<
  Audit.Report,
  | ProxySessionsError.ProxySessionsError
  | Diagnostic.UsageError
  | Diagnostic.Failure
  | Stdio.StdoutClosed
  | PlatformError,
  | Stdio.Stdio
  | ProxySessions.ProxySessions
  | VoiceConnectors.VoiceConnectors
  | Backend.Account
  | FileSystem.FileSystem
> =>
  Effect.gen(function*() {
    const stdio = yield* Stdio.Stdio
    const account = yield* Backend.Account
    const voiceConnectorIds = plan.all ? yield* Backend.voiceConnectorIds : plan.voiceConnectorIds
    const now = plan.now ?? (yield* account.now)
    const start = yield* Clock.currentTimeMillis
    let pages = 0
    let sessions = 0
    const onPage = (_: string, page: ProxySessions.Page): Effect.Effect<void> =>
      Effect.flatMap(Clock.currentTimeMillis, (millis) => {
        pages += 1
        sessions += page.items.length
        const line = Progress.describe({ pages, items: sessions, elapsedMillis: millis - start })
        return stdio.err(`\r\u001b[2K${voiceConnectorIds.length} connectors: ${line}`)
      })
    const complete = yield* Ref.make<ReadonlyArray<string>>([])
    // Only --all skips a connector that is gone: one named with --voice-connector-id must exist.
    const listed = plan.all
    const clearProgress = Stdio.showsProgress(stdio) ? stdio.err("\r\u001b[2K") : Effect.void
    const report = yield* Audit.run(voiceConnectorIds, {
      now,
      top: plan.top,
      pageSize: plan.pageSize,
      onPage: Stdio.showsProgress(stdio) ? onPage : undefined,
      onComplete: (id) => Ref.update(complete, (ids) => [...ids, id]),
      onNotFound: listed ? (id) => Effect.zipRight(clearProgress, stdio.err(AllListing.skipWarning(id))) : undefined
    }).pipe(
      Effect.ensuring(clearProgress),
      Effect.tapError(() =>
        listed
          ? Effect.flatMap(Ref.get(complete), (ids) => stdio.err(AllListing.completeBeforeError(ids)))
          : Effect.void
      )
    )
    yield* stdio.out(Report.text(report))
    if (plan.html !== undefined) {
      const fs = yield* FileSystem.FileSystem
      yield* fs.writeFileString(plan.html, Report.html(report))
      yield* stdio.out(`HTML report written to ${plan.html}\n`)
    }
    if (report.skipped.length > 0) return yield* Effect.fail(AllListing.notEverythingRead(report.skipped, "audited"))
    return report
  })

/**
 * Plans and runs an audit with the services the provider builds for its target (whose layer may fail in any way).
 *
 * @since 0.1.0
 * @category running
 */
export const run = (
  args: AuditArgs,
  provider: Backend.Provider
): Effect.Effect<Audit.Report, unknown, Stdio.Stdio | FileSystem.FileSystem> =>
  Effect.flatMap(plan(args), (checked) => Effect.provide(runPlan(checked), provider(checked.target))).pipe(
    SimulatedConnectors.explain(
      args.simulate
        ? CommonOptions.target(args, {
          connectors: Option.getOrElse(args.connectors, () => simulatedDefaults.connectors),
          sessionsPerConnector: Option.getOrElse(
            args.sessionsPerConnector,
            () => simulatedDefaults.sessionsPerConnector
          )
        })
        : undefined,
      provider
    )
  )

/**
 * The command, named `name` (`audit` as a subcommand, {@link programName} as a program of its own), with the
 * provider of its services.
 *
 * @since 0.1.0
 * @category commands
 */
export const make = <Name extends string>(name: Name, provider: Backend.Provider) =>
  Definition.command(name, (args) => Effect.asVoid(run(args, provider)))
