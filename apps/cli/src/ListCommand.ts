/**
 * `chime-proxy list`: the proxy sessions of one or more voice connectors, streamed page by page to stdout, with the
 * options of `aws chime-sdk-voice list-proxy-sessions`.
 *
 * @since 0.1.0
 */
import { ProxySession, ProxySessions } from "@chime-proxy/core"
import type { ProxySessionsError } from "@chime-proxy/core"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Ref from "effect/Ref"
import * as Stream from "effect/Stream"
import * as Backend from "./Backend.js"
import { UsageError } from "./Diagnostic.js"
import * as Output from "./Output.js"
import * as Progress from "./Progress.js"
import type { StdoutClosed } from "./Stdio.js"
import { showsProgress, Stdio } from "./Stdio.js"

/**
 * The options of `list`, as parsed.
 *
 * @since 0.1.0
 * @category models
 */
export interface ListArgs {
  readonly voiceConnectorIds: ReadonlyArray<string>
  readonly status: Option.Option<ProxySession.ProxySessionStatus>
  readonly pageSize: Option.Option<number>
  readonly maxItems: Option.Option<number>
  readonly startingToken: Option.Option<string>
  readonly noPaginate: boolean
  readonly output: Output.Format
  readonly endpointUrl: Option.Option<string>
  readonly region: Option.Option<string>
  readonly profile: Option.Option<string>
  readonly simulate: boolean
  readonly seed: Option.Option<number>
}

/**
 * The options of `list`. Their names are the AWS CLI's.
 *
 * @since 0.1.0
 * @category options
 */
export const options = {
  voiceConnectorIds: Options.text("voice-connector-id").pipe(
    Options.withPseudoName("ID"),
    Options.repeated,
    Options.withDescription(
      "The voice connector to list the sessions of. Repeat it to list several connectors in turn. " +
        "Optional with --simulate: all connectors of the simulated account."
    )
  ),
  status: Options.choice("status", ProxySession.proxySessionStatuses).pipe(
    Options.optional,
    Options.withDescription("Only the sessions with this status.")
  ),
  pageSize: Options.integer("page-size").pipe(
    Options.withPseudoName("N"),
    Options.optional,
    Options.withDescription("Sessions per call (MaxResults, 1 to 100). Smaller pages mean more calls.")
  ),
  maxItems: Options.integer("max-items").pipe(
    Options.withPseudoName("N"),
    Options.optional,
    Options.withDescription(
      "At most this many sessions in all. When the listing is cut short, the output ends with a NextToken " +
        "to pass to --starting-token."
    )
  ),
  startingToken: Options.text("starting-token").pipe(
    Options.withPseudoName("TOKEN"),
    Options.optional,
    Options.withDescription("Resume a listing where an earlier --max-items or --no-paginate stopped.")
  ),
  noPaginate: Options.boolean("no-paginate").pipe(
    Options.withDescription("Make one call only, and print the NextToken of its page if there is more.")
  ),
  output: Options.choice("output", Output.formats).pipe(
    Options.withDefault("json" as Output.Format),
    Options.withDescription(
      "json (the AWS CLI's shape), ndjson (one session per line), csv, table or text (the AWS CLI's)."
    )
  ),
  endpointUrl: Options.text("endpoint-url").pipe(
    Options.withPseudoName("URL"),
    Options.optional,
    Options.withDescription("Send the calls to this URL instead of the region's endpoint (e.g. the emulator).")
  ),
  region: Options.text("region").pipe(
    Options.withPseudoName("REGION"),
    Options.optional,
    Options.withDescription("The AWS region (overrides AWS_REGION and the profile's region).")
  ),
  profile: Options.text("profile").pipe(
    Options.withPseudoName("PROFILE"),
    Options.optional,
    Options.withDescription("The profile of the shared AWS config and credentials files (overrides AWS_PROFILE).")
  ),
  simulate: Options.boolean("simulate").pipe(
    Options.withDescription(
      "List from the embedded simulator, seeded with 3 connectors of 25 sessions: no network, no credentials."
    )
  ),
  seed: Options.integer("seed").pipe(
    Options.withPseudoName("N"),
    Options.optional,
    Options.withDescription(`The seed of the simulated dataset (with --simulate; default ${Backend.defaultSeed}).`)
  )
}

/**
 * A listing, checked: what to list, from where, and how.
 *
 * @since 0.1.0
 * @category models
 */
export interface Plan {
  readonly target: Backend.Target
  /** The connectors to list; empty means every connector of the simulated account. */
  readonly voiceConnectorIds: ReadonlyArray<string>
  readonly pagination: Omit<ProxySessions.ListOptions, "voiceConnectorId">
  readonly noPaginate: boolean
  readonly output: Output.Format
}

/**
 * The names of the options that were given, of those named.
 *
 * @since 0.1.0
 * @category planning
 */
export const givenOptions = (
  options: ReadonlyArray<readonly [name: string, value: Option.Option<unknown>]>
): ReadonlyArray<string> => options.filter(([, value]) => Option.isSome(value)).map(([name]) => name)

/**
 * Which of the options that say where AWS is (`--endpoint-url`, `--region`, `--profile`) were given.
 *
 * @since 0.1.0
 * @category planning
 */
export const givenAwsOptions = (args: {
  readonly endpointUrl: Option.Option<string>
  readonly region: Option.Option<string>
  readonly profile: Option.Option<string>
}): ReadonlyArray<string> =>
  givenOptions([["--endpoint-url", args.endpointUrl], ["--region", args.region], ["--profile", args.profile]])

const usage = (reason: string, hint?: string) =>
  Either.left(new UsageError(hint === undefined ? { reason } : { reason, hint }))

/**
 * Checks the options against each other, before anything is called.
 *
 * @since 0.1.0
 * @category planning
 */
export const plan = (args: ListArgs): Either.Either<Plan, UsageError> => {
  const pageSize = Option.getOrUndefined(args.pageSize)
  const maxItems = Option.getOrUndefined(args.maxItems)
  const startingToken = Option.getOrUndefined(args.startingToken)
  if (pageSize !== undefined && (pageSize < 1 || pageSize > 100)) {
    return usage(`--page-size must be an integer from 1 to 100, not ${pageSize}.`)
  }
  if (maxItems !== undefined && maxItems < 1) {
    return usage(`--max-items must be an integer of at least 1, not ${maxItems}.`)
  }
  if (Option.isSome(args.seed) && !args.simulate) {
    return usage("--seed only applies to the simulator.", "Add --simulate, or leave --seed out.")
  }
  const conflicting = givenAwsOptions(args)
  if (args.simulate && conflicting.length > 0) {
    return usage(
      `--simulate lists from the embedded simulator, so ${conflicting.join(" and ")} cannot be used with it.`,
      "Leave out --simulate to call AWS or the emulator, or leave out the AWS options."
    )
  }
  if (args.voiceConnectorIds.some((id) => id.trim() === "" || id.length > 128)) {
    return usage("--voice-connector-id must have 1 to 128 characters, not all of them white space.")
  }
  if (args.voiceConnectorIds.length === 0 && !args.simulate) {
    return usage(
      "Missing --voice-connector-id: ListProxySessions lists the sessions of one voice connector.",
      "Give --voice-connector-id ID (repeat it for several), or add --simulate to list the simulated account."
    )
  }
  const resumable = [
    ["--max-items", maxItems !== undefined],
    ["--starting-token", startingToken !== undefined],
    ["--no-paginate", args.noPaginate]
  ] as const
  const single = resumable.filter(([, given]) => given).map(([name]) => name)
  if (single.length > 0 && args.voiceConnectorIds.length !== 1) {
    return usage(
      `${single.join(" and ")} ${single.length === 1 ? "works" : "work"} on a single listing: give exactly one ` +
        `--voice-connector-id` +
        (args.voiceConnectorIds.length === 0 ? "." : `, not ${args.voiceConnectorIds.length}.`),
      "List one connector at a time to page through it."
    )
  }
  const target: Backend.Target = args.simulate
    ? { _tag: "Simulate", seed: Option.getOrElse(args.seed, () => Backend.defaultSeed) }
    : {
      _tag: "Aws",
      endpointUrl: Option.getOrUndefined(args.endpointUrl),
      region: Option.getOrUndefined(args.region),
      profile: Option.getOrUndefined(args.profile)
    }
  return Either.right({
    target,
    voiceConnectorIds: args.voiceConnectorIds,
    pagination: {
      status: Option.getOrUndefined(args.status),
      pageSize,
      maxItems,
      startingToken
    },
    noPaginate: args.noPaginate,
    output: args.output
  })
}

const connectorsOf = (plan: Plan) =>
  plan.voiceConnectorIds.length > 0
    ? Effect.succeed(plan.voiceConnectorIds)
    : Effect.flatMap(Backend.VoiceConnectors, (connectors) =>
      Option.match(connectors.list, {
        onNone: () =>
          Effect.fail(
            new UsageError({
              reason: "Missing --voice-connector-id: this endpoint cannot list its voice connectors.",
              hint: "Give --voice-connector-id ID (repeat it for several)."
            })
          ),
        onSome: (list) => list
      }))

/**
 * Runs a planned listing: pages through every connector in turn, renders the pages as they come, and writes them to
 * stdout. Progress goes to stderr when it is a terminal and stdout is not; for `ndjson` and `csv`, the NextToken of a listing cut
 * short goes to stderr too, as they have no place for it.
 *
 * @since 0.1.0
 * @category running
 */
export const runPlan = (
  plan: Plan
): Effect.Effect<
  void,
  ProxySessionsError.ProxySessionsError | UsageError | StdoutClosed,
  Stdio | ProxySessions.ProxySessions | Backend.VoiceConnectors
> =>
  Effect.gen(function*() {
    const stdio = yield* Stdio
    const service = yield* ProxySessions.ProxySessions
    const connectors = yield* connectorsOf(plan)
    const lastToken = yield* Ref.make<string | undefined>(undefined)
    const pagesOf = (voiceConnectorId: string) => {
      const pages = ProxySessions.paginator(service).pages({ ...plan.pagination, voiceConnectorId })
      return plan.noPaginate ? Stream.take(pages, 1) : pages
    }
    const pages = Stream.fromIterable(connectors).pipe(
      Stream.flatMap(pagesOf),
      Stream.tap((page) => Ref.set(lastToken, page.nextToken))
    )
    const tracked = Progress.track(pages, { enabled: showsProgress(stdio), write: stdio.err })
    yield* Stream.runForEach(Output.render(plan.output, tracked), stdio.out)
    const nextToken = yield* Ref.get(lastToken)
    if (nextToken !== undefined && !Output.carriesNextToken(plan.output)) {
      yield* stdio.err(`NextToken: ${nextToken}\n`)
    }
  })

/**
 * Plans and runs a listing with the services the provider builds for its target.
 *
 * @since 0.1.0
 * @category running
 */
export const run = (args: ListArgs, provider: Backend.Provider) =>
  Effect.flatMap(plan(args), (checked) => Effect.provide(runPlan(checked), provider(checked.target)))

/**
 * The `list` command, with the provider of its services.
 *
 * @since 0.1.0
 * @category commands
 */
export const make = (provider: Backend.Provider) =>
  Command.make("list", options, (args) => run(args, provider)).pipe(
    Command.withDescription(
      "List the proxy sessions of voice connectors (ListProxySessions), streaming every page to stdout."
    )
  )
