import { ListProxySessionsCommand } from "@aws-sdk/client-chime-sdk-voice"
import { Simulator } from "@chime-proxy/simulator"
import { assert, describe, layer } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { Emulator } from "../src/index.js"
import { adminRequestHead, connect, sdkClient } from "./utils.js"

/** A fixture as the emulator saves it, of `sessions` generated sessions. */
const generatedFixture = (sessions: number) =>
  Effect.gen(function*() {
    const simulator = yield* Simulator.make({ seed: 5 })
    yield* simulator.control.seed({ seed: 5, connectors: 1, sessionsPerConnector: sessions })
    return JSON.stringify(yield* simulator.control.saveFixture())
  })

describe("large admin bodies", () => {
  layer(Emulator.layerSimulator(), { excludeTestServices: true })((it) => {
    it.effect("the default limit holds a fixture of a million sessions, as the emulator saves it and indented", () =>
      Effect.gen(function*() {
        const sample = 1000
        const compact = yield* generatedFixture(sample)
        const indented = JSON.stringify(JSON.parse(compact), null, 2)
        // A million sessions are a thousand of these samples, less the envelope each repeats.
        for (const text of [compact, indented]) {
          assert.isAbove(Emulator.defaultMaxAdminBodyBytes, (Buffer.byteLength(text) * 1_000_000) / sample)
        }
      }))

    it.effect(
      "a listing is answered while a large fixture body is being parsed: as it arrives, chunk by chunk",
      () =>
        Effect.gen(function*() {
          const emulator = yield* Emulator.Emulator
          const [connector] = yield* Effect.flatMap(
            Simulator.SimulatorControl,
            (control) => control.seed({ seed: 1, connectors: 1, sessionsPerConnector: 5 })
          )
          const before = yield* Effect.flatMap(Simulator.SimulatorControl, (control) => control.listVoiceConnectors())
          const body = yield* generatedFixture(20_000)
          // Cut between two sessions, where a value must come next.
          const cut = body.lastIndexOf("},{\"VoiceConnectorId\"") + 2
          assert.isAbove(cut, 10_000_000)
          const result = yield* Effect.promise(async () => {
            const order: Array<string> = []
            const upload = connect(emulator.port)
            void upload.answer.then(() => order.push("fixture"))
            const head = await adminRequestHead({
              method: "POST",
              route: "/fixture",
              host: `127.0.0.1:${emulator.port}`,
              body
            })
            // Ten megabytes of the fixture, and the connection held open: the emulator is in the middle of the body.
            await upload.write(`${head}${body.slice(0, cut)}`)
            const page = await sdkClient(emulator).send(
              new ListProxySessionsCommand({ VoiceConnectorId: connector!, MaxResults: 5 })
            )
            order.push("listing")
            // A byte that cannot come next is refused at once, the body unfinished and the connection still open:
            // what came before it was parsed as it arrived.
            await upload.write("!")
            const refused = await upload.answer
            return { order, page, refused }
          })
          assert.deepStrictEqual(result.order, ["listing", "fixture"])
          assert.strictEqual(result.page.ProxySessions?.length, 5)
          assert.notStrictEqual(result.refused, "reset")
          if (result.refused !== "reset") {
            assert.strictEqual(result.refused.status, 400, result.refused.body)
            assert.strictEqual(JSON.parse(result.refused.body).Message, "The request body is not JSON")
          }
          assert.deepStrictEqual(
            yield* Effect.flatMap(Simulator.SimulatorControl, (control) => control.listVoiceConnectors()),
            before
          )
        }),
      120_000
    )
  })
})
