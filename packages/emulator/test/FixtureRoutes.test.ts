import { ListProxySessionsCommand } from "@aws-sdk/client-chime-sdk-voice"
import { Simulator } from "@chime-proxy/simulator"
import { assert, describe, layer } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Net from "node:net"
import { Emulator } from "../src/index.js"
import type { AdminAnswer } from "./utils.js"
import { adminCall, adminRequestHead, sdkClient } from "./utils.js"

const call = (emulator: Emulator.Emulator.Service, method: string, route: string, body?: unknown) =>
  Effect.promise((): Promise<AdminAnswer> => adminCall(emulator, method, route, body))

const control = Simulator.SimulatorControl

/** `GET /fixture`: its text, which must be JSON.stringify of the simulator's `saveFixture`, byte for byte. */
const savedText = (emulator: Emulator.Emulator.Service) =>
  Effect.gen(function*() {
    const answer = yield* call(emulator, "GET", "/fixture")
    assert.strictEqual(answer.status, 200, answer.text)
    assert.strictEqual(answer.headers["content-type"], "application/json")
    // One chunk is answered whole, as any answer; more are written as they come.
    if (Buffer.byteLength(answer.text) > Simulator.fixtureChunkBytes) {
      assert.strictEqual(answer.headers["transfer-encoding"], "chunked")
      assert.isUndefined(answer.headers["content-length"])
    } else {
      assert.strictEqual(answer.headers["content-length"], String(Buffer.byteLength(answer.text)))
    }
    assert.isString(answer.headers["x-amzn-requestid"])
    assert.strictEqual(answer.text, JSON.stringify(yield* Effect.flatMap(control, (c) => c.saveFixture())))
    return answer.text
  })

/** A fixture as the emulator saves it, of `sessions` sessions over two connectors. */
const savedFixture = (sessions: number, seed: number) =>
  Effect.gen(function*() {
    const simulator = yield* Simulator.make({ seed, startTime: "2025-01-10T12:00:00Z" })
    yield* simulator.control.seed({ seed, connectors: 2, sessionsPerConnector: sessions / 2 })
    return JSON.stringify(yield* simulator.control.saveFixture())
  })

const pasted = {
  ExportedAt: "2025-01-10T11:00:00.000Z",
  "7": "an integer-like member, which JSON.stringify writes first",
  Note: { kept: ["as", "it", "was"] },
  VoiceConnectors: [
    {
      VoiceConnectorId: "abcdef1ghij2klmno3pqr4",
      Extra: true,
      ProxySessions: [
        {
          ProxySessionId: "s-1",
          Status: "Open",
          ExpiryMinutes: 30,
          CreatedTimestamp: "2025-01-10T10:45:00Z",
          Unknown: { nested: [1, 2] }
        },
        { ProxySessionId: "s-2", Status: "Retired", CreatedTimestamp: "2025-01-10T10:00:00.000Z" }
      ]
    },
    { VoiceConnectorId: "zz0000000000000000000", Name: "empty" }
  ]
}

describe("the fixture routes", () => {
  layer(Emulator.layerSimulator({ simulator: { seed: 4 } }), { excludeTestServices: true })((it) => {
    it.effect("GET /fixture is the world's JSON as it was written whole, byte for byte", () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        yield* Effect.flatMap(control, (c) => c.reset())
        assert.strictEqual(yield* savedText(emulator), "{\"VoiceConnectors\":[]}")
        const loaded = yield* call(emulator, "POST", "/fixture", pasted)
        assert.strictEqual(loaded.status, 200, loaded.text)
        const text = yield* savedText(emulator)
        assert.isTrue(text.startsWith("{\"7\":"), text)
        yield* Effect.flatMap(control, (c) => c.advanceClock("40 minutes"))
        yield* savedText(emulator)
        yield* Effect.flatMap(control, (c) => c.seed({ seed: 3, connectors: 2, sessionsPerConnector: 30 }))
        yield* savedText(emulator)
      }))

    it.effect(
      "a large world goes out in chunks and comes back in: GET, then POST, then GET gives the same",
      () =>
        Effect.gen(function*() {
          const emulator = yield* Emulator.Emulator
          yield* Effect.flatMap(control, (c) => c.reset())
          yield* Effect.flatMap(control, (c) => c.seed({ seed: 8, connectors: 2, sessionsPerConnector: 4000 }))
          const saved = yield* savedText(emulator)
          // Many times the size of a chunk.
          assert.isAbove(Buffer.byteLength(saved), 20 * Simulator.fixtureChunkBytes)
          const [connector] = yield* Effect.flatMap(control, (c) => c.listVoiceConnectors())
          const before = yield* Effect.promise(() =>
            sdkClient(emulator).send(new ListProxySessionsCommand({ VoiceConnectorId: connector!, MaxResults: 50 }))
          )
          yield* Effect.flatMap(control, (c) => c.reset())
          const loaded = yield* call(emulator, "POST", "/fixture", saved)
          assert.strictEqual(loaded.status, 200, loaded.text)
          assert.strictEqual(yield* savedText(emulator), saved)
          const after = yield* Effect.promise(() =>
            sdkClient(emulator).send(new ListProxySessionsCommand({ VoiceConnectorId: connector!, MaxResults: 50 }))
          )
          assert.deepStrictEqual(after.ProxySessions, before.ProxySessions)
          assert.strictEqual(after.NextToken === undefined, before.NextToken === undefined)
        }),
      180_000
    )

    it.effect(
      "a client that goes away in the middle of an export leaves the emulator answering",
      () =>
        Effect.gen(function*() {
          const emulator = yield* Emulator.Emulator
          yield* Effect.flatMap(control, (c) => c.reset())
          yield* Effect.flatMap(control, (c) => c.seed({ seed: 8, connectors: 1, sessionsPerConnector: 6000 }))
          const head = yield* Effect.promise(() =>
            adminRequestHead({ method: "GET", route: "/fixture", host: `127.0.0.1:${emulator.port}` })
          )
          const received = yield* Effect.promise(() =>
            new Promise<number>((resolve) => {
              const socket = Net.connect({ host: "127.0.0.1", port: emulator.port })
              let bytes = 0
              socket.on("data", (chunk) => {
                bytes += chunk.length
                // The head and a first chunk or two, then the client is gone.
                if (bytes > 2 * Simulator.fixtureChunkBytes) {
                  socket.destroy()
                  resolve(bytes)
                }
              })
              socket.write(head)
            })
          )
          assert.isAbove(received, 2 * Simulator.fixtureChunkBytes)
          const health = yield* call(emulator, "GET", "/health")
          assert.strictEqual(health.status, 200)
          yield* savedText(emulator)
        }),
      120_000
    )

    it.effect(
      "a listing is answered while a large fixture is being loaded, from the world as it was",
      () =>
        Effect.gen(function*() {
          const emulator = yield* Emulator.Emulator
          yield* Effect.flatMap(control, (c) => c.reset())
          const [connector] = yield* Effect.flatMap(
            control,
            (c) => c.seed({ seed: 1, connectors: 1, sessionsPerConnector: 5 })
          )
          // Parsed already: what is left is the load itself, which must not hold up the AWS route.
          const fixture = JSON.parse(yield* savedFixture(8000, 11))
          const order: Array<string> = []
          const load = yield* Effect.fork(
            Effect.flatMap(control, (c) => c.loadFixture(fixture)).pipe(
              Effect.tap(() => Effect.sync(() => order.push("loaded")))
            )
          )
          const page = yield* Effect.promise(() =>
            sdkClient(emulator).send(new ListProxySessionsCommand({ VoiceConnectorId: connector!, MaxResults: 5 }))
          )
          order.push("listing")
          yield* Fiber.join(load)
          assert.deepStrictEqual(order, ["listing", "loaded"])
          assert.strictEqual(page.ProxySessions?.length, 5)
          assert.notInclude(yield* Effect.flatMap(control, (c) => c.listVoiceConnectors()), connector)
        }),
      120_000
    )

    it.effect(
      "a fixture refused at its very end leaves the world as it was, and names where it is wrong",
      () =>
        Effect.gen(function*() {
          const emulator = yield* Emulator.Emulator
          yield* Effect.flatMap(control, (c) => c.reset())
          yield* Effect.flatMap(control, (c) => c.seed({ seed: 2, connectors: 2, sessionsPerConnector: 20 }))
          const fixture = JSON.parse(yield* savedFixture(4000, 12)) as {
            VoiceConnectors: Array<{ ProxySessions: Array<Record<string, unknown>> }>
          }
          const sessions = fixture.VoiceConnectors[1]!.ProxySessions
          sessions[sessions.length - 1]!.ExpiryMinutes = -5
          // Saved just before the POST: fetch does not retry a POST on a kept-alive connection that the server
          // closed while it sat idle (its keep-alive timeout), which a slow machine can make happen.
          const world = yield* savedText(emulator)
          const refused = yield* call(emulator, "POST", "/fixture", fixture)
          assert.strictEqual(refused.status, 400, refused.text)
          assert.strictEqual(refused.json.Code, "InvalidFixture")
          assert.include(
            String(refused.json.Message),
            `VoiceConnectors[1].ProxySessions[${sessions.length - 1}].ExpiryMinutes`
          )
          assert.strictEqual(yield* savedText(emulator), world)
        }),
      120_000
    )
  })
})
