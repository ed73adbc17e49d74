import { ProxySessions } from "@chime-proxy/core"
import { Simulator } from "@chime-proxy/simulator"
import { contractSuite } from "@chime-proxy/simulator/Contract"
import { Context, Effect, Layer } from "effect"

// A ProxySessions of your own (here, one that counts its calls around the simulator's) must honour the same
// contract as the service. The suite arranges the world through the SimulatorControl and checks through
// ProxySessions only.
export const calls = { count: 0 }

const counting = Layer.effectContext(
  Effect.map(Simulator.make(), (simulator) => {
    const inner = simulator.proxySessions
    const service = ProxySessions.make((request) =>
      Effect.zipRight(Effect.sync(() => calls.count++), inner.listProxySessions(request))
    )
    return Context.make(ProxySessions.ProxySessions, service).pipe(
      Context.add(Simulator.SimulatorControl, simulator.control)
    )
  })
)

contractSuite("a counting ProxySessions", counting)
