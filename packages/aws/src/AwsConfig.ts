/**
 * The configuration of the live layer, resolved as the AWS SDKs resolve theirs: explicit options first, then the
 * environment (read through effect's Config, so that a ConfigProvider can stand in for it), then the profile of the
 * shared config file, then the defaults.
 *
 * @since 0.1.0
 */
import { loadSharedConfigFiles } from "@smithy/core/config"
import * as Config from "effect/Config"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import { homedir } from "node:os"
import { join } from "node:path"
import { ConfigurationError } from "./AwsError.js"
import * as Endpoint from "./Endpoint.js"
import * as Retry from "./Retry.js"

/**
 * What a user may set explicitly. Every option wins over the environment and the profile.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** The AWS region, such as `us-east-1`. */
  readonly region?: string | undefined
  /** The profile of the shared config and credentials files. */
  readonly profile?: string | undefined
  /** A custom endpoint, such as the emulator's URL. */
  readonly endpoint?: string | undefined
  readonly useFipsEndpoint?: boolean | undefined
  readonly useDualstackEndpoint?: boolean | undefined
  /** Attempts per call, the first included (3). */
  readonly maxAttempts?: number | undefined
  readonly retryMode?: Retry.RetryMode | undefined
  /** How long one attempt may take, reading the body included (30 s); `Duration.infinity` for no limit. */
  readonly attemptTimeout?: Duration.DurationInput | undefined
  /** How long a call may take, retries and their delays included (no limit by default). */
  readonly operationTimeout?: Duration.DurationInput | undefined
  /** Whether to log the end-of-support notice on first use (true). */
  readonly deprecationWarning?: boolean | undefined
  /** Overrides of the backoff delays (100 ms, 500 ms for throttling, at most 20 s). */
  readonly backoff?: {
    readonly base?: Duration.DurationInput | undefined
    readonly throttlingBase?: Duration.DurationInput | undefined
    readonly max?: Duration.DurationInput | undefined
  } | undefined
  /** The largest response body accepted (8 MiB). */
  readonly maxResponseBytes?: number | undefined
}

/**
 * The resolved configuration.
 *
 * @since 0.1.0
 * @category models
 */
export interface ResolvedConfig {
  /** The signing region. */
  readonly region: string
  /** The profile given by the `profile` option or `AWS_PROFILE`; the `default` profile when undefined. */
  readonly profile: string | undefined
  /** The endpoint URL, without a trailing slash. */
  readonly endpoint: string
  /** Whether the endpoint was given rather than derived from the region. */
  readonly customEndpoint: boolean
  readonly useFipsEndpoint: boolean
  readonly useDualstackEndpoint: boolean
  readonly maxAttempts: number
  readonly retryMode: Retry.RetryMode
  readonly attemptTimeout: Duration.Duration
  readonly operationTimeout: Duration.Duration
  readonly deprecationWarning: boolean
  readonly backoff: Retry.Backoff
  readonly maxResponseBytes: number
}

/**
 * The resolved configuration of the live layer.
 *
 * @since 0.1.0
 * @category tags
 */
export class AwsConfig extends Context.Tag("@chime-proxy/aws/AwsConfig")<AwsConfig, ResolvedConfig>() {}

/**
 * The default per-attempt timeout.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultAttemptTimeout: Duration.Duration = Duration.seconds(30)

/**
 * The default cap on a response body.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultMaxResponseBytes = 8 * 1024 * 1024

/**
 * The environment variable that turns the end-of-support warning off when `true`.
 *
 * @since 0.1.0
 * @category constants
 */
export const noDeprecationWarningVariable = "CHIME_PROXY_NO_DEPRECATION_WARNING"

/**
 * The service-specific endpoint variable, from the service id `Chime SDK Voice`.
 *
 * @since 0.1.0
 * @category constants
 */
export const serviceEndpointVariable = "AWS_ENDPOINT_URL_CHIME_SDK_VOICE"

const env = (name: string): Effect.Effect<string | undefined, ConfigurationError> =>
  Config.option(Config.string(name)).pipe(
    Effect.map((value) => Option.getOrUndefined(Option.filter(value, (text) => text.trim() !== ""))),
    Effect.mapError((error) => new ConfigurationError({ reason: `Could not read ${name}: ${String(error)}` }))
  )

const parseBoolean = (source: string, value: string): Either.Either<boolean, ConfigurationError> => {
  const normalized = value.trim().toLowerCase()
  if (normalized === "true") return Either.right(true)
  if (normalized === "false") return Either.right(false)
  return Either.left(
    new ConfigurationError({ reason: `${source} must be true or false, got ${JSON.stringify(value)}` })
  )
}

const parseMaxAttempts = (source: string, value: string): Either.Either<number, ConfigurationError> => {
  const trimmed = value.trim()
  return /^\d{1,4}$/.test(trimmed) && Number(trimmed) >= 1
    ? Either.right(Number(trimmed))
    : Either.left(
      new ConfigurationError({ reason: `${source} must be an integer of at least 1, got ${JSON.stringify(value)}` })
    )
}

const parseRetryMode = (source: string, value: string): Either.Either<Retry.RetryMode, ConfigurationError> => {
  const normalized = value.trim().toLowerCase()
  // `legacy` is the AWS CLI's; the JavaScript SDK, like this layer, treats every mode but adaptive as standard.
  if (normalized === "standard" || normalized === "legacy") return Either.right("standard")
  if (normalized === "adaptive") return Either.right("adaptive")
  return Either.left(
    new ConfigurationError({ reason: `${source} must be standard or adaptive, got ${JSON.stringify(value)}` })
  )
}

const firstDefined = <A>(...values: ReadonlyArray<A | undefined>): A | undefined =>
  values.find((value) => value !== undefined)

// A setting given as a string by the environment or by the profile, in that order, parsed and named after its
// source in errors.
const fromSources = <A>(
  sources: ReadonlyArray<readonly [name: string, value: string | undefined]>,
  parse: (source: string, value: string) => Either.Either<A, ConfigurationError>
): Either.Either<A | undefined, ConfigurationError> => {
  const found = sources.find(([, value]) => value !== undefined)
  return found === undefined ? Either.right(undefined) : parse(found[0], found[1]!)
}

const loadProfile = (configFile: string, credentialsFile: string, profile: string) =>
  Effect.promise(() =>
    loadSharedConfigFiles({ configFilepath: configFile, filepath: credentialsFile, ignoreCache: true })
  ).pipe(Effect.map((files): Readonly<Record<string, string | undefined>> => files.configFile[profile] ?? {}))

const decodeDuration = (
  name: string,
  input: Duration.DurationInput
): Either.Either<Duration.Duration, ConfigurationError> => {
  const decoded = Duration.decodeUnknown(input)
  return Option.isSome(decoded) && Duration.greaterThan(decoded.value, Duration.zero)
    ? Either.right(decoded.value)
    : Either.left(new ConfigurationError({ reason: `${name} must be a positive duration` }))
}

/**
 * Resolves the configuration: options, then environment, then profile, then defaults. A missing region, FIPS or
 * dual-stack with a custom endpoint, or a malformed value fails with a {@link ConfigurationError}.
 *
 * @since 0.1.0
 * @category constructors
 */
export const resolve = (options: Options = {}): Effect.Effect<ResolvedConfig, ConfigurationError> =>
  Effect.gen(function*() {
    const variables = yield* Effect.all({
      region: env("AWS_REGION"),
      defaultRegion: env("AWS_DEFAULT_REGION"),
      profile: env("AWS_PROFILE"),
      configFile: env("AWS_CONFIG_FILE"),
      credentialsFile: env("AWS_SHARED_CREDENTIALS_FILE"),
      serviceEndpoint: env(serviceEndpointVariable),
      endpoint: env("AWS_ENDPOINT_URL"),
      ignoreEndpoints: env("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"),
      fips: env("AWS_USE_FIPS_ENDPOINT"),
      dualstack: env("AWS_USE_DUALSTACK_ENDPOINT"),
      maxAttempts: env("AWS_MAX_ATTEMPTS"),
      retryMode: env("AWS_RETRY_MODE"),
      noDeprecationWarning: env(noDeprecationWarningVariable)
    })
    const explicitProfile = options.profile ?? variables.profile
    const profileName = explicitProfile ?? "default"
    const configFile = variables.configFile ?? join(homedir(), ".aws", "config")
    const profile = yield* loadProfile(
      configFile,
      variables.credentialsFile ?? join(homedir(), ".aws", "credentials"),
      profileName
    )
    const inProfile = (key: string) => [`${key} in the profile ${profileName} of ${configFile}`, profile[key]] as const

    const rawRegion = firstDefined(options.region, variables.region, variables.defaultRegion, profile.region)
    if (rawRegion === undefined || rawRegion.trim() === "") {
      return yield* new ConfigurationError({
        reason: "No AWS region is configured: set the region option, AWS_REGION or AWS_DEFAULT_REGION, " +
          `or region in the profile ${profileName} of ${configFile}`
      })
    }
    const { fips: regionFips, region } = Endpoint.normalizeRegion(rawRegion.trim())

    const ignoreEndpoints = yield* fromSources([
      ["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", variables.ignoreEndpoints],
      inProfile("ignore_configured_endpoint_urls")
    ], parseBoolean)
    const configuredEndpoint = ignoreEndpoints === true
      ? undefined
      : firstDefined(variables.serviceEndpoint, variables.endpoint, profile.endpoint_url)
    const endpoint = options.endpoint ?? configuredEndpoint

    const useFipsEndpoint = options.useFipsEndpoint ??
      (yield* fromSources([["AWS_USE_FIPS_ENDPOINT", variables.fips], inProfile("use_fips_endpoint")], parseBoolean)) ??
      regionFips
    const useDualstackEndpoint = options.useDualstackEndpoint ??
      (yield* fromSources(
        [["AWS_USE_DUALSTACK_ENDPOINT", variables.dualstack], inProfile("use_dualstack_endpoint")],
        parseBoolean
      )) ??
      false
    const resolvedEndpoint = yield* Endpoint.resolve({ region, useFipsEndpoint, useDualstackEndpoint, endpoint })

    const maxAttempts = options.maxAttempts !== undefined
      ? yield* parseMaxAttempts("maxAttempts", String(options.maxAttempts))
      : (yield* fromSources(
        [["AWS_MAX_ATTEMPTS", variables.maxAttempts], inProfile("max_attempts")],
        parseMaxAttempts
      )) ?? Retry.defaultMaxAttempts
    const retryMode = options.retryMode !== undefined
      ? yield* parseRetryMode("retryMode", options.retryMode)
      : (yield* fromSources([["AWS_RETRY_MODE", variables.retryMode], inProfile("retry_mode")], parseRetryMode)) ??
        "standard"
    const deprecationWarning = options.deprecationWarning ??
      !((yield* fromSources([[noDeprecationWarningVariable, variables.noDeprecationWarning]], parseBoolean)) ?? false)

    const backoff: Retry.Backoff = {
      base: yield* decodeBackoff("backoff.base", options.backoff?.base, Retry.defaultBackoff.base),
      throttlingBase: yield* decodeBackoff(
        "backoff.throttlingBase",
        options.backoff?.throttlingBase,
        Retry.defaultBackoff.throttlingBase
      ),
      max: yield* decodeBackoff("backoff.max", options.backoff?.max, Retry.defaultBackoff.max)
    }
    const maxResponseBytes = options.maxResponseBytes ?? defaultMaxResponseBytes
    if (!Number.isSafeInteger(maxResponseBytes) || maxResponseBytes < 1) {
      return yield* new ConfigurationError({ reason: "maxResponseBytes must be a positive integer" })
    }
    return {
      region,
      profile: explicitProfile,
      endpoint: resolvedEndpoint,
      customEndpoint: endpoint !== undefined,
      useFipsEndpoint,
      useDualstackEndpoint,
      maxAttempts,
      retryMode,
      attemptTimeout: yield* decodeDuration("attemptTimeout", options.attemptTimeout ?? defaultAttemptTimeout),
      operationTimeout: yield* decodeDuration("operationTimeout", options.operationTimeout ?? Duration.infinity),
      deprecationWarning,
      backoff,
      maxResponseBytes
    }
  })

const decodeBackoff = (
  name: string,
  input: Duration.DurationInput | undefined,
  fallback: Duration.Duration
): Either.Either<Duration.Duration, ConfigurationError> => {
  if (input === undefined) return Either.right(fallback)
  const decoded = Duration.decodeUnknown(input)
  return Option.isSome(decoded)
    ? Either.right(decoded.value)
    : Either.left(new ConfigurationError({ reason: `${name} must be a duration` }))
}

/**
 * The configuration as a layer.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options?: Options): Layer.Layer<AwsConfig, ConfigurationError> =>
  Layer.effect(AwsConfig, resolve(options))

/**
 * The configuration as a layer, with the options themselves read from a Config.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (options: Config.Config.Wrap<Options>): Layer.Layer<AwsConfig, ConfigurationError> =>
  Layer.effect(
    AwsConfig,
    Config.unwrap(options).pipe(
      Effect.mapError((error) => new ConfigurationError({ reason: `Invalid options: ${String(error)}` })),
      Effect.flatMap(resolve)
    )
  )
