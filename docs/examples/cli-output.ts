// The writers of `chime-proxy list` work on any stream of pages: here the seeded simulator's sessions, as CSV.
import { Output } from "@chime-proxy/cli"
import { ProxySessions } from "@chime-proxy/core"
import { Simulator } from "@chime-proxy/simulator"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"

const program = Effect.gen(function*() {
  const control = yield* Simulator.SimulatorControl
  const [voiceConnectorId] = yield* control.listVoiceConnectors()
  if (voiceConnectorId === undefined) return
  // One page at a time, rendered as it comes: the listing is never held in memory as a whole.
  const pages = ProxySessions.pages({ voiceConnectorId, pageSize: 10 })
  yield* Stream.runForEach(
    Output.render("csv", pages),
    (chunk) => Effect.sync(() => process.stdout.write(chunk))
  )
})

Effect.runPromise(
  program.pipe(Effect.provide(Simulator.layerSeeded({ seed: 42, connectors: 1, sessionsPerConnector: 25 })))
)
