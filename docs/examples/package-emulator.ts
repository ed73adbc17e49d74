import { Emulator } from "@chime-proxy/emulator"
import { Simulator } from "@chime-proxy/simulator"
import { Effect } from "effect"

// The emulator in-process, for tests of code that calls AWS through an official SDK: an address that speaks the
// real wire protocol, and the simulator behind it to arrange the world.
export const withEmulator = async (test: (url: string, voiceConnectorId: string) => Promise<void>) => {
  const emulator = await Emulator.start()
  try {
    const control = Simulator.SimulatorControl
    const voiceConnectorId = await emulator.run(Effect.flatMap(control, (c) => c.createVoiceConnector()))
    await test(emulator.url, voiceConnectorId)
  } finally {
    await emulator.close()
  }
}
