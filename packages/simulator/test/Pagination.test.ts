import type { ProxySession } from "@chime-proxy/core"
import { ProxySessions } from "@chime-proxy/core"
import { Simulator } from "@chime-proxy/simulator"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as FastCheck from "effect/FastCheck"
import * as Stream from "effect/Stream"
import * as TestContext from "effect/TestContext"
import { defined } from "./utils.js"

/**
 * The pagination guarantee, checked with random worlds and random changes between pages: a session that exists,
 * unchanged, for the whole listing is returned exactly once; no session is ever returned twice; sessions come in
 * (CreatedTimestamp, ProxySessionId) order; every page honours MaxResults and the Status filter.
 */

const start = Date.parse("2025-05-01T00:00:00.000Z")
const statuses = ["Open", "InProgress", "Closed"] as const
const longExpiry = 1_000_000

type Op =
  | { readonly _tag: "Create"; readonly offset: number; readonly status: number }
  | { readonly _tag: "Close"; readonly target: number }
  | { readonly _tag: "Delete"; readonly target: number }
  | { readonly _tag: "Call"; readonly target: number }
  | { readonly _tag: "Advance"; readonly millis: number }

const op: FastCheck.Arbitrary<Op> = FastCheck.oneof(
  FastCheck.record({
    _tag: FastCheck.constant("Create" as const),
    offset: FastCheck.integer({ min: -40, max: 5 }),
    status: FastCheck.integer({ min: 0, max: 2 })
  }),
  FastCheck.record({ _tag: FastCheck.constant("Close" as const), target: FastCheck.nat() }),
  FastCheck.record({ _tag: FastCheck.constant("Delete" as const), target: FastCheck.nat() }),
  FastCheck.record({ _tag: FastCheck.constant("Call" as const), target: FastCheck.nat() }),
  FastCheck.record({ _tag: FastCheck.constant("Advance" as const), millis: FastCheck.integer({ min: 0, max: 5000 }) })
)

const scenario = FastCheck.record({
  // Creation offsets in seconds before the start: few distinct values, so that ties are common.
  initial: FastCheck.array(
    FastCheck.record({
      offset: FastCheck.integer({ min: -40, max: 0 }),
      status: FastCheck.integer({ min: 0, max: 2 })
    }),
    { maxLength: 60 }
  ),
  pageSize: FastCheck.integer({ min: 1, max: 12 }),
  status: FastCheck.option(FastCheck.integer({ min: 0, max: 2 }), { nil: undefined }),
  between: FastCheck.array(FastCheck.array(op, { maxLength: 4 }), { maxLength: 30 }),
  seed: FastCheck.integer()
})

const key = (session: ProxySession.ProxySession) =>
  [session.CreatedTimestamp!.epochMillis, session.ProxySessionId!] as const

const before = (a: readonly [number, string], b: readonly [number, string]) =>
  a[0] < b[0] || (a[0] === b[0] && a[1] < b[1])

const run = (input: typeof scenario extends FastCheck.Arbitrary<infer A> ? A : never, extra: Array<number>) =>
  Effect.gen(function*() {
    const control = yield* Simulator.SimulatorControl
    yield* control.setClock(start)
    const voiceConnectorId = yield* control.createVoiceConnector()
    const live: Array<string> = []
    const create = (offset: number, status: number) =>
      Effect.map(
        control.createProxySession(voiceConnectorId, {
          CreatedTimestamp: new Date(start + offset * 1000).toISOString(),
          ExpiryMinutes: longExpiry,
          Status: defined(statuses[status])
        }),
        (session) => {
          live.push(session.ProxySessionId!)
          return session
        }
      )
    // Padding that the Status filter skips, to make pages come back short when the scan limit is small.
    for (const offset of extra) yield* create(offset, input.status === undefined ? 0 : (input.status + 1) % 3)
    const initial: Array<ProxySession.ProxySession> = []
    for (const { offset, status } of input.initial) initial.push(yield* create(offset, status))
    const touched = new Set<string>()
    const filter = input.status === undefined ? undefined : statuses[input.status]
    const seen: Array<string> = []
    let previous: readonly [number, string] | undefined = undefined
    let token: string | undefined = undefined
    let calls = 0
    do {
      const page: { readonly ProxySessions: ReadonlyArray<ProxySession.ProxySession>; readonly NextToken?: string } =
        yield* ProxySessions.listProxySessions({
          VoiceConnectorId: voiceConnectorId,
          MaxResults: input.pageSize,
          ...(filter === undefined ? {} : { Status: filter }),
          ...(token === undefined ? {} : { NextToken: token })
        })
      assert.isAtMost(page.ProxySessions.length, input.pageSize)
      for (const session of page.ProxySessions) {
        if (filter !== undefined) assert.strictEqual(session.Status, filter)
        if (previous !== undefined) assert.isTrue(before(previous, key(session)), "out of order")
        previous = key(session)
        seen.push(session.ProxySessionId!)
      }
      token = page.NextToken
      for (const change of input.between[calls] ?? []) {
        const target = live.length === 0 ? undefined : live[("target" in change ? change.target : 0) % live.length]
        switch (change._tag) {
          case "Create":
            yield* create(change.offset, change.status)
            break
          case "Advance":
            yield* control.advanceClock(change.millis)
            break
          case "Delete":
            if (target !== undefined) {
              touched.add(target)
              live.splice(live.indexOf(target), 1)
              yield* control.deleteProxySession(voiceConnectorId, target)
            }
            break
          case "Close":
          case "Call":
            if (target !== undefined) {
              touched.add(target)
              yield* Effect.ignore(
                change._tag === "Close"
                  ? control.closeProxySession(voiceConnectorId, target)
                  : control.recordCall(voiceConnectorId, target)
              )
            }
        }
      }
      calls++
      assert.isBelow(calls, 10_000, "the listing does not end")
    } while (token !== undefined)
    assert.strictEqual(new Set(seen).size, seen.length, "a session was returned twice")
    const returned = new Set(seen)
    for (const session of initial) {
      const stable = !touched.has(session.ProxySessionId!) && (filter === undefined || session.Status === filter)
      if (stable) assert.isTrue(returned.has(session.ProxySessionId!), "a stable session was skipped")
    }
  })

describe("pagination while the world changes", () => {
  it("holds for random worlds, page sizes, filters and changes between pages", async () => {
    await FastCheck.assert(
      FastCheck.asyncProperty(scenario, (input) =>
        Effect.runPromise(
          run(input, []).pipe(
            Effect.provide(Simulator.layer({ seed: input.seed })),
            Effect.provide(TestContext.TestContext)
          )
        )),
      { numRuns: 100 }
    )
  })

  it("holds when the scan limit cuts pages short (a sparse Status filter over many sessions)", async () => {
    await FastCheck.assert(
      FastCheck.asyncProperty(
        scenario.filter((input) => input.status !== undefined),
        FastCheck.array(FastCheck.integer({ min: -40, max: 0 }), { minLength: 150, maxLength: 400 }),
        (input, extra) =>
          Effect.runPromise(
            run(input, extra).pipe(
              Effect.provide(Simulator.layer({ seed: input.seed, scanLimit: 101 })),
              Effect.provide(TestContext.TestContext)
            )
          )
      ),
      { numRuns: 25 }
    )
  })

  it.effect("a page examines at most scanLimit sessions: a sparse filter gives short pages that still go on", () =>
    Effect.gen(function*() {
      const control = yield* Simulator.SimulatorControl
      const voiceConnectorId = yield* control.createVoiceConnector()
      for (let i = 0; i < 250; i++) yield* control.createProxySession(voiceConnectorId, { ExpiryMinutes: longExpiry })
      const inProgress = yield* control.createProxySession(voiceConnectorId, {
        Status: "InProgress",
        ExpiryMinutes: longExpiry
      })
      const first = yield* ProxySessions.listProxySessions({ VoiceConnectorId: voiceConnectorId, Status: "InProgress" })
      assert.deepStrictEqual(first.ProxySessions, [])
      assert.isDefined(first.NextToken)
      const pages = Array.from(
        yield* Stream.runCollect(ProxySessions.pages({ voiceConnectorId, status: "InProgress" }))
      )
      assert.strictEqual(pages.length, 3)
      assert.deepStrictEqual(
        pages.flatMap((page) => page.items.map((session) => session.ProxySessionId)),
        [inProgress.ProxySessionId]
      )
      const open = yield* ProxySessions.listProxySessions({ VoiceConnectorId: voiceConnectorId, Status: "Open" })
      assert.strictEqual(open.ProxySessions.length, Simulator.defaultPageSize)
    }).pipe(Effect.provide(Simulator.layer({ scanLimit: 101 }))))
})
