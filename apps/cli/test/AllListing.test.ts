import { AwsProxySessions, AwsVoiceConnectors, Credentials } from "@chime-proxy/aws"
import { ProxySessions, ServiceError, VoiceConnectors } from "@chime-proxy/core"
import { Emulator, WireFaults } from "@chime-proxy/emulator"
import { Stdio } from "@chime-proxy/program"
import { Simulator } from "@chime-proxy/simulator"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { assert, describe, it } from "@effect/vitest"
import * as DateTime from "effect/DateTime"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Ref from "effect/Ref"
import * as Stream from "effect/Stream"
import * as AllListing from "../src/AllListing.js"
import * as Backend from "../src/Backend.js"
import * as ListCommand from "../src/ListCommand.js"
import { connectorsOf, dataset, makeService } from "./fixtures.js"
import { at } from "./run.js"

const defaults: ListCommand.ListArgs = {
  voiceConnectorIds: [],
  all: true,
  concurrency: 3,
  status: Option.none(),
  pageSize: Option.none(),
  maxItems: Option.none(),
  startingToken: Option.none(),
  noPaginate: false,
  output: "ndjson",
  endpointUrl: Option.none(),
  region: Option.none(),
  profile: Option.none(),
  simulate: false,
  seed: Option.none()
}

const connectors = ["vc1", "vc2", "vc3", "vc4", "vc5"]
const data = dataset(connectors, 23)
const everyId = connectors.flatMap((c) => (data.get(c) ?? []).map((s) => s.ProxySessionId ?? ""))

/** A provider over the dataset whose ListVoiceConnectors lists `listed` (some may be missing from the data). */
const providerOf = (
  listed: ReadonlyArray<string>,
  sessions: ProxySessions.ProxySessions.Service = makeService(data).service,
  voiceConnectors: VoiceConnectors.VoiceConnectors.Service = connectorsOf(listed)
): Backend.Provider =>
() =>
  Layer.mergeAll(
    Layer.succeed(ProxySessions.ProxySessions, sessions),
    Layer.succeed(VoiceConnectors.VoiceConnectors, voiceConnectors),
    Layer.succeed(Backend.Account, { now: DateTime.now })
  )

const run = (args: Partial<ListCommand.ListArgs>, provider: Backend.Provider = providerOf(connectors)) =>
  Effect.gen(function*() {
    const [stdio, captured] = yield* Stdio.makeCaptured()
    const exit = yield* Effect.exit(
      Effect.provideService(ListCommand.run({ ...defaults, ...args }, provider), Stdio.Stdio, stdio)
    )
    return { exit, stdout: yield* captured.stdout, stderr: yield* captured.stderr }
  })

const lines = (ndjson: string): Array<string> =>
  ndjson.split("\n").filter((line) => line !== "").map((line) =>
    (JSON.parse(line) as { ProxySessionId: string }).ProxySessionId
  )

const tokenOf = (stderr: string): string | undefined => /NextToken: (\S+)/.exec(stderr)?.[1]

describe("list --all", () => {
  it.effect("lists every session of every connector once, each connector's together and in order, whatever the concurrency", () =>
    Effect.gen(function*() {
      for (const concurrency of [1, 2, 3, 8]) {
        for (const pageSize of [1, 7, 100]) {
          const result = yield* run({ concurrency, pageSize: Option.some(pageSize) })
          assert.isTrue(Exit.isSuccess(result.exit), result.stderr)
          assert.deepStrictEqual(lines(result.stdout), everyId, `concurrency ${concurrency}, page size ${pageSize}`)
        }
      }
    }))

  it.effect("a listing cut by --max-items anywhere resumes exactly from its token", () =>
    Effect.gen(function*() {
      for (const maxItems of [1, 5, 22, 23, 24, 46, 60, 114]) {
        for (const pageSize of [5, 23]) {
          let got: Array<string> = []
          let token: string | undefined = undefined
          let rounds = 0
          do {
            const result = yield* run({
              maxItems: Option.some(maxItems),
              pageSize: Option.some(pageSize),
              startingToken: Option.fromNullable(token)
            })
            assert.isTrue(Exit.isSuccess(result.exit), result.stderr)
            const listed = lines(result.stdout)
            assert.isAtMost(listed.length, maxItems)
            got = [...got, ...listed]
            token = tokenOf(result.stderr)
            rounds++
          } while (token !== undefined && rounds < 200)
          assert.deepStrictEqual(got, everyId, `max-items ${maxItems}, page size ${pageSize}`)
        }
      }
    }))

  it.effect("the json output carries the token of --all, which --starting-token takes back", () =>
    Effect.gen(function*() {
      const first = yield* run({ output: "json", maxItems: Option.some(30) })
      const body = JSON.parse(first.stdout) as { ProxySessions: Array<{ ProxySessionId: string }>; NextToken: string }
      assert.isTrue(body.NextToken.startsWith(AllListing.tokenPrefix))
      const rest = yield* run({ startingToken: Option.some(body.NextToken) })
      assert.deepStrictEqual([...body.ProxySessions.map((s) => s.ProxySessionId), ...lines(rest.stdout)], everyId)
    }))

  it("refuses a token that is not one of --all, and conflicting options", () => {
    const reason = (args: Partial<ListCommand.ListArgs>) =>
      Either.match(ListCommand.plan({ ...defaults, ...args }), { onLeft: (e) => e.reason, onRight: () => "no error" })
    assert.include(reason({ startingToken: Option.some("eyJOZXh0VG9rZW4iOiJ4In0=") }), "not a resume token of --all")
    assert.include(reason({ startingToken: Option.some(`${AllListing.tokenPrefix}!!`) }), "not a resume token of --all")
    assert.include(reason({ voiceConnectorIds: ["vc1"] }), "either --all or --voice-connector-id")
    assert.include(reason({ noPaginate: true }), "--no-paginate")
    assert.include(reason({ concurrency: 0 }), "--concurrency")
    assert.include(reason({ concurrency: 33 }), "--concurrency")
    assert.strictEqual(reason({}), "no error")
  })

  it("a token round-trips, and garbage never throws", () => {
    const position = { connectors: "abc", index: 3, sessions: "xyz" }
    assert.deepStrictEqual(Either.getOrThrow(AllListing.decodeToken(AllListing.encodeToken(position))), position)
    for (
      const bad of [
        "",
        AllListing.tokenPrefix,
        `${AllListing.tokenPrefix}e30`,
        `${AllListing.tokenPrefix}eyJ2IjoxLCJpIjotMX0`
      ]
    ) {
      assert.isTrue(Either.isLeft(AllListing.decodeToken(bad)), bad)
    }
  })

  it.live("the connectors ahead are listed while the first is written, beyond a few pages each", () =>
    Effect.gen(function*() {
      // Pages of one session: the second connector's 23 pages must all be fetched while the first connector's first
      // page is still being written. With read-ahead queues of a few pages, it stopped after those and waited.
      const healthy = makeService(data).service
      const secondRead = yield* Deferred.make<void>()
      let secondCalls = 0
      const counting: ProxySessions.ProxySessions.Service = {
        listProxySessions: (input) =>
          Effect.tap(healthy.listProxySessions(input), (response) => {
            if (input.VoiceConnectorId !== "vc2") return Effect.void
            secondCalls += 1
            return response.NextToken === undefined ? Deferred.succeed(secondRead, undefined) : Effect.void
          })
      }
      const outcome = yield* Ref.make<AllListing.Outcome>({ complete: [], skipped: [] })
      let first = true
      const written = yield* AllListing.pages(
        { pageSize: 1, concurrency: 2, onSkip: () => Effect.void },
        outcome
      ).pipe(
        Stream.mapEffect((page) => {
          if (!first) return Effect.succeed(page)
          first = false
          return Effect.as(
            Deferred.await(secondRead).pipe(
              Effect.timeoutFail({
                duration: Duration.seconds(20),
                onTimeout: () => new Error(`the second connector was read ${secondCalls} page(s) ahead, then waited`)
              })
            ),
            page
          )
        }),
        Stream.mapConcat((page) => page.items.map((session) => session.ProxySessionId ?? "")),
        Stream.runCollect,
        Effect.provide(Layer.mergeAll(
          Layer.succeed(ProxySessions.ProxySessions, counting),
          Layer.succeed(VoiceConnectors.VoiceConnectors, connectorsOf(["vc1", "vc2"]))
        ))
      )
      assert.strictEqual(secondCalls, 23)
      assert.deepStrictEqual([...written], everyId.slice(0, 46))
    }))

  it("the connectors listed at once hold a bounded number of sessions together, in whole pages, whatever the concurrency", () => {
    const budget = AllListing.readAheadSessions
    assert.strictEqual(AllListing.readAheadPages(100, 4), budget / 4 / 100)
    assert.strictEqual(AllListing.readAheadPages(undefined, 4), budget / 4 / 100)
    assert.strictEqual(AllListing.readAheadPages(1, 1), budget)
    assert.strictEqual(AllListing.readAheadPages(7, 2), Math.floor(budget / 2 / 7))
    // At the largest concurrency, in the largest pages: within the budget, and each a page at least.
    assert.isAtMost(AllListing.readAheadPages(100, 32) * 32 * 100, budget)
    assert.strictEqual(AllListing.readAheadPages(100, 10_000), 1)
  })

  it.effect("an account with no connectors lists nothing and succeeds", () =>
    Effect.gen(function*() {
      const result = yield* run({ output: "json" }, providerOf([]))
      assert.isTrue(Exit.isSuccess(result.exit))
      assert.deepStrictEqual(JSON.parse(result.stdout), { ProxySessions: [] })
    }))

  it.effect("a connector gone by the time its sessions are listed is skipped with a warning; the rest are listed; the exit says not everything was read", () =>
    Effect.gen(function*() {
      const result = yield* run({}, providerOf(["vc1", "gone1", "vc2", "gone2", "vc3"]))
      assert.deepStrictEqual(lines(result.stdout), everyId.slice(0, 69))
      assert.include(result.stderr, "gone1")
      assert.include(result.stderr, "gone2")
      assert.isTrue(Exit.isFailure(result.exit))
      assert.include(JSON.stringify(result.exit), "Not everything was read")
    }))

  it.effect("a connector whose sessions fail stops the listing, and the user sees which connectors were read completely", () =>
    Effect.gen(function*() {
      const healthy = makeService(data).service
      const failing: ProxySessions.ProxySessions.Service = {
        listProxySessions: (input) =>
          input.VoiceConnectorId === "vc3"
            ? Effect.fail(new ServiceError.ServiceFailureException({ Message: "boom" }))
            : healthy.listProxySessions(input)
      }
      const result = yield* run({ concurrency: 1 }, providerOf(connectors, failing))
      assert.isTrue(Exit.isFailure(result.exit))
      assert.include(result.stderr, "Read completely before the error: 2 voice connector(s): vc1, vc2.")
      assert.deepStrictEqual(lines(result.stdout), everyId.slice(0, 46))
    }))

  it.effect("throttling while listing the connectors fails the listing with ThrottledClientException", () =>
    Effect.gen(function*() {
      const throttled: VoiceConnectors.VoiceConnectors.Service = {
        listVoiceConnectors: () => Effect.fail(new ServiceError.ThrottledClientException({ Message: "Rate exceeded" }))
      }
      const result = yield* run({}, providerOf(connectors, makeService(data).service, throttled))
      assert.isTrue(Exit.isFailure(result.exit))
      assert.include(JSON.stringify(result.exit), "ThrottledClientException")
      assert.strictEqual(result.stdout, "")
    }))

  it.live(
    "20 connectors of 1,000 sessions through the emulator under its fault rates: every session exactly once",
    () =>
      Effect.gen(function*() {
        const control = yield* Simulator.SimulatorControl
        const emulator = yield* Emulator.Emulator
        yield* control.seed({ seed: 13, connectors: 20, sessionsPerConnector: 1000 })
        const fixture = yield* control.saveFixture()
        const expected = fixture.VoiceConnectors.flatMap((c) =>
          (c.ProxySessions ?? []).map((s) => s.ProxySessionId ?? "")
        )
        assert.strictEqual(expected.length, 20_000)
        yield* emulator.setWireFaults(
          new WireFaults.WireFaults({ seed: 17, throttleRate: 0.15, failureRate: 0.05, resetRate: 0.02 })
        )
        const options = {
          region: emulator.region,
          endpoint: emulator.url,
          deprecationWarning: false,
          maxAttempts: 12,
          backoff: { base: 0, throttlingBase: 0 }
        }
        const live: Backend.Provider = () =>
          Layer.mergeAll(
            AwsProxySessions.layer(options),
            AwsVoiceConnectors.layer(options),
            Layer.succeed(Backend.Account, { now: DateTime.now })
          ).pipe(
            Layer.provide(Credentials.layerStatic(at(emulator.credentials, 0))),
            Layer.provide(NodeHttpClient.layerUndici)
          )
        const result = yield* run({ pageSize: Option.some(100), concurrency: 4 }, live)
        assert.isTrue(Exit.isSuccess(result.exit), result.stderr)
        const got = lines(result.stdout)
        assert.strictEqual(got.length, 20_000)
        assert.strictEqual(new Set(got).size, 20_000)
        // The connectors come by id, as ListVoiceConnectors gives them, and so does the fixture.
        assert.deepStrictEqual(got, expected)
      }).pipe(Effect.provide(Emulator.layerSimulator())),
    120_000
  )
})
