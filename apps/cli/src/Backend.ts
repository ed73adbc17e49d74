/**
 * Where the sessions and the voice connectors come from: the embedded simulator (`--simulate`), an archive replayed
 * by it (`--fixture`), or the live AWS layers (ProxySessions and VoiceConnectors), which an `--endpoint-url` can point
 * at the HTTP emulator. The account's connectors are listed with ListVoiceConnectors everywhere, real AWS included.
 * Each backend is imported when its layer is built, so that a run loads the code of one of them only: most of a
 * start's time is spent loading modules.
 *
 * @since 0.1.0
 */
import type { AwsError } from "@chime-proxy/aws"
import type { ProxySessionsError } from "@chime-proxy/core"
import { ProxySessions, ProxySessionsText, VoiceConnectors } from "@chime-proxy/core"
import { Diagnostic } from "@chime-proxy/program"
import type { Simulator } from "@chime-proxy/simulator"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as DateTime from "effect/DateTime"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as NodeFs from "node:fs/promises"

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
  /** `--cli-connect-timeout`: seconds, 0 for none. */
  readonly connectTimeout?: number | undefined
  /** `--cli-read-timeout`: seconds, 0 for none. */
  readonly readTimeout?: number | undefined
}

/**
 * An archive (or any fixture) replayed by the embedded simulator at the instant it records: its `ExportedAt`, or its
 * latest timestamp.
 *
 * @since 0.1.0
 * @category models
 */
export interface Archive {
  readonly _tag: "Archive"
  readonly path: string
}

/**
 * @since 0.1.0
 * @category models
 */
export type Target = Simulate | Aws | Archive

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
 * Reads an archive from a file for the simulator: refused before it is read when it is larger than this process can
 * hold (its size and the limit said), and located (line, column, path in the document) when it is not JSON.
 *
 * @since 0.1.0
 * @category simulator
 */
export const readArchive = (
  path: string
): Effect.Effect<unknown, Diagnostic.Failure> =>
  Effect.gen(function*() {
    const [{ Fixture }, v8] = yield* Effect.promise(() =>
      Promise.all([import("@chime-proxy/simulator"), import("node:v8")])
    )
    const cannotRead = (error: unknown) =>
      new Diagnostic.Failure({
        reason: `Cannot read the archive ${path}: ${
          error instanceof Error && "code" in error ? String(error.code) : String(error)
        }`
      })
    const info = yield* Effect.tryPromise({ try: () => NodeFs.stat(path), catch: cannotRead })
    const limit = Fixture.maxBytesFor(v8.getHeapStatistics().heap_size_limit)
    const invalid = (error: { readonly message: string }) => new Diagnostic.Failure({ reason: error.message })
    yield* Effect.mapError(Fixture.checkSize(Number(info.size), limit, path), invalid)
    const text = yield* Effect.tryPromise({ try: () => NodeFs.readFile(path, "utf8"), catch: cannotRead })
    return yield* Effect.mapError(Fixture.parse(text, path), invalid)
  })

/**
 * The embedded simulator replaying an archive at the instant it records (a notice is logged when the archive does
 * not say when it was taken, or is incomplete): it lists the archive's connectors, and its time is that instant.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerArchive = (
  path: string
): Layer.Layer<
  ProxySessions.ProxySessions | VoiceConnectors.VoiceConnectors | Account | Simulator.SimulatorControl,
  Diagnostic.Failure
> =>
  Layer.effectContext(Effect.gen(function*() {
    const { Simulator } = yield* Effect.promise(() => import("@chime-proxy/simulator"))
    const json = yield* readArchive(path)
    const simulator = yield* Simulator.make()
    const loaded = yield* Effect.mapError(
      simulator.control.loadFixture(json),
      (error) => new Diagnostic.Failure({ reason: `${error.message} (in ${path})` })
    )
    if (loaded.notice !== undefined) yield* Effect.logWarning(loaded.notice)
    const now = loaded.recordedAt ?? loaded.now
    return Context.make(ProxySessions.ProxySessions, simulator.proxySessions).pipe(
      Context.add(VoiceConnectors.VoiceConnectors, simulator.voiceConnectors),
      Context.add(Simulator.SimulatorControl, simulator.control),
      Context.add(Account, { now: Effect.succeed(now) })
    )
  }))

// The AWS CLI's seconds: 0 is no limit.
const seconds = (value: number | undefined): Duration.Duration | undefined =>
  value === undefined ? undefined : value === 0 ? Duration.infinity : Duration.seconds(value)

const EmulatorHealth = Schema.Struct({ now: Schema.DateTimeUtc })

/**
 * The time of the account at `endpoint`: the chime-proxy emulator's simulated time (a replayed archive lives at its
 * own instant), which its health route tells without a signature (the other admin routes need one); the wall clock
 * for any other endpoint.
 *
 * @since 0.1.0
 * @category constructors
 */
export const emulatorNow = (endpoint: string): Effect.Effect<DateTime.Utc, never, HttpClient.HttpClient> =>
  HttpClient.get(`${endpoint.replace(/\/+$/, "")}/_chime-proxy/health`).pipe(
    Effect.flatMap(HttpClientResponse.filterStatusOk),
    Effect.flatMap(HttpClientResponse.schemaBodyJson(EmulatorHealth)),
    Effect.map((body) => body.now),
    Effect.scoped,
    Effect.orElse(() => DateTime.now)
  )

/**
 * The live layers for Node (ProxySessionsText too, for the JSON outputs of `list`): the options win over the
 * environment and the profile. With the emulator's endpoint, the account's time is the emulator's simulated time. HTTP
 * is node:http with connections kept alive, rather than Node's built-in `fetch` (which loads an HTTP stack of its own
 * on first use) or undici (whose load costs more at every start than its faster pages save on any listing shorter than
 * a few thousand sessions).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerAws = (
  target: Omit<Aws, "_tag">
): Layer.Layer<
  ProxySessions.ProxySessions | ProxySessionsText.ProxySessionsText | VoiceConnectors.VoiceConnectors | Account,
  AwsError.ConfigurationError | Diagnostic.UsageError
> =>
  Layer.unwrapEffect(Effect.flatMap(
    Effect.promise(() =>
      Promise.all([
        import("@chime-proxy/aws"),
        import("@chime-proxy/aws/AwsProxySessionsText"),
        import("@chime-proxy/aws/NodeHttp")
      ])
    ),
    (
      [
        { AwsConfig, AwsProxySessions, AwsVoiceConnectors, Credentials, Endpoint },
        AwsProxySessionsText,
        NodeHttp
      ]
    ) => {
      // The endpoint's rules are the live layer's; a URL they refuse is a mistake on the command line.
      const endpoint = target.endpointUrl === undefined
        ? Either.right(undefined)
        : Endpoint.parseCustomEndpoint(target.endpointUrl)
      if (Either.isLeft(endpoint)) {
        return Effect.fail(
          new Diagnostic.UsageError({
            reason: `Invalid value for --endpoint-url: ${endpoint.left.reason}`,
            hint: "Give an absolute http or https URL, such as http://127.0.0.1:8000."
          })
        )
      }
      const timeouts = target.connectTimeout === undefined && target.readTimeout === undefined ? {} : {
        // As in the AWS CLI, the two timeouts are the only limits of an attempt.
        attemptTimeout: Duration.infinity,
        connectTimeout: seconds(target.connectTimeout),
        readTimeout: seconds(target.readTimeout)
      }
      const options = { region: target.region, profile: target.profile, endpoint: target.endpointUrl, ...timeouts }
      // One configuration and one credentials cache for both services, and one HTTP client for everything, the
      // emulator's clock included: node:http answers the first request of a run tens of milliseconds sooner than
      // Node's fetch, which loads an HTTP stack of its own on first use and parses with WebAssembly.
      return Effect.succeed(
        Layer.mergeAll(
          Layer.effect(ProxySessions.ProxySessions, AwsProxySessions.make),
          // `list --output json|ndjson` writes each session's wire text as the service sent it, once checked.
          Layer.effect(ProxySessionsText.ProxySessionsText, AwsProxySessionsText.make),
          Layer.effect(VoiceConnectors.VoiceConnectors, AwsVoiceConnectors.make),
          Layer.effect(
            Account,
            Effect.map(HttpClient.HttpClient, (client) => ({
              now: target.endpointUrl === undefined
                ? DateTime.now
                : Effect.provideService(emulatorNow(target.endpointUrl), HttpClient.HttpClient, client)
            }))
          )
        ).pipe(
          Layer.provide(Credentials.layerDefaultChainConfigured),
          Layer.provide(NodeHttp.layerHttpClient),
          Layer.provide(AwsConfig.layer(options))
        )
      )
    }
  ))

/**
 * The services of a target.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Provider = (target) =>
  target._tag === "Simulate"
    ? layerSimulated(target)
    : target._tag === "Archive"
    ? layerArchive(target.path)
    : layerAws(target)
