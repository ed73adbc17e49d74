/**
 * `chime-proxy list`: the proxy sessions of one or more voice connectors, or of every connector of the account
 * (`--all`), streamed page by page to stdout, with the options of `aws chime-sdk-voice list-proxy-sessions`.
 *
 * @since 0.1.0
 */
import { ProxySession, ProxySessions, ProxySessionsText } from "@chime-proxy/core"
import type { Paginator, ProxySessionsError, VoiceConnectors } from "@chime-proxy/core"
import { Diagnostic, Stdio, Terminal } from "@chime-proxy/program"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Ref from "effect/Ref"
import * as Stream from "effect/Stream"
import * as AllListing from "./AllListing.js"
import * as Backend from "./Backend.js"
import * as CommonOptions from "./CommonOptions.js"
import * as Help from "./Help.js"
import * as Output from "./Output.js"
import * as Progress from "./Progress.js"
import * as SimulatedConnectors from "./SimulatedConnectors.js"

/**
 * The options of `list`, as parsed.
 *
 * @since 0.1.0
 * @category models
 */
export interface ListArgs {
  readonly voiceConnectorIds: ReadonlyArray<string>
  readonly all: boolean
  readonly concurrency: number
  readonly status: Option.Option<ProxySession.ProxySessionStatus>
  readonly pageSize: Option.Option<number>
  readonly maxItems: Option.Option<number>
  readonly startingToken: Option.Option<string>
  readonly noPaginate: boolean
  readonly output: Output.Format
  readonly endpointUrl: Option.Option<string>
  readonly region: Option.Option<string>
  readonly profile: Option.Option<string>
  readonly cliConnectTimeout?: Option.Option<number> | undefined
  readonly cliReadTimeout?: Option.Option<number> | undefined
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
  voiceConnectorIds: CommonOptions.voiceConnectorIds(
    "The voice connector to list the sessions of. Repeat it to list several connectors in turn. " +
      "Optional with --simulate: all connectors of the simulated account."
  ),
  all: Options.boolean("all").pipe(
    Options.withDescription(
      "Every session of every voice connector of the account (found with ListVoiceConnectors), each connector's " +
        "sessions together and in order."
    )
  ),
  concurrency: Options.integer("concurrency").pipe(
    Options.withPseudoName("N"),
    Options.withDefault(AllListing.defaultConcurrency),
    Options.withDescription("With --all: how many connectors are listed at once (1 to 32).")
  ),
  status: Options.choice("status", ProxySession.proxySessionStatuses).pipe(
    Options.optional,
    Options.withDescription("Only the sessions with this status.")
  ),
  pageSize: CommonOptions.pageSize.pipe(
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
      "json (the default: the AWS CLI's shape), ndjson (one session per line), csv, table or text (the AWS CLI's)."
    )
  ),
  endpointUrl: CommonOptions.endpointUrl,
  region: CommonOptions.region,
  profile: CommonOptions.profile,
  cliConnectTimeout: CommonOptions.cliConnectTimeout,
  cliReadTimeout: CommonOptions.cliReadTimeout,
  simulate: Options.boolean("simulate").pipe(
    Options.withDescription(
      "List from the embedded simulator, seeded with 3 connectors of 25 sessions: no network, no credentials."
    )
  ),
  seed: CommonOptions.seed(
    `The seed of the simulated dataset (with --simulate; default ${CommonOptions.defaultSeed}).`
  )
}

/**
 * The simulated dataset of `--simulate`: connectors, and sessions in each.
 *
 * @since 0.1.0
 * @category constants
 */
export const simulatedDataset = { connectors: 3, sessionsPerConnector: 25 } as const

/**
 * A listing, checked: what to list, from where, and how.
 *
 * @since 0.1.0
 * @category models
 */
export interface Plan {
  readonly target: Backend.Target
  /** The connectors to list; empty means every connector of the account. */
  readonly voiceConnectorIds: ReadonlyArray<string>
  /** `--all`: with its concurrency and where it resumes. */
  readonly all: { readonly concurrency: number; readonly start: AllListing.Position | undefined } | undefined
  readonly pagination: Omit<ProxySessions.ListOptions, "voiceConnectorId">
  readonly noPaginate: boolean
  readonly output: Output.Format
}

const usage = (reason: string, hint?: string) =>
  Either.left(new Diagnostic.UsageError(hint === undefined ? { reason } : { reason, hint }))

/**
 * Checks the options against each other, before anything is called.
 *
 * @since 0.1.0
 * @category planning
 */
export const plan = (args: ListArgs): Either.Either<Plan, Diagnostic.UsageError> => {
  const pageSize = Option.getOrUndefined(args.pageSize)
  const maxItems = Option.getOrUndefined(args.maxItems)
  const startingToken = Option.getOrUndefined(args.startingToken)
  if (maxItems !== undefined && maxItems < 1) {
    return usage(`--max-items must be an integer of at least 1, not ${maxItems}.`)
  }
  const misplaced = CommonOptions.checkTarget(args, "lists from", [["--seed", args.seed]])
  if (Option.isSome(misplaced)) return Either.left(misplaced.value)
  if (args.concurrency < 1 || args.concurrency > 32) {
    return usage(`--concurrency must be an integer from 1 to 32, not ${args.concurrency}.`)
  }
  if (args.all) {
    if (args.voiceConnectorIds.length > 0) return usage("Give either --all or --voice-connector-id, not both.")
    if (args.noPaginate) return usage("--no-paginate works on a single listing, not with --all.")
    let start: AllListing.Position | undefined = undefined
    if (startingToken !== undefined) {
      const decoded = AllListing.decodeToken(startingToken)
      if (Either.isLeft(decoded)) {
        return usage(`--starting-token with --all: ${decoded.left}.`, "Pass the NextToken a cut --all listing printed.")
      }
      start = decoded.right
    }
    return Either.right({
      target: CommonOptions.target(args, simulatedDataset),
      voiceConnectorIds: [],
      all: { concurrency: args.concurrency, start },
      pagination: { status: Option.getOrUndefined(args.status), pageSize, maxItems },
      noPaginate: false,
      output: args.output
    })
  }
  if (args.voiceConnectorIds.length === 0 && !args.simulate) {
    return usage(
      "Missing --voice-connector-id: ListProxySessions lists the sessions of one voice connector.",
      "Give --voice-connector-id ID (repeat it for several), --all for every connector of the account, or add " +
        "--simulate to list the simulated account."
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
  return Either.right({
    target: CommonOptions.target(args, simulatedDataset),
    voiceConnectorIds: args.voiceConnectorIds,
    all: undefined,
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

const connectorsOf = (
  plan: Plan
): Effect.Effect<ReadonlyArray<string>, ProxySessionsError.ProxySessionsError, VoiceConnectors.VoiceConnectors> =>
  plan.voiceConnectorIds.length > 0 ? Effect.succeed(plan.voiceConnectorIds) : Backend.voiceConnectorIds

/**
 * Runs a planned listing: pages through every connector in turn, renders the pages as they come, and writes them to
 * stdout. Progress goes to stderr when it is a terminal and stdout is not; for `ndjson` and `csv`, the NextToken of a listing cut
 * short goes to stderr too, as they have no place for it. `json` and `ndjson` are written from each session's wire
 * text (`ProxySessionsText.fromContext`: the live layer's, which passes on the sessions the service wrote as the
 * encoder does without decoding them); the other formats from the decoded sessions.
 *
 * @since 0.1.0
 * @category running
 */
export const runPlan = (
  plan: Plan
): Effect.Effect<
  void,
  ProxySessionsError.ProxySessionsError | Diagnostic.Failure | Stdio.StdoutClosed,
  Stdio.Stdio | ProxySessions.ProxySessions | VoiceConnectors.VoiceConnectors
> => {
  const format = plan.output
  return Output.writesWireText(format)
    ? Effect.flatMap(
      ProxySessionsText.fromContext,
      (service) => runWith(plan, ProxySessionsText.paginator(service), () => Output.wireTextWriter(format))
    )
    : Effect.flatMap(
      ProxySessions.ProxySessions,
      (service) =>
        runWith(
          plan,
          ProxySessions.paginator(service),
          () => Output.sessionWriter(format, { singleResponse: plan.noPaginate })
        )
    )
}

const runWith = <A>(
  plan: Plan,
  paginator: Paginator.Paginator<ProxySessions.ListOptions, A, ProxySessionsError.ProxySessionsError, never>,
  makeWriter: () => Output.PageWriter<A>
): Effect.Effect<
  void,
  ProxySessionsError.ProxySessionsError | Diagnostic.Failure | Stdio.StdoutClosed,
  Stdio.Stdio | VoiceConnectors.VoiceConnectors
> =>
  Effect.gen(function*() {
    const stdio = yield* Stdio.Stdio
    const lastToken = yield* Ref.make<string | undefined>(undefined)
    const outcome = yield* Ref.make<AllListing.Outcome>({ complete: [], skipped: [] })
    const pagesOf = (voiceConnectorId: string) =>
      plan.noPaginate
        ? Stream.take(paginator.pages({ ...plan.pagination, voiceConnectorId }), 1)
        // The next page is asked for while this one is written out.
        : paginator.pages({ ...plan.pagination, voiceConnectorId, prefetch: 1 })
    const all = plan.all
    const listed = all !== undefined
      ? AllListing.pagesWith(paginator, {
        ...plan.pagination,
        concurrency: all.concurrency,
        start: all.start,
        onSkip: (id) => stdio.err(AllListing.skipWarning(id))
      }, outcome)
      : Stream.flatMap(Stream.fromIterable(yield* connectorsOf(plan)), pagesOf)
    const pages = Stream.tap(listed, (page) => Ref.set(lastToken, page.nextToken))
    const tracked = Progress.track(pages, { enabled: Stdio.showsProgress(stdio), write: stdio.err })
    yield* Stream.runForEach(Output.renderPages(makeWriter(), tracked), stdio.out).pipe(
      // When --all stops on an error, the user learns which connectors were read completely before it.
      Effect.tapError(() =>
        all === undefined ?
          Effect.void :
          Effect.flatMap(Ref.get(outcome), (o) => stdio.err(AllListing.completeBeforeError(o.complete)))
      )
    )
    const nextToken = yield* Ref.get(lastToken)
    if (nextToken !== undefined && !Output.carriesNextToken(plan.output)) {
      yield* stdio.err(`NextToken: ${Terminal.escape(nextToken)}\n`)
    }
    const { skipped } = yield* Ref.get(outcome)
    if (skipped.length > 0) {
      return yield* Effect.fail(AllListing.notEverythingRead(skipped, "listed"))
    }
  })

/**
 * Plans and runs a listing with the services the provider builds for its target.
 *
 * @since 0.1.0
 * @category running
 */
export const run = (args: ListArgs, provider: Backend.Provider) =>
  Effect.flatMap(plan(args), (checked) => Effect.provide(runPlan(checked), provider(checked.target))).pipe(
    SimulatedConnectors.explain(args.simulate ? CommonOptions.target(args, simulatedDataset) : undefined, provider)
  )

/**
 * The `list` command, with the provider of its services.
 *
 * @since 0.1.0
 * @category commands
 */
export const make = (provider: Backend.Provider) =>
  Command.make("list", options, (args) => run(args, provider)).pipe(
    Command.withDescription(Help.describe([
      "List the proxy sessions of voice connectors (ListProxySessions), streaming every page to stdout.",
      "The output is JSON unless --output says otherwise: the AWS CLI's shape, so scripts written for " +
      "`aws chime-sdk-voice list-proxy-sessions` keep working."
    ], Help.listExamples))
  )
