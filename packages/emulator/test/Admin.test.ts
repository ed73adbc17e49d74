import { ListProxySessionsCommand } from "@aws-sdk/client-chime-sdk-voice"
import { Simulator } from "@chime-proxy/simulator"
import { assert, describe, layer } from "@effect/vitest"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import { Emulator, WireFaults } from "../src/index.js"
import { adminCall, sdkClient } from "./utils.js"

interface Answer {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly json: Record<string, unknown>
}

const call = (emulator: Emulator.Emulator.Service, method: string, route: string, body?: unknown) =>
  Effect.promise((): Promise<Answer> => adminCall(emulator, method, route, body))

const ok = (answer: Answer) => {
  assert.strictEqual(answer.status, 200, JSON.stringify(answer.json))
  assert.strictEqual(answer.headers["content-type"], "application/json")
  assert.isString(answer.headers["x-amzn-requestid"])
  assert.isString(answer.headers["date"])
  return answer.json
}

const refused = (answer: Answer, status: number, code: string) => {
  assert.strictEqual(answer.status, status, JSON.stringify(answer.json))
  assert.isString(answer.headers["x-amzn-errortype"])
  assert.strictEqual(answer.json.Code, code)
  assert.isString(answer.json.Message)
  return String(answer.json.Message)
}

const openSession = {
  VoiceConnectorId: "vc-admin",
  ProxySessionId: "s-1",
  Status: "Open",
  ExpiryMinutes: 60,
  CreatedTimestamp: "2025-01-01T00:00:00.000Z",
  UpdatedTimestamp: "2025-01-01T00:00:00.000Z"
}

const fixture = {
  VoiceConnectors: [{
    VoiceConnectorId: "vc-admin",
    ProxySessions: [
      openSession,
      {
        VoiceConnectorId: "vc-admin",
        ProxySessionId: "s-2",
        Status: "Closed",
        CreatedTimestamp: "2025-01-01T00:01:00.000Z",
        UpdatedTimestamp: "2025-01-01T00:01:00.000Z",
        EndedTimestamp: "2025-01-01T00:01:00.000Z"
      }
    ]
  }]
}

describe("the admin routes", () => {
  layer(Emulator.layerSimulator(), { excludeTestServices: true })((it) => {
    it.effect("health, seed, voice-connectors and reset, signed with the emulator's credentials", () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        ok(yield* call(emulator, "POST", "/reset"))
        const health = ok(yield* call(emulator, "GET", "/health"))
        assert.strictEqual(health.status, "ok")
        assert.strictEqual(health.voiceConnectors, 0)
        assert.strictEqual(health.auth, true)
        const seeded = ok(yield* call(emulator, "POST", "/seed", { seed: 3, connectors: 2, sessionsPerConnector: 4 }))
        const ids = seeded.VoiceConnectorIds as Array<string>
        assert.strictEqual(ids.length, 2)
        const listed = ok(yield* call(emulator, "GET", "/voice-connectors"))
        assert.deepStrictEqual([...(listed.VoiceConnectorIds as Array<string>)].sort(), [...ids].sort())
        ok(yield* call(emulator, "POST", "/reset"))
        assert.deepStrictEqual(ok(yield* call(emulator, "GET", "/voice-connectors")).VoiceConnectorIds, [])
      }))

    it.effect("a fixture loads all or nothing and saves back as it was given", () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        const control = yield* Simulator.SimulatorControl
        ok(yield* call(emulator, "POST", "/reset"))
        yield* control.setClock("2025-01-01T00:30:00.000Z")
        assert.deepStrictEqual(ok(yield* call(emulator, "POST", "/fixture", fixture)).VoiceConnectorIds, ["vc-admin"])
        const saved = ok(yield* call(emulator, "GET", "/fixture"))
        assert.deepStrictEqual(saved, fixture)
        const bad = {
          VoiceConnectors: [{
            VoiceConnectorId: "vc-2",
            ProxySessions: [{ ...openSession, Status: "Nope", ProxySessionId: 7 }]
          }]
        }
        const message = refused(yield* call(emulator, "POST", "/fixture", bad), 400, "InvalidFixture")
        assert.include(message, "VoiceConnectors[0].ProxySessions[0]")
        refused(yield* call(emulator, "POST", "/fixture", "{not json"), 400, "InvalidRequest")
        assert.deepStrictEqual(ok(yield* call(emulator, "GET", "/fixture")), fixture)
      }))

    it.effect("bodies are validated with a Schema; unknown routes are a 404", () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        for (
          const body of [{}, { seed: 1, connectors: -1, sessionsPerConnector: 1 }, {
            seed: "1",
            connectors: 1,
            sessionsPerConnector: 1
          }, []]
        ) {
          refused(yield* call(emulator, "POST", "/seed", body), 400, "InvalidRequest")
        }
        refused(yield* call(emulator, "POST", "/clock/advance", { millis: -5 }), 400, "InvalidRequest")
        refused(yield* call(emulator, "POST", "/clock/set", { iso: "yesterday" }), 400, "InvalidRequest")
        refused(yield* call(emulator, "POST", "/faults", { wire: { throttleRate: 2 } }), 400, "InvalidRequest")
        refused(
          yield* call(emulator, "POST", "/faults", { simulator: { scripted: [{ from: 0 }] } }),
          400,
          "InvalidFaultPlan"
        )
        refused(yield* call(emulator, "GET", "/nothing"), 404, "UnknownAdminRoute")
        refused(yield* call(emulator, "DELETE", "/health"), 404, "UnknownAdminRoute")
      }))

    it.effect("routes match as written: the method and the path exactly, the query aside", () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        assert.strictEqual(
          refused(yield* call(emulator, "DELETE", "/health?x=1"), 404, "UnknownAdminRoute"),
          "There is no admin route DELETE /health"
        )
        for (const route of ["/health/", "//health", "/HEALTH", ""]) {
          assert.strictEqual(
            refused(yield* call(emulator, "GET", route), 404, "UnknownAdminRoute"),
            `There is no admin route GET ${route}`
          )
        }
        ok(yield* call(emulator, "GET", "/health?x=%zz"))
        // HEAD is not served (the router would answer it with the GET route): a 404 with no body.
        const head = yield* call(emulator, "HEAD", "/health")
        assert.strictEqual(head.status, 404)
        assert.strictEqual(head.headers["x-amzn-errortype"], "NotFoundException")
      }))

    it.effect("the clock: advance and set move the simulated world's time", () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        const control = yield* Simulator.SimulatorControl
        const set = ok(yield* call(emulator, "POST", "/clock/set", { iso: "2030-05-06T07:08:09.000Z" }))
        assert.isTrue(String(set.now) >= "2030-05-06T07:08:09.000Z" && String(set.now) < "2030-05-06T07:09:00.000Z")
        const advanced = ok(yield* call(emulator, "POST", "/clock/advance", { millis: 86_400_000 }))
        assert.isTrue(String(advanced.now).startsWith("2030-05-07T07:0"))
        assert.strictEqual(DateTime.formatIso(yield* control.now()).slice(0, 13), "2030-05-07T07")
        assert.strictEqual(String(ok(yield* call(emulator, "GET", "/clock")).now).slice(0, 13), "2030-05-07T07")
      }))

    it.effect("faults: a simulator plan and wire faults over HTTP, then cleared", () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        ok(yield* call(emulator, "POST", "/reset"))
        ok(yield* call(emulator, "POST", "/fixture", fixture))
        const client = sdkClient(emulator)
        const list = Effect.promise(() =>
          client.send(new ListProxySessionsCommand({ VoiceConnectorId: "vc-admin" })).then(
            () => "ok",
            (error: Error) => error.name
          )
        )
        ok(
          yield* call(emulator, "POST", "/faults", {
            simulator: { scripted: [{ from: 1, error: "ForbiddenException" }] }
          })
        )
        assert.strictEqual(yield* list, "ForbiddenException")
        assert.strictEqual(yield* list, "ok")
        const set = ok(yield* call(emulator, "POST", "/faults", { wire: { throttleRate: 1 } }))
        assert.deepStrictEqual(set.wire, { seed: 0, throttleRate: 1, failureRate: 0, resetRate: 0, latencyMillis: 0 })
        assert.strictEqual(yield* list, "ThrottledClientException")
        assert.deepStrictEqual(ok(yield* call(emulator, "GET", "/faults")).wire, set.wire)
        const cleared = ok(yield* call(emulator, "DELETE", "/faults"))
        assert.deepStrictEqual(cleared.wire, Schema.encodeSync(WireFaults.WireFaults)(WireFaults.none))
        assert.strictEqual(yield* list, "ok")
      }))
  })

  layer(Emulator.layerSimulator({ admin: false }), { excludeTestServices: true })((it) => {
    it.effect("admin routes can be switched off; they are then unknown routes", () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        const answer = yield* call(emulator, "GET", "/health")
        assert.strictEqual(answer.status, 404)
        assert.strictEqual(answer.headers["x-amzn-errortype"], "UnknownOperationException")
      }))
  })
})

describe("admin bodies are bounded", () => {
  layer(Emulator.layerSimulator({ maxAdminBodyBytes: 1024 }), { excludeTestServices: true })((it) => {
    it.effect("a body over the limit is refused, changes nothing, and the server keeps serving", () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        ok(yield* call(emulator, "POST", "/reset"))
        const big = { ...fixture, padding: "x".repeat(4096) }
        const message = refused(yield* call(emulator, "POST", "/fixture", big), 400, "InvalidRequest")
        assert.include(message, "1,024 bytes")
        const health = ok(yield* call(emulator, "GET", "/health"))
        assert.strictEqual(health.voiceConnectors, 0)
        ok(yield* call(emulator, "POST", "/fixture", fixture))
        assert.strictEqual(ok(yield* call(emulator, "GET", "/health")).voiceConnectors, 1)
      }))
  })
})
