import { AwsProxySessions, Credentials } from "@chime-proxy/aws"
import type { AwsConfig } from "@chime-proxy/aws"
import { ClientError, ProxySessions, ServiceError } from "@chime-proxy/core"
import { Emulator, WireFaults } from "@chime-proxy/emulator"
import { FaultPlan, Simulator } from "@chime-proxy/simulator"
import { contractSuite } from "@chime-proxy/simulator/Contract"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { assert, describe, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as HashMap from "effect/HashMap"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as Stream from "effect/Stream"
import { at } from "./utils.js"

/**
 * The live layer, over undici and real HTTP on loopback, signing with the emulator's key pair, in front of the
 * emulator's simulator. The SimulatorControl arranges the world; everything else goes through the wire.
 */
const liveOverEmulator = (
  options: AwsConfig.Options = {},
  emulatorOptions: Emulator.Options = {}
) => {
  const live = Layer.unwrapEffect(
    Effect.map(Emulator.Emulator, (emulator) =>
      AwsProxySessions.layer({
        region: emulator.region,
        endpoint: emulator.url,
        deprecationWarning: false,
        ...options
      }).pipe(
        Layer.provide(Credentials.layerStatic(at(emulator.credentials, 0))),
        Layer.provide(NodeHttpClient.layerUndici)
      ))
  )
  return Layer.merge(live, Layer.effect(Simulator.SimulatorControl, Simulator.SimulatorControl)).pipe(
    Layer.provideMerge(Emulator.layerSimulator(emulatorOptions))
  )
}

// The same contract as the simulator's, now through HTTP, SigV4 and the live layer's retries (the default three
// attempts: faults the contract scripts last long enough that retrying does not hide them).
contractSuite("the live AWS layer against the emulator honours the ProxySessions contract", liveOverEmulator())

const noBackoff = { backoff: { base: 0, throttlingBase: 0 } } as const

const ids = (sessions: Iterable<{ readonly ProxySessionId?: string | undefined }>) =>
  Array.from(sessions, (session) => session.ProxySessionId ?? "")

describe("retries against the emulator", () => {
  // Real sockets run on the real clock, which TestClock cannot drive: this test runs live, with the backoff set to
  // zero through the options so that it stays fast. The delays themselves are proven with TestClock in
  // Retry.test.ts; here what is proven is that, through real faults on a real wire, nothing is lost or repeated.
  it.live("10,000 sessions under 20% throttling, 5% 500/503 and 2% dropped connections, each exactly once", () =>
    Effect.gen(function*() {
      const control = yield* Simulator.SimulatorControl
      const emulator = yield* Emulator.Emulator
      const voiceConnectorId = at(yield* control.seed({ seed: 7, connectors: 1, sessionsPerConnector: 10_000 }), 0)
      const fixture = yield* control.saveFixture()
      const expected = ids(at(fixture.VoiceConnectors, 0).ProxySessions ?? [])
      assert.strictEqual(expected.length, 10_000)
      yield* emulator.setWireFaults(
        new WireFaults.WireFaults({ seed: 11, throttleRate: 0.2, failureRate: 0.05, resetRate: 0.02 })
      )
      const retries: Array<string> = []
      const countRetries = Logger.replace(
        Logger.defaultLogger,
        Logger.make(({ annotations, message }) => {
          if (String(message).includes("retrying")) retries.push(String(HashMap.unsafeGet(annotations, "error")))
        })
      )
      const listed = yield* ProxySessions.stream({ voiceConnectorId, pageSize: 100 }).pipe(
        Stream.runCollect,
        Effect.provide(Layer.merge(countRetries, Logger.minimumLogLevel(LogLevel.Debug)))
      )
      // The faults did happen, of every kind, and were retried.
      assert.isAbove(retries.length, 10)
      for (const kind of ["ThrottledClientException", "TransportError"]) assert.include(retries, kind)
      assert.isTrue(retries.includes("ServiceFailureException") || retries.includes("ServiceUnavailableException"))
      const got = ids(Chunk.toReadonlyArray(listed))
      assert.strictEqual(got.length, 10_000)
      assert.strictEqual(new Set(got).size, 10_000)
      assert.deepStrictEqual(got, expected)
    }).pipe(Effect.provide(liveOverEmulator({ maxAttempts: 10, ...noBackoff }))))

  it.live("a permanent 503 stops after the configured attempts, with the last error", () =>
    Effect.gen(function*() {
      const control = yield* Simulator.SimulatorControl
      const voiceConnectorId = yield* control.createVoiceConnector()
      // Calls 1 to 4 fail: with 4 attempts the call fails with the 4th answer; the 5th call would have succeeded.
      yield* control.setFaults(
        FaultPlan.scripted(
          FaultPlan.failCalls(1, 3, "ServiceUnavailableException", "earlier"),
          FaultPlan.failCall(4, "ServiceUnavailableException", "the last one")
        )
      )
      const error = yield* ProxySessions.listProxySessions({ VoiceConnectorId: voiceConnectorId }).pipe(Effect.flip)
      assert.instanceOf(error, ServiceError.ServiceUnavailableException)
      assert.strictEqual((error as ServiceError.ServiceUnavailableException).Message, "the last one")
      assert.isString((error as ServiceError.ServiceUnavailableException).requestId)
      const page = yield* ProxySessions.listProxySessions({ VoiceConnectorId: voiceConnectorId })
      assert.deepStrictEqual(page.ProxySessions, [])
    }).pipe(Effect.provide(liveOverEmulator({ maxAttempts: 4, ...noBackoff }))))

  it.live("an exhausted quota stops retrying: 101 attempts, then the error", () =>
    Effect.gen(function*() {
      const control = yield* Simulator.SimulatorControl
      const voiceConnectorId = yield* control.createVoiceConnector()
      // 500 tokens pay for 100 retries of 5. If call 102 were made, it would succeed.
      yield* control.setFaults(FaultPlan.scripted(FaultPlan.failCalls(1, 101, "ServiceUnavailableException", "down")))
      const error = yield* ProxySessions.listProxySessions({ VoiceConnectorId: voiceConnectorId }).pipe(Effect.flip)
      assert.instanceOf(error, ServiceError.ServiceUnavailableException)
      // The next call gets its first attempt (the 102nd call), which the plan lets through.
      const page = yield* ProxySessions.listProxySessions({ VoiceConnectorId: voiceConnectorId })
      assert.deepStrictEqual(page.ProxySessions, [])
    }).pipe(Effect.provide(liveOverEmulator({ maxAttempts: 1000, ...noBackoff }))))

  it.live("every connection dropped: TransportError after the configured attempts", () =>
    Effect.gen(function*() {
      const control = yield* Simulator.SimulatorControl
      const emulator = yield* Emulator.Emulator
      const voiceConnectorId = yield* control.createVoiceConnector()
      yield* emulator.setWireFaults(new WireFaults.WireFaults({ resetRate: 1 }))
      const error = yield* ProxySessions.listProxySessions({ VoiceConnectorId: voiceConnectorId }).pipe(Effect.flip)
      assert.instanceOf(error, ClientError.TransportError)
      assert.strictEqual((error as ClientError.TransportError).failure, "ConnectionReset")
    }).pipe(Effect.provide(liveOverEmulator(noBackoff))))

  it.live("a server clock an hour ahead: the first attempt is refused, the offset corrected, the call succeeds", () =>
    Effect.gen(function*() {
      const control = yield* Simulator.SimulatorControl
      const voiceConnectorId = yield* control.createVoiceConnector()
      const retries: Array<{ readonly message: string; readonly attempt: unknown; readonly error: unknown }> = []
      const recordRetries = Logger.replace(
        Logger.defaultLogger,
        Logger.make(({ annotations, message }) => {
          const text = String(message)
          if (text.includes("retrying")) {
            retries.push({
              message: text,
              attempt: HashMap.unsafeGet(annotations, "attempt"),
              error: HashMap.unsafeGet(annotations, "error")
            })
          }
        })
      )
      const page = yield* ProxySessions.listProxySessions({ VoiceConnectorId: voiceConnectorId }).pipe(
        Effect.provide(Layer.merge(recordRetries, Logger.minimumLogLevel(LogLevel.Debug)))
      )
      assert.deepStrictEqual(page.ProxySessions, [])
      // The first attempt was refused as expired, the offset learnt from it, and the second attempt succeeded.
      assert.deepStrictEqual(retries, [{
        message: "clock skew corrected; retrying",
        attempt: 1,
        error: "RequestExpired"
      }])
    }).pipe(Effect.provide(liveOverEmulator({ maxAttempts: 2 }, { clockSkewMillis: 3_600_000 }))))

  it.live("a wrong secret is a typed signature error, not retried into success", () =>
    Effect.gen(function*() {
      const control = yield* Simulator.SimulatorControl
      const voiceConnectorId = yield* control.createVoiceConnector()
      const error = yield* ProxySessions.listProxySessions({ VoiceConnectorId: voiceConnectorId }).pipe(
        Effect.provide(
          Layer.unwrapEffect(Effect.map(Emulator.Emulator, (emulator) =>
            AwsProxySessions.layer({ region: emulator.region, endpoint: emulator.url, deprecationWarning: false }).pipe(
              Layer.provide(Credentials.layerStatic({
                accessKeyId: at(emulator.credentials, 0).accessKeyId,
                secretAccessKey: "not-the-secret"
              })),
              Layer.provide(NodeHttpClient.layerUndici)
            )))
        ),
        Effect.flip
      )
      assert.isTrue(ServiceError.isServiceError(error))
      assert.strictEqual(ServiceError.errorName(error as ServiceError.ServiceError), "SignatureDoesNotMatch")
      assert.notInclude(String(error), "not-the-secret")
    }).pipe(Effect.provide(Emulator.layerSimulator())))
})
