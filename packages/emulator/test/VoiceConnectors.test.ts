import {
  BadRequestException,
  ListVoiceConnectorsCommand,
  type ListVoiceConnectorsCommandOutput,
  paginateListVoiceConnectors,
  ThrottledClientException
} from "@aws-sdk/client-chime-sdk-voice"
import type { VoiceConnector as SdkVoiceConnector } from "@aws-sdk/client-chime-sdk-voice"
import type { VoiceConnector } from "@chime-proxy/core"
import { FaultPlan, Simulator } from "@chime-proxy/simulator"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { execFile, spawnSync } from "node:child_process"
import { Emulator, SigV4Verifier } from "../src/index.js"
import { rawGet, sdkClient, signRaw } from "./utils.js"

/** Three connectors of every shape, then generated ones: a fixture the SDK's answers are compared with, member by member. */
const fixture = {
  VoiceConnectors: [
    {
      VoiceConnectorId: "aaaaaaaaaaaaaaaaaaaaa1",
      AwsRegion: "eu-central-1",
      Name: "Main trunk 1",
      OutboundHostName: "aaaaaaaaaaaaaaaaaaaaa1.voiceconnector.chime.aws",
      RequireEncryption: true,
      CreatedTimestamp: "2024-01-02T03:04:05.678Z",
      UpdatedTimestamp: "2024-02-03T04:05:06.789Z",
      VoiceConnectorArn: "arn:aws:chime:eu-central-1:123456789012:vc/aaaaaaaaaaaaaaaaaaaaa1",
      IntegrationType: "CONNECT_CALL_TRANSFER_CONNECTOR",
      NetworkType: "DUAL_STACK",
      ProxySessions: []
    },
    { VoiceConnectorId: "bbbbbbbbbbbbbbbbbbbbb2", ProxySessions: [] },
    {
      VoiceConnectorId: "ccccccccccccccccccccc3",
      AwsRegion: "ap-southeast-2",
      Name: "backup_pbx-2.0",
      RequireEncryption: false,
      NetworkType: "IPV4_ONLY",
      ProxySessions: []
    },
    ...Array.from({ length: 9 }, (_, i) => ({
      VoiceConnectorId: `ddddddddddddddddddddd${i}`,
      Name: `generated ${i}`,
      CreatedTimestamp: `2025-0${1 + (i % 9)}-01T00:00:00.000Z`,
      ProxySessions: []
    }))
  ]
}

const expected = fixture.VoiceConnectors.map(({ ProxySessions: _, ...connector }) => connector)

/** An SDK connector as the wire JSON: dates back to ISO 8601, absent members left out. */
const toJson = (connector: SdkVoiceConnector): VoiceConnector.VoiceConnectorJson =>
  JSON.parse(JSON.stringify(connector, (_key, value: unknown) => value instanceof Date ? value.toISOString() : value))

const withEmulator = <A>(body: (emulator: Emulator.Running) => Promise<A>) => async () => {
  const emulator = await Emulator.start()
  try {
    await emulator.run(Effect.flatMap(Simulator.SimulatorControl, (control) => control.loadFixture(fixture)))
    return await body(emulator)
  } finally {
    await emulator.close()
  }
}

describe("ListVoiceConnectors through the official SDK v3", () => {
  it(
    "ListVoiceConnectorsCommand and a manual NextToken loop give back the fixture, member by member",
    withEmulator(async (emulator) => {
      const client = sdkClient(emulator)
      const seen: Array<VoiceConnector.VoiceConnectorJson> = []
      let NextToken: string | undefined = undefined
      let pages = 0
      do {
        const page: ListVoiceConnectorsCommandOutput = await client.send(
          new ListVoiceConnectorsCommand({ MaxResults: 5, ...(NextToken === undefined ? {} : { NextToken }) })
        )
        pages++
        assert.isAtMost(page.VoiceConnectors?.length ?? 0, 5)
        for (const connector of page.VoiceConnectors ?? []) seen.push(toJson(connector))
        NextToken = page.NextToken
      } while (NextToken !== undefined)
      assert.strictEqual(pages, 3)
      assert.deepStrictEqual(seen, expected)
      // The SDK parses timestamps to Dates: the very instants of the fixture.
      const first = await client.send(new ListVoiceConnectorsCommand({ MaxResults: 1 }))
      assert.strictEqual(first.VoiceConnectors?.[0]?.CreatedTimestamp?.toISOString(), "2024-01-02T03:04:05.678Z")
      assert.strictEqual(first.VoiceConnectors?.[0]?.RequireEncryption, true)
      // And its own paginator agrees.
      const paginated: Array<VoiceConnector.VoiceConnectorJson> = []
      for await (const page of paginateListVoiceConnectors({ client, pageSize: 4 }, {})) {
        for (const connector of page.VoiceConnectors ?? []) paginated.push(toJson(connector))
      }
      assert.deepStrictEqual(paginated, expected)
    })
  )

  it(
    "a bad max-results or a tampered token is BadRequestException; a throttled call is ThrottledClientException",
    withEmulator(async (emulator) => {
      const client = sdkClient(emulator)
      const tooMany = await client.send(new ListVoiceConnectorsCommand({ MaxResults: 101 })).catch((error: unknown) =>
        error
      )
      assert.instanceOf(tooMany, BadRequestException)
      assert.include((tooMany as BadRequestException).message, "max-results")
      const token = (await client.send(new ListVoiceConnectorsCommand({ MaxResults: 1 }))).NextToken ?? ""
      const tampered = await client.send(new ListVoiceConnectorsCommand({ NextToken: `${token}x` })).catch((
        error: unknown
      ) => error)
      assert.instanceOf(tampered, BadRequestException)
      await emulator.run(
        Effect.flatMap(
          Simulator.SimulatorControl,
          (control) => control.setFaults(FaultPlan.scripted(FaultPlan.failCalls(1, 1, "ThrottledClientException")))
        )
      )
      const throttled = await client.send(new ListVoiceConnectorsCommand({})).catch((error: unknown) => error)
      assert.instanceOf(throttled, ThrottledClientException)
    })
  )

  it("an account with no connectors is an empty list", async () => {
    const emulator = await Emulator.start()
    try {
      const page = await sdkClient(emulator).send(new ListVoiceConnectorsCommand({}))
      assert.deepStrictEqual(page.VoiceConnectors ?? [], [])
      assert.isUndefined(page.NextToken)
    } finally {
      await emulator.close()
    }
  })

  it(
    "the route is SigV4-checked: unsigned or signed with a wrong secret, it is refused",
    withEmulator(async (emulator) => {
      const unsigned = await rawGet(emulator.port, "/voice-connectors")
      assert.notStrictEqual(unsigned, "reset")
      if (unsigned !== "reset") assert.strictEqual(unsigned.status, 403)
      const wrong = await sdkClient(emulator, { secretAccessKey: "not-the-secret" })
        .send(new ListVoiceConnectorsCommand({}))
        .catch((error: { name: string }) => error)
      assert.strictEqual((wrong as { name: string }).name, "SignatureDoesNotMatch")
      const signed = await rawGet(
        emulator.port,
        "/voice-connectors?max-results=2",
        await signRaw(emulator.port, "/voice-connectors?max-results=2")
      )
      assert.notStrictEqual(signed, "reset")
      if (signed !== "reset") {
        assert.strictEqual(signed.status, 200)
        assert.strictEqual((JSON.parse(signed.body) as { VoiceConnectors: Array<unknown> }).VoiceConnectors.length, 2)
      }
      const post = await rawGet(emulator.port, "/voice-connectors", await signRaw(emulator.port, "/voice-connectors"))
      assert.notStrictEqual(post, "reset")
    })
  )
})

const hasAwsCli = spawnSync("aws", ["--version"], { encoding: "utf8" }).status === 0

const aws = (emulator: Emulator.Running, args: ReadonlyArray<string>) =>
  new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    execFile(
      "aws",
      ["chime-sdk-voice", ...args, "--endpoint-url", emulator.url, "--region", emulator.region, "--output", "json"],
      {
        encoding: "utf8",
        timeout: 60_000,
        env: {
          ...process.env,
          AWS_ACCESS_KEY_ID: SigV4Verifier.defaultCredential.accessKeyId,
          AWS_SECRET_ACCESS_KEY: SigV4Verifier.defaultCredential.secretAccessKey,
          AWS_CONFIG_FILE: "/dev/null",
          AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
          AWS_PAGER: "",
          AWS_MAX_ATTEMPTS: "1"
        }
      },
      (error, stdout, stderr) =>
        resolve({ status: error === null ? 0 : typeof error.code === "number" ? error.code : null, stdout, stderr })
    )
  })

describe("the AWS CLI against the emulator", () => {
  it.runIf(hasAwsCli)(
    "list-voice-connectors answers the fixture; --max-results and --next-token page it",
    withEmulator(async (emulator) => {
      const all = await aws(emulator, ["list-voice-connectors", "--max-results", "100"])
      assert.strictEqual(all.status, 0, all.stderr)
      assert.deepStrictEqual(JSON.parse(all.stdout).VoiceConnectors, expected)
      const first = await aws(emulator, ["list-voice-connectors", "--max-results", "10"])
      const page = JSON.parse(first.stdout) as { VoiceConnectors: Array<unknown>; NextToken: string }
      assert.strictEqual(page.VoiceConnectors.length, 10)
      const rest = await aws(emulator, ["list-voice-connectors", "--next-token", page.NextToken])
      assert.strictEqual(rest.status, 0, rest.stderr)
      assert.deepStrictEqual(JSON.parse(rest.stdout).VoiceConnectors, expected.slice(10))
      const bad = await aws(emulator, ["list-voice-connectors", "--max-results", "0"])
      assert.notStrictEqual(bad.status, 0)
    }),
    120_000
  )
})
