import { ProxySession } from "@chime-proxy/core"
import { Fixture, Simulator } from "@chime-proxy/simulator"
import { assert, describe, it } from "@effect/vitest"
import * as Arbitrary from "effect/Arbitrary"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import * as Fiber from "effect/Fiber"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/TestClock"
import { inspect } from "node:util"
import { defined } from "./utils.js"

/**
 * The decode of a fixture as it was before it ran in steps over core's fast decoder: the schema over the whole
 * document, then the simulator's checks. `Fixture.decode` must give the same values and the same first error.
 */
const referenceDecode = (json: unknown): Either.Either<Fixture.Fixture, { path: string; reason: string }> => {
  const decoded = Schema.decodeUnknownEither(Fixture.Fixture)(json, { errors: "first", onExcessProperty: "ignore" })
  const renderPath = (path: ReadonlyArray<PropertyKey>) =>
    path.reduce<string>(
      (out, key) => typeof key === "number" ? `${out}[${key}]` : out === "" ? String(key) : `${out}.${String(key)}`,
      ""
    )
  if (Either.isLeft(decoded)) {
    const issue = ParseResult.ArrayFormatter.formatErrorSync(decoded.left)[0]
    return Either.left({
      path: issue === undefined ? "" : renderPath(issue.path),
      reason: issue === undefined ? "is invalid" : issue.message
    })
  }
  const fixture = decoded.right
  const connectors = new Set<string>()
  for (const [c, connector] of fixture.VoiceConnectors.entries()) {
    const at = `VoiceConnectors[${c}]`
    if (connectors.has(connector.VoiceConnectorId)) {
      return Either.left({ path: `${at}.VoiceConnectorId`, reason: "duplicate voice connector id" })
    }
    connectors.add(connector.VoiceConnectorId)
    const sessions = new Set<string>()
    for (const [s, session] of connector.ProxySessions.entries()) {
      const sessionAt = `${at}.ProxySessions[${s}]`
      if (session.VoiceConnectorId !== undefined && session.VoiceConnectorId !== connector.VoiceConnectorId) {
        return Either.left({
          path: `${sessionAt}.VoiceConnectorId`,
          reason: "differs from the voice connector that holds the session"
        })
      }
      if (session.ProxySessionId === undefined) {
        return Either.left({ path: `${sessionAt}.ProxySessionId`, reason: "is missing" })
      }
      if (sessions.has(session.ProxySessionId)) {
        return Either.left({ path: `${sessionAt}.ProxySessionId`, reason: "duplicate proxy session id" })
      }
      sessions.add(session.ProxySessionId)
      if (session.CreatedTimestamp === undefined) {
        return Either.left({ path: `${sessionAt}.CreatedTimestamp`, reason: "is missing" })
      }
    }
  }
  return Either.right(fixture)
}

const assertDecodesAsReference = (json: unknown) => {
  const actual = Fixture.decode(json)
  const expected = referenceDecode(json)
  if (Either.isLeft(expected)) {
    assert.isTrue(Either.isLeft(actual), `accepted what the schema refuses: ${JSON.stringify(expected.left)}`)
    const error = Either.flip(actual).pipe(Either.getOrThrow)
    assert.deepStrictEqual({ path: error.path, reason: error.reason }, expected.left)
    return
  }
  assert.isTrue(Either.isRight(actual), `refused a valid fixture: ${Either.isLeft(actual) ? actual.left.message : ""}`)
  const value = Either.getOrThrow(actual)
  assert.deepStrictEqual(Object.keys(value), Object.keys(expected.right))
  assert.strictEqual(JSON.stringify(Fixture.encode(value)), JSON.stringify(Fixture.encode(expected.right)))
  assert.strictEqual(inspect(value, { depth: Infinity }), inspect(expected.right, { depth: Infinity }))
  value.VoiceConnectors.forEach((connector, c) => {
    const other = defined(expected.right.VoiceConnectors[c])
    assert.deepStrictEqual(Object.keys(connector), Object.keys(other))
    connector.ProxySessions.forEach((session, s) => {
      const twin = defined(other.ProxySessions[s])
      assert.instanceOf(session, ProxySession.ProxySession)
      assert.strictEqual(String(session), String(twin), `session ${c}/${s}`)
      assert.deepStrictEqual(Object.keys(session), Object.keys(twin))
    })
  })
}

const junk = FastCheck.oneof(
  FastCheck.constant(null),
  FastCheck.constant(undefined),
  FastCheck.constant("Bogus"),
  FastCheck.constant(""),
  FastCheck.constant(-1),
  FastCheck.constant(Number.NaN),
  FastCheck.constant(1.5),
  FastCheck.constant([]),
  FastCheck.constant({}),
  FastCheck.constant(new Date(0)),
  FastCheck.constant("2025-01-10T10:00:00Z"),
  FastCheck.constant("+12065550100")
)

/** Every path to a value in a JSON document (objects' members and arrays' elements), the root included. */
const pathsOf = (
  value: unknown,
  path: ReadonlyArray<string | number> = [],
  paths: Array<ReadonlyArray<string | number>> = []
): Array<ReadonlyArray<string | number>> => {
  paths.push(path)
  if (Array.isArray(value)) value.forEach((item, i) => pathsOf(item, [...path, i], paths))
  else if (typeof value === "object" && value !== null) {
    for (const [key, item] of Object.entries(value)) pathsOf(item, [...path, key], paths)
  }
  return paths
}

/** The document with the value at `path` replaced (or, with `remove`, taken out). */
const replaced = (value: unknown, path: ReadonlyArray<string | number>, by: unknown, remove: boolean): unknown => {
  if (path.length === 0) return by
  const [key, ...rest] = path
  if (Array.isArray(value)) {
    const copy = [...value]
    if (remove && rest.length === 0) copy.splice(key as number, 1)
    else copy[key as number] = replaced(copy[key as number], rest, by, remove)
    return copy
  }
  const copy = { ...(value as Record<string, unknown>) }
  if (remove && rest.length === 0) delete copy[key as string]
  else copy[key as string] = replaced(copy[key as string], rest, by, remove)
  return copy
}

/** A fixture's JSON as the schema encodes it, sometimes with one value broken or one member taken out. */
const fixtures = FastCheck.tuple(
  Arbitrary.make(Fixture.Fixture),
  FastCheck.nat(),
  junk,
  FastCheck.boolean(),
  FastCheck.boolean()
).map(([fixture, at, by, remove, intact]) => {
  const json = Fixture.encode(fixture)
  if (intact) return json
  const paths = pathsOf(json)
  return replaced(json, defined(paths[at % paths.length]), by, remove)
})

/** A fixture as the simulator saves it, of `sessions` sessions over two connectors. */
const savedFixture = (sessions: number, seed = 3) =>
  Effect.gen(function*() {
    const simulator = yield* Simulator.make({ seed, startTime: "2025-01-10T12:00:00Z" })
    yield* simulator.control.seed({ seed, connectors: 2, sessionsPerConnector: sessions / 2 })
    return JSON.parse(JSON.stringify(yield* simulator.control.saveFixture())) as Fixture.FixtureJson
  })

describe("fixtures decoded in steps", () => {
  it.prop(
    "Fixture.decode gives the schema's values and its first error, for any document",
    { json: fixtures },
    ({ json }) => assertDecodesAsReference(json),
    { fastCheck: { numRuns: 300 } }
  )

  it.effect("and for fixtures of many batches, broken anywhere", () =>
    Effect.gen(function*() {
      const base = yield* savedFixture(400)
      const paths = pathsOf(base)
      assertDecodesAsReference(base)
      FastCheck.assert(
        FastCheck.property(FastCheck.nat(), junk, FastCheck.boolean(), (at, by, remove) => {
          assertDecodesAsReference(replaced(base, defined(paths[at % paths.length]), by, remove))
        }),
        { numRuns: 60 }
      )
      // The simulator's own rules, late in the document: a duplicate id, a session of another connector.
      const sessions = defined(base.VoiceConnectors[1]).ProxySessions!
      const duplicate = replaced(
        base,
        ["VoiceConnectors", 1, "ProxySessions", 150, "ProxySessionId"],
        defined(sessions[3]).ProxySessionId,
        false
      )
      assertDecodesAsReference(duplicate)
      assert.strictEqual(
        Either.flip(Fixture.decode(duplicate)).pipe(Either.getOrThrow).path,
        "VoiceConnectors[1].ProxySessions[150].ProxySessionId"
      )
      // An invalid session before a broken connector or export record is the error: the schema reads it first.
      const both = replaced(
        replaced(base, ["VoiceConnectors", 0, "ProxySessions", 120, "Status"], 5, false),
        ["Export"],
        "no",
        false
      )
      assertDecodesAsReference(both)
      assert.strictEqual(
        Either.flip(Fixture.decode(both)).pipe(Either.getOrThrow).path,
        "VoiceConnectors[0].ProxySessions[120].Status"
      )
      assertDecodesAsReference(replaced(base, ["VoiceConnectors", 1, "Name"], 5, false))
      assertDecodesAsReference(replaced(base, ["VoiceConnectors", 1], 5, false))
      assertDecodesAsReference(replaced(base, ["VoiceConnectors", 1, "ProxySessions"], {}, false))
    }), 120_000)
})

describe("loading a large fixture", () => {
  it.effect(
    "lets other calls run while it loads, and they see the world as it was until it is in",
    () =>
      Effect.gen(function*() {
        const simulator = yield* Simulator.make({ seed: 1, startTime: "2025-01-10T12:00:00Z" })
        const [before] = yield* simulator.control.seed({ seed: 1, connectors: 1, sessionsPerConnector: 5 })
        const fixture = yield* savedFixture(6000)
        const order: Array<string> = []
        const load = yield* Effect.fork(
          Effect.tap(simulator.control.loadFixture(fixture), () => Effect.sync(() => order.push("loaded")))
        )
        // A listing that waits for the event loop (as a request to a server does): it is answered while the fixture
        // loads, from the world as it was. A load that held the event loop would finish first.
        const page = yield* Effect.promise(() => new Promise<void>((resolve) => setTimeout(resolve, 0))).pipe(
          Effect.zipRight(simulator.proxySessions.listProxySessions({ VoiceConnectorId: defined(before) })),
          Effect.tap(() => Effect.sync(() => order.push("listing")))
        )
        yield* Fiber.join(load)
        assert.deepStrictEqual(order, ["listing", "loaded"])
        assert.strictEqual(page.ProxySessions.length, 5)
        assert.deepStrictEqual<ReadonlyArray<string>>(
          yield* simulator.control.listVoiceConnectors(),
          fixture.VoiceConnectors.map((connector): string => connector.VoiceConnectorId).sort()
        )
      }),
    120_000
  )

  it.effect("leaves the world as it was when the fixture fails, even at its very end", () =>
    Effect.gen(function*() {
      const simulator = yield* Simulator.make({ seed: 1, startTime: "2025-01-10T12:00:00Z" })
      yield* simulator.control.seed({ seed: 1, connectors: 2, sessionsPerConnector: 50 })
      yield* TestClock.adjust("1 hour")
      const world = yield* simulator.control.saveFixture()
      const now = yield* simulator.control.now()
      const fixture = yield* savedFixture(3000)
      const last = defined(fixture.VoiceConnectors[1]).ProxySessions!.length - 1
      const broken = replaced(fixture, ["VoiceConnectors", 1, "ProxySessions", last, "Status"], 7, false)
      const error = yield* Effect.flip(simulator.control.loadFixture(broken))
      assert.strictEqual(error._tag, "FixtureError")
      assert.strictEqual(error.path, `VoiceConnectors[1].ProxySessions[${last}].Status`)
      assert.deepStrictEqual(yield* simulator.control.saveFixture(), world)
      assert.deepStrictEqual(yield* simulator.control.now(), now)
    }), 120_000)

  it.effect(
    "runs loads one at a time, in the order they were asked for: the last one asked for is the world",
    () =>
      Effect.gen(function*() {
        const simulator = yield* Simulator.make({ seed: 1 })
        const first = yield* savedFixture(2000, 5)
        const second = yield* savedFixture(20, 6)
        const loads = yield* Effect.fork(
          Effect.all([simulator.control.loadFixture(first), simulator.control.loadFixture(second)], {
            concurrency: "unbounded"
          })
        )
        const [a, b] = yield* Fiber.join(loads)
        assert.deepStrictEqual<ReadonlyArray<string>>(
          a.voiceConnectorIds,
          first.VoiceConnectors.map((c) => c.VoiceConnectorId).sort()
        )
        assert.deepStrictEqual<ReadonlyArray<string>>(
          b.voiceConnectorIds,
          second.VoiceConnectors.map((c) => c.VoiceConnectorId).sort()
        )
        assert.deepStrictEqual(yield* simulator.control.saveFixture(), second)
      }),
    120_000
  )
})

describe("the saved fixture's JSON in chunks", () => {
  const textOf = (simulator: Simulator.Simulator) =>
    Effect.map(
      Stream.runCollect(simulator.wire.saveFixtureJson()),
      (chunks) => Chunk.toReadonlyArray(chunks).map((chunk) => Buffer.from(chunk))
    )

  it.effect("is JSON.stringify of saveFixture, byte for byte, whatever the world", () =>
    Effect.gen(function*() {
      const pasted = {
        ExportedAt: "2025-01-10T11:00:00.000Z",
        "1": "an integer-like member",
        Note: { kept: ["as", "it", "was"] },
        VoiceConnectors: [
          {
            VoiceConnectorId: "abcdef1ghij2klmno3pqr4",
            Extra: true,
            ProxySessions: [
              {
                ProxySessionId: "321a4567-b89c-0d12-e345-678901f2345a",
                Status: "Open",
                ExpiryMinutes: 30,
                CreatedTimestamp: "2025-01-10T10:45:00Z",
                Unknown: { nested: [1, 2] }
              },
              {
                ProxySessionId: "321a4567-b89c-0d12-e345-678901f2345b",
                Status: "Retired",
                CreatedTimestamp: "2025-01-10T10:00:00.000Z"
              },
              {
                ProxySessionId: "321a4567-b89c-0d12-e345-678901f2345c",
                Status: "InProgress",
                ExpiryMinutes: 600,
                CreatedTimestamp: "2025-01-10T10:05:00.000Z",
                UpdatedTimestamp: "2025-01-10T10:07:00.000Z"
              }
            ]
          },
          { VoiceConnectorId: "zz0000000000000000000", Name: "empty" }
        ],
        Export: { Complete: true, VoiceConnectors: [] }
      }
      const simulator = yield* Simulator.make({ seed: 2 })
      const check = Effect.gen(function*() {
        const chunks = yield* textOf(simulator)
        assert.strictEqual(
          Buffer.concat(chunks).toString("utf8"),
          JSON.stringify(yield* simulator.control.saveFixture())
        )
      })
      yield* check
      yield* simulator.control.loadFixture(pasted)
      yield* check
      // The lifecycle runs on: a session expires, another closes, a third is created.
      yield* simulator.control.advanceClock("20 minutes")
      yield* simulator.control.closeProxySession(
        "abcdef1ghij2klmno3pqr4",
        "321a4567-b89c-0d12-e345-678901f2345c"
      )
      yield* simulator.control.createProxySession("zz0000000000000000000", { Name: "new" })
      yield* check
      yield* simulator.control.seed({ seed: 9, connectors: 2, sessionsPerConnector: 40 })
      yield* check
      yield* simulator.control.reset()
      yield* check
    }))

  it.effect(
    "comes in several chunks of about fixtureChunkBytes for a large world, the same text",
    () =>
      Effect.gen(function*() {
        const simulator = yield* Simulator.make({ seed: 2 })
        yield* simulator.control.seed({ seed: 9, connectors: 3, sessionsPerConnector: 1500 })
        const chunks = yield* textOf(simulator)
        assert.isAbove(chunks.length, 4)
        for (const chunk of chunks.slice(0, -1)) {
          assert.isAtLeast(chunk.length, Simulator.fixtureChunkBytes)
          assert.isBelow(chunk.length, Simulator.fixtureChunkBytes + 4096)
        }
        assert.strictEqual(
          Buffer.concat(chunks).toString("utf8"),
          JSON.stringify(yield* simulator.control.saveFixture())
        )
      }),
    60_000
  )
})
