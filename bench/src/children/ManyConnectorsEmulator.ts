/**
 * The emulator of the many-connectors benchmark, in a process of its own: `connectors` connectors of `sessions`
 * sessions each, on 127.0.0.1 and a free port, SigV4 checked. It reports its endpoint and the connectors' ids.
 *
 * Usage: node manyConnectorsEmulator.mjs <connectors> <sessions per connector>
 */
import { Emulator } from "@chime-proxy/emulator"
import { Simulator } from "@chime-proxy/simulator"
import * as Effect from "effect/Effect"
import { reportToParent } from "../Reporting.js"

const connectors = Number(process.argv[2])
const sessionsPerConnector = Number(process.argv[3])

const emulator = await Emulator.start({ auth: true, simulator: { seed: 11 } })
const voiceConnectorIds = await emulator.run(
  Effect.flatMap(
    Simulator.SimulatorControl,
    (control) => control.seed({ seed: 11, connectors, sessionsPerConnector })
  )
)
reportToParent({ endpoint: emulator.url, port: emulator.port, voiceConnectorIds })
process.on("SIGTERM", () => {
  emulator.close().then(() => process.exit(0), () => process.exit(1))
})
