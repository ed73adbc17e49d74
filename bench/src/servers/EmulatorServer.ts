/**
 * The emulator of the benchmarks, in a process of its own: one connector seeded with `sessions` sessions, on
 * 127.0.0.1 and a free port, SigV4 checked unless `auth` is false. It reports its endpoint and the connector's id.
 *
 * Usage: node emulatorServer.mjs <sessions> <auth: true|false>
 */
import { Emulator } from "@chime-proxy/emulator"
import { Simulator } from "@chime-proxy/simulator"
import * as Effect from "effect/Effect"
import { reportToParent } from "../Reporting.js"

const sessions = Number(process.argv[2])
const auth = process.argv[3] !== "false"

const emulator = await Emulator.start({ auth, simulator: { seed: 11 } })
const [voiceConnectorId] = await emulator.run(
  Effect.flatMap(
    Simulator.SimulatorControl,
    (control) => control.seed({ seed: 11, connectors: 1, sessionsPerConnector: sessions })
  )
)
reportToParent({ endpoint: emulator.url, port: emulator.port, voiceConnectorId })
process.on("SIGTERM", () => {
  emulator.close().then(() => process.exit(0), () => process.exit(1))
})
