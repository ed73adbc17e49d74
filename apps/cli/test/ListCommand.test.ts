import { ProxySession, ServiceError } from "@chime-proxy/core"
import { Diagnostic, Stdio } from "@chime-proxy/program"
import * as CliConfig from "@effect/cli/CliConfig"
import * as HelpDoc from "@effect/cli/HelpDoc"
import * as Options from "@effect/cli/Options"
import * as NodeContext from "@effect/platform-node/NodeContext"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as ListCommand from "../src/ListCommand.js"
import type * as Output from "../src/Output.js"
import { dataset, parseCsv, provider } from "./fixtures.js"

const defaults: ListCommand.ListArgs = {
  voiceConnectorIds: [],
  status: Option.none(),
  pageSize: Option.none(),
  maxItems: Option.none(),
  startingToken: Option.none(),
  noPaginate: false,
  output: "json",
  endpointUrl: Option.none(),
  region: Option.none(),
  profile: Option.none(),
  simulate: false,
  seed: Option.none()
}

const data = dataset(["vc1", "vc2"], 23)

const run = (args: Partial<ListCommand.ListArgs>, options?: { readonly errIsTerminal?: boolean }) =>
  Effect.gen(function*() {
    const [stdio, captured] = yield* Stdio.makeCaptured(options)
    const exit = yield* Effect.exit(
      Effect.provideService(ListCommand.run({ ...defaults, ...args }, provider(data)), Stdio.Stdio, stdio)
    )
    return { exit, stdout: yield* captured.stdout, stderr: yield* captured.stderr }
  })

const ids = (json: string): Array<string> =>
  (JSON.parse(json) as { ProxySessions: Array<{ ProxySessionId: string }> }).ProxySessions.map((s) => s.ProxySessionId)

describe("ListCommand.plan", () => {
  const reason = (args: Partial<ListCommand.ListArgs>) =>
    Either.match(ListCommand.plan({ ...defaults, ...args }), {
      onLeft: (error) => error.reason,
      onRight: () => "no error"
    })

  it("turns conflicting or missing options into usage errors", () => {
    assert.include(reason({}), "Missing --voice-connector-id")
    assert.include(reason({ voiceConnectorIds: ["vc1"], seed: Option.some(1) }), "--seed only applies")
    assert.include(
      reason({ simulate: true, region: Option.some("us-east-1"), endpointUrl: Option.some("http://x") }),
      "--endpoint-url and --region cannot be used"
    )
    assert.include(reason({ voiceConnectorIds: ["vc1"], maxItems: Option.some(0) }), "--max-items must be")
    assert.strictEqual(reason({ voiceConnectorIds: ["x".repeat(128)] }), "no error")
    assert.include(
      reason({ voiceConnectorIds: ["a", "b"], maxItems: Option.some(3) }),
      "--max-items works on a single listing: give exactly one --voice-connector-id, not 2."
    )
    assert.include(reason({ simulate: true, noPaginate: true }), "--no-paginate works on a single listing")
    assert.strictEqual(reason({ voiceConnectorIds: ["vc1"], maxItems: Option.some(3) }), "no error")
  })

  it.effect("refuses a page size and a connector id that core's schemas refuse, naming the option", () =>
    Effect.gen(function*() {
      const parse = <A>(option: Options.Options<A>, args: ReadonlyArray<string>) =>
        Options.processCommandLine(option, args, CliConfig.defaultConfig).pipe(
          Effect.map(([, , value]) => value),
          Effect.mapError((error) => HelpDoc.toAnsiText(error.error).trim()),
          Effect.either,
          Effect.provide(NodeContext.layer)
        )
      const pageSizeRule = "Invalid value for --page-size: MaxResults must be an integer from 1 to 100"
      const options = ListCommand.options
      assert.deepStrictEqual(yield* parse(options.pageSize, ["--page-size", "101"]), Either.left(pageSizeRule))
      assert.deepStrictEqual(yield* parse(options.pageSize, ["--page-size", "0"]), Either.left(pageSizeRule))
      assert.deepStrictEqual(yield* parse(options.pageSize, ["--page-size", "100"]), Either.right(Option.some(100)))
      // @effect/cli trims the values: white space alone is left empty.
      assert.deepStrictEqual(
        yield* parse(options.voiceConnectorIds, ["--voice-connector-id", " "]),
        Either.left("Invalid value for --voice-connector-id: VoiceConnectorId must have at least 1 character")
      )
      assert.deepStrictEqual(
        yield* parse(options.voiceConnectorIds, ["--voice-connector-id", "x".repeat(129)]),
        Either.left("Invalid value for --voice-connector-id: VoiceConnectorId must have at most 128 characters")
      )
      assert.deepStrictEqual(
        yield* parse(options.voiceConnectorIds, ["--voice-connector-id", "x".repeat(128)]),
        Either.right([ProxySession.VoiceConnectorId.make("x".repeat(128))])
      )
    }))

  it("targets the simulator with the default seed, or the live layer with the AWS options", () => {
    const simulated = ListCommand.plan({ ...defaults, simulate: true })
    assert.deepStrictEqual(Either.getOrUndefined(simulated)?.target, {
      _tag: "Simulate",
      seed: 42,
      connectors: 3,
      sessionsPerConnector: 25
    })
    const live = ListCommand.plan({ ...defaults, voiceConnectorIds: ["vc1"], region: Option.some("eu-west-1") })
    assert.deepStrictEqual(Either.getOrUndefined(live)?.target, {
      _tag: "Aws",
      endpointUrl: undefined,
      region: "eu-west-1",
      profile: undefined
    })
    const timed = ListCommand.plan({
      ...defaults,
      voiceConnectorIds: ["vc1"],
      cliConnectTimeout: Option.some(0),
      cliReadTimeout: Option.some(5)
    })
    assert.deepStrictEqual(Either.getOrUndefined(timed)?.target, {
      _tag: "Aws",
      endpointUrl: undefined,
      region: undefined,
      profile: undefined,
      connectTimeout: 0,
      readTimeout: 5
    })
    const mixed = ListCommand.plan({ ...defaults, simulate: true, cliReadTimeout: Option.some(5) })
    assert.isTrue(Either.isLeft(mixed))
  })
})

describe("ListCommand.run", () => {
  it.effect("lists every connector of the account when none is given, in one json document", () =>
    Effect.gen(function*() {
      const { exit, stderr, stdout } = yield* run({ simulate: true, pageSize: Option.some(5) })
      assert.isTrue(exit._tag === "Success")
      const expected = [...data.values()].flat().map((s) => s.ProxySessionId)
      assert.deepStrictEqual(ids(stdout), expected)
      assert.strictEqual(stderr, "")
    }))

  it.effect("--max-items and --starting-token resume to exactly the full set", () =>
    Effect.gen(function*() {
      let seen: ReadonlyArray<string> = []
      let token: string | undefined
      let runs = 0
      do {
        const { stdout } = yield* run({
          voiceConnectorIds: ["vc2"],
          pageSize: Option.some(4),
          maxItems: Option.some(7),
          startingToken: Option.fromNullable(token)
        })
        const parsed = JSON.parse(stdout) as { ProxySessions: Array<{ ProxySessionId: string }>; NextToken?: string }
        seen = [...seen, ...parsed.ProxySessions.map((s) => s.ProxySessionId)]
        token = parsed.NextToken
        runs += 1
      } while (token !== undefined && runs < 10)
      assert.strictEqual(runs, 4)
      assert.deepStrictEqual(seen, data.get("vc2")!.map((s) => s.ProxySessionId!))
    }))

  it.effect("ndjson and csv put the NextToken on stderr; --no-paginate makes one call", () =>
    Effect.gen(function*() {
      const ndjson = yield* run({ voiceConnectorIds: ["vc1"], output: "ndjson", noPaginate: true })
      assert.strictEqual(ndjson.stdout.trimEnd().split("\n").length, 10)
      assert.strictEqual(ndjson.stderr, "NextToken: 10\n")
      const csv = yield* run({ voiceConnectorIds: ["vc1"], output: "csv", maxItems: Option.some(3) })
      assert.strictEqual(parseCsv(csv.stdout).length, 4)
      assert.match(csv.stderr, /^NextToken: \S+\n$/)
    }))

  it.effect("--status filters on the service's side", () =>
    Effect.gen(function*() {
      const { stdout } = yield* run({ voiceConnectorIds: ["vc1"], status: Option.some("Closed"), output: "ndjson" })
      const statuses = stdout.trimEnd().split("\n").map((line) => (JSON.parse(line) as { Status: string }).Status)
      assert.isAbove(statuses.length, 0)
      assert.isTrue(statuses.every((status) => status === "Closed"))
    }))

  it.effect("shows progress on stderr only when it is a terminal", () =>
    Effect.gen(function*() {
      const output: Output.Format = "ndjson"
      const { stderr, stdout } = yield* run({ voiceConnectorIds: ["vc1"], output }, { errIsTerminal: true })
      assert.include(stderr, "3 pages, 23 sessions")
      assert.isTrue(stderr.endsWith("\r\u001b[2K"))
      assert.notInclude(stdout, "pages")
    }))

  it.effect("an unknown connector fails with NotFoundException, described without the phone number", () =>
    Effect.gen(function*() {
      const { exit, stdout } = yield* run({ voiceConnectorIds: ["nope"] })
      assert.isTrue(exit._tag === "Failure")
      if (exit._tag === "Failure") {
        const error = exit.cause._tag === "Fail" ? exit.cause.error : undefined
        assert.instanceOf(error, ServiceError.NotFoundException)
        const diagnostic = Diagnostic.describe(error)
        assert.strictEqual(diagnostic.exitCode, 1)
        const text = Diagnostic.format("chime-proxy", diagnostic)
        assert.match(text, /^chime-proxy: NotFoundException: Voice connector nope not found/)
        assert.include(text, "Check the voice connector id")
        assert.notInclude(text, "2065550100")
      }
      // The json document is opened with the first page, so a failed first call leaves stdout empty.
      assert.strictEqual(stdout, "")
    }))
})
