import { ListProxySessionsCommand } from "@aws-sdk/client-chime-sdk-voice"
import { Simulator } from "@chime-proxy/simulator"
import { assert, describe, layer } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { Emulator } from "../src/index.js"
import type { AdminAnswer } from "./utils.js"
import { adminCall, sdkClient } from "./utils.js"

const call = (emulator: Emulator.Emulator.Service, method: string, route: string, body?: unknown) =>
  Effect.promise(() => adminCall(emulator, method, route, body))

/** The emulator still answers: health, and a page on the AWS route through the official SDK. */
const stillServing = (emulator: Emulator.Emulator.Service, connector: string, label: string) =>
  Effect.gen(function*() {
    const health = yield* call(emulator, "GET", "/health")
    assert.strictEqual(health.status, 200, `${label}: health ${JSON.stringify(health.json)}`)
    const page = yield* Effect.promise(() =>
      sdkClient(emulator).send(new ListProxySessionsCommand({ VoiceConnectorId: connector, MaxResults: 2 }))
    )
    assert.strictEqual(page.ProxySessions?.length, 2, label)
    const clock = yield* call(emulator, "GET", "/clock")
    assert.strictEqual(clock.status, 200, `${label}: clock ${JSON.stringify(clock.json)}`)
    return String(clock.json.now)
  })

const refused = (answer: AdminAnswer, label: string) => {
  assert.strictEqual(answer.status, 400, `${label}: ${JSON.stringify(answer.json)}`)
  assert.strictEqual(answer.headers["x-amzn-errortype"], "BadRequestException", label)
  assert.isString(answer.json.Message, label)
}

describe("hostile admin input", () => {
  layer(Emulator.layerSimulator(), { excludeTestServices: true })((it) => {
    it.effect("a clock out of range is a 400 that changes nothing, and the server keeps answering", () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        assert.strictEqual(
          (yield* call(emulator, "POST", "/clock/set", { iso: "2030-01-01T00:00:00.000Z" })).status,
          200
        )
        const [connector] = yield* Effect.flatMap(
          Simulator.SimulatorControl,
          (control) => control.seed({ seed: 1, connectors: 1, sessionsPerConnector: 5 })
        )
        const before = yield* stillServing(emulator, connector!, "before")
        const hostile: ReadonlyArray<readonly [string, unknown]> = [
          ["/clock/advance", { millis: 9007199254740991 }],
          ["/clock/advance", { millis: 1e300 }],
          ["/clock/advance", { millis: 8.64e15 }],
          ["/clock/advance", { millis: 253402300800000 - Date.parse("2030-01-01T00:00:00.000Z") }],
          ["/clock/set", { iso: "+275760-09-13T00:00:00.000Z" }],
          ["/clock/set", { iso: "-271821-04-20T00:00:00.000Z" }],
          ["/clock/set", { iso: "+010000-01-01T00:00:00.000Z" }],
          ["/clock/set", { iso: "1969-12-31T23:59:59.999Z" }]
        ]
        for (const [route, body] of hostile) {
          const label = `${route} ${JSON.stringify(body)}`
          refused(yield* call(emulator, "POST", route, body), label)
          // The world's clock runs with the machine's: unchanged means no jump, within the hour the test may take.
          const after = Date.parse(yield* stillServing(emulator, connector!, label))
          assert.isTrue(
            after >= Date.parse(before) && after - Date.parse(before) < 3_600_000,
            `${label} moved the clock`
          )
        }
        // The edges themselves are in range: health and the clock answer there.
        for (const iso of ["9999-12-31T23:59:59.999Z", "1970-01-01T00:00:00.000Z"]) {
          const set = yield* call(emulator, "POST", "/clock/set", { iso })
          assert.strictEqual(set.status, 200, JSON.stringify(set.json))
          assert.strictEqual(set.json.now, iso)
          assert.strictEqual((yield* call(emulator, "GET", "/health")).status, 200)
        }
      }))
  })
})
