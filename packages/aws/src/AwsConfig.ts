/**
 * The configuration of the live layer, resolved as the AWS SDKs resolve theirs: explicit options first, then the
 * environment (read through effect's Config, so that a ConfigProvider can stand in for it), then the profile of the
 * shared config file, then the defaults.
 *
 * @since 0.1.0
 */
import * as Config from "effect/Config"
import * as Context from "effect/Context"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { ConfigurationError } from "./AwsError.js"
import * as internal from "./internal/config.js"
import type * as Retry from "./Retry.js"

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
  /**
   * How long to wait for the connection (no limit of its own by default; the attempt's still applies). Over an
   * HttpClient the connection and the wait for the response's headers cannot be told apart: the headers must come
   * within `connectTimeout` + `readTimeout`. The AWS CLI's `--cli-connect-timeout`.
   */
  readonly connectTimeout?: Duration.DurationInput | undefined
  /**
   * How long the endpoint may send nothing: for the response's headers (after `connectTimeout`), then between the
   * parts of its body (no limit of its own by default). The AWS CLI's `--cli-read-timeout`.
   */
  readonly readTimeout?: Duration.DurationInput | undefined
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
  /** `Duration.infinity` when not set. */
  readonly connectTimeout: Duration.Duration
  /** `Duration.infinity` when not set. */
  readonly readTimeout: Duration.Duration
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
export const defaultAttemptTimeout: Duration.Duration = internal.defaultAttemptTimeout

/**
 * The default cap on a response body.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultMaxResponseBytes = internal.defaultMaxResponseBytes

/**
 * The environment variable that turns the end-of-support warning off when `true`.
 *
 * @since 0.1.0
 * @category constants
 */
export const noDeprecationWarningVariable = internal.noDeprecationWarningVariable

/**
 * The service-specific endpoint variable, from the service id `Chime SDK Voice`.
 *
 * @since 0.1.0
 * @category constants
 */
export const serviceEndpointVariable = internal.serviceEndpointVariable

/**
 * Resolves the configuration: options, then environment, then profile, then defaults. A missing region, FIPS or
 * dual-stack with a custom endpoint, or a malformed value fails with a {@link ConfigurationError}.
 *
 * @since 0.1.0
 * @category constructors
 */
export const resolve: (options?: Options) => Effect.Effect<ResolvedConfig, ConfigurationError> = internal.resolve

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
