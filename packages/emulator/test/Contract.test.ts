import { contractSuite, voiceConnectorsContractSuite } from "@chime-proxy/simulator/Contract"
import { layerConnectorsThroughEmulator, layerThroughEmulator } from "./utils.js"

// The core contract, through HTTP: a minimal SigV4 client (fetch, the core wire codecs and the official signer)
// against the emulator, arranged through the SimulatorControl behind it.
contractSuite("contract through the emulator (minimal HTTP client)", layerThroughEmulator(), {
  allowClientValidation: true
})

// ListVoiceConnectors' contract, through HTTP the same way.
voiceConnectorsContractSuite(
  "VoiceConnectors contract through the emulator (minimal HTTP client)",
  layerConnectorsThroughEmulator()
)
