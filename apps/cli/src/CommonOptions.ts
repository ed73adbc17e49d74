/**
 * The options `list` and `audit` share, and the rules of each option, which come from core's schemas: a bad value
 * is refused by @effect/cli, with the schema's own message, before the command runs.
 *
 * @since 0.1.0
 */
import { ListProxySessions, ProxySession } from "@chime-proxy/core"
import { Diagnostic } from "@chime-proxy/program"
import * as HelpDoc from "@effect/cli/HelpDoc"
import * as Options from "@effect/cli/Options"
import * as ValidationError from "@effect/cli/ValidationError"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import type * as Backend from "./Backend.js"

const decodeWith = <A, B>(flag: string, schema: Schema.Schema<B, A>) => {
  const decode = ParseResult.decode(schema)
  return (value: A): Effect.Effect<B, ValidationError.ValidationError> =>
    Effect.mapError(
      decode(value),
      (issue) =>
        ValidationError.invalidValue(
          HelpDoc.p(
            `Invalid value for ${flag}: ${
              ParseResult.ArrayFormatter.formatIssueSync(issue).map((problem) => problem.message).join("; ")
            }`
          )
        )
    )
}

/**
 * Validates an option's value with a schema; a value it refuses is a usage error that names the option and gives
 * the schema's message, e.g. `Invalid value for --page-size: MaxResults must be an integer from 1 to 100`.
 *
 * @since 0.1.0
 * @category combinators
 */
export const withSchema =
  <A, B>(flag: string, schema: Schema.Schema<B, A>) => (self: Options.Options<A>): Options.Options<B> =>
    Options.mapEffect(self, decodeWith(flag, schema))

/**
 * {@link withSchema} for each value of a repeated option (@effect/cli repeats single options only, so the schema
 * applies after the repetition).
 *
 * @since 0.1.0
 * @category combinators
 */
export const withSchemaEach =
  <A, B>(flag: string, schema: Schema.Schema<B, A>) => (self: Options.Options<Array<A>>): Options.Options<Array<B>> => {
    const decode = decodeWith(flag, schema)
    return Options.mapEffect(self, (values) => Effect.forEach(values, decode))
  }

/**
 * `--voice-connector-id ID`, repeatable: each one a `VoiceConnectorId` of core (1 to 128 characters, not all white
 * space).
 *
 * @since 0.1.0
 * @category options
 */
export const voiceConnectorIds = (description: string): Options.Options<Array<ProxySession.VoiceConnectorId>> =>
  Options.text("voice-connector-id").pipe(
    Options.withPseudoName("ID"),
    Options.repeated,
    withSchemaEach("--voice-connector-id", ProxySession.VoiceConnectorId),
    Options.withDescription(description)
  )

/**
 * `--page-size N`: the MaxResults of each call, core's `MaxResults` (an integer from 1 to 100).
 *
 * @since 0.1.0
 * @category options
 */
export const pageSize: Options.Options<number> = Options.integer("page-size").pipe(
  Options.withPseudoName("N"),
  withSchema("--page-size", ListProxySessions.MaxResults)
)

/**
 * `--endpoint-url URL`.
 *
 * @since 0.1.0
 * @category options
 */
export const endpointUrl: Options.Options<Option.Option<string>> = Options.text("endpoint-url").pipe(
  Options.withPseudoName("URL"),
  Options.optional,
  Options.withDescription("Send the calls to this URL instead of the region's endpoint (e.g. the emulator).")
)

/**
 * `--region REGION`.
 *
 * @since 0.1.0
 * @category options
 */
export const region: Options.Options<Option.Option<string>> = Options.text("region").pipe(
  Options.withPseudoName("REGION"),
  Options.optional,
  Options.withDescription("The AWS region (overrides AWS_REGION and the profile's region).")
)

/**
 * `--profile PROFILE`.
 *
 * @since 0.1.0
 * @category options
 */
export const profile: Options.Options<Option.Option<string>> = Options.text("profile").pipe(
  Options.withPseudoName("PROFILE"),
  Options.optional,
  Options.withDescription("The profile of the shared AWS config and credentials files (overrides AWS_PROFILE).")
)

const Seconds = Schema.Int.pipe(
  Schema.nonNegative(),
  Schema.annotations({ message: () => "must be a whole number of seconds, 0 for no timeout" })
)

const timeoutOption = (name: string, description: string): Options.Options<Option.Option<number>> =>
  Options.integer(name).pipe(
    Options.withPseudoName("SECONDS"),
    withSchema(`--${name}`, Seconds),
    Options.optional,
    Options.withDescription(description)
  )

/**
 * `--cli-connect-timeout SECONDS`, as the AWS CLI has it: the longest wait for the connection, 0 for none.
 *
 * @since 0.1.0
 * @category options
 */
export const cliConnectTimeout: Options.Options<Option.Option<number>> = timeoutOption(
  "cli-connect-timeout",
  "The longest wait to connect, in seconds; 0 for no limit (as the AWS CLI's). With either timeout, no other " +
    "limit bounds an attempt."
)

/**
 * `--cli-read-timeout SECONDS`, as the AWS CLI has it: the longest the endpoint may send nothing, 0 for none.
 *
 * @since 0.1.0
 * @category options
 */
export const cliReadTimeout: Options.Options<Option.Option<number>> = timeoutOption(
  "cli-read-timeout",
  "The longest the endpoint may send nothing (the response, then each part of it), in seconds; 0 for no limit " +
    "(as the AWS CLI's)."
)

/**
 * `--seed N`, the seed of the simulated dataset.
 *
 * @since 0.1.0
 * @category options
 */
export const seed = (description: string): Options.Options<Option.Option<number>> =>
  Options.integer("seed").pipe(Options.withPseudoName("N"), Options.optional, Options.withDescription(description))

/**
 * The options that say where the sessions come from, as parsed.
 *
 * @since 0.1.0
 * @category models
 */
export interface TargetArgs {
  readonly simulate: boolean
  readonly seed: Option.Option<number>
  readonly endpointUrl: Option.Option<string>
  readonly region: Option.Option<string>
  readonly profile: Option.Option<string>
  readonly cliConnectTimeout?: Option.Option<number> | undefined
  readonly cliReadTimeout?: Option.Option<number> | undefined
}

// The names of the options that were given, of those named.
const givenOptions = (
  options: ReadonlyArray<readonly [name: string, value: Option.Option<unknown>]>
): ReadonlyArray<string> => options.filter(([, value]) => Option.isSome(value)).map(([name]) => name)

// Which of the options of the live layer (`--endpoint-url`, `--region`, `--profile`, the timeouts) were given.
const givenAwsOptions = (args: TargetArgs): ReadonlyArray<string> =>
  givenOptions([
    ["--endpoint-url", args.endpointUrl],
    ["--region", args.region],
    ["--profile", args.profile],
    ["--cli-connect-timeout", args.cliConnectTimeout ?? Option.none()],
    ["--cli-read-timeout", args.cliReadTimeout ?? Option.none()]
  ])

/**
 * Checks the options that say where the sessions come from against each other: the simulator's own options
 * (`simulatorOnly`, those that were given) need `--simulate`, and `--simulate` excludes the AWS options. `verb` says
 * what the command does with the simulator ("lists from", "audits").
 *
 * @since 0.1.0
 * @category planning
 */
export const checkTarget = (
  args: TargetArgs,
  verb: string,
  simulatorOnly: ReadonlyArray<readonly [name: string, value: Option.Option<unknown>]>
): Option.Option<Diagnostic.UsageError> => {
  const strayed = givenOptions(simulatorOnly)
  if (!args.simulate && strayed.length > 0) {
    const [only] = strayed
    return Option.some(
      strayed.length === 1 && only !== undefined
        ? new Diagnostic.UsageError({
          reason: `${only} only applies to the simulator.`,
          hint: `Add --simulate, or leave ${only} out.`
        })
        : new Diagnostic.UsageError({
          reason: `${strayed.join(", ")} only apply to the simulator.`,
          hint: "Add --simulate, or leave them out."
        })
    )
  }
  const conflicting = givenAwsOptions(args)
  if (args.simulate && conflicting.length > 0) {
    return Option.some(
      new Diagnostic.UsageError({
        reason: `--simulate ${verb} the embedded simulator, so ${conflicting.join(" and ")} cannot be used with it.`,
        hint: "Leave out --simulate to call AWS or the emulator, or leave out the AWS options."
      })
    )
  }
  return Option.none()
}

/**
 * The target the options choose: the simulator, with the given dataset, when `--simulate` is given; the live layer
 * with the AWS options otherwise.
 *
 * @since 0.1.0
 * @category planning
 */
export const target = (
  args: TargetArgs,
  dataset: { readonly connectors: number; readonly sessionsPerConnector: number }
): Backend.Target =>
  args.simulate
    ? { _tag: "Simulate", seed: Option.getOrElse(args.seed, () => defaultSeed), ...dataset }
    : {
      _tag: "Aws",
      endpointUrl: Option.getOrUndefined(args.endpointUrl),
      region: Option.getOrUndefined(args.region),
      profile: Option.getOrUndefined(args.profile),
      ...Option.match(args.cliConnectTimeout ?? Option.none(), {
        onNone: () => ({}),
        onSome: (connectTimeout) => ({ connectTimeout })
      }),
      ...Option.match(args.cliReadTimeout ?? Option.none(), {
        onNone: () => ({}),
        onSome: (readTimeout) => ({ readTimeout })
      })
    }

/**
 * The seed of `--simulate` when `--seed` is not given.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultSeed = 42
