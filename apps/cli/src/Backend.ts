/**
 * Where the sessions come from: the embedded simulator (`--simulate`), or the live AWS layer, which an
 * `--endpoint-url` can point at the HTTP emulator. Each backend is imported when its layer is built, so that a run
 * loads the code of one of them only: most of a start's time is spent loading modules.
 *
 * @since 0.1.0
 */
import type { AwsError } from "@chime-proxy/aws"
import { ProxySessions } from "@chime-proxy/core"
import type { Simulator } from "@chime-proxy/simulator"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"

/**
 * The embedded simulator with a seeded dataset.
 *
 * @since 0.1.0
 * @category models
 */
export interface Simulate {
  readonly _tag: "Simulate"
  readonly seed: number
}

/**
 * The live layer. Each option, when given, overrides the environment's configuration (AWS_REGION, AWS_PROFILE,
 * AWS_ENDPOINT_URL…).
 *
 * @since 0.1.0
 * @category models
 */
export interface Aws {
  readonly _tag: "Aws"
  readonly endpointUrl: string | undefined
  readonly region: string | undefined
  readonly profile: string | undefined
}

/**
 * @since 0.1.0
 * @category models
 */
export type Target = Simulate | Aws

/**
 * The seed of `--simulate` when `--seed` is not given.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultSeed = 42

/**
 * The simulator's time when it is seeded, so that a seed gives the same listing, timestamps included, on every run.
 *
 * @since 0.1.0
 * @category constants
 */
export const simulatedEpoch = "2025-06-01T12:00:00.000Z"

/**
 * The size of the simulated dataset: connectors, and sessions in each.
 *
 * @since 0.1.0
 * @category constants
 */
export const simulatedDataset = { connectors: 3, sessionsPerConnector: 25 } as const

/**
 * The voice connectors of the account, when the backend can list them (the simulator can; ListProxySessions alone
 * cannot, so the live layer can't).
 *
 * @since 0.1.0
 * @category tags
 */
export class VoiceConnectors extends Context.Tag("@chime-proxy/cli/VoiceConnectors")<
  VoiceConnectors,
  VoiceConnectors.Service
>() {}

/**
 * @since 0.1.0
 */
export declare namespace VoiceConnectors {
  /**
   * @since 0.1.0
   * @category models
   */
  export interface Service {
    readonly list: Option.Option<Effect.Effect<ReadonlyArray<string>>>
  }
}

/**
 * Builds the services of a target. The program passes {@link layer}; tests pass their own.
 *
 * @since 0.1.0
 * @category models
 */
export type Provider = (target: Target) => Layer.Layer<ProxySessions.ProxySessions | VoiceConnectors, unknown>

/**
 * Seeds a simulator as if at `instant`: the dataset's creation times end exactly there, so that a seed gives the
 * same dataset, to the millisecond, in every process. The simulator's time goes on from `instant`.
 *
 * @since 0.1.0
 * @category simulator
 */
export const seedAt = (
  control: Simulator.SimulatorControl.Service,
  instant: string,
  options: Simulator.SeedOptions
): Effect.Effect<ReadonlyArray<string>> =>
  Effect.flatMap(Clock.currentTimeMillis, (millis) => {
    // Setting the clock and seeding both read the Clock: frozen for the two, no millisecond can pass between them.
    const nanos = BigInt(millis) * 1_000_000n
    const frozen: Clock.Clock = {
      [Clock.ClockTypeId]: Clock.ClockTypeId,
      unsafeCurrentTimeMillis: () => millis,
      currentTimeMillis: Effect.succeed(millis),
      unsafeCurrentTimeNanos: () => nanos,
      currentTimeNanos: Effect.succeed(nanos),
      sleep: Effect.sleep
    }
    return Effect.withClock(Effect.zipRight(Effect.orDie(control.setClock(instant)), control.seed(options)), frozen)
  })

/**
 * The embedded simulator, seeded with {@link simulatedDataset} at {@link simulatedEpoch}; it can list its
 * connectors.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerSimulated = (
  seed: number
): Layer.Layer<ProxySessions.ProxySessions | VoiceConnectors | Simulator.SimulatorControl> =>
  Layer.effectContext(Effect.gen(function*() {
    const { Simulator } = yield* Effect.promise(() => import("@chime-proxy/simulator"))
    const simulator = yield* Simulator.make({ seed })
    yield* seedAt(simulator.control, simulatedEpoch, { seed, ...simulatedDataset })
    return Context.make(ProxySessions.ProxySessions, simulator.proxySessions).pipe(
      Context.add(Simulator.SimulatorControl, simulator.control),
      Context.add(VoiceConnectors, { list: Option.some(simulator.control.listVoiceConnectors()) })
    )
  }))

/**
 * The live layer for Node: the options win over the environment and the profile. It cannot list connectors. HTTP is
 * Node's built-in `fetch` rather than undici: loading undici costs more at every start than its faster pages save
 * on any listing shorter than a few thousand sessions.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerAws = (
  target: Omit<Aws, "_tag">
): Layer.Layer<ProxySessions.ProxySessions | VoiceConnectors, AwsError.ConfigurationError> =>
  Layer.merge(
    Layer.unwrapEffect(Effect.map(
      Effect.promise(() => import("@chime-proxy/aws")),
      ({ AwsProxySessions }) =>
        AwsProxySessions.layerNodeFetch({
          region: target.region,
          profile: target.profile,
          endpoint: target.endpointUrl
        })
    )),
    Layer.succeed(VoiceConnectors, { list: Option.none() })
  )

/**
 * The services of a target.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Provider = (target) => target._tag === "Simulate" ? layerSimulated(target.seed) : layerAws(target)
