/**
 * What @effect/cli needs of `chime-proxy demo` to parse its command line and write its help: its options and its
 * description, apart from the demo itself, so that the other commands do not load the demo's code (`DemoCommand`
 * builds the command with its implementation; the program imports that on demand).
 */
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import type * as Effect from "effect/Effect"
import * as CommonOptions from "../CommonOptions.js"

/** The width of the screen when stdout is not a terminal and `COLUMNS` is not set. */
export const defaultWidth = 120

/** The options of `demo`. */
export const options = {
  seed: CommonOptions.seed(`The seed of the simulated account (default ${CommonOptions.defaultSeed}).`),
  width: Options.integer("width").pipe(
    Options.withPseudoName("N"),
    Options.optional,
    Options.withDescription(
      `The screen's width (default: COLUMNS, else the terminal's, else ${defaultWidth} when stdout is not one).`
    )
  )
}

/** The `demo` command, with its options and description, running `handler`. */
export const command = <E, R>(
  handler: (args: Command.Command.ParseConfig<typeof options>) => Effect.Effect<void, E, R>
) =>
  Command.make("demo", options, handler).pipe(
    Command.withDescription(
      "The first screen of `npm start`: the simulated account's first voice connector as a table that fits the " +
        "terminal, and what to try next."
    )
  )
