/**
 * The HTTP emulator: a simulator served on the real wire protocol of ListProxySessions (restJson1 over HTTP/1.1,
 * SigV4), so that the official AWS SDKs and the AWS CLI can be pointed at it with `--endpoint-url`.
 *
 * - `GET /voice-connectors/{voiceConnectorId}/proxy-sessions` (ListProxySessions) and `GET /voice-connectors`
 *   (ListVoiceConnectors) answer as the service does; errors are restJson1's (`X-Amzn-ErrorType`,
 *   `{ "Code", "Message" }`), with `x-amzn-RequestId` and `Date` on every response.
 * - Requests are verified with SigV4 (service `chime`, the emulator's region) unless `auth: false`.
 * - Admin routes under `/_chime-proxy/` arrange the world over HTTP (see the Admin module), signed as the AWS route
 *   is unless `auth: false`, and closed to browsers (`Origin`, a foreign `Host`) whatever the authentication.
 * - Wire faults (throttling, 500/503, dropped connections, latency) come before the simulator's own fault plan.
 *
 * The front door (signature expiry, `Date` headers) keeps the time of Effect's Clock, as AWS keeps its own; the
 * simulator's clock, which the control and the admin routes move, is the time of the simulated world only.
 *
 * @since 0.1.0
 */
import { ProxySessions, ServiceError, VoiceConnectors, VoiceConnectorsWire, Wire } from "@chime-proxy/core"
import { FaultPlan, Simulator } from "@chime-proxy/simulator"
import type { ServeError } from "@effect/platform/HttpServerError"
import * as Context from "effect/Context"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Option from "effect/Option"
import * as Ref from "effect/Ref"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import { AdminFailure } from "./internal/adminApi.js"
import { serve } from "./internal/server.js"
import type { Backend } from "./internal/server.js"
import * as SigV4Verifier from "./SigV4Verifier.js"
import * as WireFaults from "./WireFaults.js"

/**
 * The host the emulator listens on unless told otherwise: the loopback interface only.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultHost = "127.0.0.1"

/**
 * The region the emulator serves unless told otherwise.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultRegion = "us-east-1"

/**
 * The default limit on the request line and headers together, in bytes (Node's own default).
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultMaxHeaderBytes = 16 * 1024

/**
 * The default limit on the body of an admin request: 1 GiB, above a fixture of a million sessions (the most a seed
 * makes), which takes 567 MB as the emulator saves it and 672 MB indented by two spaces. Bodies are parsed as they
 * arrive, never held whole.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultMaxAdminBodyBytes = 1024 * 1024 * 1024

/**
 * How deep the JSON of an admin body may nest: a fixture needs 5 levels, a fault plan fewer.
 *
 * @since 0.1.0
 * @category constants
 */
export const maxAdminJsonDepth = 64

/**
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** Default {@link defaultHost}. */
  readonly host?: string | undefined
  /** Default 0: a free port, which {@link Emulator.Service} reports. */
  readonly port?: number | undefined
  /** The region of the credential scope. Default {@link defaultRegion}. */
  readonly region?: string | undefined
  /** The key pairs accepted. Default: {@link SigV4Verifier.defaultCredential} alone. */
  readonly credentials?: ReadonlyArray<SigV4Verifier.Credential> | undefined
  /** Whether to verify SigV4, on the AWS route and the admin routes. Default true; switch it off only on purpose. */
  readonly auth?: boolean | undefined
  /** Whether to serve the admin routes under `/_chime-proxy/`. Default true. */
  readonly admin?: boolean | undefined
  /** The wire faults in force from the start. Default: none. */
  readonly wireFaults?: WireFaults.WireFaults | undefined
  /** The limit on the request line and headers together. Default {@link defaultMaxHeaderBytes}. */
  readonly maxHeaderBytes?: number | undefined
  /** The limit on the body of an admin request. Default {@link defaultMaxAdminBodyBytes}. */
  readonly maxAdminBodyBytes?: number | undefined
  /**
   * Moves the front door's clock (signature expiry, `Date` headers) this far from Effect's Clock, to test how a
   * client handles clock skew. Default 0.
   */
  readonly clockSkewMillis?: number | undefined
}

/**
 * A running emulator.
 *
 * @since 0.1.0
 * @category tags
 */
export class Emulator extends Context.Tag("@chime-proxy/emulator/Emulator")<Emulator, Emulator.Service>() {}

/**
 * @since 0.1.0
 */
export declare namespace Emulator {
  /**
   * @since 0.1.0
   * @category models
   */
  export interface Service {
    /** `http://HOST:PORT`, the endpoint to give an SDK or the AWS CLI. */
    readonly url: string
    readonly host: string
    readonly port: number
    readonly region: string
    readonly credentials: ReadonlyArray<SigV4Verifier.Credential>
    readonly auth: boolean
    readonly wireFaults: Effect.Effect<WireFaults.WireFaults>
    readonly setWireFaults: (faults: WireFaults.WireFaults) => Effect.Effect<void>
  }
}

const fixtureFailure = (error: { readonly message: string }) =>
  new AdminFailure({ code: "InvalidFixture", message: error.message })

const decodeFaultPlan = Schema.decodeUnknown(FaultPlan.FaultPlan)

/**
 * The range of the simulated world's clock over HTTP: from 1970 to the end of 9999, the instants that ISO 8601's
 * four-digit years and AWS's timestamps can carry. Far inside JavaScript's dates, so that no expiry or retention
 * computed from the clock can leave them.
 *
 * @since 0.1.0
 * @category constants
 */
export const worldClockRange = {
  min: Date.parse("1970-01-01T00:00:00.000Z"),
  max: Date.parse("9999-12-31T23:59:59.999Z")
} as const

const clockOutOfRange = (millis: number) =>
  new AdminFailure({
    code: "InvalidRequest",
    message: `The clock must stay between ${new Date(worldClockRange.min).toISOString()} and ${
      new Date(worldClockRange.max).toISOString()
    }${Number.isFinite(millis) && Math.abs(millis) <= 8.64e15 ? `, not ${new Date(millis).toISOString()}` : ""}`
  })

const inRange = (millis: number) =>
  Number.isFinite(millis) && millis >= worldClockRange.min && millis <= worldClockRange.max

const utf8 = new TextEncoder()

// Without a VoiceConnectors in the context nor a simulator's wire form, ListVoiceConnectors has nothing to answer from.
const unavailableConnectors: VoiceConnectors.VoiceConnectors.Service = {
  listVoiceConnectors: () =>
    Effect.fail(
      new ServiceError.ServiceUnavailableException({
        Message: "ListVoiceConnectors is not served: provide VoiceConnectors to the emulator"
      })
    )
}

const backendOf = (
  proxySessions: ProxySessions.ProxySessions.Service,
  voiceConnectors: VoiceConnectors.VoiceConnectors.Service,
  control: Simulator.SimulatorControl.Service,
  wire: Option.Option<Simulator.SimulatorWire.Service>,
  clockLock: Effect.Semaphore
): Backend => ({
  listConnectors: (request) =>
    Effect.map(
      voiceConnectors.listVoiceConnectors(request),
      (response) => utf8.encode(VoiceConnectorsWire.encodeResponse(response))
    ),
  // The simulator's own wire form when it is the one answering: no ProxySession value is built for a page.
  listPage: Option.isSome(wire) && wire.value.proxySessions === proxySessions
    ? wire.value.listProxySessionsJson
    : (request) =>
      Effect.map(proxySessions.listProxySessions(request), (response) => utf8.encode(Wire.encodeResponse(response))),
  worldNow: Effect.map(control.now(), DateTime.toEpochMillis),
  voiceConnectorIds: control.listVoiceConnectors(),
  reset: control.reset(),
  loadFixture: (json, startTime) =>
    Effect.map(
      Effect.mapError(control.loadFixture(json, { startTime }), fixtureFailure),
      (loaded) => ({
        VoiceConnectorIds: loaded.voiceConnectorIds,
        now: DateTime.formatIso(loaded.now),
        ...(loaded.recordedAt === undefined ? {} : { recordedAt: DateTime.formatIso(loaded.recordedAt) }),
        anchoredBy: loaded.anchoredBy,
        ...(loaded.notice === undefined ? {} : { notice: loaded.notice })
      })
    ),
  // The simulator's JSON in chunks when its wire form is there (a world of a million sessions is more than V8's
  // longest string); else the control's fixture, as one text.
  saveFixture: Option.isSome(wire)
    ? wire.value.saveFixtureJson()
    : Stream.fromEffect(Effect.map(control.saveFixture(), (fixture) => utf8.encode(JSON.stringify(fixture)))),
  seed: (request) => control.seed(request),
  setFaults: (plan) =>
    Effect.flatMap(
      Effect.mapError(
        decodeFaultPlan(plan, { errors: "first" }),
        (error) => new AdminFailure({ code: "InvalidFaultPlan", message: error.message })
      ),
      control.setFaults
    ),
  clearFaults: control.clearFaults(),
  // Checked before the clock moves, one move at a time: an instant out of range changes nothing.
  advanceClock: (millis) =>
    clockLock.withPermits(1)(Effect.flatMap(control.now(), (now) => {
      const target = DateTime.toEpochMillis(now) + millis
      return inRange(target) ? control.advanceClock(millis) : Effect.fail(clockOutOfRange(target))
    })),
  setClock: (millis) =>
    clockLock.withPermits(1)(
      inRange(millis) ? Effect.orDie(control.setClock(millis)) : Effect.fail(clockOutOfRange(millis))
    )
})

/**
 * Starts an emulator in the scope, in front of the simulator of the context. The server stops, and its port is
 * released, when the scope closes.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (
  options: Options = {}
): Effect.Effect<
  Emulator.Service,
  ServeError,
  Scope.Scope | ProxySessions.ProxySessions | Simulator.SimulatorControl
> =>
  Effect.gen(function*() {
    const proxySessions = yield* ProxySessions.ProxySessions
    const control = yield* Simulator.SimulatorControl
    const wire = yield* Effect.serviceOption(Simulator.SimulatorWire)
    // The VoiceConnectors of the context, else the simulator's own (a context of ProxySessions and the control alone,
    // as before ListVoiceConnectors was served, still starts an emulator).
    const voiceConnectors = Option.getOrElse(
      Option.orElse(
        yield* Effect.serviceOption(VoiceConnectors.VoiceConnectors),
        () => Option.map(wire, (simulator) => simulator.voiceConnectors)
      ),
      () => unavailableConnectors
    )
    const region = options.region ?? defaultRegion
    const credentials = options.credentials ?? [SigV4Verifier.defaultCredential]
    const auth = options.auth ?? true
    const clockLock = yield* Effect.makeSemaphore(1)
    const running = yield* serve({
      host: options.host ?? defaultHost,
      port: options.port ?? 0,
      region,
      credentials,
      auth,
      admin: options.admin ?? true,
      wireFaults: options.wireFaults ?? WireFaults.none,
      maxHeaderBytes: options.maxHeaderBytes ?? defaultMaxHeaderBytes,
      maxAdminBodyBytes: options.maxAdminBodyBytes ?? defaultMaxAdminBodyBytes,
      maxAdminJsonDepth,
      clockSkewMillis: options.clockSkewMillis ?? 0
    }, backendOf(proxySessions, voiceConnectors, control, wire, clockLock))
    const host = running.host.includes(":") ? `[${running.host}]` : running.host
    return {
      url: `http://${host}:${running.port}`,
      host: running.host,
      port: running.port,
      region,
      credentials,
      auth,
      wireFaults: Effect.map(Ref.get(running.injector), (injector) => injector.faults),
      setWireFaults: (faults) => Ref.set(running.injector, WireFaults.make(faults))
    }
  })

/**
 * A layer of an emulator in front of the simulator of the context.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  options?: Options
): Layer.Layer<Emulator, ServeError, ProxySessions.ProxySessions | Simulator.SimulatorControl> =>
  Layer.scoped(Emulator, make(options))

/**
 * A layer of an emulator with its own simulator, whose services it provides as well, for tests that arrange the
 * world through the SimulatorControl and call through HTTP.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerSimulator = (
  options?: Options & { readonly simulator?: Simulator.SimulatorOptions | undefined }
): Layer.Layer<
  Emulator | ProxySessions.ProxySessions | VoiceConnectors.VoiceConnectors | Simulator.SimulatorControl,
  ServeError
> => Layer.provideMerge(layer(options), Simulator.layer(options?.simulator))

/**
 * An emulator started from plain code: its address, a way to run Effects against it, and `close`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Running {
  readonly url: string
  readonly host: string
  readonly port: number
  readonly region: string
  readonly credentials: ReadonlyArray<SigV4Verifier.Credential>
  /** Runs an Effect with the emulator's services, such as the SimulatorControl. */
  readonly run: <A, E>(
    effect: Effect.Effect<A, E, Emulator | ProxySessions.ProxySessions | Simulator.SimulatorControl>
  ) => Promise<A>
  /** Stops the server and releases the port. */
  readonly close: () => Promise<void>
}

/**
 * Starts an emulator with its own simulator, for code that does not use Effect.
 *
 * @since 0.1.0
 * @category constructors
 */
export const start = async (
  options?: Options & { readonly simulator?: Simulator.SimulatorOptions | undefined }
): Promise<Running> => {
  const runtime = ManagedRuntime.make(layerSimulator(options))
  try {
    const emulator = await runtime.runPromise(Emulator)
    return {
      url: emulator.url,
      host: emulator.host,
      port: emulator.port,
      region: emulator.region,
      credentials: emulator.credentials,
      run: (effect) => runtime.runPromise(effect),
      close: () => runtime.dispose()
    }
  } catch (error) {
    await runtime.dispose()
    throw error
  }
}
