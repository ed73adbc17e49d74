import { getProfileName, parseKnownFiles } from "@smithy/core/config"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as SynchronizedRef from "effect/SynchronizedRef"
import { CredentialsError } from "../AwsError.js"
import type { AwsCredentials, CredentialProvider, Credentials } from "../Credentials.js"

/** @internal */
export const refreshWindow: Duration.Duration = Duration.minutes(5)

const isFresh = (credentials: Credentials, now: number): boolean =>
  credentials.expiration === undefined ||
  credentials.expiration.getTime() - Duration.toMillis(refreshWindow) > now

/** @internal */
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

type Identity = Awaited<ReturnType<CredentialProvider>>

/** @internal */
export type Refreshable = (options?: { readonly forceRefresh?: boolean }) => Promise<Identity>

/** @internal */
export const describeFailure = (cause: unknown): string => {
  if (typeof cause === "object" && cause !== null && "message" in cause && typeof cause.message === "string") {
    return cause.message
  }
  return "the provider failed"
}

/** @internal */
export const fromIdentity = (identity: Identity): Credentials => ({
  accessKeyId: identity.accessKeyId,
  secretAccessKey: Redacted.make(identity.secretAccessKey),
  sessionToken: identity.sessionToken === undefined ? undefined : Redacted.make(identity.sessionToken),
  expiration: identity.expiration
})

/**
 * What the first links of the AWS SDKs' default chain (`fromEnv`, then `fromIni`) give, without loading the chain:
 * the environment's keys when no profile is selected, else the static keys of the selected profile of the shared
 * files, by the SDK's own rules and with its own file loader. `undefined` whenever the chain would do anything else
 * (no credentials there, a profile that assumes a role or names SSO, a process, a token file, the warning about both
 * a profile and keys in the environment): the chain itself then runs, so that what it finds, and how it fails, stay
 * exactly its own. Most runs are served here, and never load the chain's providers (SSO, web identity, container and
 * instance metadata, process, STS), which make up most of its code.
 *
 * @internal
 */
export const fromEnvOrSharedFiles = async (profile: string | undefined): Promise<Identity | undefined> => {
  const env = process.env
  const keys = Boolean(env.AWS_ACCESS_KEY_ID) && Boolean(env.AWS_SECRET_ACCESS_KEY)
  if (!(profile ?? env.AWS_PROFILE)) {
    if (keys) {
      return {
        accessKeyId: env.AWS_ACCESS_KEY_ID!,
        secretAccessKey: env.AWS_SECRET_ACCESS_KEY!,
        sessionToken: env.AWS_SESSION_TOKEN || undefined,
        expiration: env.AWS_CREDENTIAL_EXPIRATION ? new Date(env.AWS_CREDENTIAL_EXPIRATION) : undefined
      }
    }
  } else if (keys) {
    return undefined
  }
  const profiles = await parseKnownFiles(profile === undefined ? {} : { profile })
  const data: Record<string, unknown> | undefined = profiles[getProfileName(profile === undefined ? {} : { profile })]
  const optionalString = (value: unknown) => value === undefined || typeof value === "string"
  if (
    data === undefined || typeof data.aws_access_key_id !== "string" ||
    typeof data.aws_secret_access_key !== "string" || !optionalString(data.aws_session_token) ||
    !optionalString(data.aws_account_id) || data.role_arn !== undefined
  ) return undefined
  return {
    accessKeyId: data.aws_access_key_id,
    secretAccessKey: data.aws_secret_access_key,
    sessionToken: data.aws_session_token as string | undefined
  }
}

/** The AWS SDKs' default chain, as `fromNodeProviderChain` of `@aws-sdk/credential-providers` makes it. @internal */
export type ChainFactory = (init: {
  readonly profile?: string
  readonly logger: {
    readonly trace: (...args: ReadonlyArray<unknown>) => void
    readonly debug: (...args: ReadonlyArray<unknown>) => void
    readonly info: (...args: ReadonlyArray<unknown>) => void
    readonly warn: (...args: ReadonlyArray<unknown>) => void
    readonly error: (...args: ReadonlyArray<unknown>) => void
  }
}) => Refreshable

/**
 * The chain's providers, imported on first use only: a static import would load (and bundle, in one file) all of
 * them with every program of the live layer.
 *
 * @internal
 */
export const importChain = (): Promise<ChainFactory> =>
  import("@aws-sdk/credential-providers").then((module) => {
    // A CommonJS module: Node names its exports, a bundle's chunk may give them as `default` only.
    const exports = "fromNodeProviderChain" in module ? module : (module as { readonly default: typeof module }).default
    return exports.fromNodeProviderChain as ChainFactory
  })

// The provider of the default chain each of its debug lines is about, and why a provider had nothing.
const chainProvider = /defaultProvider::(\w+)/
const chainReason = /^@smithy\/property-provider (?:->|\(!\)) (.*)$/s

/**
 * The default chain's credentials service: {@link fromEnvOrSharedFiles} first, the chain (from `loadChain`, once)
 * when they do not serve. A failure names the profile and the provider that failed, or what each one said.
 *
 * @internal
 */
export const makeDefaultChain = (
  profile: string | undefined,
  loadChain: () => Promise<ChainFactory>
): Effect.Effect<AwsCredentials.Service> =>
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
    let chain: Promise<Refreshable> | undefined
    const runChain = (forceRefresh: boolean): Promise<Identity> => {
      chain ??= loadChain().then((make) => make(profile === undefined ? { logger } : { profile, logger }))
      return chain.then((provider) => provider(forceRefresh ? { forceRefresh } : undefined))
    }
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
          try: () =>
            (chain === undefined ? fromEnvOrSharedFiles(profile).catch(() => undefined) : Promise.resolve(undefined))
              .then((found) => found ?? runChain(forceRefresh)),
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
