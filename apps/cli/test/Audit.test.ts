import type { ProxySession } from "@chime-proxy/core"
import { ProxySession as ProxySessionSchemas } from "@chime-proxy/core"
import { Simulator } from "@chime-proxy/simulator"
import { assert, describe, it } from "@effect/vitest"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as FastCheck from "effect/FastCheck"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as Audit from "../src/Audit.js"
import { BoundedCounter, other } from "../src/internal/BoundedCounter.js"
import { BoundedHeap } from "../src/internal/BoundedHeap.js"
import { SpaceSaving } from "../src/internal/SpaceSaving.js"
import { at } from "./run.js"

const decode = Schema.decodeUnknownSync(ProxySessionSchemas.ProxySession)

const now = DateTime.unsafeMake("2025-06-01T12:00:00.000Z")
const minute = 60_000

// A fixture with every case the audit distinguishes; the expected answers below are computed from this JSON alone.
const fixture: ReadonlyArray<ProxySession.ProxySessionJson> = Array.from({ length: 60 }, (_, i) => {
  const created = new Date(Date.parse("2025-06-01T00:00:00.000Z") + i * 7 * minute).toISOString()
  const status = at(["Open", "InProgress", "Closed", "Open", "Suspended"], i % 5)
  const proxy = `+1206555${String(9000 + (i % 7 === 0 ? 0 : i % 4 === 0 ? 1 : 100 + i))}`
  const session: ProxySession.ProxySessionJson = {
    VoiceConnectorId: "vc-fixture",
    ProxySessionId: `session-${String(i).padStart(2, "0")}`,
    Name: `<b>session ${i}</b>`,
    Status: status,
    ExpiryMinutes: at([30, 600, 1440], i % 3),
    Capabilities: i % 4 === 0 ? [] : i % 2 === 0 ? ["Voice", "SMS"] : ["SMS"],
    CreatedTimestamp: created,
    Participants: [
      { PhoneNumber: `+4420790${String(1000 + i)}`, ProxyPhoneNumber: proxy },
      { PhoneNumber: `+3314000${String(1000 + i)}`, ProxyPhoneNumber: proxy }
    ],
    ...(i % 6 === 5
      ? {}
      : { GeoMatchLevel: "Country", GeoMatchParams: { Country: i % 3 === 0 ? "US" : "GB", AreaCode: "" } })
  }
  return session
})

const tally = (keys: ReadonlyArray<string>) => {
  const counts = new Map<string, number>()
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1)
  return counts
}

const asMap = (entries: ReadonlyArray<readonly [string, number]>) => new Map(entries)

describe("Audit", () => {
  it.effect("counts, past-expiry sessions, shared proxy numbers and the oldest open sessions of a fixture", () =>
    Effect.gen(function*() {
      const accumulator = yield* Audit.auditStream(
        "vc-fixture",
        Stream.fromIterable(fixture.map((json) => decode(json))),
        { now, top: 5 }
      )
      const result = accumulator.result()
      assert.strictEqual(result.sessions, 60)
      assert.deepStrictEqual(asMap(result.byStatus), tally(fixture.map((s) => s.Status!)))
      assert.deepStrictEqual(
        asMap(result.byCapability),
        tally(fixture.flatMap((s) => s.Capabilities!.length === 0 ? [Audit.none] : s.Capabilities!))
      )
      assert.deepStrictEqual(
        asMap(result.byCountry),
        tally(fixture.map((s) => s.GeoMatchParams?.Country ?? Audit.none))
      )
      const expiry = (s: ProxySession.ProxySessionJson) => Date.parse(s.CreatedTimestamp!) + s.ExpiryMinutes! * minute
      const overdue = fixture.filter((s) => s.Status !== "Closed" && expiry(s) < DateTime.toEpochMillis(now))
        .sort((a, b) => expiry(a) - expiry(b))
      assert.isAbove(overdue.length, 5)
      assert.strictEqual(result.pastExpiry, overdue.length)
      assert.deepStrictEqual(
        result.pastExpirySample.map((s) => s.proxySessionId),
        overdue.slice(0, 5).map((s) => s.ProxySessionId)
      )
      const open = fixture.filter((s) => s.Status === "Open" || s.Status === "InProgress")
        .sort((a, b) => Date.parse(a.CreatedTimestamp!) - Date.parse(b.CreatedTimestamp!))
      assert.deepStrictEqual(
        result.oldestOpen.map((s) => s.proxySessionId),
        open.slice(0, 5).map((s) => s.ProxySessionId)
      )
      // Both participants of a session share its proxy number: it counts once per session.
      const proxies = [...tally(fixture.map((s) => at(s.Participants ?? [], 0).ProxyPhoneNumber!))]
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      assert.isTrue(result.proxyNumbersExact)
      assert.deepStrictEqual(
        result.topProxyNumbers.map((p) => [p.proxyNumber, p.sessions, p.overestimate]),
        proxies.slice(0, 5).map(([n, c]) => [n, c, 0])
      )
      // Participants' numbers are masked in the samples; proxy numbers are kept.
      const sample = at(result.oldestOpen, 0)
      assert.deepStrictEqual(sample.participants, ["••••••••••00", "••••••••••00"])
      assert.match(at(sample.proxyNumbers, 0), /^\+1206555\d{4}$/)
    }))

  it.effect("audits a seeded simulator, with answers checked against its fixture", () =>
    Effect.gen(function*() {
      const control = yield* Simulator.SimulatorControl
      const ids = yield* control.listVoiceConnectors()
      const saved = yield* control.saveFixture()
      const at = yield* control.now()
      const report = yield* Audit.run(ids, { now: at, top: 3, pageSize: 17 })
      const all = saved.VoiceConnectors.flatMap((c) => c.ProxySessions ?? [])
      assert.strictEqual(report.connectors.length, 4)
      assert.strictEqual(report.total.sessions, 4 * 90)
      assert.deepStrictEqual(asMap(report.total.byStatus), tally(all.map((s) => s.Status!)))
      for (const connector of report.connectors) {
        const sessions = saved.VoiceConnectors.find((c) => c.VoiceConnectorId === connector.voiceConnectorId)!
          .ProxySessions ?? []
        assert.strictEqual(connector.sessions, sessions.length)
        assert.deepStrictEqual(
          asMap(connector.byCapability),
          tally(sessions.flatMap((s) => (s.Capabilities ?? []).length === 0 ? [Audit.none] : s.Capabilities!))
        )
        const perSession = sessions.flatMap((s) => [...new Set((s.Participants ?? []).map((p) => p.ProxyPhoneNumber!))])
        const top = [...tally(perSession)].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 3)
        assert.deepStrictEqual(connector.topProxyNumbers.map((p) => [p.proxyNumber, p.sessions]), top)
      }
      const open = all.filter((s) => s.Status === "Open" || s.Status === "InProgress")
        .sort((a, b) => Date.parse(a.CreatedTimestamp!) - Date.parse(b.CreatedTimestamp!))
      assert.deepStrictEqual(
        report.total.oldestOpen.map((s) => s.proxySessionId),
        open.slice(0, 3).map((s) => s.ProxySessionId)
      )
      // The simulator closes sessions at their expiry: a healthy account has none overdue.
      assert.strictEqual(report.total.pastExpiry, 0)
    }).pipe(Effect.provide(Simulator.layerSeeded({ seed: 11, connectors: 4, sessionsPerConnector: 90 }))))

  it.effect("keeps its state bounded however many sessions stream through", () =>
    Effect.gen(function*() {
      const count = 20_000
      const sessions = Stream.range(0, count - 1).pipe(
        Stream.map((i) =>
          decode({
            ProxySessionId: `s-${i}`,
            Status: i % 97 === 0 ? `Unknown${i}` : "Open",
            Capabilities: [`Cap${i % 50}`],
            ExpiryMinutes: 10,
            CreatedTimestamp: new Date(Date.parse("2025-01-01T00:00:00.000Z") + i * 1000).toISOString(),
            // Every 10th session uses the heavy number; the rest a number of their own.
            Participants: [{ ProxyPhoneNumber: i % 10 === 0 ? "+12065550000" : `+1${String(3000000000 + i)}` }],
            GeoMatchParams: { Country: String.fromCharCode(65 + (i % 26), 65 + ((i / 26 | 0) % 26)), AreaCode: "" }
          })
        )
      )
      const accumulator = yield* Audit.auditStream("vc", sessions, {
        now,
        top: 4,
        proxyNumberCapacity: 64,
        maxCategories: 16
      })
      assert.strictEqual(accumulator.sessions, count)
      assert.isAtMost(accumulator.proxyNumbers.size, 64)
      assert.isAtMost(accumulator.byStatus.size, 17)
      assert.isAtMost(accumulator.byCapability.size, 17)
      assert.isAtMost(accumulator.byCountry.size, 17)
      assert.isAtMost(accumulator.oldestOpen.size, 4)
      assert.isAtMost(accumulator.overdue.size, 4)
      const result = accumulator.result()
      assert.strictEqual(result.pastExpiry, count)
      assert.isFalse(result.proxyNumbersExact)
      const heavy = at(result.topProxyNumbers, 0)
      assert.strictEqual(heavy.proxyNumber, "+12065550000")
      assert.isAtMost(heavy.sessions - heavy.overestimate, count / 10)
      assert.isAtLeast(heavy.sessions, count / 10)
      assert.strictEqual(asMap(result.byCapability).get(other), count - 16 * (count / 50))
      // s-0 has a status this library does not know: not open.
      assert.deepStrictEqual(result.oldestOpen.map((s) => s.proxySessionId), ["s-1", "s-2", "s-3", "s-4"])
    }))

  it.effect("combines connectors: counts added, samples merged", () =>
    Effect.gen(function*() {
      const half = (from: number, to: number, id: string) =>
        Audit.auditStream(id, Stream.fromIterable(fixture.slice(from, to).map((json) => decode(json))), { now, top: 5 })
      const parts = [yield* half(0, 25, "a"), yield* half(25, 60, "b")]
      const whole = (yield* half(0, 60, "a")).result()
      const report = Audit.combine(parts, { now, top: 5 })
      assert.strictEqual(report.now, "2025-06-01T12:00:00.000Z")
      assert.strictEqual(report.total.sessions, 60)
      assert.deepStrictEqual(asMap(report.total.byStatus), asMap(whole.byStatus))
      assert.deepStrictEqual(asMap(report.total.byCountry), asMap(whole.byCountry))
      assert.strictEqual(report.total.pastExpiry, whole.pastExpiry)
      assert.deepStrictEqual(report.total.oldestOpen, whole.oldestOpen)
      assert.deepStrictEqual(report.total.pastExpirySample, whole.pastExpirySample)
      assert.deepStrictEqual(report.total.topProxyNumbers, whole.topProxyNumbers)
    }))
})

describe("bounded structures", () => {
  it.prop(
    "SpaceSaving: every count bounds the true count from above, and count - error from below",
    [
      FastCheck.array(FastCheck.integer({ min: 0, max: 40 }), { maxLength: 400 }),
      FastCheck.integer({ min: 1, max: 12 })
    ],
    ([keys, capacity]) => {
      const sketch = new SpaceSaving(capacity)
      for (const key of keys) sketch.add(String(key))
      const truth = tally(keys.map(String))
      assert.isAtMost(sketch.size, capacity)
      for (const counter of sketch.top(capacity)) {
        const actual = truth.get(counter.key) ?? 0
        assert.isAtMost(actual, counter.count)
        assert.isAtLeast(actual, counter.count - counter.error)
      }
      if (truth.size <= capacity) {
        assert.isTrue(sketch.exact)
        assert.deepStrictEqual(new Map(sketch.top(capacity).map((c) => [c.key, c.count])), truth)
      }
      // Any key occurring more than n / capacity times is kept.
      for (const [key, n] of truth) {
        if (n > keys.length / capacity) assert.isTrue(sketch.top(capacity).some((c) => c.key === key))
      }
    }
  )

  it.prop(
    "SpaceSaving.merge keeps the bounds",
    [
      FastCheck.array(FastCheck.integer({ min: 0, max: 20 }), { maxLength: 200 }),
      FastCheck.array(FastCheck.integer({ min: 0, max: 20 }), { maxLength: 200 })
    ],
    ([left, right]) => {
      const sketch = (keys: ReadonlyArray<number>) => {
        const s = new SpaceSaving(6)
        for (const key of keys) s.add(String(key))
        return s
      }
      const merged = SpaceSaving.merge([sketch(left), sketch(right)], 6)
      const truth = tally([...left, ...right].map(String))
      assert.isAtMost(merged.size, 6)
      for (const counter of merged.top(6)) {
        const actual = truth.get(counter.key) ?? 0
        assert.isAtMost(actual, counter.count)
        assert.isAtLeast(actual, counter.count - counter.error)
      }
    }
  )

  it.prop(
    "BoundedHeap keeps the smallest elements",
    [FastCheck.array(FastCheck.integer()), FastCheck.nat(10)],
    ([xs, k]) => {
      const heap = new BoundedHeap<number>(k, (a, b) => a - b)
      for (const x of xs) heap.offer(x)
      assert.deepStrictEqual(heap.sorted(), [...xs].sort((a, b) => a - b).slice(0, k))
    }
  )

  it("BoundedCounter counts keys beyond its limit as (other)", () => {
    const counter = new BoundedCounter(2)
    for (const key of ["a", "b", "a", "c", "d", "c"]) counter.add(key)
    assert.deepStrictEqual(counter.entries(), [["(other)", 3], ["a", 2], ["b", 1]])
  })
})
