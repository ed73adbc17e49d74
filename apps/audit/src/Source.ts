/**
 * Where the audited sessions come from, and how the account's connectors are found for `--all`: the embedded
 * simulator lists its own; the HTTP emulator answers `GET /_chime-proxy/voice-connectors`; AWS itself has no such
 * call in this library, so there the connectors must be named.
 *
 * @since 0.1.0
 */
import { AwsProxySessions } from "@chime-proxy/aws"
import type { AwsError } from "@chime-proxy/aws"
import { Backend } from "@chime-proxy/cli"
import { ProxySessions } from "@chime-proxy/core"
import { Simulator } from "@chime-proxy/simulator"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Context from "effect/Context"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"

/**
 * The embedded simulator, with a seeded dataset.
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
 * The live layer; an `endpointUrl` may point it at the emulator.
 *
 * @since 0.1.0
 * @category models
 */
export type Aws = Backend.Aws

/**
 * @since 0.1.0
 * @category models
 */
export type Target = Simulate | Aws

/**
 * The simulated dataset when no size is given: 3 connectors of 200 sessions, seed 42.
 *
 * @since 0.1.0
 * @category constants
 */
export const simulatedDefaults = { seed: 42, connectors: 3, sessionsPerConnector: 200 } as const

/**
 * The simulator's time when it is seeded: the dataset is the same on every run.
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
 * What the audit needs of the account besides ProxySessions: its connectors, when they can be listed, and its time.
 *
 * @since 0.1.0
 * @category tags
 */
export class Account extends Context.Tag("@chime-proxy/audit/Account")<Account, Account.Service>() {}

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
 * The embedded simulator, seeded at {@link simulatedEpoch}, its time then.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerSimulated = (options: Omit<Simulate, "_tag">): Layer.Layer<ProxySessions.ProxySessions | Account> =>
  Layer.effectContext(Effect.gen(function*() {
    const simulator = yield* Simulator.make({ seed: options.seed })
    yield* Backend.seedAt(simulator.control, simulatedEpoch, options)
    return Context.make(ProxySessions.ProxySessions, simulator.proxySessions).pipe(
      Context.add(Account, {
        listVoiceConnectors: Option.some(simulator.control.listVoiceConnectors()),
        // The audit runs a few milliseconds after the seeding; judging expiry at the seeding instant itself
        // makes the report the same on every run.
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

/**
 * The live layer for Node. With an endpoint, `--all` asks it for its connectors as the emulator would answer.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerAws = (
  options: Omit<Aws, "_tag">
): Layer.Layer<ProxySessions.ProxySessions | Account, AwsError.ConfigurationError> =>
  Layer.merge(
    AwsProxySessions.layerNode({ region: options.region, profile: options.profile, endpoint: options.endpointUrl }),
    Layer.effect(
      Account,
      Effect.map(HttpClient.HttpClient, (client) => ({
        listVoiceConnectors: options.endpointUrl === undefined
          ? Option.none()
          : Option.some(
            Effect.provideService(listEmulatorConnectors(options.endpointUrl), HttpClient.HttpClient, client)
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
export const layer = (
  target: Target
): Layer.Layer<ProxySessions.ProxySessions | Account, AwsError.ConfigurationError> =>
  target._tag === "Simulate" ? layerSimulated(target) : layerAws(target)
