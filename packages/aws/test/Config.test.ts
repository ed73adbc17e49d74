import { AwsConfig, AwsError, Endpoint } from "@chime-proxy/aws"
import { assert, describe, it } from "@effect/vitest"
import * as Config from "effect/Config"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"

const noFile = "/nonexistent/aws-config"

/** Resolves with exactly these variables: nothing comes from process.env. */
const resolveWith = (variables: Record<string, string>, options: AwsConfig.Options = {}) =>
  AwsConfig.resolve(options).pipe(
    Effect.withConfigProvider(
      ConfigProvider.fromMap(new Map(Object.entries({ AWS_CONFIG_FILE: noFile, ...variables })))
    )
  )

const reasonOf = (exit: Exit.Exit<unknown, AwsError.ConfigurationError>): string => {
  if (Exit.isSuccess(exit)) return assert.fail("expected a ConfigurationError")
  const failure = exit.cause._tag === "Fail" ? exit.cause.error : undefined
  assert.instanceOf(failure, AwsError.ConfigurationError)
  return failure!.reason
}

const configFile = (text: string) => {
  const dir = mkdtempSync(join(tmpdir(), "chime-proxy-aws-"))
  const file = join(dir, "config")
  writeFileSync(file, text)
  return file
}

describe("region", () => {
  it.effect("AWS_REGION, then AWS_DEFAULT_REGION, then the profile's region; the option wins", () =>
    Effect.gen(function*() {
      const file = configFile("[default]\nregion = eu-west-1\n[profile other]\nregion = ap-south-1\n")
      const region = (variables: Record<string, string>, options: AwsConfig.Options = {}) =>
        Effect.map(resolveWith({ AWS_CONFIG_FILE: file, ...variables }, options), (config) => config.region)
      assert.strictEqual(yield* region({ AWS_REGION: "us-west-2", AWS_DEFAULT_REGION: "us-east-2" }), "us-west-2")
      assert.strictEqual(yield* region({ AWS_DEFAULT_REGION: "us-east-2" }), "us-east-2")
      assert.strictEqual(yield* region({}), "eu-west-1")
      assert.strictEqual(yield* region({ AWS_PROFILE: "other" }), "ap-south-1")
      assert.strictEqual(yield* region({}, { profile: "other" }), "ap-south-1")
      assert.strictEqual(yield* region({ AWS_REGION: "us-west-2" }, { region: "ca-central-1" }), "ca-central-1")
      assert.strictEqual(yield* region({ AWS_REGION: "" }), "eu-west-1")
    }))

  it.effect("a missing region is a clear configuration error", () =>
    Effect.gen(function*() {
      const reason = reasonOf(yield* Effect.exit(resolveWith({})))
      assert.include(reason, "No AWS region is configured")
      assert.include(reason, "AWS_REGION")
      const profileWithout = configFile("[profile p]\noutput = json\n")
      const other = reasonOf(yield* Effect.exit(resolveWith({ AWS_CONFIG_FILE: profileWithout, AWS_PROFILE: "p" })))
      assert.include(other, `profile p of ${profileWithout}`)
    }))

  it.effect("the endpoint follows the region's partition", () =>
    Effect.gen(function*() {
      const endpoint = (region: string) => Effect.map(resolveWith({ AWS_REGION: region }), (config) => config.endpoint)
      assert.strictEqual(yield* endpoint("us-east-1"), "https://voice-chime.us-east-1.amazonaws.com")
      assert.strictEqual(yield* endpoint("cn-north-1"), "https://voice-chime.cn-north-1.amazonaws.com.cn")
      assert.strictEqual(yield* endpoint("us-gov-west-1"), "https://voice-chime.us-gov-west-1.amazonaws.com")
      assert.strictEqual(yield* endpoint("fips-us-east-1"), "https://voice-chime-fips.us-east-1.amazonaws.com")
    }))
})

describe("endpoint", () => {
  it.effect("AWS_ENDPOINT_URL_CHIME_SDK_VOICE, then AWS_ENDPOINT_URL, then the profile's endpoint_url", () =>
    Effect.gen(function*() {
      const file = configFile("[default]\nendpoint_url = http://from-profile:3000\n")
      const endpoint = (variables: Record<string, string>, options: AwsConfig.Options = {}) =>
        Effect.map(
          resolveWith({ AWS_REGION: "us-east-1", AWS_CONFIG_FILE: file, ...variables }, options),
          (config) => [config.endpoint, config.customEndpoint] as const
        )
      assert.deepStrictEqual(
        yield* endpoint({
          AWS_ENDPOINT_URL_CHIME_SDK_VOICE: "http://127.0.0.1:9000/",
          AWS_ENDPOINT_URL: "http://other"
        }),
        ["http://127.0.0.1:9000", true]
      )
      assert.deepStrictEqual(yield* endpoint({ AWS_ENDPOINT_URL: "https://proxy.example/base/" }), [
        "https://proxy.example/base",
        true
      ])
      assert.deepStrictEqual(yield* endpoint({}), ["http://from-profile:3000", true])
      assert.deepStrictEqual(
        yield* endpoint({ AWS_ENDPOINT_URL: "http://other" }, { endpoint: "http://explicit:1" }),
        ["http://explicit:1", true]
      )
    }))

  it.effect("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS ignores the configured ones, not the explicit option", () =>
    Effect.gen(function*() {
      const base = {
        AWS_REGION: "eu-west-1",
        AWS_ENDPOINT_URL: "http://configured",
        AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "true"
      }
      assert.strictEqual((yield* resolveWith(base)).endpoint, "https://voice-chime.eu-west-1.amazonaws.com")
      assert.strictEqual((yield* resolveWith(base, { endpoint: "http://explicit" })).endpoint, "http://explicit")
      assert.strictEqual(
        (yield* resolveWith({ ...base, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "false" })).endpoint,
        "http://configured"
      )
    }))

  it.effect("AWS_USE_FIPS_ENDPOINT and AWS_USE_DUALSTACK_ENDPOINT pick the variant", () =>
    Effect.gen(function*() {
      const endpoint = (variables: Record<string, string>, options: AwsConfig.Options = {}) =>
        Effect.map(resolveWith({ AWS_REGION: "us-west-2", ...variables }, options), (config) => config.endpoint)
      assert.strictEqual(
        yield* endpoint({ AWS_USE_FIPS_ENDPOINT: "true" }),
        "https://voice-chime-fips.us-west-2.amazonaws.com"
      )
      assert.strictEqual(
        yield* endpoint({ AWS_USE_DUALSTACK_ENDPOINT: "TRUE" }),
        "https://voice-chime.us-west-2.api.aws"
      )
      assert.strictEqual(
        yield* endpoint({ AWS_USE_FIPS_ENDPOINT: "true", AWS_USE_DUALSTACK_ENDPOINT: "true" }),
        "https://voice-chime-fips.us-west-2.api.aws"
      )
      assert.strictEqual(
        yield* endpoint({ AWS_USE_FIPS_ENDPOINT: "true" }, { useFipsEndpoint: false }),
        "https://voice-chime.us-west-2.amazonaws.com"
      )
    }))

  it.effect("FIPS or dual-stack with a custom endpoint are the rules' errors", () =>
    Effect.gen(function*() {
      const custom = { AWS_REGION: "us-east-1", AWS_ENDPOINT_URL: "http://127.0.0.1:4566" }
      assert.strictEqual(
        reasonOf(yield* Effect.exit(resolveWith({ ...custom, AWS_USE_FIPS_ENDPOINT: "true" }))),
        "Invalid Configuration: FIPS and custom endpoint are not supported"
      )
      assert.strictEqual(
        reasonOf(yield* Effect.exit(resolveWith({ ...custom, AWS_USE_DUALSTACK_ENDPOINT: "true" }))),
        "Invalid Configuration: Dualstack and custom endpoint are not supported"
      )
    }))

  it.effect("malformed values name their variable", () =>
    Effect.gen(function*() {
      const base = { AWS_REGION: "us-east-1" }
      assert.include(
        reasonOf(yield* Effect.exit(resolveWith({ ...base, AWS_USE_FIPS_ENDPOINT: "maybe" }))),
        "AWS_USE_FIPS_ENDPOINT"
      )
      assert.include(reasonOf(yield* Effect.exit(resolveWith({ ...base, AWS_ENDPOINT_URL: "not a url" }))), "not a URL")
      assert.include(
        reasonOf(yield* Effect.exit(resolveWith({ ...base, AWS_ENDPOINT_URL: "ftp://x" }))),
        "http or https"
      )
      assert.include(
        reasonOf(yield* Effect.exit(resolveWith({ AWS_REGION: "us-east-1.evil.com/" }))),
        "not a valid host label"
      )
      // With a custom endpoint too, as the AWS SDKs do: the region is signed into every request's headers.
      assert.include(
        reasonOf(
          yield* Effect.exit(resolveWith({ AWS_REGION: "us-east-1\u001b[31m", AWS_ENDPOINT_URL: "http://127.0.0.1:1" }))
        ),
        "not a valid host label"
      )
      // A password in an endpoint is refused, and never repeated.
      const withPassword = reasonOf(
        yield* Effect.exit(resolveWith({ ...base, AWS_ENDPOINT_URL: "http://u:hunter2@h" }))
      )
      assert.notInclude(withPassword, "hunter2")
    }))
})

describe("retries", () => {
  it.effect("AWS_MAX_ATTEMPTS and AWS_RETRY_MODE, with the options winning", () =>
    Effect.gen(function*() {
      const base = { AWS_REGION: "us-east-1" }
      const retry = (variables: Record<string, string>, options: AwsConfig.Options = {}) =>
        Effect.map(resolveWith({ ...base, ...variables }, options), (c) => [c.maxAttempts, c.retryMode] as const)
      assert.deepStrictEqual(yield* retry({}), [3, "standard"])
      assert.deepStrictEqual(yield* retry({ AWS_MAX_ATTEMPTS: "7", AWS_RETRY_MODE: "adaptive" }), [7, "adaptive"])
      assert.deepStrictEqual(yield* retry({ AWS_RETRY_MODE: "legacy" }), [3, "standard"])
      assert.deepStrictEqual(
        yield* retry({ AWS_MAX_ATTEMPTS: "7", AWS_RETRY_MODE: "adaptive" }, { maxAttempts: 2, retryMode: "standard" }),
        [2, "standard"]
      )
      assert.include(reasonOf(yield* Effect.exit(resolveWith({ ...base, AWS_MAX_ATTEMPTS: "0" }))), "AWS_MAX_ATTEMPTS")
      assert.include(
        reasonOf(yield* Effect.exit(resolveWith({ ...base, AWS_MAX_ATTEMPTS: "three" }))),
        "AWS_MAX_ATTEMPTS"
      )
      assert.include(reasonOf(yield* Effect.exit(resolveWith({ ...base, AWS_RETRY_MODE: "eager" }))), "AWS_RETRY_MODE")
    }))

  it.effect("the profile's max_attempts, retry_mode and use_fips_endpoint", () =>
    Effect.gen(function*() {
      const file = configFile(
        "[profile p]\nregion = us-east-1\nmax_attempts = 9\nretry_mode = adaptive\nuse_fips_endpoint = true\n"
      )
      const config = yield* resolveWith({ AWS_CONFIG_FILE: file, AWS_PROFILE: "p" })
      assert.deepStrictEqual([config.maxAttempts, config.retryMode, config.endpoint], [
        9,
        "adaptive",
        "https://voice-chime-fips.us-east-1.amazonaws.com"
      ])
      const bad = configFile("[default]\nregion = us-east-1\nmax_attempts = lots\n")
      assert.include(
        reasonOf(yield* Effect.exit(resolveWith({ AWS_CONFIG_FILE: bad }))),
        `max_attempts in the profile default of ${bad}`
      )
    }))

  it.effect("timeouts and backoff from options", () =>
    Effect.gen(function*() {
      const config = yield* resolveWith({ AWS_REGION: "us-east-1" }, {
        attemptTimeout: "5 seconds",
        operationTimeout: "1 minute",
        backoff: { base: 0 }
      })
      assert.strictEqual(Duration.toMillis(config.attemptTimeout), 5_000)
      assert.strictEqual(Duration.toMillis(config.operationTimeout), 60_000)
      assert.strictEqual(Duration.toMillis(config.backoff.base), 0)
      assert.strictEqual(Duration.toMillis(config.backoff.throttlingBase), 500)
      const defaults = yield* resolveWith({ AWS_REGION: "us-east-1" })
      assert.strictEqual(Duration.toMillis(defaults.attemptTimeout), 30_000)
      assert.isFalse(Duration.isFinite(defaults.operationTimeout))
      assert.include(
        reasonOf(yield* Effect.exit(resolveWith({ AWS_REGION: "us-east-1" }, { attemptTimeout: 0 }))),
        "attemptTimeout"
      )
    }))
})

describe("values as effect's Config reads them", () => {
  it.effect("trimmed and case-insensitive; an option is checked as its variable is", () =>
    Effect.gen(function*() {
      const config = yield* resolveWith({
        AWS_REGION: "us-east-1",
        AWS_USE_DUALSTACK_ENDPOINT: " TRUE ",
        AWS_RETRY_MODE: "Adaptive",
        AWS_MAX_ATTEMPTS: " 4 "
      })
      assert.deepStrictEqual([config.useDualstackEndpoint, config.retryMode, config.maxAttempts], [true, "adaptive", 4])
      const reason = reasonOf(yield* Effect.exit(resolveWith({ AWS_REGION: "us-east-1" }, { maxAttempts: 1.5 })))
      assert.include(reason, "maxAttempts must be an integer of at least 1, got \"1.5\"")
      assert.include(
        reasonOf(yield* Effect.exit(resolveWith({ AWS_REGION: "us-east-1", AWS_MAX_ATTEMPTS: "10000" }))),
        "AWS_MAX_ATTEMPTS must be an integer of at least 1"
      )
      assert.include(
        reasonOf(yield* Effect.exit(resolveWith({ AWS_REGION: "us-east-1", AWS_USE_FIPS_ENDPOINT: "maybe" }))),
        "AWS_USE_FIPS_ENDPOINT must be true or false, got \"maybe\""
      )
    }))
})

describe("the deprecation warning switch", () => {
  it.effect("on by default; CHIME_PROXY_NO_DEPRECATION_WARNING=true turns it off; the option wins", () =>
    Effect.gen(function*() {
      const base = { AWS_REGION: "us-east-1" }
      assert.isTrue((yield* resolveWith(base)).deprecationWarning)
      assert.isFalse((yield* resolveWith({ ...base, CHIME_PROXY_NO_DEPRECATION_WARNING: "true" })).deprecationWarning)
      assert.isTrue((yield* resolveWith({ ...base, CHIME_PROXY_NO_DEPRECATION_WARNING: "false" })).deprecationWarning)
      assert.isTrue(
        (yield* resolveWith({ ...base, CHIME_PROXY_NO_DEPRECATION_WARNING: "true" }, { deprecationWarning: true }))
          .deprecationWarning
      )
    }))

  it.effect("off by default for a loopback endpoint (a local emulator), on for any other; the option wins", () =>
    Effect.gen(function*() {
      const base = { AWS_REGION: "us-east-1" }
      for (
        const endpoint of ["http://127.0.0.1:4599", "http://localhost:4599/", "http://[::1]:4599", "http://127.9.9.9"]
      ) {
        assert.isFalse((yield* resolveWith(base, { endpoint })).deprecationWarning, endpoint)
        assert.isFalse((yield* resolveWith({ ...base, AWS_ENDPOINT_URL: endpoint })).deprecationWarning, endpoint)
        assert.isTrue((yield* resolveWith(base, { endpoint, deprecationWarning: true })).deprecationWarning, endpoint)
      }
      for (
        const endpoint of [
          "https://voice-chime.us-east-1.amazonaws.com",
          "http://10.1.2.3:4599",
          "http://127.0.0.1.example"
        ]
      ) {
        assert.isTrue((yield* resolveWith(base, { endpoint })).deprecationWarning, endpoint)
      }
    }))
})

describe("layerConfig", () => {
  it.effect("reads the options themselves from a Config", () =>
    Effect.gen(function*() {
      const config = yield* AwsConfig.AwsConfig.pipe(
        Effect.provide(
          AwsConfig.layerConfig({ region: Config.string("MY_REGION"), maxAttempts: Config.integer("MY_ATTEMPTS") })
        ),
        Effect.withConfigProvider(
          ConfigProvider.fromMap(
            new Map([["MY_REGION", "eu-north-1"], ["MY_ATTEMPTS", "4"], ["AWS_CONFIG_FILE", noFile]])
          )
        )
      )
      assert.deepStrictEqual([config.region, config.maxAttempts], ["eu-north-1", 4])
    }))
})

describe("Endpoint.resolve", () => {
  it("covers every partition, FIPS and dual-stack", () => {
    const cases: ReadonlyArray<readonly [string, boolean, boolean, string]> = [
      ["us-east-1", false, false, "https://voice-chime.us-east-1.amazonaws.com"],
      ["us-east-1", true, true, "https://voice-chime-fips.us-east-1.api.aws"],
      ["cn-northwest-1", false, true, "https://voice-chime.cn-northwest-1.api.amazonwebservices.com.cn"],
      ["cn-north-1", true, false, "https://voice-chime-fips.cn-north-1.amazonaws.com.cn"],
      ["us-gov-east-1", true, false, "https://voice-chime-fips.us-gov-east-1.amazonaws.com"],
      ["us-gov-east-1", false, true, "https://voice-chime.us-gov-east-1.api.aws"],
      ["us-iso-east-1", false, false, "https://voice-chime.us-iso-east-1.c2s.ic.gov"],
      ["us-isob-east-1", false, false, "https://voice-chime.us-isob-east-1.sc2s.sgov.gov"],
      ["eusc-de-east-1", false, false, "https://voice-chime.eusc-de-east-1.amazonaws.eu"],
      ["mars-west-1", false, false, "https://voice-chime.mars-west-1.amazonaws.com"]
    ]
    for (const [region, useFipsEndpoint, useDualstackEndpoint, expected] of cases) {
      assert.deepStrictEqual(
        Endpoint.resolve({ region, useFipsEndpoint, useDualstackEndpoint }),
        Either.right(expected)
      )
    }
    assert.strictEqual(Endpoint.partitionOf("cn-north-1").name, "aws-cn")
    assert.strictEqual(Endpoint.partitionOf("us-gov-west-1").name, "aws-us-gov")
    assert.strictEqual(Endpoint.partitionOf("aws-global").name, "aws")
  })
})
