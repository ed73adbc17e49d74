import { contractSuite } from "@chime-proxy/simulator/Contract"
import { layerThroughEmulator } from "./utils.js"

// The core contract, through HTTP: a minimal SigV4 client (fetch, the core wire codecs and the official signer)
// against the emulator, arranged through the SimulatorControl behind it.
contractSuite("contract through the emulator (minimal HTTP client)", layerThroughEmulator(), {
  allowClientValidation: true
})
