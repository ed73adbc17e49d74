import { ProxySessions } from "@chime-proxy/core"
import { Simulator } from "@chime-proxy/simulator"
import { assert, describe, it } from "@effect/vitest"
import { Chunk, Effect, Stream } from "effect"

describe("my reporting code", () => {
  // A fresh simulator per test, provided like any other layer.
  it.effect("finds nothing in an empty voice connector", () =>
    Effect.gen(function*() {
      const voiceConnectorId = yield* Simulator.createVoiceConnector()
      const page = yield* ProxySessions.listProxySessions({ VoiceConnectorId: voiceConnectorId })
      assert.deepStrictEqual(page.ProxySessions, [])
    }).pipe(Effect.provide(Simulator.layer())))

  // One line: a simulator seeded with 2 voice connectors of 300 sessions each, shared by the tests of the block.
  // (Keep `it.layer` blocks last in a file: @effect/vitest 0.30.0 rebinds `it.effect` for what follows them.)
  it.layer(
    Simulator.layerSeeded(
      { seed: 42, connectors: 2, sessionsPerConnector: 300 },
      { startTime: "2025-01-01T00:00:00Z" }
    )
  )((it) => {
    it.effect("sees every session of every voice connector", () =>
      Effect.gen(function*() {
        const control = yield* Simulator.SimulatorControl
        const connectors = yield* control.listVoiceConnectors()
        assert.strictEqual(connectors.length, 2)
        for (const voiceConnectorId of connectors) {
          const sessions = yield* Stream.runCollect(ProxySessions.stream({ voiceConnectorId, pageSize: 100 }))
          assert.strictEqual(Chunk.size(sessions), 300)
        }
      }))
  })
})
