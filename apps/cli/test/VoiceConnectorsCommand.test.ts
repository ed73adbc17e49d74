import { Stdio } from "@chime-proxy/program"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import * as Backend from "../src/Backend.js"
import * as ConnectorOutput from "../src/ConnectorOutput.js"
import type * as Output from "../src/Output.js"
import * as VoiceConnectorsCommand from "../src/VoiceConnectorsCommand.js"
import { parseCsv } from "./fixtures.js"

const defaults: VoiceConnectorsCommand.Args = {
  pageSize: Option.none(),
  maxItems: Option.none(),
  startingToken: Option.none(),
  noPaginate: false,
  output: "json",
  endpointUrl: Option.none(),
  region: Option.none(),
  profile: Option.none(),
  simulate: true,
  seed: Option.none()
}

const run = (args: Partial<VoiceConnectorsCommand.Args>) =>
  Effect.gen(function*() {
    const [stdio, captured] = yield* Stdio.makeCaptured()
    const exit = yield* Effect.exit(
      Effect.provideService(VoiceConnectorsCommand.run({ ...defaults, ...args }, Backend.layer), Stdio.Stdio, stdio)
    )
    return { exit, stdout: yield* captured.stdout, stderr: yield* captured.stderr }
  })

interface Json {
  readonly VoiceConnectors: Array<Record<string, unknown>>
  readonly NextToken?: string
}

describe("chime-proxy list-voice-connectors", () => {
  it.effect("json is the AWS CLI's shape, with every member of each connector", () =>
    Effect.gen(function*() {
      const result = yield* run({})
      assert.isTrue(Exit.isSuccess(result.exit), result.stderr)
      const body = JSON.parse(result.stdout) as Json
      assert.strictEqual(body.VoiceConnectors.length, 3)
      for (const connector of body.VoiceConnectors) {
        for (const key of ["VoiceConnectorId", "Name", "AwsRegion", "CreatedTimestamp", "VoiceConnectorArn"]) {
          assert.property(connector, key)
        }
      }
      assert.notProperty(body, "NextToken")
    }))

  it.effect("every format writes the same connectors", () =>
    Effect.gen(function*() {
      const ids = (JSON.parse((yield* run({})).stdout) as Json).VoiceConnectors.map((c) => String(c.VoiceConnectorId))
      const outputs: Record<Output.Format, string> = {
        json: "",
        ndjson: (yield* run({ output: "ndjson" })).stdout,
        csv: (yield* run({ output: "csv" })).stdout,
        table: (yield* run({ output: "table" })).stdout,
        text: (yield* run({ output: "text" })).stdout
      }
      assert.deepStrictEqual(outputs.ndjson.trim().split("\n").map((line) => JSON.parse(line).VoiceConnectorId), ids)
      const rows = parseCsv(outputs.csv)
      assert.deepStrictEqual(rows[0], [...ConnectorOutput.columns])
      assert.deepStrictEqual(rows.slice(1).map((row) => row[0]), ids)
      for (const id of ids) {
        assert.include(outputs.table, id)
        assert.include(outputs.text, id)
      }
      assert.strictEqual(
        outputs.text.trim().split("\n").filter((line) => line.startsWith("VOICECONNECTORS\t")).length,
        3
      )
    }))

  it.effect("--max-items cuts the listing, and its NextToken resumes it exactly; --no-paginate makes one call", () =>
    Effect.gen(function*() {
      const all = (JSON.parse((yield* run({})).stdout) as Json).VoiceConnectors
      const first = JSON.parse((yield* run({ maxItems: Option.some(2), pageSize: Option.some(1) })).stdout) as Json
      assert.strictEqual(first.VoiceConnectors.length, 2)
      assert.isString(first.NextToken)
      const rest = JSON.parse((yield* run({ startingToken: Option.fromNullable(first.NextToken) })).stdout) as Json
      assert.deepStrictEqual([...first.VoiceConnectors, ...rest.VoiceConnectors], all)
      const one = yield* run({ noPaginate: true, pageSize: Option.some(1), output: "ndjson" })
      assert.strictEqual(one.stdout.trim().split("\n").length, 1)
      assert.include(one.stderr, "NextToken: ")
    }))

  it.effect("bad options are usage errors before any call", () =>
    Effect.gen(function*() {
      const zero = yield* run({ maxItems: Option.some(0) })
      assert.include(JSON.stringify(zero.exit), "--max-items must be")
      const seed = yield* run({ simulate: false, seed: Option.some(1) })
      assert.include(JSON.stringify(seed.exit), "--seed only applies")
      const size = yield* run({ pageSize: Option.some(101) })
      assert.isTrue(Exit.isFailure(size.exit))
      assert.strictEqual(size.stdout, "")
    }))
})
