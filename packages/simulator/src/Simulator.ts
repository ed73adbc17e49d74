/**
 * A deterministic in-process simulator of Amazon Chime SDK Voice proxy sessions. Its layer provides the
 * {@link ProxySessions.ProxySessions} and {@link VoiceConnectors.VoiceConnectors} services, so that code under test
 * cannot tell it from the live service, and a
 * {@link SimulatorControl} service to arrange the world: voice connectors, proxy sessions, their lifecycle, bulk
 * data, fixtures, faults and time.
 *
 * Time comes only from Effect's Clock (plus an offset the control can move), so `TestClock` drives everything.
 * Randomness comes only from the seed. The same seed and the same operations give the same listings, byte for byte.
 *
 * @since 0.1.0
 */
import type { ListProxySessions, ProxySession, ServiceError, VoiceConnector } from "@chime-proxy/core"
import { ProxySessions, VoiceConnectors } from "@chime-proxy/core"
import * as Context from "effect/Context"
import type * as DateTime from "effect/DateTime"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Stream from "effect/Stream"
import type * as FaultPlan from "./FaultPlan.js"
import type * as Fixture from "./Fixture.js"
import * as internal from "./internal/simulator.js"
import type { SimulatorError } from "./SimulatorError.js"

/**
 * The page size when a request has no MaxResults.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultPageSize: number = internal.defaultPageSize

/**
 * How long a Closed session stays listable: 30 days.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultRetention: Duration.Duration = internal.defaultRetention

/**
 * The most stored sessions one call of ListProxySessions examines. A page whose Status filter or retention skips
 * more than this many sessions comes back short (even empty) with a NextToken that goes on from where it stopped,
 * so that no call costs more than this, however large the connector.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultScanLimit: number = internal.defaultScanLimit

/**
 * @since 0.1.0
 * @category models
 */
export interface SimulatorOptions {
  /** The seed of every generated id and value. Default 0. */
  readonly seed?: number | undefined
  /** How long Closed sessions stay listable. Default {@link defaultRetention}. */
  readonly retention?: Duration.DurationInput | undefined
  /** The page size when MaxResults is absent, 1 to 100. Default {@link defaultPageSize}. */
  readonly defaultPageSize?: number | undefined
  /** The fault plan in force from the start (and after `reset`). Default: none. */
  readonly faults?: FaultPlan.FaultPlan | undefined
  /** The most sessions one call examines, at least 101. Default {@link defaultScanLimit}. */
  readonly scanLimit?: number | undefined
  /**
   * The simulator's time when it is built (and reset), and when a fixture is loaded (instead of the fixture's own
   * instant); the Clock runs on from there. Default: the Clock's time, or the fixture's instant. Handy under
   * TestClock, whose time starts at 1970-01-01.
   */
  readonly startTime?: DateTime.DateTime.Input | undefined
}

/**
 * A bulk dataset: `connectors` new voice connectors of `sessionsPerConnector` sessions each, all drawn from `seed`.
 *
 * @since 0.1.0
 * @category models
 */
export interface SeedOptions {
  readonly seed: number
  readonly connectors: number
  readonly sessionsPerConnector: number
}

/**
 * Arranges the simulated world. Separate from ProxySessions: the code under test only sees ProxySessions.
 *
 * @since 0.1.0
 * @category tags
 */
export class SimulatorControl extends Context.Tag("@chime-proxy/simulator/SimulatorControl")<
  SimulatorControl,
  SimulatorControl.Service
>() {}

/**
 * @since 0.1.0
 */
export declare namespace SimulatorControl {
  /**
   * @since 0.1.0
   * @category models
   */
  export interface Service {
    /**
     * Creates a voice connector, with a generated id (21–22 lowercase letters and digits) unless one is given.
     * Any member of a VoiceConnector can be given in `fields`, in the API's JSON form; the rest is generated from
     * the seed and the id, its timestamps now.
     */
    readonly createVoiceConnector: (options?: {
      readonly voiceConnectorId?: string | undefined
      readonly fields?: VoiceConnector.VoiceConnectorJson | undefined
    }) => Effect.Effect<ProxySession.VoiceConnectorId, SimulatorError>
    /** A voice connector as ListVoiceConnectors would return it. */
    readonly getVoiceConnector: (
      voiceConnectorId: string
    ) => Effect.Effect<VoiceConnector.VoiceConnector, SimulatorError>
    /** Deletes a voice connector and its sessions. Its NextTokens are refused from then on. */
    readonly deleteVoiceConnector: (voiceConnectorId: string) => Effect.Effect<void, SimulatorError>
    /** The ids of the voice connectors, sorted. */
    readonly listVoiceConnectors: () => Effect.Effect<ReadonlyArray<ProxySession.VoiceConnectorId>>
    /**
     * Creates a proxy session. Any member can be given, in the API's JSON form; the rest is generated.
     * `CreatedTimestamp` defaults to now; `Status` defaults to Open (InProgress counts as a recorded call, Closed
     * as a close at `EndedTimestamp`, or now).
     */
    readonly createProxySession: (
      voiceConnectorId: string,
      fields?: ProxySession.ProxySessionJson
    ) => Effect.Effect<ProxySession.ProxySession, SimulatorError>
    /** A session as ListProxySessions would return it now. */
    readonly getProxySession: (
      voiceConnectorId: string,
      proxySessionId: string
    ) => Effect.Effect<ProxySession.ProxySession, SimulatorError>
    /** Records a call: the session becomes InProgress, updated now. Fails on a Closed session. */
    readonly recordCall: (
      voiceConnectorId: string,
      proxySessionId: string
    ) => Effect.Effect<ProxySession.ProxySession, SimulatorError>
    /** Closes a session now. Fails on a Closed session. */
    readonly closeProxySession: (
      voiceConnectorId: string,
      proxySessionId: string
    ) => Effect.Effect<ProxySession.ProxySession, SimulatorError>
    /** Deletes a session. */
    readonly deleteProxySession: (
      voiceConnectorId: string,
      proxySessionId: string
    ) => Effect.Effect<void, SimulatorError>
    /** Adds a bulk dataset and returns the ids of its new voice connectors. Creation times end now. */
    readonly seed: (options: SeedOptions) => Effect.Effect<ReadonlyArray<ProxySession.VoiceConnectorId>>
    /**
     * Replaces the world with a fixture, and sets the simulator's time to the fixture's instant (its `ExportedAt`, or
     * its latest timestamp), where every listing gives back what the fixture records; or to `startTime`, when one is
     * given here or in the simulator's options. All or nothing: a bad fixture changes nothing. Says how it was
     * loaded, with a notice to show when there is something to know. A large fixture is loaded in slices that give
     * the event loop its turns, off to the side, and put in place in one step: calls made meanwhile see the world as
     * it was. Loads run one at a time, in the order they were asked for.
     */
    readonly loadFixture: (
      json: unknown,
      options?: { readonly startTime?: DateTime.DateTime.Input | undefined }
    ) => Effect.Effect<Fixture.Loaded, Fixture.FixtureError>
    /**
     * The world as a fixture: connectors sorted by id, their listable sessions in listing order; what a loaded fixture
     * recorded is saved as it was, members the simulator does not know included.
     */
    readonly saveFixture: () => Effect.Effect<Fixture.FixtureJson>
    /** Back to the state of a fresh simulator with the same options; NextTokens issued before are refused. */
    readonly reset: () => Effect.Effect<void>
    /** Sets the fault plan; scripted call numbers count from here. */
    readonly setFaults: (plan: FaultPlan.FaultPlan) => Effect.Effect<void>
    /** Removes every fault. */
    readonly clearFaults: () => Effect.Effect<void>
    /** The calls of ListProxySessions and ListVoiceConnectors since the fault plan was set. */
    readonly callCount: () => Effect.Effect<number>
    /** Moves the simulator's time forward (on top of the Clock). */
    readonly advanceClock: (duration: Duration.DurationInput) => Effect.Effect<void>
    /** Sets the simulator's time (on top of the Clock, which keeps running from there). */
    readonly setClock: (instant: DateTime.DateTime.Input) => Effect.Effect<void, SimulatorError>
    /** The simulator's time. */
    readonly now: () => Effect.Effect<DateTime.Utc>
  }
}

/**
 * The simulator's ListProxySessions answered straight in its wire form, for a server in front of it such as the HTTP
 * emulator: the same call as {@link ProxySessions.ProxySessions}'s (the same fault plan and call count, errors,
 * NextTokens and order) whose page comes back as the very body `Wire.encodeResponse` would write for it, in UTF-8.
 * No ProxySession value is built: a page is a copy of each session's JSON, which the simulator caches. Unlike
 * ProxySessions' calls, these open no `ListProxySessions` span: the server in front has its own.
 *
 * @since 0.1.0
 * @category tags
 */
export class SimulatorWire extends Context.Tag("@chime-proxy/simulator/SimulatorWire")<
  SimulatorWire,
  SimulatorWire.Service
>() {}

/**
 * @since 0.1.0
 */
export declare namespace SimulatorWire {
  /**
   * @since 0.1.0
   * @category models
   */
  export interface Service {
    /** The ProxySessions service whose calls these are: a server uses the wire form only in front of this one. */
    readonly proxySessions: ProxySessions.ProxySessions.Service
    /** The simulator's VoiceConnectors service, for a server's ListVoiceConnectors. */
    readonly voiceConnectors: VoiceConnectors.VoiceConnectors.Service
    /** ListProxySessions of a request already validated (by `Wire.decodeRequest`), the page as its JSON body. */
    readonly listProxySessionsJson: (
      request: ListProxySessions.ListProxySessionsRequest
    ) => Effect.Effect<Uint8Array, ServiceError.ServiceError>
    /**
     * `saveFixture`'s JSON, byte for byte what `JSON.stringify` writes for it, in UTF-8 chunks of about
     * {@link fixtureChunkBytes}, each made when it is pulled: a world of a million sessions is more than V8's longest
     * string. The world is saved as it is at the instant the stream starts.
     */
    readonly saveFixtureJson: () => Stream.Stream<Uint8Array>
  }
}

/**
 * The size of the chunks of `SimulatorWire.saveFixtureJson`: each is made in one go, so that the time between two
 * stays a few milliseconds.
 *
 * @since 0.1.0
 * @category constants
 */
export const fixtureChunkBytes: number = internal.fixtureChunkBytes

/**
 * A simulator: the ProxySessions and VoiceConnectors services it answers with, its control, and its answers in wire
 * form.
 *
 * @since 0.1.0
 * @category models
 */
export interface Simulator {
  readonly proxySessions: ProxySessions.ProxySessions.Service
  readonly voiceConnectors: VoiceConnectors.VoiceConnectors.Service
  readonly control: SimulatorControl.Service
  readonly wire: SimulatorWire.Service
}

/**
 * Makes a simulator. Invalid options are a defect (an `IllegalArgumentException`).
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: (options?: SimulatorOptions) => Effect.Effect<Simulator> = internal.make

/**
 * A layer of a simulator: ProxySessions, VoiceConnectors and SimulatorControl (and SimulatorWire, for a server in
 * front of it).
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  options?: SimulatorOptions
): Layer.Layer<ProxySessions.ProxySessions | VoiceConnectors.VoiceConnectors | SimulatorControl | SimulatorWire> =>
  Layer.effectContext(
    Effect.map(make(options), (simulator) =>
      Context.make(ProxySessions.ProxySessions, simulator.proxySessions).pipe(
        Context.add(VoiceConnectors.VoiceConnectors, simulator.voiceConnectors),
        Context.add(SimulatorControl, simulator.control),
        Context.add(SimulatorWire, simulator.wire)
      ))
  )

/**
 * A layer of a simulator loaded with a fixture, in one line: its time is the fixture's instant (`ExportedAt`, or its
 * latest timestamp), or `startTime` when the options give one.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerFixture = (
  json: unknown,
  options?: SimulatorOptions
): Layer.Layer<
  ProxySessions.ProxySessions | VoiceConnectors.VoiceConnectors | SimulatorControl | SimulatorWire,
  Fixture.FixtureError
> => Layer.tap(layer(options), (context) => Context.get(context, SimulatorControl).loadFixture(json))

/**
 * A layer of a simulator seeded with a bulk dataset, in one line. The dataset's creation times end at the Clock's
 * time when the layer is built.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerSeeded = (
  seedOptions: SeedOptions,
  options?: SimulatorOptions
): Layer.Layer<ProxySessions.ProxySessions | VoiceConnectors.VoiceConnectors | SimulatorControl | SimulatorWire> =>
  Layer.tap(
    layer({ seed: seedOptions.seed, ...options }),
    (context) => Context.get(context, SimulatorControl).seed(seedOptions)
  )

/**
 * Creates a voice connector, with the SimulatorControl of the context.
 *
 * @since 0.1.0
 * @category accessors
 */
export const createVoiceConnector = (options?: {
  readonly voiceConnectorId?: string | undefined
}): Effect.Effect<ProxySession.VoiceConnectorId, SimulatorError, SimulatorControl> =>
  Effect.flatMap(SimulatorControl, (control) => control.createVoiceConnector(options))

/**
 * Creates a proxy session, with the SimulatorControl of the context.
 *
 * @since 0.1.0
 * @category accessors
 */
export const createProxySession = (
  voiceConnectorId: string,
  fields?: ProxySession.ProxySessionJson
): Effect.Effect<ProxySession.ProxySession, SimulatorError, SimulatorControl> =>
  Effect.flatMap(SimulatorControl, (control) => control.createProxySession(voiceConnectorId, fields))
