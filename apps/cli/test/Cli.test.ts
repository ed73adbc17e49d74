import type { ProxySession } from "@chime-proxy/core"
import { Emulator, SigV4Verifier } from "@chime-proxy/emulator"
import { Simulator } from "@chime-proxy/simulator"
import { assert, describe, it, layer } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { networkInterfaces } from "node:os"
import * as Output from "../src/Output.js"
import { parseCsv } from "./fixtures.js"
import { at, cli } from "./run.js"

interface Listing {
  readonly ProxySessions: ReadonlyArray<ProxySession.ProxySessionJson>
  readonly NextToken?: string
}

const idsOf = (sessions: ReadonlyArray<ProxySession.ProxySessionJson>) => sessions.map((s) => s.ProxySessionId)

const ndjsonOf = (stdout: string): Array<ProxySession.ProxySessionJson> =>
  stdout.split("\n").filter((line) => line !== "").map((line) => JSON.parse(line))

// Follows --max-items/--starting-token to the end, one process per chunk.
const resume = (args: ReadonlyArray<string>, env?: Record<string, string>) =>
  Effect.gen(function*() {
    let seen: ReadonlyArray<ProxySession.ProxySessionJson> = []
    const tokens: Array<string> = []
    let token: string | undefined
    do {
      const result = yield* cli([...args, ...(token === undefined ? [] : ["--starting-token", token])], env)
      assert.strictEqual(result.code, 0, result.stderr)
      const listing = JSON.parse(result.stdout) as Listing
      seen = [...seen, ...listing.ProxySessions]
      token = listing.NextToken
      if (token !== undefined) tokens.push(token)
    } while (token !== undefined && tokens.length < 10)
    return { seen, tokens }
  })

describe("chime-proxy against the embedded simulator", () => {
  it.live("json, ndjson and csv list the same 75 sessions; --max-items and --starting-token resume to them all", () =>
    Effect.gen(function*() {
      const [json, ndjson, csv] = yield* Effect.all([
        cli(["list", "--simulate", "--output", "json"]),
        cli(["list", "--simulate", "--output", "ndjson", "--page-size", "7"]),
        cli(["list", "--simulate", "--output", "csv"])
      ], { concurrency: 2 })
      for (const result of [json, ndjson, csv]) {
        assert.strictEqual(result.code, 0, result.stderr)
        assert.strictEqual(result.stderr, "")
      }
      const listing = JSON.parse(json.stdout) as Listing
      assert.strictEqual(listing.ProxySessions.length, 75)
      assert.isUndefined(listing.NextToken)
      assert.strictEqual(new Set(listing.ProxySessions.map((s) => s.VoiceConnectorId)).size, 3)
      assert.deepStrictEqual(ndjsonOf(ndjson.stdout), listing.ProxySessions)
      const rows = parseCsv(csv.stdout)
      assert.deepStrictEqual(rows[0], [...Output.csvColumns])
      assert.deepStrictEqual(rows.slice(1).map((row) => row[1]), idsOf(listing.ProxySessions))
      // Phone numbers are printed as the data they are.
      assert.match(json.stdout, /"PhoneNumber": "\+\d{8,15}"/)

      // Each process seeds the same account, so a token of one run resumes in the next.
      const connector = at(listing.ProxySessions, 0).VoiceConnectorId!
      const { seen, tokens } = yield* resume([
        "list",
        "--simulate",
        "--voice-connector-id",
        connector,
        "--max-items",
        "13",
        "--page-size",
        "4"
      ])
      assert.strictEqual(tokens.length, 1)
      assert.deepStrictEqual(seen, listing.ProxySessions.filter((s) => s.VoiceConnectorId === connector))
    }))

  it.live("usage errors exit with 2 and say what is wrong; an unknown connector exits with 1", () =>
    Effect.gen(function*() {
      const [badFormat, badPageSize, unknown] = yield* Effect.all([
        cli(["list", "--simulate", "--output", "xml"]),
        cli(["list", "--voice-connector-id", "abc", "--page-size", "500"]),
        cli(["list", "--simulate", "--voice-connector-id", "no-such-connector"])
      ], { concurrency: 2 })
      assert.strictEqual(badFormat.code, 2)
      assert.include(badFormat.stderr, "json, ndjson, csv, table, text")
      assert.include(badFormat.stderr, "chime-proxy list --help")
      assert.strictEqual(badFormat.stdout, "")
      assert.strictEqual(badPageSize.code, 2)
      assert.include(
        badPageSize.stderr,
        "chime-proxy: Invalid value for --page-size: MaxResults must be an integer from 1 to 100"
      )
      assert.strictEqual(unknown.code, 1)
      assert.match(unknown.stderr, /^chime-proxy: NotFoundException: /)
      // With --simulate, the error names the simulated account's connectors.
      assert.match(unknown.stderr, /The simulated account \(seed 42\) has 3 voice connectors: \w+, \w+, \w+\./)
      assert.strictEqual(unknown.stdout, "")
    }))

  it.live("with --simulate, a missing connector id or several with --max-items are usage errors naming the simulated ones", () =>
    Effect.gen(function*() {
      const [none, several, seeded] = yield* Effect.all([
        cli(["list", "--simulate", "--max-items", "3"]),
        cli(["list", "--simulate", "--no-paginate", "--voice-connector-id", "a", "--voice-connector-id", "b"]),
        cli(["list", "--simulate", "--seed", "7", "--starting-token", "x"])
      ], { concurrency: 2 })
      const listing = yield* cli(["list", "--simulate", "--seed", "7", "--output", "ndjson"])
      const ids = [...new Set(listing.stdout.trim().split("\n").map((line) => JSON.parse(line).VoiceConnectorId))]
      assert.strictEqual(ids.length, 3)
      for (const [result, seed] of [[none, 42], [several, 42], [seeded, 7]] as const) {
        assert.strictEqual(result.code, 2, result.stderr)
        assert.include(result.stderr, "--voice-connector-id")
        assert.include(result.stderr, `The simulated account (seed ${seed}) has 3 voice connectors: `)
        assert.strictEqual(result.stdout, "")
      }
      assert.include(seeded.stderr, ids.join(", "))
      // Without --simulate nothing is seeded to name: the error is as before.
      const aws = yield* cli(["list", "--max-items", "3"])
      assert.strictEqual(aws.code, 2)
      assert.notInclude(aws.stderr, "The simulated account (seed")
    }))
})

describe("chime-proxy against the HTTP emulator", () => {
  const credentials = {
    AWS_ACCESS_KEY_ID: SigV4Verifier.defaultCredential.accessKeyId,
    AWS_SECRET_ACCESS_KEY: SigV4Verifier.defaultCredential.secretAccessKey,
    AWS_REGION: "us-east-1"
  }
  const quiet = { ...credentials, CHIME_PROXY_NO_DEPRECATION_WARNING: "true" }

  layer(Emulator.layerSimulator(), { excludeTestServices: true })((it) => {
    it.effect("lists what the emulator holds, in every format, and resumes with --starting-token", () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        const control = yield* Simulator.SimulatorControl
        yield* control.setClock("2025-06-01T12:00:00.000Z")
        const ids = yield* control.seed({ seed: 7, connectors: 2, sessionsPerConnector: 31 })
        const first = at(ids, 0)
        const second = at(ids, 1)
        const fixture = yield* control.saveFixture()
        const sessionsOf = (id: string) =>
          fixture.VoiceConnectors.find((connector) => connector.VoiceConnectorId === id)?.ProxySessions ?? []
        const expected = [...sessionsOf(first), ...sessionsOf(second)]
        const endpoint = ["--endpoint-url", emulator.url, "--region", "us-east-1"]
        const both = ["--voice-connector-id", first, "--voice-connector-id", second]
        const [json, ndjson, csv] = yield* Effect.all([
          cli(["list", ...endpoint, ...both], credentials),
          cli(["list", ...endpoint, ...both, "--output", "ndjson", "--page-size", "10"], quiet),
          cli(["list", ...endpoint, ...both, "--output", "csv"], quiet)
        ], { concurrency: 2 })
        assert.strictEqual(json.code, 0, json.stderr)
        // The end-of-support notice is about AWS: a loopback endpoint (the local emulator) is not told it.
        assert.notInclude(json.stderr, "End of support notice")
        assert.deepStrictEqual((JSON.parse(json.stdout) as Listing).ProxySessions, expected)
        assert.strictEqual(ndjson.stderr, "")
        assert.deepStrictEqual(ndjsonOf(ndjson.stdout), expected)
        assert.deepStrictEqual(parseCsv(csv.stdout).slice(1).map((row) => row[1]), idsOf(expected))

        const { seen, tokens } = yield* resume(
          ["list", ...endpoint, "--voice-connector-id", second, "--max-items", "12", "--page-size", "5"],
          quiet
        )
        assert.strictEqual(tokens.length, 2)
        assert.deepStrictEqual(seen, sessionsOf(second))
      }))

    it.effect("an unknown connector exits with 1 and NotFoundException in the message", () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        const result = yield* cli(
          ["list", "--endpoint-url", emulator.url, "--region", "us-east-1", "--voice-connector-id", "nope"],
          quiet
        )
        assert.strictEqual(result.code, 1)
        assert.strictEqual(result.stdout, "")
        assert.match(result.stderr, /^chime-proxy: NotFoundException: .*nope/)
        assert.include(result.stderr, "Check the voice connector id")
      }))
  })
})

// A non-loopback address of this machine, when it has one: the emulator served there is not "local" to the CLI.
const machineAddress = Object.values(networkInterfaces()).flat()
  .find((address) => address !== undefined && address.family === "IPv4" && !address.internal)?.address

describe("the end-of-support notice", () => {
  const env = {
    AWS_ACCESS_KEY_ID: SigV4Verifier.defaultCredential.accessKeyId,
    AWS_SECRET_ACCESS_KEY: SigV4Verifier.defaultCredential.secretAccessKey,
    AWS_REGION: "us-east-1"
  }
  // The notice is a log on stderr, never mixed into the data. (Without another address than loopback, the rule
  // itself is proven by the aws package's config tests; every machine with a network has one.)
  layer(Emulator.layerSimulator({ host: machineAddress ?? "127.0.0.1" }), { excludeTestServices: true })((it) => {
    it.effect("is printed on stderr for an endpoint that is not loopback", () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        const control = yield* Simulator.SimulatorControl
        const [id] = yield* control.seed({ seed: 7, connectors: 1, sessionsPerConnector: 3 })
        const result = yield* cli(["list", "--endpoint-url", emulator.url, "--voice-connector-id", id!], env)
        assert.strictEqual(result.code, 0, result.stderr)
        assert.strictEqual((JSON.parse(result.stdout) as Listing).ProxySessions.length, 3)
        if (machineAddress !== undefined) assert.include(result.stderr, "End of support notice")
        else assert.notInclude(result.stderr, "End of support notice")
        assert.notInclude(result.stdout, "End of support")
      }))
  })
})
