/**
 * What @effect/cli needs of `chime-proxy export` to parse its command line and write its help: its options and its
 * description, apart from the export itself, so that the other commands do not load the export's code
 * (`ExportCommand` builds the command with its implementation; the program imports that on demand).
 */
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import type * as Effect from "effect/Effect"
import * as CommonOptions from "../CommonOptions.js"

/** The simulated dataset of `export --simulate`: the same account as `list --simulate`. */
export const simulatedDataset = { connectors: 3, sessionsPerConnector: 25 } as const

/** The options of `export`. */
export const options = {
  voiceConnectorIds: CommonOptions.voiceConnectorIds("A voice connector to export. Repeat it for several."),
  all: Options.boolean("all").pipe(
    Options.withDescription(
      "Export every connector of the account: with --simulate, or with the emulator's --endpoint-url."
    )
  ),
  out: Options.text("out").pipe(
    Options.withPseudoName("FILE"),
    Options.withDescription(
      "The archive to write. It appears only once whole: an export that fails or is interrupted leaves no file " +
        "there, or the earlier one untouched."
    )
  ),
  pageSize: CommonOptions.pageSize.pipe(
    Options.withDefault(100),
    Options.withDescription("Sessions per call (MaxResults, 1 to 100).")
  ),
  endpointUrl: CommonOptions.endpointUrl,
  region: CommonOptions.region,
  profile: CommonOptions.profile,
  simulate: Options.boolean("simulate").pipe(
    Options.withDescription(
      `Export the embedded simulator's seeded account (${simulatedDataset.connectors} connectors of ` +
        `${simulatedDataset.sessionsPerConnector} sessions).`
    )
  ),
  seed: CommonOptions.seed(
    `The seed of the simulated dataset (with --simulate; default ${CommonOptions.defaultSeed}).`
  )
}

/** The `export` command, with its options and description, running `handler`. */
export const command = <E, R>(
  handler: (args: Command.Command.ParseConfig<typeof options>) => Effect.Effect<void, E, R>
) =>
  Command.make("export", options, handler).pipe(
    Command.withDescription(
      "Archive the proxy sessions of voice connectors to a file in the simulator's fixture format, to replay them " +
        "later (the simulator, the emulator's --fixture, chime-proxy audit --fixture) at the instant they were taken."
    )
  )
