import { loadSharedConfigFiles } from "@smithy/core/config"
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import { homedir } from "node:os"
import { join } from "node:path"
import type * as AwsConfig from "../AwsConfig.js"
import { ConfigurationError } from "../AwsError.js"
import * as Endpoint from "../Endpoint.js"
import * as Retry from "../Retry.js"

/** @internal */
export const defaultAttemptTimeout: Duration.Duration = Duration.seconds(30)

/** @internal */
export const defaultMaxResponseBytes = 8 * 1024 * 1024

/** @internal */
export const noDeprecationWarningVariable = "CHIME_PROXY_NO_DEPRECATION_WARNING" as const

/** @internal */
export const serviceEndpointVariable = "AWS_ENDPOINT_URL_CHIME_SDK_VOICE" as const

// A variable whose empty value counts as unset: missing, so that `Config.option` and `Config.orElse` pass over it.
const nonEmpty = (name: string): Config.Config<string> =>
  Config.string(name).pipe(
    Config.mapOrFail((text) =>
      text.trim() === "" ? Either.left(ConfigError.MissingData([], `${name} is empty`)) : Either.right(text)
    )
  )

const variable = (name: string): Config.Config<Option.Option<string>> => Config.option(nonEmpty(name))

// Every variable the layer reads, in one Config: a ConfigProvider can stand in for `process.env`.
const variables = Config.all({
  region: Config.option(Config.orElse(nonEmpty("AWS_REGION"), () => nonEmpty("AWS_DEFAULT_REGION"))),
  profile: variable("AWS_PROFILE"),
  configFile: variable("AWS_CONFIG_FILE"),
  credentialsFile: variable("AWS_SHARED_CREDENTIALS_FILE"),
  endpoint: Config.option(Config.orElse(nonEmpty(serviceEndpointVariable), () => nonEmpty("AWS_ENDPOINT_URL"))),
  ignoreEndpoints: variable("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"),
  fips: variable("AWS_USE_FIPS_ENDPOINT"),
  dualstack: variable("AWS_USE_DUALSTACK_ENDPOINT"),
  maxAttempts: variable("AWS_MAX_ATTEMPTS"),
  retryMode: variable("AWS_RETRY_MODE"),
  noDeprecationWarning: variable(noDeprecationWarningVariable)
})

/** How a setting's text is read, by effect's Config, and what its error says it should be. */
interface Setting<A> {
  readonly config: Config.Config<A>
  readonly expected: string
}

// Values are trimmed and, but for numbers, read case-insensitively, as the AWS CLI reads them.
const setting = <A>(config: Config.Config<A>, expected: string): Setting<A> => ({ config, expected })

const flag = setting(Config.boolean("value"), "true or false")

const attempts = setting(
  Config.integer("value").pipe(Config.validate({ message: "out of range", validation: (n) => n >= 1 && n < 10_000 })),
  "an integer of at least 1"
)

// `legacy` is the AWS CLI's; the JavaScript SDK, like this layer, treats every mode but adaptive as standard.
const retryMode = setting(
  Config.literal("standard", "legacy", "adaptive")("value").pipe(
    Config.map((mode): Retry.RetryMode => mode === "adaptive" ? "adaptive" : "standard")
  ),
  "standard or adaptive"
)

const parse = <A>(setting: Setting<A>, source: string, text: string): Effect.Effect<A, ConfigurationError> =>
  Effect.withConfigProvider(
    setting.config,
    ConfigProvider.fromMap(new Map([["value", text.trim().toLowerCase()]]))
  ).pipe(
    Effect.mapError(() =>
      new ConfigurationError({ reason: `${source} must be ${setting.expected}, got ${JSON.stringify(text)}` })
    )
  )

// A setting given as text by the first of its sources that has it, named after that source in errors.
const fromSources = <A>(
  setting: Setting<A>,
  sources: ReadonlyArray<readonly [source: string, text: string | undefined]>
): Effect.Effect<A | undefined, ConfigurationError> => {
  const found = sources.find((source): source is readonly [string, string] => source[1] !== undefined)
  return found === undefined ? Effect.succeed(undefined) : parse(setting, found[0], found[1])
}

const loadProfile = (configFile: string, credentialsFile: string, profile: string) =>
  Effect.promise(() =>
    loadSharedConfigFiles({ configFilepath: configFile, filepath: credentialsFile, ignoreCache: true })
  ).pipe(Effect.map((files): Readonly<Record<string, string | undefined>> => files.configFile[profile] ?? {}))

const decodeDuration = (
  name: string,
  input: Duration.DurationInput | undefined,
  fallback: Duration.Duration,
  positive: boolean
): Either.Either<Duration.Duration, ConfigurationError> => {
  if (input === undefined) return Either.right(fallback)
  const decoded = Duration.decodeUnknown(input)
  return Option.isSome(decoded) && (!positive || Duration.greaterThan(decoded.value, Duration.zero))
    ? Either.right(decoded.value)
    : Either.left(new ConfigurationError({ reason: `${name} must be a ${positive ? "positive " : ""}duration` }))
}

const readVariables = Effect.mapError(
  variables,
  (error) => new ConfigurationError({ reason: `Could not read the environment: ${String(error)}` })
)

/** @internal */
export const resolve = (options: AwsConfig.Options = {}): Effect.Effect<AwsConfig.ResolvedConfig, ConfigurationError> =>
  Effect.gen(function*() {
    const env = Option.getOrUndefined
    const variables = yield* readVariables
    const explicitProfile = options.profile ?? env(variables.profile)
    const profileName = explicitProfile ?? "default"
    const configFile = env(variables.configFile) ?? join(homedir(), ".aws", "config")
    const profile = yield* loadProfile(
      configFile,
      env(variables.credentialsFile) ?? join(homedir(), ".aws", "credentials"),
      profileName
    )
    const inProfile = (key: string) => [`${key} in the profile ${profileName} of ${configFile}`, profile[key]] as const

    const rawRegion = options.region ?? env(variables.region) ?? profile.region
    if (rawRegion === undefined || rawRegion.trim() === "") {
      return yield* new ConfigurationError({
        reason: "No AWS region is configured: set the region option, AWS_REGION or AWS_DEFAULT_REGION, " +
          `or region in the profile ${profileName} of ${configFile}`
      })
    }
    const { fips: regionFips, region } = Endpoint.normalizeRegion(rawRegion.trim())

    const ignoreEndpoints = yield* fromSources(flag, [
      ["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", env(variables.ignoreEndpoints)],
      inProfile("ignore_configured_endpoint_urls")
    ])
    const configuredEndpoint = ignoreEndpoints === true ? undefined : env(variables.endpoint) ?? profile.endpoint_url
    const endpoint = options.endpoint ?? configuredEndpoint

    const useFipsEndpoint = options.useFipsEndpoint ??
      (yield* fromSources(flag, [["AWS_USE_FIPS_ENDPOINT", env(variables.fips)], inProfile("use_fips_endpoint")])) ??
      regionFips
    const useDualstackEndpoint = options.useDualstackEndpoint ??
      (yield* fromSources(flag, [
        ["AWS_USE_DUALSTACK_ENDPOINT", env(variables.dualstack)],
        inProfile("use_dualstack_endpoint")
      ])) ??
      false
    const resolvedEndpoint = yield* Endpoint.resolve({ region, useFipsEndpoint, useDualstackEndpoint, endpoint })

    // An option is read as the same setting as its variable, so that it is checked the same way.
    const maxAttempts = (yield* fromSources(
      attempts,
      options.maxAttempts !== undefined
        ? [["maxAttempts", String(options.maxAttempts)]]
        : [["AWS_MAX_ATTEMPTS", env(variables.maxAttempts)], inProfile("max_attempts")]
    )) ?? Retry.defaultMaxAttempts
    const mode = (yield* fromSources(
      retryMode,
      options.retryMode !== undefined
        ? [["retryMode", options.retryMode]]
        : [["AWS_RETRY_MODE", env(variables.retryMode)], inProfile("retry_mode")]
    )) ?? "standard"
    const deprecationWarning = options.deprecationWarning ??
      !((yield* fromSources(flag, [[noDeprecationWarningVariable, env(variables.noDeprecationWarning)]])) ?? false)

    const backoff: Retry.Backoff = {
      base: yield* decodeDuration("backoff.base", options.backoff?.base, Retry.defaultBackoff.base, false),
      throttlingBase: yield* decodeDuration(
        "backoff.throttlingBase",
        options.backoff?.throttlingBase,
        Retry.defaultBackoff.throttlingBase,
        false
      ),
      max: yield* decodeDuration("backoff.max", options.backoff?.max, Retry.defaultBackoff.max, false)
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
      retryMode: mode,
      attemptTimeout: yield* decodeDuration("attemptTimeout", options.attemptTimeout, defaultAttemptTimeout, true),
      operationTimeout: yield* decodeDuration("operationTimeout", options.operationTimeout, Duration.infinity, true),
      connectTimeout: yield* decodeDuration("connectTimeout", options.connectTimeout, Duration.infinity, true),
      readTimeout: yield* decodeDuration("readTimeout", options.readTimeout, Duration.infinity, true),
      deprecationWarning,
      backoff,
      maxResponseBytes
    }
  })
