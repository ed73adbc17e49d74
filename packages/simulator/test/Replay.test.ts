import { ProxySession, ProxySessions, Wire } from "@chime-proxy/core"
import { Fixture, Simulator } from "@chime-proxy/simulator"
import { assert, describe, it } from "@effect/vitest"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/TestClock"
import { defined } from "./utils.js"

const statuses = [undefined, ...ProxySession.proxySessionStatuses] as const
const pageSizes = [1, 3, 7, 10, 100] as const

/** Every listing of every connector, under every filter and page size, as the wire JSON of its pages. */
const everyListing = Effect.gen(function*() {
  const control = yield* Simulator.SimulatorControl
  const out: Array<string> = []
  for (const voiceConnectorId of yield* control.listVoiceConnectors()) {
    for (const status of statuses) {
      for (const pageSize of pageSizes) {
        const pages = yield* Stream.runCollect(ProxySessions.pages({ voiceConnectorId, status, pageSize }))
        for (const page of pages) {
          out.push(
            `${voiceConnectorId} ${status} ${pageSize}: ${JSON.stringify(page.items.map(Wire.encodeProxySession))}`
          )
        }
      }
    }
  }
  return out
})

/** An archive as `chime-proxy export` writes it: every session streamed as the service returns it, at `now`. */
const exportArchive = Effect.gen(function*() {
  const control = yield* Simulator.SimulatorControl
  const exportedAt = yield* control.now()
  const connectors = []
  for (const voiceConnectorId of yield* control.listVoiceConnectors()) {
    const sessions = yield* Stream.runCollect(ProxySessions.stream({ voiceConnectorId, pageSize: 100 }))
    connectors.push({
      VoiceConnectorId: voiceConnectorId,
      ProxySessions: Array.from(sessions, (session) => JSON.parse(Wire.encodeProxySession(session)) as unknown)
    })
  }
  return { ExportedAt: DateTime.formatIso(exportedAt), VoiceConnectors: connectors }
})

const later = Date.parse("2026-12-02T08:00:00.000Z")

describe("replay of an archive at its instant", () => {
  it.effect("round trip: a fresh simulator started much later lists what was exported, under every filter and page size", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(Date.parse("2025-03-01T00:00:00.000Z"))
      const [archive, before] = yield* Effect.gen(function*() {
        const control = yield* Simulator.SimulatorControl
        const [a, b] = yield* control.seed({ seed: 7, connectors: 2, sessionsPerConnector: 120 })
        // Some lifecycle on top of the generated data: calls, closes, a session that closes on expiry later.
        const first = yield* Stream.runCollect(ProxySessions.stream({ voiceConnectorId: defined(a), status: "Open" }))
        for (const [i, session] of Array.from(first).slice(0, 12).entries()) {
          const id = defined(session.ProxySessionId)
          yield* i % 2 === 0 ? control.recordCall(defined(a), id) : control.closeProxySession(defined(a), id)
        }
        yield* control.createProxySession(defined(b), { ExpiryMinutes: 5, Name: "short" })
        yield* TestClock.adjust("2 minutes")
        return [yield* exportArchive, yield* everyListing] as const
      }).pipe(Effect.provide(Simulator.layer({ seed: 7 })))
      yield* TestClock.setTime(later)
      const replayed = yield* everyListing.pipe(Effect.provide(Simulator.layerFixture(archive)))
      assert.deepStrictEqual(replayed, before)
    }))

  it.effect("the January 2025 fixture of docs/simulator.md lists its sessions with the statuses it recorded", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(later)
      const january = {
        VoiceConnectors: [{
          VoiceConnectorId: "abcdef1ghij2klmno3pqr4",
          ProxySessions: [
            session("a", "Open", "2025-01-10T10:00:00.000Z", { ExpiryMinutes: 1440 }),
            session("b", "InProgress", "2025-01-10T10:05:00.000Z", {
              ExpiryMinutes: 60,
              UpdatedTimestamp: "2025-01-10T10:07:00.000Z"
            }),
            session("c", "Closed", "2025-01-10T10:05:00.000Z", {
              UpdatedTimestamp: "2025-01-10T10:30:00.000Z",
              EndedTimestamp: "2025-01-10T10:30:00.000Z"
            })
          ]
        }]
      }
      const result = yield* Effect.gen(function*() {
        const control = yield* Simulator.SimulatorControl
        const sessions = yield* Stream.runCollect(ProxySessions.stream({ voiceConnectorId: "abcdef1ghij2klmno3pqr4" }))
        return { sessions: Array.from(sessions), now: yield* control.now(), saved: yield* control.saveFixture() }
      }).pipe(Effect.provide(Simulator.layerFixture(january)))
      assert.deepStrictEqual(result.sessions.map((s) => s.Status), ["Open", "InProgress", "Closed"])
      // Anchored at the latest timestamp, as no ExportedAt says when it was taken.
      assert.strictEqual(DateTime.formatIso(result.now), "2025-01-10T10:30:00.000Z")
      assert.deepStrictEqual(result.saved, january)
    }))

  it.effect("a fixture without ExportedAt anchors at its latest timestamp, with a notice saying so", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(later)
      const control = yield* Simulator.SimulatorControl
      const loaded = yield* control.loadFixture({
        VoiceConnectors: [{
          VoiceConnectorId: "c1",
          ProxySessions: [
            session("a", "Open", "2025-01-10T10:00:00.000Z", { UpdatedTimestamp: "2025-01-11T09:00:00Z" })
          ]
        }]
      })
      assert.strictEqual(loaded.anchoredBy, "LatestTimestamp")
      assert.strictEqual(DateTime.formatIso(defined(loaded.recordedAt)), "2025-01-11T09:00:00.000Z")
      assert.include(defined(loaded.notice), "no ExportedAt")
      assert.include(defined(loaded.notice), "2025-01-11T09:00:00.000Z")
      assert.strictEqual(DateTime.formatIso(yield* control.now()), "2025-01-11T09:00:00.000Z")
      const withExportedAt = yield* control.loadFixture({ ExportedAt: "2025-02-01T00:00:00Z", VoiceConnectors: [] })
      assert.strictEqual(withExportedAt.anchoredBy, "ExportedAt")
      assert.isUndefined(withExportedAt.notice)
      assert.strictEqual(DateTime.formatIso(yield* control.now()), "2025-02-01T00:00:00.000Z")
      const started = yield* control.loadFixture({ ExportedAt: "2025-02-01T00:00:00Z", VoiceConnectors: [] }, {
        startTime: "2025-03-01T00:00:00Z"
      })
      assert.strictEqual(started.anchoredBy, "startTime")
      assert.strictEqual(DateTime.formatIso(yield* control.now()), "2025-03-01T00:00:00.000Z")
    }).pipe(Effect.provide(Simulator.layer())))

  it.effect("the library's startTime wins over ExportedAt, and the lifecycle has run forward to it", () =>
    Effect.gen(function*() {
      const control = yield* Simulator.SimulatorControl
      assert.strictEqual(DateTime.formatIso(yield* control.now()), "2025-01-02T00:00:00.000Z")
      const [open] = (yield* ProxySessions.listProxySessions({ VoiceConnectorId: "c1" })).ProxySessions
      // Recorded Open with 1440 minutes at 2025-01-01T00:00: by the start time, one day on, it has expired.
      assert.strictEqual(defined(open).Status, "Closed")
      assert.strictEqual(DateTime.formatIso(defined(defined(open).EndedTimestamp)), "2025-01-02T00:00:00.000Z")
    }).pipe(Effect.provide(
      Simulator.layerFixture({
        ExportedAt: "2025-01-01T00:00:00Z",
        VoiceConnectors: [{
          VoiceConnectorId: "c1",
          ProxySessions: [session("a", "Open", "2025-01-01T00:00:00.000Z", { ExpiryMinutes: 1440 })]
        }]
      }, { startTime: "2025-01-02T00:00:00Z" })
    )))

  describe("the rule for what had already expired when the archive was taken", () => {
    const exportedAt = "2025-05-01T00:00:00.000Z"
    const archive = {
      ExportedAt: exportedAt,
      VoiceConnectors: [{
        VoiceConnectorId: "c1",
        ProxySessions: [
          // Open although its 60 minutes ran out in March: overdue.
          session("overdue", "Open", "2025-03-01T00:00:00.000Z", { ExpiryMinutes: 60 }),
          // Closed more than 30 days before the archive: listed by AWS then, so listed at the archive's instant.
          session("old", "Closed", "2025-02-01T00:00:00.000Z", { EndedTimestamp: "2025-02-02T00:00:00.000Z" }),
          session("fresh", "Open", "2025-04-30T23:00:00.000Z", { ExpiryMinutes: 120 })
        ]
      }]
    }
    const list = Effect.map(
      ProxySessions.listProxySessions({ VoiceConnectorId: "c1" }),
      (page) =>
        page.ProxySessions.map((s) => [
          s.Name,
          s.Status,
          s.EndedTimestamp === undefined ? undefined : DateTime.formatIso(s.EndedTimestamp)
        ])
    )

    it.effect("at the archive's instant, everything is as recorded", () =>
      Effect.gen(function*() {
        assert.deepStrictEqual(yield* list, [
          ["old", "Closed", "2025-02-02T00:00:00.000Z"],
          ["overdue", "Open", undefined],
          ["fresh", "Open", undefined]
        ])
      }).pipe(Effect.provide(Simulator.layerFixture(archive))))

    it.effect("just after it, an overdue session is Closed at the archive's instant, and what closed long ago is gone", () =>
      Effect.gen(function*() {
        const control = yield* Simulator.SimulatorControl
        yield* control.advanceClock(1)
        assert.deepStrictEqual(yield* list, [
          ["overdue", "Closed", exportedAt],
          ["fresh", "Open", undefined]
        ])
        // The rest of the lifecycle runs on: the fresh session expires on time, the overdue one leaves 30 days on.
        yield* control.setClock("2025-05-01T01:00:00.000Z")
        assert.deepStrictEqual(yield* list, [
          ["overdue", "Closed", exportedAt],
          ["fresh", "Closed", "2025-05-01T01:00:00.000Z"]
        ])
        yield* control.setClock("2025-05-31T00:00:00.000Z")
        assert.deepStrictEqual(yield* list, [["fresh", "Closed", "2025-05-01T01:00:00.000Z"]])
      }).pipe(Effect.provide(Simulator.layerFixture(archive))))

    it.effect("a call recorded on a replayed session changes it as the lifecycle says, other members kept", () =>
      Effect.gen(function*() {
        const control = yield* Simulator.SimulatorControl
        yield* control.recordCall("c1", "00000000-0000-0000-0000-0000000fresh")
        const saved = yield* control.saveFixture()
        const fresh = defined(saved.VoiceConnectors[0]).ProxySessions?.find((s) => s.Name === "fresh")
        assert.strictEqual(defined(fresh).Status, "InProgress")
        assert.strictEqual((fresh as Record<string, unknown>)["Unknown"], "kept")
      }).pipe(Effect.provide(Simulator.layerFixture(archive))))
  })

  it.effect("unknown members and enum values survive a load and a save unchanged", () =>
    Effect.gen(function*() {
      const archive = {
        ExportedAt: "2025-05-01T00:00:00.000Z",
        Comment: { by: "hand" },
        VoiceConnectors: [{
          VoiceConnectorId: "c1",
          AwsRegion: "us-east-1",
          Name: "front desk",
          ProxySessions: [
            session("x", "Parked", "2025-04-01T00:00:00.000Z", {
              Capabilities: ["Voice", "Video"],
              NewMember: [1, 2, 3]
            })
          ]
        }],
        Export: { Complete: true, VoiceConnectors: [{ VoiceConnectorId: "c1", Complete: true, ProxySessions: 1 }] }
      }
      const control = yield* Simulator.SimulatorControl
      yield* control.loadFixture(archive)
      assert.deepStrictEqual(yield* control.saveFixture(), archive)
      yield* control.loadFixture(yield* control.saveFixture())
      assert.deepStrictEqual(yield* control.saveFixture(), archive)
      const [parked] = (yield* ProxySessions.listProxySessions({ VoiceConnectorId: "c1" })).ProxySessions
      assert.deepStrictEqual(defined(parked).Status, new ProxySession.UnknownEnumValue({ value: "Parked" }))
    }).pipe(Effect.provide(Simulator.layer())))

  it.effect("an archive's incomplete connectors are reported in the notice", () =>
    Effect.gen(function*() {
      const control = yield* Simulator.SimulatorControl
      const loaded = yield* control.loadFixture({
        ExportedAt: "2025-05-01T00:00:00.000Z",
        VoiceConnectors: [{ VoiceConnectorId: "c1", ProxySessions: [] }, { VoiceConnectorId: "c2" }],
        Export: {
          Complete: false,
          VoiceConnectors: [
            { VoiceConnectorId: "c1", Complete: true, ProxySessions: 0 },
            { VoiceConnectorId: "c2", Complete: false, ProxySessions: 0, Error: "ThrottledClientException" }
          ]
        }
      })
      assert.deepStrictEqual(Array.from(loaded.incomplete, String), ["c2"])
      assert.include(defined(loaded.notice), "c2")
    }).pipe(Effect.provide(Simulator.layer())))
})

describe("bad archives", () => {
  it("a truncated archive is located: line, column and the path in the document", () => {
    const text =
      "{\n  \"VoiceConnectors\": [\n    { \"VoiceConnectorId\": \"c1\", \"ProxySessions\": [\n      { \"Name\": \"a"
    const error = Either.getLeft(Fixture.parse(text, "account.json")).pipe((o) =>
      o._tag === "Some" ? o.value : undefined
    )
    const e = defined(error)
    assert.strictEqual(e.source, "account.json")
    assert.strictEqual(e.line, 4)
    assert.strictEqual(e.path, "VoiceConnectors[0].ProxySessions[0].Name")
    assert.include(e.message, "account.json")
    assert.include(e.message, "line 4")
  })

  it("a malformed archive is located too", () => {
    const text = "{\"VoiceConnectors\":[{\"VoiceConnectorId\":\"c1\",\"ProxySessions\":[{},{\"Status\" \"Open\"}]}]}"
    const e = defined(Either.getLeft(Fixture.parse(text)).pipe((o) => o._tag === "Some" ? o.value : undefined))
    assert.strictEqual(e.path, "VoiceConnectors[0].ProxySessions[1].Status")
    assert.strictEqual(e.line, 1)
    assert.strictEqual(e.column, text.indexOf("\"Open\"") + 1)
    assert.include(e.reason, "expected ':'")
    // Deep nesting is reported, never a stack overflow.
    const deep = "[".repeat(200_000)
    assert.isTrue(Either.isLeft(Fixture.parse(deep)))
    assert.isTrue(Either.isRight(Fixture.parse("{\"VoiceConnectors\":[]}")))
  })

  it("an archive too large for memory is refused with its size and the limit", () => {
    const e = defined(
      Either.getLeft(Fixture.checkSize(3_000_000_000, Fixture.maxBytesFor(4_294_967_296), "big.json")).pipe((o) =>
        o._tag === "Some" ? o.value : undefined
      )
    )
    assert.include(e.message, "big.json")
    assert.include(e.message, "3,000,000,000 bytes")
    assert.include(e.message, "536,870,912 bytes")
    assert.isTrue(Either.isRight(Fixture.checkSize(1000, 2000)))
  })

  it.effect("a bad archive loads nothing: the world and the time stay as they were", () =>
    Effect.gen(function*() {
      const control = yield* Simulator.SimulatorControl
      const [id] = yield* control.seed({ seed: 1, connectors: 1, sessionsPerConnector: 3 })
      const before = yield* control.saveFixture()
      const now = yield* control.now()
      yield* Effect.flip(control.loadFixture({
        ExportedAt: "2020-01-01T00:00:00Z",
        VoiceConnectors: [{ VoiceConnectorId: defined(id), ProxySessions: [{ ProxySessionId: "x" }] }]
      }))
      assert.deepStrictEqual(yield* control.saveFixture(), before)
      assert.deepStrictEqual(yield* control.now(), now)
    }).pipe(Effect.provide(Layer.fresh(Simulator.layer()))))
})

function session(
  name: string,
  status: string,
  created: string,
  more: Record<string, unknown> = {}
): Record<string, unknown> {
  return {
    ProxySessionId: `00000000-0000-0000-0000-0000000${name.padStart(5, "0").slice(0, 5)}`.slice(0, 36),
    Name: name,
    Status: status,
    CreatedTimestamp: created,
    ...(name === "fresh" ? { Unknown: "kept" } : {}),
    ...more
  }
}
