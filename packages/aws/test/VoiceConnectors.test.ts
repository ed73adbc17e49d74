import { AwsVoiceConnectors, Credentials } from "@chime-proxy/aws"
import type { AwsConfig } from "@chime-proxy/aws"
import { ServiceError, VoiceConnectors } from "@chime-proxy/core"
import { Emulator, WireFaults } from "@chime-proxy/emulator"
import { FaultPlan, Simulator } from "@chime-proxy/simulator"
import { voiceConnectorsContractSuite } from "@chime-proxy/simulator/Contract"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { assert, describe, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import { at } from "./utils.js"

/** The live VoiceConnectors over undici and real HTTP on loopback, in front of the emulator's simulator. */
const liveOverEmulator = (
  options: AwsConfig.Options = {},
  credentials?: Parameters<typeof Credentials.layerStatic>[0]
) => {
  const live = Layer.unwrapEffect(
    Effect.map(
      Emulator.Emulator,
      (emulator) =>
        AwsVoiceConnectors.layer({ region: emulator.region, endpoint: emulator.url, ...options }).pipe(
          Layer.provide(Credentials.layerStatic(credentials ?? at(emulator.credentials, 0))),
          Layer.provide(NodeHttpClient.layerUndici)
        )
    )
  )
  return Layer.merge(live, Layer.effect(Simulator.SimulatorControl, Simulator.SimulatorControl)).pipe(
    Layer.provideMerge(Emulator.layerSimulator())
  )
}

voiceConnectorsContractSuite(
  "the live AWS layer against the emulator honours the VoiceConnectors contract",
  liveOverEmulator()
)

const noBackoff = { backoff: { base: 0, throttlingBase: 0 } } as const

describe("the live VoiceConnectors against the emulator", () => {
  it.live("every connector exactly once under 30% throttling and 5% 500/503, retried by the same policy", () =>
    Effect.gen(function*() {
      const control = yield* Simulator.SimulatorControl
      const emulator = yield* Emulator.Emulator
      const made = [...yield* control.seed({ seed: 3, connectors: 150, sessionsPerConnector: 0 })].sort()
      yield* emulator.setWireFaults(new WireFaults.WireFaults({ seed: 5, throttleRate: 0.3, failureRate: 0.05 }))
      const listed = yield* Stream.runCollect(VoiceConnectors.stream({ pageSize: 7 }))
      assert.deepStrictEqual(Chunk.toReadonlyArray(listed).map((c) => c.VoiceConnectorId), made)
    }).pipe(Effect.provide(liveOverEmulator({ maxAttempts: 10, ...noBackoff }))))

  it.live("throttling that lasts past the attempts fails with ThrottledClientException", () =>
    Effect.gen(function*() {
      const control = yield* Simulator.SimulatorControl
      yield* control.createVoiceConnector()
      yield* control.setFaults(FaultPlan.scripted(FaultPlan.failCalls(1, 2, "ThrottledClientException")))
      const error = yield* Effect.flip(VoiceConnectors.listVoiceConnectors({}))
      assert.instanceOf(error, ServiceError.ThrottledClientException)
      assert.strictEqual(yield* control.callCount(), 2)
      const page = yield* VoiceConnectors.listVoiceConnectors({})
      assert.strictEqual(page.VoiceConnectors.length, 1)
    }).pipe(Effect.provide(liveOverEmulator({ maxAttempts: 2, ...noBackoff }))))

  it.live("signed with the wrong secret, the call fails with the service's error and never shows the secret", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(VoiceConnectors.listVoiceConnectors({}))
      assert.strictEqual(
        ServiceError.isServiceError(error) ? ServiceError.errorName(error) : error._tag,
        "SignatureDoesNotMatch"
      )
      assert.notInclude(JSON.stringify(error), "wrong-secret-0123")
    }).pipe(
      Effect.provide(
        liveOverEmulator({ maxAttempts: 1 }, {
          accessKeyId: "AKIAEMULATOREXAMPLE1",
          secretAccessKey: "wrong-secret-0123"
        })
      )
    ))

  it.effect("an invalid request fails before any I/O", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(VoiceConnectors.listVoiceConnectors({ MaxResults: 0 }))
      assert.strictEqual(error._tag, "RequestValidationError")
    }).pipe(
      Effect.provide(
        AwsVoiceConnectors.layer({ region: "us-east-1", endpoint: "http://127.0.0.1:9" }).pipe(
          Layer.provide(Credentials.layerStatic({ accessKeyId: "AKID", secretAccessKey: "secret" })),
          Layer.provide(NodeHttpClient.layerUndici)
        )
      )
    ))
})
