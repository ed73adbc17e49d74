/**
 * The `chime-proxy` program: its commands and how they are run.
 *
 * @since 0.1.0
 */
import * as Command from "@effect/cli/Command"
import packageJson from "../package.json" with { type: "json" }
import * as AuditCommand from "./AuditCommand.js"
import type * as Backend from "./Backend.js"
import * as ListCommand from "./ListCommand.js"

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

/**
 * The root command, with its subcommands, given the provider of their services.
 *
 * @since 0.1.0
 * @category commands
 */
export const make = (provider: Backend.Provider) =>
  Command.make(programName).pipe(
    Command.withDescription(
      "List or audit Amazon Chime SDK Voice proxy sessions from AWS, from the HTTP emulator (--endpoint-url) or " +
        "from the embedded simulator (--simulate)."
    ),
    Command.withSubcommands([ListCommand.make(provider), AuditCommand.make("audit", provider)])
  )

/**
 * Runs the program on a command line (`process.argv`, with the runtime and the script first).
 *
 * @since 0.1.0
 * @category running
 */
export const run = (provider: Backend.Provider) => Command.run(make(provider), { name: programName, version })

/**
 * Runs `chime-proxy-audit`, the alias of `chime-proxy audit`: the same command as a program of its own.
 *
 * @since 0.1.0
 * @category running
 */
export const runAudit = (provider: Backend.Provider) =>
  Command.run(AuditCommand.make(AuditCommand.programName, provider), { name: AuditCommand.programName, version })

/**
 * Which program a script path runs: `chime-proxy-audit` when its file is named so (the alias's bin), else
 * `chime-proxy`.
 *
 * @since 0.1.0
 * @category running
 */
export const programOf = (script: string | undefined): typeof programName | typeof AuditCommand.programName => {
  const file = (script ?? "").split(/[\\/]/).pop() ?? ""
  return file.replace(/\.[cm]?[jt]s$/, "") === AuditCommand.programName ? AuditCommand.programName : programName
}
