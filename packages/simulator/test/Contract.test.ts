import { Simulator } from "@chime-proxy/simulator"
import { contractSuite, voiceConnectorsContractSuite } from "@chime-proxy/simulator/Contract"

// The simulator answers as the service does: validation errors are BadRequestException, never client-side errors.
contractSuite("the simulator honours the ProxySessions contract", Simulator.layer(), { allowClientValidation: false })

// The contract holds whatever the seed and the default page size.
contractSuite("the simulator with another seed and page size", Simulator.layer({ seed: 42, defaultPageSize: 3 }), {
  allowClientValidation: false
})

voiceConnectorsContractSuite("the simulator honours the VoiceConnectors contract", Simulator.layer(), {
  allowClientValidation: false
})

voiceConnectorsContractSuite(
  "the simulator's VoiceConnectors with another seed and page size",
  Simulator.layer({ seed: 42, defaultPageSize: 3 }),
  { allowClientValidation: false }
)
