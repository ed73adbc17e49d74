/**
 * A user's program: lists proxy sessions from the in-process simulator (`simulator`), or through the live layer from
 * an endpoint such as the emulator (`live <endpoint> <voice connector id>`), and prints one JSON line.
 */
import { AwsProxySessions } from "@chime-proxy/aws"
import { ProxySessions } from "@chime-proxy/core"
import type { ProxySessionsError } from "@chime-proxy/core"
import { Simulator } from "@chime-proxy/simulator"
import { Chunk, Effect, Layer, Stream } from "effect"

const listAll = (
  voiceConnectorId: string
): Effect.Effect<ReadonlyArray<string>, ProxySessionsError.ProxySessionsError, ProxySessions.ProxySessions> =>
  ProxySessions.stream({ voiceConnectorId }).pipe(
    Stream.map((session) => session.ProxySessionId ?? "?"),
    Stream.runCollect,
    Effect.map(Chunk.toReadonlyArray)
  )

const simulated = Effect.gen(function*() {
  const control = yield* Simulator.SimulatorControl
  const voiceConnectorId = yield* control.createVoiceConnector()
  yield* control.createProxySession(voiceConnectorId, { Name: "support line" })
  yield* control.createProxySession(voiceConnectorId)
  const ids = yield* listAll(voiceConnectorId)
  // Under noUncheckedIndexedAccess an element may be missing: the published types must let a strict project say so.
  const first: string | undefined = ids[0]
  return { source: "simulator", sessions: ids.length, first: first ?? null }
}).pipe(Effect.provide(Simulator.layer({ seed: 7 })))

const live = (endpoint: string, voiceConnectorId: string) =>
  listAll(voiceConnectorId).pipe(
    Effect.map((ids) => ({ source: "live", sessions: ids.length, first: ids[0] ?? null })),
    Effect.provide(
      AwsProxySessions.layerNode({ region: "us-east-1", endpoint, deprecationWarning: false }).pipe(Layer.orDie)
    )
  )

const [mode, endpoint, voiceConnectorId] = process.argv.slice(2)
const program = mode === "live" && endpoint !== undefined && voiceConnectorId !== undefined
  ? live(endpoint, voiceConnectorId)
  : simulated

Effect.runPromise(program).then(
  (result) => process.stdout.write(JSON.stringify({ ...result, node: process.version }) + "\n"),
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`)
    process.exitCode = 1
  }
)
