/**
 * `chime-proxy list-voice-connectors`: the voice connectors of the account (ListVoiceConnectors), streamed page by
 * page to stdout, named and paged as `aws chime-sdk-voice list-voice-connectors` and `chime-proxy list` are.
 *
 * @since 0.1.0
 */
import type { ProxySessionsError } from "@chime-proxy/core"
import { VoiceConnectors } from "@chime-proxy/core"
import { Diagnostic, Stdio } from "@chime-proxy/program"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Ref from "effect/Ref"
import * as Stream from "effect/Stream"
import type * as Backend from "./Backend.js"
import * as CommonOptions from "./CommonOptions.js"
import * as ConnectorOutput from "./ConnectorOutput.js"
import * as ListCommand from "./ListCommand.js"
import * as Output from "./Output.js"

/**
 * The options of `list-voice-connectors`, as parsed.
 *
 * @since 0.1.0
 * @category models
 */
export interface Args extends CommonOptions.TargetArgs {
  readonly pageSize: Option.Option<number>
  readonly maxItems: Option.Option<number>
  readonly startingToken: Option.Option<string>
  readonly noPaginate: boolean
  readonly output: Output.Format
}

/**
 * The options of `list-voice-connectors`.
 *
 * @since 0.1.0
 * @category options
 */
export const options = {
  pageSize: CommonOptions.pageSize.pipe(
    Options.optional,
    Options.withDescription("Connectors per call (MaxResults, 1 to 100).")
  ),
  maxItems: ListCommand.options.maxItems,
  startingToken: ListCommand.options.startingToken,
  noPaginate: ListCommand.options.noPaginate,
  output: ListCommand.options.output,
  endpointUrl: CommonOptions.endpointUrl,
  region: CommonOptions.region,
  profile: CommonOptions.profile,
  simulate: Options.boolean("simulate").pipe(
    Options.withDescription("List the connectors of the embedded simulator's account: no network, no credentials.")
  ),
  seed: CommonOptions.seed(
    `The seed of the simulated account (with --simulate; default ${CommonOptions.defaultSeed}).`
  )
}

/**
 * Runs `list-voice-connectors` with the services the provider builds for its target.
 *
 * @since 0.1.0
 * @category running
 */
export const run = (
  args: Args,
  provider: Backend.Provider
): Effect.Effect<void, unknown, Stdio.Stdio> => {
  const maxItems = Option.getOrUndefined(args.maxItems)
  if (maxItems !== undefined && maxItems < 1) {
    return Effect.fail(
      new Diagnostic.UsageError({ reason: `--max-items must be an integer of at least 1, not ${maxItems}.` })
    )
  }
  const misplaced = CommonOptions.checkTarget(args, "lists from", [["--seed", args.seed]])
  if (Option.isSome(misplaced)) return Effect.fail(misplaced.value)
  const listing: Effect.Effect<
    void,
    ProxySessionsError.ProxySessionsError | Stdio.StdoutClosed,
    Stdio.Stdio | VoiceConnectors.VoiceConnectors
  > = Effect.gen(function*() {
    const stdio = yield* Stdio.Stdio
    const lastToken = yield* Ref.make<string | undefined>(undefined)
    const all = VoiceConnectors.pages({
      pageSize: Option.getOrUndefined(args.pageSize),
      maxItems,
      startingToken: Option.getOrUndefined(args.startingToken)
    })
    const pages = Stream.tap(args.noPaginate ? Stream.take(all, 1) : all, (page) => Ref.set(lastToken, page.nextToken))
    yield* Stream.runForEach(ConnectorOutput.render(args.output, pages), stdio.out)
    const nextToken = yield* Ref.get(lastToken)
    if (nextToken !== undefined && !Output.carriesNextToken(args.output)) yield* stdio.err(`NextToken: ${nextToken}\n`)
  })
  return Effect.provide(listing, provider(CommonOptions.target(args, ListCommand.simulatedDataset)))
}

/**
 * The `list-voice-connectors` command, with the provider of its services.
 *
 * @since 0.1.0
 * @category commands
 */
export const make = (provider: Backend.Provider) =>
  Command.make("list-voice-connectors", options, (args) => run(args, provider)).pipe(
    Command.withDescription("List the voice connectors of the account (ListVoiceConnectors), every page to stdout.")
  )
