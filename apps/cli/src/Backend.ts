/**
 * Where the sessions come from: the embedded simulator (`--simulate`), or the live AWS layer, which an
 * `--endpoint-url` can point at the HTTP emulator; and how the account's voice connectors are found (the simulator
 * lists its own, the emulator answers `GET /_chime-proxy/voice-connectors`, AWS itself has no such call in this
 * library). Each backend is imported when its layer is built, so that a run loads the code of one of them only: most
 * of a start's time is spent loading modules.
 *
 * @since 0.1.0
 */
import type { AwsError } from "@chime-proxy/aws"
import { ProxySessions } from "@chime-proxy/core"
import { Diagnostic } from "@chime-proxy/program"
import type { Simulator } from "@chime-proxy/simulator"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as DateTime from "effect/DateTime"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"

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
 * The account's voice connectors could not be listed.
 *
 * @since 0.1.0
 * @category errors
 */
export class ListConnectorsError extends Schema.TaggedError<ListConnectorsError>()("ListConnectorsError", {
  reason: Schema.String
}) {
  /** @since 0.1.0 */
  override get message() {
    return `Could not list the voice connectors: ${this.reason}`
  }
}

/**
 * What the commands need of the account besides ProxySessions: its voice connectors, when they can be listed, and
 * its time.
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
    /** The ids of the account's voice connectors; `None` when the account can't list them. */
    readonly listVoiceConnectors: Option.Option<Effect.Effect<ReadonlyArray<string>, ListConnectorsError>>
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
export type Provider = (target: Target) => Layer.Layer<ProxySessions.ProxySessions | Account, unknown>

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
 * The embedded simulator, seeded at {@link simulatedEpoch}: it lists its connectors, and its time is that instant.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerSimulated = (
  options: Omit<Simulate, "_tag">
): Layer.Layer<ProxySessions.ProxySessions | Account | Simulator.SimulatorControl> =>
  Layer.effectContext(Effect.gen(function*() {
    const { Simulator } = yield* Effect.promise(() => import("@chime-proxy/simulator"))
    const simulator = yield* Simulator.make({ seed: options.seed })
    yield* seedAt(simulator.control, simulatedEpoch, options)
    return Context.make(ProxySessions.ProxySessions, simulator.proxySessions).pipe(
      Context.add(Simulator.SimulatorControl, simulator.control),
      Context.add(Account, {
        listVoiceConnectors: Option.some(simulator.control.listVoiceConnectors()),
        // A command runs a few milliseconds after the seeding; judging time at the seeding instant itself makes
        // its output the same on every run.
        now: Effect.succeed(DateTime.unsafeMake(simulatedEpoch))
      })
    )
  }))

const VoiceConnectorIds = Schema.Struct({ VoiceConnectorIds: Schema.Array(Schema.String) })

/**
 * Lists the connectors of the chime-proxy emulator at `endpoint` through its admin route.
 *
 * @since 0.1.0
 * @category constructors
 */
export const listEmulatorConnectors = (
  endpoint: string
): Effect.Effect<ReadonlyArray<string>, ListConnectorsError, HttpClient.HttpClient> => {
  const url = `${endpoint.replace(/\/+$/, "")}/_chime-proxy/voice-connectors`
  return HttpClient.get(url).pipe(
    Effect.flatMap(HttpClientResponse.filterStatusOk),
    Effect.flatMap(HttpClientResponse.schemaBodyJson(VoiceConnectorIds)),
    Effect.map((body) => body.VoiceConnectorIds),
    Effect.scoped,
    Effect.mapError((error) =>
      new ListConnectorsError({
        reason: `${url} did not answer with the connectors (${error._tag}); only the chime-proxy emulator can ` +
          "list them. Name the connectors with --voice-connector-id instead."
      })
    )
  )
}

// The AWS CLI's seconds: 0 is no limit.
const seconds = (value: number | undefined): Duration.Duration | undefined =>
  value === undefined ? undefined : value === 0 ? Duration.infinity : Duration.seconds(value)

/**
 * The live layer for Node: the options win over the environment and the profile. With an endpoint, the account's
 * connectors are asked of it as the emulator would answer. HTTP is Node's built-in `fetch` rather than undici:
 * loading undici costs more at every start than its faster pages save on any listing shorter than a few thousand
 * sessions.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerAws = (
  target: Omit<Aws, "_tag">
): Layer.Layer<ProxySessions.ProxySessions | Account, AwsError.ConfigurationError | Diagnostic.UsageError> =>
  Layer.merge(
    Layer.unwrapEffect(Effect.flatMap(
      Effect.promise(() => import("@chime-proxy/aws")),
      ({ AwsProxySessions, Endpoint }) => {
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
        return Effect.succeed(AwsProxySessions.layerNodeFetch({
          region: target.region,
          profile: target.profile,
          endpoint: target.endpointUrl,
          ...timeouts
        }))
      }
    )),
    Layer.effect(
      Account,
      Effect.map(HttpClient.HttpClient, (client) => ({
        listVoiceConnectors: target.endpointUrl === undefined
          ? Option.none()
          : Option.some(
            Effect.provideService(listEmulatorConnectors(target.endpointUrl), HttpClient.HttpClient, client)
          ),
        now: DateTime.now
      }))
    ).pipe(Layer.provide(FetchHttpClient.layer))
  )

/**
 * The services of a target.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Provider = (target) => target._tag === "Simulate" ? layerSimulated(target) : layerAws(target)
