import { fromIni } from "@aws-sdk/credential-providers"
import { AwsError, Credentials } from "@chime-proxy/aws"
import { assert, describe, it } from "@effect/vitest"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { inspect } from "node:util"

const secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
const token = "FwoGZXIvYXdzEXAMPLETOKEN"

const get = Effect.flatMap(Credentials.AwsCredentials, (service) => service.get)

const assertHidden = (value: unknown) => {
  const text = [String(value), inspect(value, { depth: 10 }), JSON.stringify(value)].join("\n")
  assert.notInclude(text, secret)
  assert.notInclude(text, token)
}

describe("static and environment credentials", () => {
  it.effect("static credentials hold their secrets as Redacted", () =>
    Effect.gen(function*() {
      const credentials = yield* get.pipe(
        Effect.provide(Credentials.layerStatic({ accessKeyId: "AKID", secretAccessKey: secret, sessionToken: token }))
      )
      assert.strictEqual(credentials.accessKeyId, "AKID")
      assert.strictEqual(Redacted.value(credentials.secretAccessKey), secret)
      assert.strictEqual(Redacted.value(credentials.sessionToken!), token)
      assertHidden(credentials)
    }))

  it.effect("environment credentials are read through Config", () =>
    Effect.gen(function*() {
      const credentials = yield* get.pipe(
        Effect.provide(Credentials.layerEnv),
        Effect.withConfigProvider(ConfigProvider.fromMap(
          new Map([
            ["AWS_ACCESS_KEY_ID", "AKIDENV"],
            ["AWS_SECRET_ACCESS_KEY", secret],
            ["AWS_SESSION_TOKEN", token],
            ["AWS_CREDENTIAL_EXPIRATION", "2030-01-01T00:00:00Z"]
          ])
        ))
      )
      assert.strictEqual(credentials.accessKeyId, "AKIDENV")
      assert.strictEqual(Redacted.value(credentials.secretAccessKey), secret)
      assert.strictEqual(credentials.expiration?.toISOString(), "2030-01-01T00:00:00.000Z")
      assertHidden(credentials)
    }))

  it.effect("missing environment credentials are a CredentialsError", () =>
    Effect.gen(function*() {
      const exit = yield* get.pipe(
        Effect.provide(Credentials.layerEnv),
        Effect.withConfigProvider(ConfigProvider.fromMap(new Map([["AWS_SECRET_ACCESS_KEY", secret]]))),
        Effect.exit
      )
      assert.isTrue(Exit.isFailure(exit))
      if (Exit.isSuccess(exit) || exit.cause._tag !== "Fail") return assert.fail("expected a CredentialsError")
      assert.instanceOf(exit.cause.error, AwsError.CredentialsError)
      assert.include(exit.cause.error.message, "AWS_ACCESS_KEY_ID")
      assertHidden(exit.cause.error)
    }))
})

describe("providers and refresh", () => {
  it.effect("temporary credentials are refreshed five minutes before they expire, on the Clock", () =>
    Effect.gen(function*() {
      const calls: Array<boolean | undefined> = []
      const service = yield* Credentials.fromProvider(async (options?: { readonly forceRefresh?: boolean }) => {
        calls.push(options?.forceRefresh)
        return {
          accessKeyId: `AKID${calls.length}`,
          secretAccessKey: secret,
          sessionToken: token,
          // Valid for one hour from the TestClock's start.
          expiration: new Date(calls.length * 3_600_000)
        }
      })
      assert.strictEqual((yield* service.get).accessKeyId, "AKID1")
      assert.strictEqual((yield* service.get).accessKeyId, "AKID1")
      yield* TestClock.adjust("54 minutes")
      assert.strictEqual((yield* service.get).accessKeyId, "AKID1")
      yield* TestClock.adjust("1 minute")
      assert.strictEqual((yield* service.get).accessKeyId, "AKID2")
      assert.strictEqual((yield* service.get).accessKeyId, "AKID2")
      assert.deepStrictEqual(calls, [undefined, true])
    }))

  it.effect("credentials without an expiration are kept", () =>
    Effect.gen(function*() {
      let calls = 0
      const service = yield* Credentials.fromProvider(async () => {
        calls++
        return { accessKeyId: "AKID", secretAccessKey: secret }
      })
      yield* service.get
      yield* TestClock.adjust("1000 days")
      yield* service.get
      assert.strictEqual(calls, 1)
    }))

  it.effect("a failing provider is a CredentialsError naming it, and is asked again next time", () =>
    Effect.gen(function*() {
      let calls = 0
      const service = yield* Credentials.fromProvider(async () => {
        calls++
        if (calls === 1) throw new Error("Could not load credentials from any providers")
        return { accessKeyId: "AKID", secretAccessKey: secret }
      }, "test chain")
      const exit = yield* Effect.exit(service.get)
      if (Exit.isSuccess(exit) || exit.cause._tag !== "Fail") return assert.fail("expected a CredentialsError")
      assert.strictEqual(
        exit.cause.error.message,
        "Could not load AWS credentials (test chain): Could not load credentials from any providers"
      )
      assert.strictEqual((yield* service.get).accessKeyId, "AKID")
    }))

  it.effect("the default chain reads a profile of the shared credentials file", () =>
    Effect.gen(function*() {
      const dir = mkdtempSync(join(tmpdir(), "chime-proxy-creds-"))
      const file = join(dir, "credentials")
      writeFileSync(file, `[chime-test]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = ${secret}\n`)
      // The SDK's chain reads its files from process.env; the test points it at a temporary file through the
      // provider's own init instead of touching the environment.
      const service = yield* Credentials.fromProvider(fromIni({ profile: "chime-test", filepath: file }), "ini")
      const credentials = yield* service.get
      assert.strictEqual(credentials.accessKeyId, "AKIDPROFILE")
      assertHidden(credentials)
      const missing = yield* Effect.exit(
        Effect.flatMap(Credentials.fromProvider(fromIni({ profile: "absent", filepath: file }), "ini"), (s) => s.get)
      )
      assert.isTrue(Exit.isFailure(missing))
    }))

  it.effect("the default chain layer finds the environment's credentials", () =>
    Effect.gen(function*() {
      // The root vitest config sets static fake AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY for every test.
      const credentials = yield* get.pipe(Effect.provide(Credentials.layerDefaultChain()))
      assert.strictEqual(credentials.accessKeyId, process.env.AWS_ACCESS_KEY_ID)
    }))
})
