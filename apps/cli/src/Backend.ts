/**
 * Where the sessions and the voice connectors come from: the embedded simulator (`--simulate`), or the live AWS
 * layers (ProxySessions and VoiceConnectors), which an `--endpoint-url` can point at the HTTP emulator. The account's
 * connectors are listed with ListVoiceConnectors everywhere, real AWS included. Each backend is imported when its
 * layer is built, so that a run loads the code of one of them only: most of a start's time is spent loading modules.
 *
 * @since 0.1.0
 */
import type { AwsError } from "@chime-proxy/aws"
import type { ProxySessionsError } from "@chime-proxy/core"
import { ProxySessions, VoiceConnectors } from "@chime-proxy/core"
import type { Simulator } from "@chime-proxy/simulator"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"

/**
 * The embedded simulator with a seeded dataset.
 *
 * @since 0.1.0
 * @category models
 */
export interface Simulate {
  readonly _tag: "Simulate"
  readonly seed: number
  readonly connectors: number
  readonly sessionsPerConnector: number
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
 * The simulator's time when it is seeded, so that a seed gives the same dataset, timestamps included, on every run.
 *
 * @since 0.1.0
 * @category constants
 */
export const simulatedEpoch = "2025-06-01T12:00:00.000Z"

/**
 * What the commands need of the account besides ProxySessions and VoiceConnectors: its time.
 *
 * @since 0.1.0
 * @category tags
 */
export class Account extends Context.Tag("@chime-proxy/cli/Account")<Account, Account.Service>() {}

/**
 * @since 0.1.0
 */
export declare namespace Account {
  /**
   * @since 0.1.0
   * @category models
   */
  export interface Service {
    /** The account's time: the simulator's own, or the wall clock. */
    readonly now: Effect.Effect<DateTime.Utc>
  }
}

/**
 * Builds the services of a target. The program passes {@link layer}; tests pass their own.
 *
 * @since 0.1.0
 * @category models
 */
export type Provider = (
  target: Target
) => Layer.Layer<ProxySessions.ProxySessions | VoiceConnectors.VoiceConnectors | Account, unknown>

/**
 * The ids of every voice connector of the account, in the order ListVoiceConnectors gives them (100 a call).
 *
 * @since 0.1.0
 * @category accessors
 */
export const voiceConnectorIds: Effect.Effect<
  ReadonlyArray<string>,
  ProxySessionsError.ProxySessionsError,
  VoiceConnectors.VoiceConnectors
> = Effect.map(
  Stream.runCollect(VoiceConnectors.stream({ pageSize: 100 })),
  (connectors) => Array.from(connectors, (connector) => connector.VoiceConnectorId ?? "").filter((id) => id !== "")
)

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
 * The embedded simulator, seeded at {@link simulatedEpoch}: its sessions, its connectors, and its time is that
 * instant.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerSimulated = (
  options: Omit<Simulate, "_tag">
): Layer.Layer<
  ProxySessions.ProxySessions | VoiceConnectors.VoiceConnectors | Account | Simulator.SimulatorControl
> =>
  Layer.effectContext(Effect.gen(function*() {
    const { Simulator } = yield* Effect.promise(() => import("@chime-proxy/simulator"))
    const simulator = yield* Simulator.make({ seed: options.seed })
    yield* seedAt(simulator.control, simulatedEpoch, options)
    return Context.make(ProxySessions.ProxySessions, simulator.proxySessions).pipe(
      Context.add(VoiceConnectors.VoiceConnectors, simulator.voiceConnectors),
      Context.add(Simulator.SimulatorControl, simulator.control),
      Context.add(Account, {
        // A command runs a few milliseconds after the seeding; judging time at the seeding instant itself makes
        // its output the same on every run.
        now: Effect.succeed(DateTime.unsafeMake(simulatedEpoch))
      })
    )
  }))

/**
 * The live layers for Node: the options win over the environment and the profile. HTTP is Node's built-in `fetch` rather than undici:
 * loading undici costs more at every start than its faster pages save on any listing shorter than a few thousand
 * sessions.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerAws = (
  target: Omit<Aws, "_tag">
): Layer.Layer<
  ProxySessions.ProxySessions | VoiceConnectors.VoiceConnectors | Account,
  AwsError.ConfigurationError
> =>
  Layer.merge(
    Layer.unwrapEffect(Effect.map(
      Effect.promise(() => import("@chime-proxy/aws")),
      ({ AwsProxySessions, AwsVoiceConnectors }) => {
        const options = { region: target.region, profile: target.profile, endpoint: target.endpointUrl }
        return Layer.merge(AwsProxySessions.layerNodeFetch(options), AwsVoiceConnectors.layerNodeFetch(options))
      }
    )),
    Layer.succeed(Account, { now: DateTime.now })
  )

/**
 * The services of a target.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Provider = (target) => target._tag === "Simulate" ? layerSimulated(target) : layerAws(target)
