/**
 * AWS credentials as an Effect service. The default is the AWS SDKs' default chain (environment, shared config and
 * credentials files with profiles, SSO, web identity, container and instance metadata, `credential_process`); the
 * static and environment variants serve tests and simple setups. Secrets are held as `Redacted`; temporary
 * credentials are refreshed five minutes before they expire, on Effect's Clock.
 *
 * @since 0.1.0
 */
import { fromNodeProviderChain } from "@aws-sdk/credential-providers"
import * as Clock from "effect/Clock"
import * as Config from "effect/Config"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as SynchronizedRef from "effect/SynchronizedRef"
import { CredentialsError } from "./AwsError.js"

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
export const refreshWindow: Duration.Duration = Duration.minutes(5)

/**
 * Wraps a source of credentials with a cache: the source is asked again only when the cached credentials expire
 * within {@link refreshWindow}, by Effect's Clock. `forceRefresh` is true when the cache asks again.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeCached = (
  load: (forceRefresh: boolean) => Effect.Effect<Credentials, CredentialsError>
): Effect.Effect<AwsCredentials.Service> =>
  Effect.map(SynchronizedRef.make(Option.none<Credentials>()), (ref) => ({
    get: SynchronizedRef.modifyEffect(ref, (cached) =>
      Effect.flatMap(Clock.currentTimeMillis, (now) => {
        if (Option.isSome(cached) && isFresh(cached.value, now)) return Effect.succeed([cached.value, cached] as const)
        return Effect.map(load(Option.isSome(cached)), (fresh) => [fresh, Option.some(fresh)] as const)
      }))
  }))

const isFresh = (credentials: Credentials, now: number): boolean =>
  credentials.expiration === undefined ||
  credentials.expiration.getTime() - Duration.toMillis(refreshWindow) > now

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

type Refreshable = (options?: { readonly forceRefresh?: boolean }) => ReturnType<CredentialProvider>

const describeFailure = (cause: unknown): string => {
  if (typeof cause === "object" && cause !== null && "message" in cause && typeof cause.message === "string") {
    return cause.message
  }
  return "the provider failed"
}

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
      try: () => (provider as Refreshable)(forceRefresh ? { forceRefresh } : undefined),
      catch: (cause) => new CredentialsError({ provider: name, reason: describeFailure(cause) })
    }).pipe(
      Effect.flatMap((identity) =>
        typeof identity?.accessKeyId === "string" && typeof identity.secretAccessKey === "string"
          ? Effect.succeed(fromIdentity(identity))
          : Effect.fail(new CredentialsError({ provider: name, reason: "the provider returned no credentials" }))
      )
    )
  )

const fromIdentity = (identity: Awaited<ReturnType<CredentialProvider>>): Credentials => ({
  accessKeyId: identity.accessKeyId,
  secretAccessKey: Redacted.make(identity.secretAccessKey),
  sessionToken: identity.sessionToken === undefined ? undefined : Redacted.make(identity.sessionToken),
  expiration: identity.expiration
})

// The provider of the default chain each of its debug lines is about, and why a provider had nothing.
const chainProvider = /defaultProvider::(\w+)/
const chainReason = /^@smithy\/property-provider (?:->|\(!\)) (.*)$/s

/**
 * The AWS SDKs' default chain, for a profile (else `AWS_PROFILE`, else `default`). A failure names the profile and
 * the provider that failed, or, when none had credentials, what each one said. The chain's own console warnings
 * (such as "Multiple credential sources detected") are logged as warnings through Effect's logger instead.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerDefaultChain = (options?: { readonly profile?: string | undefined }): Layer.Layer<AwsCredentials> =>
  Layer.effect(
    AwsCredentials,
    Effect.suspend(() => {
      // Loads are serialised by makeCached: one transcript at a time.
      let warnings: Array<string> = []
      let tried: Array<{ readonly provider: string; reason?: string }> = []
      const text = (args: ReadonlyArray<unknown>) => args.map(String).join(" ").replace(/\s+/g, " ").trim()
      const logger = {
        trace: () => {},
        info: () => {},
        error: (...args: ReadonlyArray<unknown>) => void warnings.push(text(args)),
        warn: (...args: ReadonlyArray<unknown>) => void warnings.push(text(args)),
        debug: (...args: ReadonlyArray<unknown>) => {
          const line = text(args)
          const provider = chainProvider.exec(line)?.[1]
          if (provider !== undefined) return void tried.push({ provider })
          const reason = chainReason.exec(line)?.[1]
          const last = tried.at(-1)
          if (reason !== undefined && last !== undefined && last.reason === undefined) last.reason = reason
        }
      }
      const profile = options?.profile
      const chain = fromNodeProviderChain(profile === undefined ? { logger } : { profile, logger })
      const describeChain = (cause: unknown): CredentialsError => {
        const reason = describeFailure(cause)
        const last = tried.at(-1)
        const exhausted = /from any providers/.test(reason) || last === undefined
        return new CredentialsError({
          provider: exhausted ? "default chain" : last.provider,
          reason: exhausted && tried.length > 0
            ? `no provider had credentials (${
              tried.map((step) => `${step.provider}: ${step.reason ?? "no credentials"}`).join("; ")
            })`
            : reason,
          ...(profile === undefined || profile === "" ? {} : { profile })
        })
      }
      return makeCached((forceRefresh) =>
        Effect.suspend(() => {
          warnings = []
          tried = []
          return Effect.tryPromise({
            try: () => (chain as Refreshable)(forceRefresh ? { forceRefresh } : undefined),
            catch: describeChain
          })
        }).pipe(
          Effect.ensuring(Effect.suspend(() => Effect.forEach(warnings, (warning) => Effect.logWarning(warning)))),
          Effect.flatMap((identity) =>
            typeof identity?.accessKeyId === "string" && typeof identity.secretAccessKey === "string"
              ? Effect.succeed(fromIdentity(identity))
              : Effect.fail(describeChain(new Error("the provider returned no credentials")))
          )
        )
      )
    })
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
