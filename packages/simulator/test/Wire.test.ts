import type { ListProxySessions } from "@chime-proxy/core"
import { ListProxySessions as Lps, ProxySession, ProxySessions, ServiceError, Wire } from "@chime-proxy/core"
import { FaultPlan, Simulator } from "@chime-proxy/simulator"
import { assert, describe, it } from "@effect/vitest"
import * as Arbitrary from "effect/Arbitrary"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import * as Schema from "effect/Schema"
import * as TestClock from "effect/TestClock"
import { cacheBitsFor, encodePage, encodeSession, JsonCache, maxCacheBits, minCacheBits } from "../src/internal/json.js"
import { defined } from "./utils.js"

/**
 * The wire form of ListProxySessions (SimulatorWire, which the HTTP emulator answers with) against the reference:
 * `Wire.encodeResponse` of the ProxySessions call, over random worlds changed between listings, so that every cached
 * session's JSON is checked after every kind of change, the clock's included.
 */

const start = Date.parse("2025-03-01T00:00:00.000Z")
const utf8 = new TextDecoder("utf-8", { fatal: true })
const minute = 60_000

/** A body as the reference writes it, or the error as the emulator would write it. */
const reference = (request: ListProxySessions.ListProxySessionsRequest) =>
  Effect.map(
    Effect.either(ProxySessions.listProxySessions(request)),
    Either.match({
      onLeft: (error) => ServiceError.isServiceError(error) ? Wire.encodeError(error) : error,
      onRight: Wire.encodeResponse
    })
  )

const wire = (request: ListProxySessions.ListProxySessionsRequest) =>
  Effect.flatMap(Simulator.SimulatorWire, (service) =>
    Effect.map(
      Effect.either(service.listProxySessionsJson(request)),
      Either.match({ onLeft: Wire.encodeError, onRight: (body) => utf8.decode(body) })
    ))

const sessionFields = Arbitrary.make(ProxySession.ProxySession).map((session) => {
  const fields = Schema.encodeSync(ProxySession.ProxySession)(session)
  const { ProxySessionId: _id, VoiceConnectorId: _vc, ...rest } = fields
  return rest
})

type Op =
  | { readonly _tag: "Seed"; readonly seed: number; readonly sessions: number }
  | { readonly _tag: "Create"; readonly fields: ProxySession.ProxySessionJson }
  | { readonly _tag: "Call" | "Close" | "Delete"; readonly target: number }
  | { readonly _tag: "Advance"; readonly minutes: number }
  | { readonly _tag: "SetClock"; readonly minutes: number }
  | { readonly _tag: "Fixture" }

const op: FastCheck.Arbitrary<Op> = FastCheck.oneof(
  FastCheck.record({
    _tag: FastCheck.constant("Seed" as const),
    seed: FastCheck.integer(),
    sessions: FastCheck.integer({ min: 0, max: 40 })
  }),
  FastCheck.record({ _tag: FastCheck.constant("Create" as const), fields: sessionFields }),
  FastCheck.record({
    _tag: FastCheck.constantFrom("Call" as const, "Close" as const, "Delete" as const),
    target: FastCheck.nat()
  }),
  FastCheck.record({ _tag: FastCheck.constant("Advance" as const), minutes: FastCheck.integer({ min: 0, max: 3000 }) }),
  FastCheck.record({
    _tag: FastCheck.constant("SetClock" as const),
    minutes: FastCheck.integer({ min: -3000, max: 3000 })
  }),
  FastCheck.record({ _tag: FastCheck.constant("Fixture" as const) })
)

const apply = (change: Op, connectors: Array<ProxySession.VoiceConnectorId>) =>
  Effect.gen(function*() {
    const control = yield* Simulator.SimulatorControl
    const target = connectors.length === 0 ? undefined : connectors[connectors.length - 1]
    const sessionAt = (index: number) =>
      target === undefined ? Effect.succeed(undefined) : Effect.map(
        ProxySessions.listProxySessions({ VoiceConnectorId: target, MaxResults: 100 }),
        (page) => page.ProxySessions[index % page.ProxySessions.length]?.ProxySessionId
      )
    switch (change._tag) {
      case "Seed":
        for (
          const id of yield* control.seed({ seed: change.seed, connectors: 1, sessionsPerConnector: change.sessions })
        ) {
          connectors.push(id)
        }
        break
      case "Create":
        if (target !== undefined) yield* Effect.ignore(control.createProxySession(target, change.fields))
        break
      case "Call":
      case "Close":
      case "Delete": {
        const id = yield* sessionAt(change.target)
        if (target !== undefined && id !== undefined) {
          yield* Effect.ignore(
            change._tag === "Call"
              ? control.recordCall(target, id)
              : change._tag === "Close"
              ? control.closeProxySession(target, id)
              : control.deleteProxySession(target, id)
          )
        }
        break
      }
      case "Advance":
        yield* control.advanceClock(change.minutes * minute)
        break
      case "SetClock":
        yield* control.setClock(start + change.minutes * minute)
        break
      case "Fixture": {
        // The world as a fixture, loaded back: templates whose absent members stay absent.
        const fixture = yield* control.saveFixture()
        yield* control.loadFixture(fixture)
      }
    }
  })

/** Lists every connector, every status, in pages of `pageSize`, in both forms; asserts that they agree. */
const compareAll = (connectors: ReadonlyArray<ProxySession.VoiceConnectorId>, pageSize: number) =>
  Effect.gen(function*() {
    let pages = 0
    for (const voiceConnectorId of [...connectors, ProxySession.VoiceConnectorId.make("no-such-connector")]) {
      for (const status of [undefined, "Open", "InProgress", "Closed"] as const) {
        let token: string | undefined = undefined
        do {
          const request: ListProxySessions.ListProxySessionsRequest = new Lps.ListProxySessionsRequest({
            VoiceConnectorId: voiceConnectorId,
            MaxResults: pageSize,
            ...(status === undefined ? {} : { Status: status }),
            ...(token === undefined ? {} : { NextToken: token })
          })
          const expected = yield* reference(request)
          const actual = yield* wire(request)
          assert.deepStrictEqual(actual, expected)
          token = typeof actual === "string" ? (JSON.parse(actual) as { NextToken?: string }).NextToken : undefined
          pages++
        } while (token !== undefined)
      }
    }
    return pages
  })

describe("SimulatorWire", () => {
  it.prop(
    "a session's and a page's JSON are byte for byte what Wire.encodeResponse writes",
    { response: Arbitrary.make(Lps.ListProxySessionsResponse) },
    ({ response }) => {
      assert.strictEqual(
        utf8.decode(encodePage(response.ProxySessions.map(encodeSession), response.NextToken)),
        Wire.encodeResponse(response)
      )
    },
    { fastCheck: { numRuns: 300 } }
  )

  it.effect.prop(
    "answers every listing as the ProxySessions call does, byte for byte, as the world and the clock change",
    {
      ops: FastCheck.array(op, { minLength: 1, maxLength: 12 }),
      pageSize: FastCheck.integer({ min: 1, max: 100 })
    },
    ({ ops, pageSize }) =>
      Effect.gen(function*() {
        yield* TestClock.setTime(start)
        const connectors: Array<ProxySession.VoiceConnectorId> = []
        for (const change of ops) {
          yield* apply(change, connectors)
          // Listed after every change, so that what an earlier listing cached is checked against the change.
          yield* compareAll(connectors, pageSize)
        }
      }).pipe(Effect.provide(Simulator.layer({ seed: 5 }))),
    { fastCheck: { numRuns: 60 } }
  )

  it.effect("a world larger than the smallest cache is listed twice, the second time from the grown cache, byte for byte", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(start)
      const control = yield* Simulator.SimulatorControl
      const connectors = yield* control.seed({ seed: 9, connectors: 2, sessionsPerConnector: 6_000 })
      for (let round = 0; round < 2; round++) {
        // Moved between the two rounds, so that the entries of sessions whose status the clock changed are dropped.
        yield* compareAll(connectors, 100)
        yield* control.advanceClock(90 * minute)
      }
    }).pipe(Effect.provide(Simulator.layer({ seed: 5 }))))

  it("the JSON cache grows to the sessions of the connectors it is told of, within its bounds, and shrinks on clear", () => {
    const cache = new JsonCache()
    assert.strictEqual(cache.capacity, 2 ** minCacheBits)
    const owner = {}
    const json = new Uint8Array([1])
    cache.reserve(1, 6_000)
    assert.strictEqual(cache.capacity, 2 ** minCacheBits)
    cache.reserve(2, 6_000)
    assert.strictEqual(cache.capacity, 2 ** 14)
    // With an entry for every slot, none takes another's place.
    for (let slot = 0; slot < 12_000; slot++) cache.set(owner, 7, slot, 1, slot, Number.NaN, json)
    let hits = 0
    for (let slot = 0; slot < 12_000; slot++) if (cache.get(owner, 7, slot, 1, slot, Number.NaN) === json) hits++
    assert.strictEqual(hits, 12_000)
    // A connector told of again counts once, with its latest size.
    cache.reserve(2, 6_000)
    assert.strictEqual(cache.capacity, 2 ** 14)
    cache.reserve(3, 10_000_000)
    assert.strictEqual(cache.capacity, 2 ** maxCacheBits)
    cache.clear()
    assert.strictEqual(cache.capacity, 2 ** minCacheBits)
    assert.strictEqual(cache.get(owner, 7, 0, 1, 0, Number.NaN), undefined)
    assert.deepStrictEqual(
      [0, 1, 8_192, 8_193, 100_000, 131_072, 131_073].map(cacheBitsFor),
      [13, 13, 13, 14, 17, 17, 17]
    )
  })

  it.effect("a session closes on expiry between two listings: its cached JSON is not served again", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(start)
      const control = yield* Simulator.SimulatorControl
      const voiceConnectorId = yield* control.createVoiceConnector()
      yield* control.createProxySession(voiceConnectorId, { ExpiryMinutes: 30, Name: "short" })
      const request = new Lps.ListProxySessionsRequest({ VoiceConnectorId: voiceConnectorId })
      const before = yield* wire(request)
      assert.include(String(before), "\"Status\":\"Open\"")
      yield* control.advanceClock(30 * minute)
      const after = yield* wire(request)
      assert.include(String(after), "\"Status\":\"Closed\"")
      assert.include(String(after), "\"EndedTimestamp\":\"2025-03-01T00:30:00.000Z\"")
      assert.deepStrictEqual(after, yield* reference(request))
    }).pipe(Effect.provide(Simulator.layer())))

  it.effect("draws the same faults as the ProxySessions calls, and counts as a call", () =>
    Effect.gen(function*() {
      const plan = FaultPlan.random({ seed: 3, throttlingRate: 0.2, serviceFailureRate: 0.1 })
      const outcomes = (
        list: (
          request: ListProxySessions.ListProxySessionsRequest
        ) => Effect.Effect<unknown, never, ProxySessions.ProxySessions | Simulator.SimulatorWire>
      ) =>
        Effect.gen(function*() {
          const control = yield* Simulator.SimulatorControl
          const voiceConnectorId = defined(
            (yield* control.seed({ seed: 1, connectors: 1, sessionsPerConnector: 30 }))[0]
          )
          const results: Array<unknown> = []
          for (let i = 0; i < 40; i++) {
            results.push(yield* list(new Lps.ListProxySessionsRequest({ VoiceConnectorId: voiceConnectorId })))
          }
          return { results, calls: yield* control.callCount() }
        }).pipe(Effect.provide(Simulator.layer({ faults: plan })))
      const expected = yield* outcomes(reference)
      const actual = yield* outcomes(wire)
      assert.deepStrictEqual(actual, expected)
      assert.strictEqual(actual.calls, 40)
      const failures = actual.results.filter((result) => typeof result !== "string")
      assert.isAbove(failures.length, 0)
      assert.isBelow(failures.length, 40)
    }))

  it.effect("the layer's SimulatorWire belongs to the layer's ProxySessions", () =>
    Effect.gen(function*() {
      const service = yield* Simulator.SimulatorWire
      assert.strictEqual(service.proxySessions, yield* ProxySessions.ProxySessions)
    }).pipe(Effect.provide(Simulator.layer())))
})
