import { ProxySessions } from "@chime-proxy/core"
import { Simulator } from "@chime-proxy/simulator"
import { contractSuite } from "@chime-proxy/simulator/Contract"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"

// A ProxySessions written by a user as one function in a Layer.succeed, forwarding each call to a simulator's own
// call. It has no pages and no stream of its own: the suite's listings go through ProxySessions.pages and
// ProxySessions.stream, the paginator every implementation shares. Only the control is the simulator's.
const simulator = Effect.runSync(Simulator.make())

const UserWritten = Layer.succeed(ProxySessions.ProxySessions, {
  listProxySessions: (input) => simulator.proxySessions.listProxySessions(input)
})

contractSuite(
  "a ProxySessions of one function, written in a Layer.succeed",
  Layer.merge(UserWritten, Layer.succeed(Simulator.SimulatorControl, simulator.control)),
  { allowClientValidation: false }
)
