import { ListProxySessions, ProxySessions } from "@chime-proxy/core"
import { FaultPlan, Simulator } from "@chime-proxy/simulator"
import { assert, describe, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as TestClock from "effect/TestClock"
import * as Net from "node:net"
import { Emulator, WireFaults } from "../src/index.js"
import { rawGet } from "./utils.js"

const nextTick = Effect.promise(() => new Promise<void>((resolve) => setImmediate(resolve)))

/** Opens a connection, sends a GET and resolves once the server has closed it (with or without an answer). */
const abandoned = (port: number, target: string) => {
  const socket = Net.connect({ host: "127.0.0.1", port })
  socket.on("error", () => undefined)
  socket.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`)
  return socket
}

describe("the HTTP front", () => {
  it.effect(
    "an emulator in front of another ProxySessions answers the same bytes as in front of the simulator",
    () =>
      Effect.gen(function*() {
        const simulator = yield* Simulator.make({ seed: 4 })
        const [id] = yield* simulator.control.seed({ seed: 4, connectors: 1, sessionsPerConnector: 250 })
        const start = (proxySessions: ProxySessions.ProxySessions.Service) =>
          Emulator.make({ auth: false }).pipe(
            Effect.provideService(ProxySessions.ProxySessions, proxySessions),
            Effect.provideService(Simulator.SimulatorControl, simulator.control),
            Effect.provideService(Simulator.SimulatorWire, simulator.wire)
          )
        const direct = yield* start(simulator.proxySessions)
        // Not the simulator's own service: the emulator must not answer in its place.
        const wrapped = yield* start({ ...simulator.proxySessions })
        const body = (emulator: Emulator.Emulator.Service, target: string) =>
          Effect.promise(() => fetch(`${emulator.url}${target}`).then(async (r) => `${r.status} ${await r.text()}`))
        let target = `/voice-connectors/${id}/proxy-sessions?max-results=60`
        for (let page = 0; page < 5; page++) {
          const expected = yield* body(wrapped, target)
          assert.strictEqual(yield* body(direct, target), expected)
          const token = (JSON.parse(expected.slice(4)) as { NextToken?: string }).NextToken
          if (token === undefined) break
          target = `/voice-connectors/${id}/proxy-sessions?max-results=60&next-token=${encodeURIComponent(token)}`
        }
        for (
          const other of ["/voice-connectors/nope/proxy-sessions", `/voice-connectors/${id}/proxy-sessions?status=x`]
        ) {
          assert.strictEqual(yield* body(direct, other), yield* body(wrapped, other))
        }
        // Another service altogether, beside the simulator's SimulatorWire: it, not the simulator, answers.
        const other = yield* start({
          ...simulator.proxySessions,
          listProxySessions: () => Effect.succeed(new ListProxySessions.ListProxySessionsResponse({ NextToken: "n" }))
        })
        assert.strictEqual(
          yield* body(other, `/voice-connectors/${id}/proxy-sessions`),
          "200 {\"ProxySessions\":[],\"NextToken\":\"n\"}"
        )
        yield* simulator.control.setFaults(FaultPlan.scripted(FaultPlan.failCall(1, "ServiceUnavailableException")))
        const failed = yield* body(direct, `/voice-connectors/${id}/proxy-sessions`)
        assert.isTrue(failed.startsWith("503 "), failed)
      }).pipe(Effect.scoped),
    { timeout: 30_000 }
  )

  it.scoped("a client that goes away during the latency interrupts its request: the simulator is never called", () =>
    Effect.gen(function*() {
      const context = yield* Layer.build(
        Emulator.layerSimulator({ auth: false, wireFaults: new WireFaults.WireFaults({ latencyMillis: 10_000 }) })
      )
      const emulator = Context.get(context, Emulator.Emulator)
      const control = Context.get(context, Simulator.SimulatorControl)
      const [id] = yield* control.seed({ seed: 1, connectors: 1, sessionsPerConnector: 2 })
      const socket = abandoned(emulator.port, `/voice-connectors/${id}/proxy-sessions`)
      while (Chunk.isEmpty(yield* TestClock.sleeps())) yield* nextTick
      socket.destroy()
      // A whole exchange on another connection after the close: by then the server has seen the close.
      const health = yield* Effect.promise(() => rawGet(emulator.port, "/_chime-proxy/health"))
      assert.strictEqual(health === "reset" ? 0 : health.status, 200)
      yield* TestClock.adjust("20 seconds")
      for (let i = 0; i < 10; i++) yield* nextTick
      assert.strictEqual(yield* control.callCount(), 0)
      yield* emulator.setWireFaults(WireFaults.none)
      const answer = yield* Effect.promise(() => rawGet(emulator.port, `/voice-connectors/${id}/proxy-sessions`))
      assert.strictEqual(answer === "reset" ? 0 : answer.status, 200)
      assert.strictEqual(yield* control.callCount(), 1)
    }))

  it.effect(
    "closing the emulator does not wait for the requests in flight: their connections are closed",
    () =>
      Effect.gen(function*() {
        const emulator = yield* Effect.promise(() =>
          Emulator.start({ auth: false, wireFaults: new WireFaults.WireFaults({ latencyMillis: 60_000 }) })
        )
        const target = "/voice-connectors/any/proxy-sessions"
        const pending = Effect.runPromise(Effect.promise(() => rawGet(emulator.port, target)))
        const health = yield* Effect.promise(() =>
          fetch(`${emulator.url}/_chime-proxy/health`).then((response) => response.status)
        )
        assert.strictEqual(health, 200)
        yield* Effect.promise(() => emulator.close())
        assert.strictEqual(yield* Effect.promise(() => pending), "reset")
      }),
    { timeout: 30_000 }
  )
})
