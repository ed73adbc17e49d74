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
import { encodePage, encodeSession } from "../src/internal/json.js"
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
