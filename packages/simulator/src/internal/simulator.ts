/**
 * The simulator's services built over its engine: option checks, the one call of ListProxySessions (a fault drawn
 * first, then the answer at the simulator's instant) in both its forms, and the control.
 */
import type { ProxySessions, VoiceConnectors } from "@chime-proxy/core"
import { ServiceError, VoiceConnectorsWire, Wire } from "@chime-proxy/core"
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as DateTime from "effect/DateTime"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import * as FaultPlan from "../FaultPlan.js"
import * as Fixture from "../Fixture.js"
import type { SeedOptions, Simulator, SimulatorControl, SimulatorOptions, SimulatorWire } from "../Simulator.js"
import { SimulatorError } from "../SimulatorError.js"
import { Engine } from "./engine.js"
import { decodeSteps } from "./fixtureLoad.js"
import { sliced } from "./slices.js"

/** The size of a chunk of a saved fixture's JSON (counted in UTF-16 code units, which is close). */
export const fixtureChunkBytes = 128 * 1024

const utf8 = new TextEncoder()

/** The page size when a request has no MaxResults. */
export const defaultPageSize = 10

/** How long a Closed session stays listable: 30 days. */
export const defaultRetention: Duration.Duration = Duration.days(30)

/** The most stored sessions one call of ListProxySessions examines. */
export const defaultScanLimit = 10_000

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

/** Makes a simulator. Invalid options are a defect (an `IllegalArgumentException`). */
export const make = (options: SimulatorOptions = {}): Effect.Effect<Simulator> =>
  Effect.try({ try: () => resolveOptions(options), catch: (error) => error }).pipe(
    Effect.orDieWith(illegalArgument),
    Effect.bindTo("resolved"),
    Effect.bind("clock", () => Clock.currentTimeMillis),
    Effect.map(({ clock, resolved }) => {
      const engine = new Engine(resolved)
      const loadLock = Effect.unsafeMakeSemaphore(1)
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
      // ListVoiceConnectors is a call as ListProxySessions is: it draws from the same fault plan and call count.
      const voiceConnectors: VoiceConnectors.VoiceConnectors.Service = {
        listVoiceConnectors: (input) =>
          call(() =>
            Effect.flatMap(
              Effect.mapError(
                VoiceConnectorsWire.validateRequest(input),
                (error) => badRequest(error.field, error.constraint)
              ),
              (request) => Effect.suspend(() => engine.listConnectors(request))
            )
          ).pipe(Effect.withSpan("ListVoiceConnectors", { attributes: { simulator: true } }))
      }
      const control: SimulatorControl.Service = {
        createVoiceConnector: (createOptions) =>
          atNow((instant) => engine.createConnector(createOptions?.voiceConnectorId, createOptions?.fields, instant)),
        getVoiceConnector: (id) => Effect.suspend(() => engine.getConnector(id)),
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
        // Decoded and built in slices, so that a server in front keeps answering, and swapped in at once: a call
        // made meanwhile sees the world as it was. Loads run one at a time, in the order they were asked for.
        loadFixture: (json, loadOptions) =>
          loadLock.withPermits(1)(
            Effect.suspend(() => {
              const steps = decodeSteps(json)
              return Effect.zipRight(sliced(steps.step), Effect.suspend(steps.result))
            }).pipe(
              Effect.flatMap(({ fixture, latest }) => {
                const given = loadOptions?.startTime === undefined ? undefined : DateTime.make(loadOptions.startTime)
                if (given !== undefined && given._tag === "None") {
                  return Effect.die(new Cause.IllegalArgumentException("startTime must be a valid instant"))
                }
                const anchor = fixture.ExportedAt !== undefined || !Number.isFinite(latest)
                  ? Fixture.anchor(fixture)
                  : { instant: DateTime.unsafeMake(latest), from: "LatestTimestamp" as const }
                const startTime = given !== undefined
                  ? DateTime.toEpochMillis(given.value)
                  : resolved.startTime
                return Effect.flatMap(Clock.currentTimeMillis, (clock) => {
                  const instant = startTime ??
                    (anchor === undefined ? clock + engine.offset : DateTime.toEpochMillis(anchor.instant))
                  const loader = engine.fixtureLoader(
                    fixture,
                    json,
                    instant,
                    anchor === undefined ? instant : DateTime.toEpochMillis(anchor.instant)
                  )
                  return Effect.zipRight(
                    sliced(loader.step),
                    Effect.map(Clock.currentTimeMillis, (committed) => {
                      loader.commit()
                      engine.offset = instant - committed
                      return loaded(fixture, anchor, instant, startTime !== undefined)
                    })
                  )
                })
              })
            )
          ),
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
        voiceConnectors,
        // No span: a span per call costs a server in front of the simulator more than the rest of the call does.
        listProxySessionsJson: (request) => call(() => atNow((instant) => engine.listJson(request, instant))),
        saveFixtureJson: () =>
          Stream.unwrap(Effect.map(now, (instant) => {
            const next = engine.saveFixtureText(instant)
            return Stream.repeatEffectOption(Effect.suspend(() => {
              let text = next()
              if (text === undefined) return Effect.fail(Option.none())
              const parts = [text]
              let size = text.length
              while (size < fixtureChunkBytes && (text = next()) !== undefined) {
                parts.push(text)
                size += text.length
              }
              return Effect.succeed(utf8.encode(parts.join("")))
            }))
          }))
      }
      return { proxySessions, voiceConnectors, control, wire }
    })
  )

const loaded = (
  fixture: Fixture.Fixture,
  anchor: ReturnType<typeof Fixture.anchor>,
  now: number,
  started: boolean
): Fixture.Loaded => {
  const incomplete = (fixture.Export?.VoiceConnectors ?? []).filter((connector) => !connector.Complete)
    .map((connector) => connector.VoiceConnectorId)
  const notices: Array<string> = []
  if (anchor?.from === "LatestTimestamp") {
    notices.push(
      `The fixture has no ExportedAt: it is taken as recorded at its latest timestamp, ${
        DateTime.formatIso(anchor.instant)
      }${started ? "" : ", where the simulator's time now starts"}.`
    )
  }
  if (incomplete.length > 0) {
    notices.push(
      `The archive's export is incomplete: ${incomplete.join(", ")} did not list all ${
        incomplete.length === 1 ? "its" : "their"
      } sessions.`
    )
  }
  return {
    voiceConnectorIds: fixture.VoiceConnectors.map((connector) => connector.VoiceConnectorId).sort(),
    recordedAt: anchor?.instant,
    anchoredBy: started ? "startTime" : anchor?.from ?? "Clock",
    now: DateTime.unsafeMake(now),
    incomplete,
    notice: notices.length === 0 ? undefined : notices.join(" ")
  }
}

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
