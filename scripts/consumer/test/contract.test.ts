import { Simulator } from "@chime-proxy/simulator"
import { contractSuite } from "@chime-proxy/simulator/Contract"

// The contract suite from the published entry, against the simulator's layer swapped in.
contractSuite("the installed simulator honours the ProxySessions contract", Simulator.layer({ seed: 3 }), {
  allowClientValidation: false
})
