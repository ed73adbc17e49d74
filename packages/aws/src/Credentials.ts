/**
 * AWS credentials as an Effect service. The default is the AWS SDKs' default chain (environment, shared config and
 * credentials files with profiles, SSO, web identity, container and instance metadata, `credential_process`); the
 * static and environment variants serve tests and simple setups. Secrets are held as `Redacted`; temporary
 * credentials are refreshed five minutes before they expire, on Effect's Clock.
 *
 * @since 0.1.0
 */
import * as Config from "effect/Config"
import * as Context from "effect/Context"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as AwsConfig from "./AwsConfig.js"
import { CredentialsError } from "./AwsError.js"
import * as internal from "./internal/credentials.js"

/**
 * A set of AWS credentials.
 *
 * @since 0.1.0
 * @category models
 */
export interface Credentials {
  readonly accessKeyId: string
  readonly secretAccessKey: Redacted.Redacted<string>
  readonly sessionToken?: Redacted.Redacted<string> | undefined
  /** When temporary credentials stop working. */
  readonly expiration?: Date | undefined
}

/**
 * The credentials the live layer signs with.
 *
 * @since 0.1.0
 * @category tags
 */
export class AwsCredentials extends Context.Tag("@chime-proxy/aws/AwsCredentials")<
  AwsCredentials,
  AwsCredentials.Service
>() {}

/**
 * @since 0.1.0
 */
export declare namespace AwsCredentials {
  /**
   * @since 0.1.0
   * @category models
   */
  export interface Service {
    /** Credentials valid for at least a few minutes more. */
    readonly get: Effect.Effect<Credentials, CredentialsError>
  }
}

/**
 * How long before their expiration temporary credentials are refreshed, as the AWS SDKs do.
 *
 * @since 0.1.0
 * @category constants
 */
export const refreshWindow: Duration.Duration = internal.refreshWindow

/**
 * Wraps a source of credentials with a cache: the source is asked again only when the cached credentials expire
 * within {@link refreshWindow}, by Effect's Clock. `forceRefresh` is true when the cache asks again.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeCached: (
  load: (forceRefresh: boolean) => Effect.Effect<Credentials, CredentialsError>
) => Effect.Effect<AwsCredentials.Service> = internal.makeCached

/**
 * A provider of the AWS SDK for JavaScript, such as those of `@aws-sdk/credential-providers`. Providers differ in
 * what they accept (the memoized default chain takes `{ forceRefresh }`), hence the loose parameter.
 *
 * @since 0.1.0
 * @category models
 */
export type CredentialProvider = (options?: never) => Promise<{
  readonly accessKeyId: string
  readonly secretAccessKey: string
  readonly sessionToken?: string | undefined
  readonly expiration?: Date | undefined
}>

/**
 * The credentials of an AWS SDK provider, cached.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromProvider = (
  provider: CredentialProvider,
  name = "provider"
): Effect.Effect<AwsCredentials.Service> =>
  makeCached((forceRefresh) =>
    Effect.tryPromise({
      try: () => (provider as internal.Refreshable)(forceRefresh ? { forceRefresh } : undefined),
      catch: (cause) => new CredentialsError({ provider: name, reason: internal.describeFailure(cause) })
    }).pipe(
      Effect.flatMap((identity) =>
        typeof identity?.accessKeyId === "string" && typeof identity.secretAccessKey === "string"
          ? Effect.succeed(internal.fromIdentity(identity))
          : Effect.fail(new CredentialsError({ provider: name, reason: "the provider returned no credentials" }))
      )
    )
  )

/**
 * The AWS SDKs' default chain, for a profile (else `AWS_PROFILE`, else `default`). A failure names the profile and
 * the provider that failed, or, when none had credentials, what each one said. The chain's own console warnings
 * (such as "Multiple credential sources detected") are logged as warnings through Effect's logger instead.
 *
 * The environment's keys and a profile's static keys in the shared files are read as the chain reads them, without
 * loading it; its other providers (SSO, web identity, container and instance metadata, `credential_process`, roles
 * assumed with STS) are imported the first time the chain is needed, so that a program that does not need them
 * neither loads them at start nor, once bundled with code splitting, carries them in its first chunks.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerDefaultChain = (options?: { readonly profile?: string | undefined }): Layer.Layer<AwsCredentials> =>
  Layer.effect(AwsCredentials, internal.makeDefaultChain(options?.profile, internal.importChain))

/**
 * {@link layerDefaultChain} for the profile of the AwsConfig service, as the live layers use it: provide it beside
 * `AwsConfig.layer(…)` to build several services over one configuration and one credentials cache.
 *
 * @since 0.3.0
 * @category layers
 */
export const layerDefaultChainConfigured: Layer.Layer<AwsCredentials, never, AwsConfig.AwsConfig> = Layer.unwrapEffect(
  Effect.map(AwsConfig.AwsConfig, (config) => layerDefaultChain({ profile: config.profile }))
)

/**
 * Fixed credentials. Accepts the secrets as plain strings or as `Redacted`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerStatic = (credentials: {
  readonly accessKeyId: string
  readonly secretAccessKey: string | Redacted.Redacted<string>
  readonly sessionToken?: string | Redacted.Redacted<string> | undefined
  readonly expiration?: Date | undefined
}): Layer.Layer<AwsCredentials> => {
  const redact = (value: string | Redacted.Redacted<string>) =>
    Redacted.isRedacted(value) ? value : Redacted.make(value)
  const fixed: Credentials = {
    accessKeyId: credentials.accessKeyId,
    secretAccessKey: redact(credentials.secretAccessKey),
    sessionToken: credentials.sessionToken === undefined ? undefined : redact(credentials.sessionToken),
    expiration: credentials.expiration
  }
  return Layer.succeed(AwsCredentials, { get: Effect.succeed(fixed) })
}

/**
 * The variables `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN` and `AWS_CREDENTIAL_EXPIRATION`,
 * read through effect's Config (so a test can give them with a ConfigProvider).
 *
 * @since 0.1.0
 * @category configs
 */
export const config: Config.Config<Credentials> = Config.all({
  accessKeyId: Config.string("AWS_ACCESS_KEY_ID"),
  secretAccessKey: Config.redacted("AWS_SECRET_ACCESS_KEY"),
  sessionToken: Config.option(Config.redacted("AWS_SESSION_TOKEN")),
  expiration: Config.option(Config.date("AWS_CREDENTIAL_EXPIRATION"))
}).pipe(Config.map(({ accessKeyId, expiration, secretAccessKey, sessionToken }) => ({
  accessKeyId,
  secretAccessKey,
  sessionToken: Option.getOrUndefined(sessionToken),
  expiration: Option.getOrUndefined(expiration)
})))

/**
 * The credentials of the environment, read once when the layer is built.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerEnv: Layer.Layer<AwsCredentials, CredentialsError> = Layer.effect(
  AwsCredentials,
  Effect.map(
    Effect.mapError(
      config,
      (error) => new CredentialsError({ provider: "environment", reason: String(error) })
    ),
    (credentials): AwsCredentials.Service => ({ get: Effect.succeed(credentials) })
  )
)
