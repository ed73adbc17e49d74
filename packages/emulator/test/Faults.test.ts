import {
  ListProxySessionsCommand,
  ServiceFailureException,
  ServiceUnavailableException,
  ThrottledClientException
} from "@aws-sdk/client-chime-sdk-voice"
import { Simulator } from "@chime-proxy/simulator"
import { assert, describe, it, layer } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { Emulator, WireFaults } from "../src/index.js"
import { rawGet, sdkClient, signRaw } from "./utils.js"

const outcome = (decision: WireFaults.Decision) => decision._tag === "Fail" ? decision.error._tag : decision._tag

describe("wire faults", () => {
  it("the same seed draws the same faults; the rates hold", () => {
    const plan = new WireFaults.WireFaults({ seed: 11, throttleRate: 0.2, failureRate: 0.3, resetRate: 0.1 })
    const draw = (faults: WireFaults.WireFaults) => {
      const injector = WireFaults.make(faults)
      return Array.from({ length: 4000 }, () => outcome(injector.next()))
    }
    const first = draw(plan)
    assert.deepStrictEqual(draw(plan), first)
    assert.notDeepEqual(draw(new WireFaults.WireFaults({ ...plan, seed: 12 })), first)
    const count = (name: string) => first.filter((o) => o === name).length / first.length
    assert.approximately(count("ThrottledClientException"), 0.2, 0.03)
    assert.approximately(count("ServiceFailureException") + count("ServiceUnavailableException"), 0.3, 0.03)
    assert.approximately(count("ServiceFailureException"), 0.15, 0.03)
    assert.approximately(count("Reset"), 0.1, 0.03)
    assert.approximately(count("Pass"), 0.4, 0.03)
    assert.isTrue(draw(WireFaults.none).every((o) => o === "Pass"))
  })

  layer(Emulator.layerSimulator(), { excludeTestServices: true })((it) => {
    const arrange = Effect.gen(function*() {
      const control = yield* Simulator.SimulatorControl
      const emulator = yield* Emulator.Emulator
      yield* control.reset()
      const [id] = yield* control.seed({ seed: 1, connectors: 1, sessionsPerConnector: 3 })
      assert.isDefined(id)
      return { emulator, id, client: sdkClient(emulator) }
    })
    const send = (client: ReturnType<typeof sdkClient>, id: string) =>
      Effect.promise(() =>
        client.send(new ListProxySessionsCommand({ VoiceConnectorId: id })).then(
          () => undefined,
          (error: unknown) => error
        )
      )

    it.effect("throttling: 429 ThrottledClientException", () =>
      Effect.gen(function*() {
        const { client, emulator, id } = yield* arrange
        yield* emulator.setWireFaults(new WireFaults.WireFaults({ throttleRate: 1 }))
        const error = yield* send(client, id)
        assert.instanceOf(error, ThrottledClientException)
        assert.strictEqual((error as ThrottledClientException).$metadata.httpStatusCode, 429)
        yield* emulator.setWireFaults(WireFaults.none)
        assert.isUndefined(yield* send(client, id))
      }))

    it.effect("failures: 500 ServiceFailureException and 503 ServiceUnavailableException, split by the seed", () =>
      Effect.gen(function*() {
        const { client, emulator, id } = yield* arrange
        yield* emulator.setWireFaults(new WireFaults.WireFaults({ seed: 5, failureRate: 1 }))
        const statuses = new Set<number>()
        for (let i = 0; i < 20; i++) {
          const error = yield* send(client, id)
          assert.isTrue(error instanceof ServiceFailureException || error instanceof ServiceUnavailableException)
          statuses.add((error as ServiceFailureException).$metadata.httpStatusCode ?? 0)
        }
        assert.deepStrictEqual([...statuses].sort(), [500, 503])
        yield* emulator.setWireFaults(WireFaults.none)
      }))

    it.effect("resets: the connection is dropped without an answer, and the server keeps serving", () =>
      Effect.gen(function*() {
        const { client, emulator, id } = yield* arrange
        yield* emulator.setWireFaults(new WireFaults.WireFaults({ resetRate: 1 }))
        const target = `/voice-connectors/${id}/proxy-sessions`
        const answer = yield* Effect.promise(async () =>
          rawGet(emulator.port, target, await signRaw(emulator.port, target))
        )
        assert.strictEqual(answer, "reset")
        const error = yield* send(client, id)
        assert.strictEqual((error as NodeJS.ErrnoException).code, "ECONNRESET")
        yield* emulator.setWireFaults(WireFaults.none)
        assert.isUndefined(yield* send(client, id))
      }))
  })
})
