/**
 * The `chime-proxy` program: its commands and how they are run.
 *
 * @since 0.1.0
 */
import * as Command from "@effect/cli/Command"
import * as Effect from "effect/Effect"
import packageJson from "../package.json" with { type: "json" }
import type * as Backend from "./Backend.js"
import * as Help from "./Help.js"
import * as AuditDefinition from "./internal/auditDefinition.js"
import * as DemoDefinition from "./internal/demoDefinition.js"
import * as ExportDefinition from "./internal/exportDefinition.js"
import * as ListCommand from "./ListCommand.js"
import * as VoiceConnectorsCommand from "./VoiceConnectorsCommand.js"

/**
 * The name of the program, as usage lines and diagnostics show it.
 *
 * @since 0.1.0
 * @category constants
 */
export const programName = "chime-proxy"

/**
 * The version of the package the program is published in (Changesets bumps it there).
 *
 * @since 0.1.0
 * @category constants
 */
export const version: string = packageJson.version

// A command's implementation, imported when the command runs: the options and help of `audit`, `export` and `demo`
// are all @effect/cli needs to parse a command line, and a `list` does not load (nor compile) their code.
const runOnDemand = <Args, E, R>(
  load: () => Promise<
    { readonly run: (args: Args, provider: Backend.Provider) => Effect.Effect<unknown, E, R> }
  >,
  provider: Backend.Provider
) =>
(args: Args): Effect.Effect<void, E, R> =>
  Effect.flatMap(Effect.promise(load), (module) => Effect.asVoid(module.run(args, provider)))

/**
 * The root command, with its subcommands, given the provider of their services.
 *
 * @since 0.1.0
 * @category commands
 */
export const make = (provider: Backend.Provider) =>
  Command.make(programName).pipe(
    Command.withDescription(Help.describe([
      "List, audit or export Amazon Chime SDK Voice proxy sessions from AWS, from the HTTP emulator (--endpoint-url) " +
      "or from the embedded simulator (--simulate).",
      "list: the proxy sessions of voice connectors (ListProxySessions), every page streamed to stdout, as JSON " +
      "by default (--output json, the AWS CLI's shape), or --output table, csv, ndjson or text. " +
      "audit: counts, sessions past their expiry and not Closed, shared proxy numbers and the oldest open " +
      "sessions, in the terminal and as HTML. " +
      "export: an archive of the account that the simulator, the emulator and the audit replay. " +
      "list-voice-connectors: the voice connectors of the account (ListVoiceConnectors)."
    ], Help.programExamples)),
    Command.withSubcommands([
      ListCommand.make(provider),
      VoiceConnectorsCommand.make(provider),
      AuditDefinition.command("audit", runOnDemand(() => import("./AuditCommand.js"), provider)),
      ExportDefinition.command(runOnDemand(() => import("./ExportCommand.js"), provider)),
      DemoDefinition.command(runOnDemand(() => import("./DemoCommand.js"), provider))
    ])
  )

/**
 * Runs the program on a command line (`process.argv`, with the runtime and the script first).
 *
 * @since 0.1.0
 * @category running
 */
export const run = (provider: Backend.Provider) => runCommand(make(provider), programName)

// @effect/cli's run of a command as the program `name`, its `--log-level` moved first.
const runCommand = <Name extends string, R, E, A>(command: Command.Command<Name, R, E, A>, name: string) => {
  const runArgv = Command.run(command, { name, version })
  return (argv: ReadonlyArray<string>) => runArgv(logLevelFirst(argv))
}

/**
 * A command line with its `--log-level` moved to the front (after the runtime and the script), where @effect/cli
 * reads its built-in options: after a command's own options it takes `--log-level` for an unknown argument, though
 * every command's help lists it. Nothing after `--` is moved.
 *
 * @since 0.3.0
 * @category running
 */
export const logLevelFirst = (argv: ReadonlyArray<string>): Array<string> => {
  const end = argv.indexOf("--", 2)
  const options = end === -1 ? argv.slice(2) : argv.slice(2, end)
  // The option and its value, or the option with its value after `=`.
  const isLogLevel = (arg: string, i: number) =>
    arg === "--log-level" || arg.startsWith("--log-level=") || (i > 0 && options[i - 1] === "--log-level")
  return [
    ...argv.slice(0, 2),
    ...options.filter(isLogLevel),
    ...options.filter((arg, i) => !isLogLevel(arg, i)),
    ...(end === -1 ? [] : argv.slice(end))
  ]
}

/**
 * Runs `chime-proxy-audit`, the alias of `chime-proxy audit`: the same command as a program of its own.
 *
 * @since 0.1.0
 * @category running
 */
export const runAudit = (provider: Backend.Provider) =>
  runCommand(
    AuditDefinition.command(AuditDefinition.programName, runOnDemand(() => import("./AuditCommand.js"), provider)),
    AuditDefinition.programName
  )

/**
 * Which program a script path runs: `chime-proxy-audit` when its file is named so (the alias's bin), else
 * `chime-proxy`.
 *
 * @since 0.1.0
 * @category running
 */
export const programOf = (script: string | undefined): typeof programName | typeof AuditDefinition.programName => {
  const file = (script ?? "").split(/[\\/]/).pop() ?? ""
  return file.replace(/\.[cm]?[jt]s$/, "") === AuditDefinition.programName ? AuditDefinition.programName : programName
}
