// `list` asks for the next page while it writes one: that changes when calls are made, never which calls, what is
// written, or what a failure leaves on stdout.
import { ListProxySessions, ProxySessions, ServiceError, VoiceConnectors } from "@chime-proxy/core"
import { Stdio } from "@chime-proxy/program"
import { assert, describe, it } from "@effect/vitest"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Backend from "../src/Backend.js"
import * as ListCommand from "../src/ListCommand.js"
import { connectorsOf, decodeSession, sessionJson } from "./fixtures.js"

const defaults: ListCommand.ListArgs = {
  voiceConnectorIds: ["vc1"],
  all: false,
  concurrency: 4,
  status: Option.none(),
  pageSize: Option.some(10),
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

// 50 sessions in pages of the request's size; the call numbered `failAt` (from 1) is throttled.
const listing = (failAt: number | undefined) => {
  const sessions = Array.from({ length: 50 }, (_, i) => sessionJson("vc1", i))
  const calls: Array<string | undefined> = []
  const service = ProxySessions.make((request) =>
    Effect.suspend(() => {
      calls.push(request.NextToken)
      if (calls.length === failAt) return Effect.fail(new ServiceError.ThrottledClientException({ Message: "slow" }))
      const start = request.NextToken === undefined ? 0 : Number(request.NextToken)
      const end = start + (request.MaxResults ?? 10)
      return Effect.succeed(
        new ListProxySessions.ListProxySessionsResponse({
          ProxySessions: sessions.slice(start, end).map((session) => decodeSession(session)),
          ...(end < sessions.length ? { NextToken: String(end) } : {})
        })
      )
    })
  )
  const provider: Backend.Provider = () =>
    Layer.mergeAll(
      Layer.succeed(ProxySessions.ProxySessions, service),
      Layer.succeed(VoiceConnectors.VoiceConnectors, connectorsOf(["vc1"])),
      Layer.succeed(Backend.Account, { now: DateTime.now })
    )
  return { provider, calls, sessions }
}

const run = (args: Partial<ListCommand.ListArgs>, failAt?: number) =>
  Effect.gen(function*() {
    const { calls, provider } = listing(failAt)
    const [stdio, captured] = yield* Stdio.makeCaptured()
    const exit = yield* Effect.exit(
      Effect.provideService(ListCommand.run({ ...defaults, ...args }, provider), Stdio.Stdio, stdio)
    )
    return { exit, calls, stdout: yield* captured.stdout, stderr: yield* captured.stderr }
  })

const lines = (ndjson: string) => ndjson.split("\n").filter((line) => line !== "")

describe("list fetches the next page while it writes one", () => {
  it.effect("and makes exactly the calls of the listing", () =>
    Effect.gen(function*() {
      const whole = yield* run({})
      assert.strictEqual(whole.exit._tag, "Success")
      assert.strictEqual(lines(whole.stdout).length, 50)
      assert.deepStrictEqual(whole.calls, [undefined, "10", "20", "30", "40"])
      const cut = yield* run({ maxItems: Option.some(15) })
      assert.strictEqual(lines(cut.stdout).length, 15)
      assert.deepStrictEqual(cut.calls, [undefined, "10"])
      const one = yield* run({ noPaginate: true })
      assert.strictEqual(lines(one.stdout).length, 10)
      assert.deepStrictEqual(one.calls, [undefined], "--no-paginate makes one call only")
    }))

  it.effect("and a failed call still leaves every page before it on stdout, then fails with its error", () =>
    Effect.gen(function*() {
      const { calls, exit, stdout } = yield* run({}, 3)
      assert.deepStrictEqual(lines(stdout).map((line) => JSON.parse(line).ProxySessionId), [
        ...Array.from({ length: 20 }, (_, i) => sessionJson("vc1", i).ProxySessionId)
      ])
      assert.deepStrictEqual(calls, [undefined, "10", "20"])
      assert.isTrue(exit._tag === "Failure" && exit.cause._tag === "Fail")
      if (exit._tag === "Failure" && exit.cause._tag === "Fail") {
        assert.instanceOf(exit.cause.error, ServiceError.ThrottledClientException)
      }
    }))
})
