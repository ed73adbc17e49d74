// The audit as a library: stream every session of every connector once, then render the report.
import { Audit, Report } from "@chime-proxy/cli"
import { Simulator } from "@chime-proxy/simulator"
import * as Effect from "effect/Effect"
import { writeFileSync } from "node:fs"

const program = Effect.gen(function*() {
  const control = yield* Simulator.SimulatorControl
  const voiceConnectorIds = yield* control.listVoiceConnectors()
  const report = yield* Audit.run(voiceConnectorIds, {
    now: yield* control.now(),
    top: 5, // proxy numbers, overdue and oldest open sessions to keep
    proxyNumberCapacity: 1024, // counters of the heavy-hitters sketch, per connector
    pageSize: 100,
    concurrency: 2 // connectors audited at once, each in its own bounded state
  })
  process.stdout.write(Report.text(report))
  writeFileSync("audit.html", Report.html(report))
})

Effect.runPromise(
  program.pipe(Effect.provide(Simulator.layerSeeded({ seed: 7, connectors: 3, sessionsPerConnector: 500 })))
)
