/**
 * What @effect/cli needs of `chime-proxy audit` to parse its command line and write its help: its options and its
 * description, apart from the audit itself, so that the other commands do not load the audit's code
 * (`AuditCommand` builds the command with its implementation; the program imports that on demand).
 */
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import type * as Effect from "effect/Effect"
import * as CommonOptions from "../CommonOptions.js"
import * as AuditDefaults from "./auditDefaults.js"

/** The name of the alias program, which runs this command alone. */
export const programName = "chime-proxy-audit"

/** The simulated dataset when no size is given: 3 connectors of 200 sessions, seed 42. */
export const simulatedDefaults = { seed: CommonOptions.defaultSeed, connectors: 3, sessionsPerConnector: 200 } as const

/** The options of the command. */
export const options = {
  voiceConnectorIds: CommonOptions.voiceConnectorIds("A voice connector to audit. Repeat it for several."),
  all: Options.boolean("all").pipe(
    Options.withDescription(
      "Audit every connector of the account, listed with ListVoiceConnectors (AWS, the emulator or --simulate)."
    )
  ),
  simulate: Options.boolean("simulate").pipe(
    Options.withDescription(
      "Audit the embedded simulator's seeded account (3 connectors of 200 sessions unless told otherwise)."
    )
  ),
  seed: CommonOptions.seed(`The seed of the simulated dataset (default ${simulatedDefaults.seed}).`),
  connectors: Options.integer("connectors").pipe(
    Options.withPseudoName("N"),
    Options.optional,
    Options.withDescription(`Simulated voice connectors (default ${simulatedDefaults.connectors}).`)
  ),
  sessionsPerConnector: Options.integer("sessions-per-connector").pipe(
    Options.withPseudoName("N"),
    Options.optional,
    Options.withDescription(
      `Simulated sessions in each connector (default ${simulatedDefaults.sessionsPerConnector}).`
    )
  ),
  endpointUrl: CommonOptions.endpointUrl,
  region: CommonOptions.region,
  profile: CommonOptions.profile,
  cliConnectTimeout: CommonOptions.cliConnectTimeout,
  cliReadTimeout: CommonOptions.cliReadTimeout,
  pageSize: CommonOptions.pageSize.pipe(
    Options.withDefault(100),
    Options.withDescription("Sessions per call (MaxResults, 1 to 100).")
  ),
  top: Options.integer("top").pipe(
    Options.withPseudoName("N"),
    Options.withDefault(AuditDefaults.defaults.top),
    Options.withDescription("How many proxy numbers, overdue sessions and oldest sessions Open or InProgress to show.")
  ),
  now: Options.text("now").pipe(
    Options.withPseudoName("INSTANT"),
    Options.optional,
    Options.withDescription(
      "The instant expiry is judged against, ISO 8601 (default: the simulator's time, the archive's ExportedAt " +
        "with --fixture, or the wall clock)."
    )
  ),
  fixture: Options.text("fixture").pipe(
    Options.withPseudoName("FILE"),
    Options.optional,
    Options.withDescription(
      "Audit an archive of chime-proxy export (or any fixture) instead of an account: every connector it holds " +
        "unless --voice-connector-id says which, judged at its ExportedAt unless --now says otherwise."
    )
  ),
  html: Options.text("html").pipe(
    Options.withPseudoName("FILE"),
    Options.optional,
    Options.withDescription("Also write the report to this file as a self-contained HTML page.")
  )
}

/** The command, named `name`, with its options and description, running `handler`. */
export const command = <Name extends string, E, R>(
  name: Name,
  handler: (args: Command.Command.ParseConfig<typeof options>) => Effect.Effect<void, E, R>
) =>
  Command.make(name, options, handler).pipe(
    Command.withDescription(
      "Audit the proxy sessions of voice connectors: counts by status, capability and country, sessions past their " +
        "expiry and not Closed, the proxy numbers shared by the most sessions, the oldest sessions Open or " +
        "InProgress, the sessions created per day by status. Every " +
        "session is streamed once, in constant memory per connector."
    )
  )
