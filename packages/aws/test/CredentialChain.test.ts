import { fromIni } from "@aws-sdk/credential-providers"
import { AwsError, Credentials } from "@chime-proxy/aws"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Redacted from "effect/Redacted"
import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { ChainFactory } from "../src/internal/credentials.js"
import { importChain, makeDefaultChain } from "../src/internal/credentials.js"

// The default chain reads the environment and the shared files as the AWS SDKs' chain does, and loads the chain's
// providers only when those do not serve. These tests set process.env for one effect each, and restore it.

const withEnv = <A, E>(vars: Record<string, string | undefined>, effect: Effect.Effect<A, E>) =>
  Effect.acquireUseRelease(
    Effect.sync(() => {
      const saved = Object.fromEntries(Object.keys(vars).map((name) => [name, process.env[name]]))
      for (const [name, value] of Object.entries(vars)) {
        if (value === undefined) delete process.env[name]
        else process.env[name] = value
      }
      return saved
    }),
    () => effect,
    (saved) =>
      Effect.sync(() => {
        for (const [name, value] of Object.entries(saved)) {
          if (value === undefined) delete process.env[name]
          else process.env[name] = value
        }
      })
  )

/** A loader that records its calls and gives a chain that answers `answer`. */
const spyLoader = (answer = { accessKeyId: "AKIDCHAIN", secretAccessKey: "chain-secret" }) => {
  const calls: Array<{ readonly profile?: string | undefined }> = []
  const load = (): Promise<ChainFactory> =>
    Promise.resolve((init) => {
      calls.push({ profile: init.profile })
      return () => Promise.resolve(answer)
    })
  return { calls, load }
}

const sharedFile = (contents: string) => {
  const file = join(mkdtempSync(join(tmpdir(), "chime-proxy-chain-")), "credentials")
  writeFileSync(file, contents)
  return file
}

const noKeys = { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined, AWS_SESSION_TOKEN: undefined }

describe("the default chain loads its providers on demand", () => {
  it.effect("the environment's keys are read without loading the chain", () =>
    withEnv(
      { AWS_PROFILE: undefined, AWS_ACCESS_KEY_ID: "AKIDENVFAST", AWS_SECRET_ACCESS_KEY: "env-secret" },
      Effect.gen(function*() {
        const loader = spyLoader()
        const service = yield* makeDefaultChain(undefined, loader.load)
        const credentials = yield* service.get
        assert.strictEqual(credentials.accessKeyId, "AKIDENVFAST")
        assert.strictEqual(Redacted.value(credentials.secretAccessKey), "env-secret")
        assert.strictEqual(credentials.sessionToken, undefined)
        assert.deepStrictEqual(loader.calls, [])
      })
    ))

  it.effect("a profile's static keys in the shared files are read without loading the chain, as the SDK reads them", () => {
    const file = sharedFile(
      "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = d\n" +
        "[static]\naws_access_key_id = AKIDSTATIC\naws_secret_access_key = static-secret\naws_session_token = tok\n"
    )
    return withEnv(
      { ...noKeys, AWS_PROFILE: undefined, AWS_SHARED_CREDENTIALS_FILE: file },
      Effect.gen(function*() {
        for (const profile of ["static", undefined]) {
          const loader = spyLoader()
          const ours = yield* Effect.flatMap(makeDefaultChain(profile, loader.load), (service) => service.get)
          const sdk = yield* Effect.promise(() => fromIni(profile === undefined ? {} : { profile })())
          assert.strictEqual(ours.accessKeyId, sdk.accessKeyId)
          assert.strictEqual(Redacted.value(ours.secretAccessKey), sdk.secretAccessKey)
          assert.strictEqual(ours.sessionToken && Redacted.value(ours.sessionToken), sdk.sessionToken)
          assert.deepStrictEqual(loader.calls, [])
        }
      })
    )
  })

  it.effect("a profile that assumes a role, or none at all, loads the chain and takes its answer", () => {
    const file = sharedFile(
      "[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = b\n" +
        "[role]\nrole_arn = arn:aws:iam::123456789012:role/r\nsource_profile = base\n" +
        "[sso]\nsso_session = s\nsso_account_id = 123456789012\nsso_role_name = r\n"
    )
    return withEnv(
      { ...noKeys, AWS_PROFILE: undefined, AWS_SHARED_CREDENTIALS_FILE: file },
      Effect.gen(function*() {
        for (const profile of ["role", "sso", "absent"]) {
          const loader = spyLoader()
          const service = yield* makeDefaultChain(profile, loader.load)
          assert.strictEqual((yield* service.get).accessKeyId, "AKIDCHAIN")
          // Loaded once, and asked again on later loads.
          yield* service.get
          assert.deepStrictEqual(loader.calls, [{ profile }])
        }
      })
    )
  })

  it.effect("a profile with keys in the environment too is the chain's to resolve (it warns about the two)", () =>
    withEnv(
      { AWS_PROFILE: "static", AWS_ACCESS_KEY_ID: "AKIDENV", AWS_SECRET_ACCESS_KEY: "s" },
      Effect.gen(function*() {
        const loader = spyLoader()
        yield* Effect.flatMap(makeDefaultChain(undefined, loader.load), (service) => service.get)
        assert.deepStrictEqual(loader.calls, [{ profile: undefined }])
      })
    ))

  it.effect("with no credentials anywhere, the failure is the chain's own, naming what each provider said", () =>
    withEnv(
      {
        ...noKeys,
        AWS_PROFILE: undefined,
        AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
        AWS_CONFIG_FILE: "/dev/null",
        AWS_EC2_METADATA_DISABLED: "true"
      },
      Effect.gen(function*() {
        const exit = yield* Effect.exit(Effect.flatMap(makeDefaultChain(undefined, importChain), (s) => s.get))
        if (Exit.isSuccess(exit) || exit.cause._tag !== "Fail") return assert.fail("expected a CredentialsError")
        const error = exit.cause.error
        assert.instanceOf(error, AwsError.CredentialsError)
        assert.strictEqual(error.provider, "default chain")
        assert.match(error.reason, /^no provider had credentials \(fromEnv: .*; fromIni: .*remoteProvider: /)
      })
    ))

  it.effect("the public layer reads the environment as before", () =>
    withEnv(
      { AWS_PROFILE: undefined, AWS_ACCESS_KEY_ID: "AKIDLAYER", AWS_SECRET_ACCESS_KEY: "s" },
      Effect.gen(function*() {
        const credentials = yield* Effect.flatMap(Credentials.AwsCredentials, (service) => service.get).pipe(
          Effect.provide(Credentials.layerDefaultChain())
        )
        assert.strictEqual(credentials.accessKeyId, "AKIDLAYER")
      })
    ))
})
