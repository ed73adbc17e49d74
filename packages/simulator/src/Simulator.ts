/**
 * A deterministic in-process simulator of Amazon Chime SDK Voice proxy sessions. Its layer provides the
 * {@link ProxySessions.ProxySessions} service, so that code under test cannot tell it from the live service, and a
 * {@link SimulatorControl} service to arrange the world: voice connectors, proxy sessions, their lifecycle, bulk
 * data, fixtures, faults and time.
 *
 * Time comes only from Effect's Clock (plus an offset the control can move), so `TestClock` drives everything.
 * Randomness comes only from the seed. The same seed and the same operations give the same listings, byte for byte.
 *
 * @since 0.1.0
 */
import type { ListProxySessions, ProxySession } from "@chime-proxy/core"
import { ProxySessions, ServiceError, Wire } from "@chime-proxy/core"
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as DateTime from "effect/DateTime"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as FaultPlan from "./FaultPlan.js"
import * as Fixture from "./Fixture.js"
import { Engine } from "./internal/engine.js"
import { SimulatorError } from "./SimulatorError.js"

/**
 * The page size when a request has no MaxResults.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultPageSize = 10

/**
 * How long a Closed session stays listable: 30 days.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultRetention: Duration.Duration = Duration.days(30)

/**
 * The most stored sessions one call of ListProxySessions examines. A page whose Status filter or retention skips
 * more than this many sessions comes back short (even empty) with a NextToken that goes on from where it stopped,
 * so that no call costs more than this, however large the connector.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultScanLimit = 10_000

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
   * The simulator's time when it is built (and reset); the Clock runs on from there. Default: the Clock's time.
   * Handy under TestClock, whose time starts at 1970-01-01.
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
    /** Creates a voice connector, with a generated id (21–22 lowercase letters and digits) unless one is given. */
    readonly createVoiceConnector: (options?: {
      readonly voiceConnectorId?: string | undefined
    }) => Effect.Effect<ProxySession.VoiceConnectorId, SimulatorError>
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
    /** Replaces the world with a fixture. All or nothing: a bad fixture changes nothing. */
    readonly loadFixture: (json: unknown) => Effect.Effect<void, Fixture.FixtureError>
    /** The world as a fixture: connectors sorted by id, their listable sessions in listing order. */
    readonly saveFixture: () => Effect.Effect<Fixture.FixtureJson>
    /** Back to the state of a fresh simulator with the same options; NextTokens issued before are refused. */
    readonly reset: () => Effect.Effect<void>
    /** Sets the fault plan; scripted call numbers count from here. */
    readonly setFaults: (plan: FaultPlan.FaultPlan) => Effect.Effect<void>
    /** Removes every fault. */
    readonly clearFaults: () => Effect.Effect<void>
    /** The calls of ListProxySessions since the fault plan was set. */
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
    /** ListProxySessions of a request already validated (by `Wire.decodeRequest`), the page as its JSON body. */
    readonly listProxySessionsJson: (
      request: ListProxySessions.ListProxySessionsRequest
    ) => Effect.Effect<Uint8Array, ServiceError.ServiceError>
  }
}

/**
 * A simulator: the ProxySessions service it answers with, its control, and its answers in wire form.
 *
 * @since 0.1.0
 * @category models
 */
export interface Simulator {
  readonly proxySessions: ProxySessions.ProxySessions.Service
  readonly control: SimulatorControl.Service
  readonly wire: SimulatorWire.Service
}

const resolveOptions = (options: SimulatorOptions) => {
  const pageSize = options.defaultPageSize ?? defaultPageSize
  const scanLimit = options.scanLimit ?? defaultScanLimit
  const retention = Duration.decode(options.retention ?? defaultRetention)
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) {
    throw new Error("defaultPageSize must be an integer from 1 to 100")
  }
  if (!Number.isSafeInteger(scanLimit) || scanLimit < 101) {
    throw new Error("scanLimit must be an integer of at least 101")
  }
  const seed = options.seed ?? 0
  if (!Number.isFinite(seed)) throw new Error("seed must be a finite number")
  const startTime = options.startTime === undefined ? undefined : DateTime.make(options.startTime)
  if (startTime !== undefined && startTime._tag === "None") throw new Error("startTime must be a valid instant")
  return {
    startTime: startTime === undefined ? undefined : DateTime.toEpochMillis(startTime.value),
    seed,
    retentionMillis: Duration.isFinite(retention) ? Duration.toMillis(retention) : Number.POSITIVE_INFINITY,
    defaultPageSize: pageSize,
    scanLimit,
    faults: options.faults ?? FaultPlan.none
  }
}

const badRequest = (field: string, constraint: string) =>
  new ServiceError.BadRequestException({ Message: `Invalid ${Wire.wireNames[field] ?? field}: ${constraint}` })

/**
 * Makes a simulator. Invalid options are a defect (an `IllegalArgumentException`).
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: SimulatorOptions = {}): Effect.Effect<Simulator> =>
  Effect.try({ try: () => resolveOptions(options), catch: (error) => error }).pipe(
    Effect.orDieWith(illegalArgument),
    Effect.bindTo("resolved"),
    Effect.bind("clock", () => Clock.currentTimeMillis),
    Effect.map(({ clock, resolved }) => {
      const engine = new Engine(resolved)
      const startOffset = (clockNow: number) => resolved.startTime === undefined ? 0 : resolved.startTime - clockNow
      engine.offset = startOffset(clock)
      const now = Effect.map(Clock.currentTimeMillis, (millis) => millis + engine.offset)
      const atNow = <A, E>(f: (now: number) => Either.Either<A, E>): Effect.Effect<A, E> =>
        Effect.flatMap(now, (instant) => Effect.suspend(() => f(instant)))
      // One call of ListProxySessions, in either form: its fault is drawn first, whatever the request.
      const call = <A>(
        answer: () => Effect.Effect<A, ServiceError.ServiceError>
      ): Effect.Effect<A, ServiceError.ServiceError> =>
        Effect.suspend(() => {
          const fault = engine.nextFault()
          const answered = fault.error !== undefined ? Effect.fail(fault.error) : Effect.suspend(answer)
          return fault.delayMillis > 0 ? Effect.zipRight(Effect.sleep(fault.delayMillis), answered) : answered
        })
      const listProxySessions = (input: ProxySessions.ListProxySessionsInput) =>
        call(() =>
          Effect.flatMap(
            Effect.mapError(Wire.validateRequest(input), (error) => badRequest(error.field, error.constraint)),
            (request) => atNow((instant) => engine.list(request, instant))
          )
        ).pipe(Effect.withSpan("ListProxySessions", { attributes: { simulator: true } }))
      // The service is its one call: pages and streams derive from it (`ProxySessions.pages`, `.stream`) as they
      // do for every implementation. Not `ProxySessions.make`: a server answers a bad request with a
      // BadRequestException naming the wire parameter, after drawing the call's fault, as the service does.
      const proxySessions: ProxySessions.ProxySessions.Service = { listProxySessions }
      const control: SimulatorControl.Service = {
        createVoiceConnector: (createOptions) =>
          Effect.suspend(() => engine.createConnector(createOptions?.voiceConnectorId)),
        deleteVoiceConnector: (id) => Effect.suspend(() => engine.deleteConnector(id)),
        listVoiceConnectors: () => Effect.sync(() => engine.connectorIds()),
        createProxySession: (id, fields) => atNow((instant) => engine.createSession(id, fields ?? {}, instant)),
        getProxySession: (id, sessionId) => atNow((instant) => engine.getSession(id, sessionId, instant)),
        recordCall: (id, sessionId) => atNow((instant) => engine.recordCall(id, sessionId, instant)),
        closeProxySession: (id, sessionId) => atNow((instant) => engine.closeSession(id, sessionId, instant)),
        deleteProxySession: (id, sessionId) => atNow((instant) => engine.deleteSession(id, sessionId, instant)),
        seed: (seedOptions) =>
          Effect.flatMap(
            Effect.try({ try: () => checkSeedOptions(seedOptions), catch: (error) => error }).pipe(
              Effect.orDieWith(illegalArgument)
            ),
            () => Effect.map(now, (instant) => engine.seed(seedOptions, instant))
          ),
        loadFixture: (json) =>
          atNow((instant) => Either.map(Fixture.decode(json), (fixture) => engine.loadFixture(fixture, instant))),
        saveFixture: () => Effect.map(now, (instant) => engine.saveFixture(instant)),
        reset: () =>
          Effect.flatMap(Clock.currentTimeMillis, (clock) =>
            Effect.sync(() => {
              engine.reset()
              engine.offset = startOffset(clock)
            })),
        setFaults: (plan) => Effect.sync(() => engine.setFaults(plan)),
        clearFaults: () => Effect.sync(() => engine.setFaults(FaultPlan.none)),
        callCount: () => Effect.sync(() => engine.callCount),
        advanceClock: (duration) =>
          Effect.sync(() => {
            engine.offset += Duration.toMillis(duration)
          }),
        setClock: (instant) =>
          Effect.flatMap(Clock.currentTimeMillis, (clock) =>
            Effect.suspend(() => {
              const target = DateTime.make(instant)
              if (target._tag === "None") {
                return Effect.fail(
                  new SimulatorError({ reason: "InvalidInput", detail: "setClock: not a valid instant" })
                )
              }
              engine.offset = DateTime.toEpochMillis(target.value) - clock
              return Effect.void
            })),
        now: () => Effect.map(now, (millis) => DateTime.unsafeMake(millis))
      }
      const wire: SimulatorWire.Service = {
        proxySessions,
        // No span: a span per call costs a server in front of the simulator more than the rest of the call does.
        listProxySessionsJson: (request) => call(() => atNow((instant) => engine.listJson(request, instant)))
      }
      return { proxySessions, control, wire }
    })
  )

const checkSeedOptions = (options: SeedOptions) => {
  const count = (name: string, value: number) => {
    if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer`)
  }
  count("connectors", options.connectors)
  count("sessionsPerConnector", options.sessionsPerConnector)
  if (!Number.isFinite(options.seed)) throw new Error("seed must be a finite number")
}

const illegalArgument = (error: unknown) =>
  new Cause.IllegalArgumentException(error instanceof Error ? error.message : String(error))

/**
 * A layer of a simulator: ProxySessions and SimulatorControl (and SimulatorWire, for a server in front of it).
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  options?: SimulatorOptions
): Layer.Layer<ProxySessions.ProxySessions | SimulatorControl | SimulatorWire> =>
  Layer.effectContext(
    Effect.map(make(options), (simulator) =>
      Context.make(ProxySessions.ProxySessions, simulator.proxySessions).pipe(
        Context.add(SimulatorControl, simulator.control),
        Context.add(SimulatorWire, simulator.wire)
      ))
  )

/**
 * A layer of a simulator loaded with a fixture, in one line.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerFixture = (
  json: unknown,
  options?: SimulatorOptions
): Layer.Layer<ProxySessions.ProxySessions | SimulatorControl | SimulatorWire, Fixture.FixtureError> =>
  Layer.tap(layer(options), (context) => Context.get(context, SimulatorControl).loadFixture(json))

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
): Layer.Layer<ProxySessions.ProxySessions | SimulatorControl | SimulatorWire> =>
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
