/**
 * The `chime-proxy` program: its commands and how they are run.
 *
 * @since 0.1.0
 */
import * as Command from "@effect/cli/Command"
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
 * @since 0.1.0
 * @category constants
 */
export const version = "0.1.0"

/**
 * The root command, with its subcommands, given the provider of their services.
 *
 * @since 0.1.0
 * @category commands
 */
export const make = (provider: Backend.Provider) =>
  Command.make(programName).pipe(
    Command.withDescription(
      "List Amazon Chime SDK Voice proxy sessions from AWS, from the HTTP emulator (--endpoint-url) or from the " +
        "embedded simulator (--simulate)."
    ),
    Command.withSubcommands([ListCommand.make(provider)])
  )

/**
 * Runs the program on a command line (`process.argv`, with the runtime and the script first).
 *
 * @since 0.1.0
 * @category running
 */
export const run = (provider: Backend.Provider) => Command.run(make(provider), { name: programName, version })
