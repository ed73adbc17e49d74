import { ProxySessions, VoiceConnectors } from "@chime-proxy/core"
import { FaultPlan, Simulator } from "@chime-proxy/simulator"
import { assert, describe, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Stream from "effect/Stream"

const fixture = {
  VoiceConnectors: [
    {
      VoiceConnectorId: "abcdef1ghij2klmno3pqr4",
      Name: "Main office",
      AwsRegion: "us-west-2",
      OutboundHostName: "abcdef1ghij2klmno3pqr4.voiceconnector.chime.aws",
      RequireEncryption: true,
      CreatedTimestamp: "2024-05-06T07:08:09.123Z",
      UpdatedTimestamp: "2024-06-07T08:09:10.456Z",
      VoiceConnectorArn: "arn:aws:chime:us-west-2:123456789012:vc/abcdef1ghij2klmno3pqr4",
      IntegrationType: "CONNECT_CALL_TRANSFER_CONNECTOR",
      NetworkType: "DUAL_STACK",
      ProxySessions: []
    },
    { VoiceConnectorId: "onlyanid0000000000000" },
    { VoiceConnectorId: "zzfuture00000000000000", AwsRegion: "xx-new-9", NetworkType: "IPV6_ONLY" }
  ]
}

const listed = Effect.map(Stream.runCollect(VoiceConnectors.stream({ pageSize: 2 })), Chunk.toArray)

describe("voice connectors in the simulator", () => {
  it.effect("a fixture's connectors are listed with exactly their members, and saved back as they were given", () =>
    Effect.gen(function*() {
      const control = yield* Simulator.SimulatorControl
      const connectors = yield* listed
      assert.deepStrictEqual(
        connectors.map((c) => c.VoiceConnectorId),
        fixture.VoiceConnectors.map((c) => c.VoiceConnectorId)
      )
      assert.deepStrictEqual(
        connectors.map((c) => Object.keys(c).length),
        [10, 1, 3]
      )
      const saved = yield* control.saveFixture()
      assert.deepStrictEqual(saved, {
        VoiceConnectors: fixture.VoiceConnectors.map((c) => ({ ...c, ProxySessions: [] }))
      })
    }).pipe(Effect.provide(Simulator.layerFixture(fixture))))

  it.effect("a bad member of a fixture's connector is refused, naming its path; nothing changes", () =>
    Effect.gen(function*() {
      const control = yield* Simulator.SimulatorControl
      for (
        const [bad, path] of [
          [{ Name: "no/slash" }, "VoiceConnectors[0].Name"],
          [{ Name: "" }, "VoiceConnectors[0].Name"],
          [{ RequireEncryption: "yes" }, "VoiceConnectors[0].RequireEncryption"],
          [{ CreatedTimestamp: "soon" }, "VoiceConnectors[0].CreatedTimestamp"]
        ] as const
      ) {
        const error = yield* Effect.flip(
          control.loadFixture({ VoiceConnectors: [{ VoiceConnectorId: "vc0000000000000000000", ...bad }] })
        )
        assert.strictEqual(error.path, path)
      }
      assert.strictEqual((yield* listed).length, 3)
    }).pipe(Effect.provide(Simulator.layerFixture(fixture))))

  it.effect("made connectors get every generated member, the same for the same seed and id", () =>
    Effect.gen(function*() {
      const control = yield* Simulator.SimulatorControl
      const id = yield* control.createVoiceConnector({ voiceConnectorId: "samesameid00000000000" })
      const first = yield* control.getVoiceConnector(id)
      for (
        const member of [
          "Name",
          "AwsRegion",
          "OutboundHostName",
          "RequireEncryption",
          "CreatedTimestamp",
          "UpdatedTimestamp",
          "VoiceConnectorArn",
          "NetworkType"
        ] as const
      ) {
        assert.isDefined(first[member], member)
      }
      yield* control.reset()
      yield* control.seed({ seed: 3, connectors: 2, sessionsPerConnector: 1 })
      yield* control.createVoiceConnector({ voiceConnectorId: "samesameid00000000000" })
      const again = yield* control.getVoiceConnector(id)
      assert.deepStrictEqual({ ...again }, { ...first })
      const other = yield* Effect.provide(
        Effect.flatMap(Simulator.SimulatorControl, (c) =>
          Effect.zipRight(
            c.createVoiceConnector({ voiceConnectorId: "samesameid00000000000" }),
            c.getVoiceConnector("samesameid00000000000")
          )),
        Simulator.layer({ seed: 99 })
      )
      assert.notDeepEqual({ ...other }, { ...first })
    }).pipe(Effect.provide(Simulator.layer({ seed: 5 }))))

  it.effect("createVoiceConnector takes any member; the rest is generated; bad members are refused", () =>
    Effect.gen(function*() {
      const control = yield* Simulator.SimulatorControl
      const id = yield* control.createVoiceConnector({
        fields: { Name: "given", IntegrationType: "CONNECT_ANALYTICS_CONNECTOR" }
      })
      const connector = yield* control.getVoiceConnector(id)
      assert.strictEqual(connector.Name, "given")
      assert.strictEqual(connector.IntegrationType, "CONNECT_ANALYTICS_CONNECTOR")
      assert.isDefined(connector.AwsRegion)
      const bad = yield* Effect.flip(control.createVoiceConnector({ fields: { Name: "a".repeat(257) } }))
      assert.strictEqual(bad.reason, "InvalidInput")
      const unknown = yield* Effect.flip(control.createVoiceConnector({ fields: { Nmae: "typo" } as never }))
      assert.strictEqual(unknown.reason, "InvalidInput")
      const missing = yield* Effect.flip(control.getVoiceConnector("nope"))
      assert.strictEqual(missing.reason, "ConnectorNotFound")
    }).pipe(Effect.provide(Simulator.layer())))

  it.effect("a token of one operation is refused by the other, and tokens die with a reset", () =>
    Effect.gen(function*() {
      const control = yield* Simulator.SimulatorControl
      const [voiceConnectorId] = yield* control.seed({ seed: 1, connectors: 3, sessionsPerConnector: 5 })
      const connectorsToken = (yield* VoiceConnectors.listVoiceConnectors({ MaxResults: 1 })).NextToken ?? ""
      const sessionsToken = (yield* ProxySessions.listProxySessions({
        VoiceConnectorId: voiceConnectorId ?? "",
        MaxResults: 1
      })).NextToken ?? ""
      const crossed = yield* Effect.flip(VoiceConnectors.listVoiceConnectors({ NextToken: sessionsToken }))
      assert.strictEqual(crossed._tag, "BadRequestException")
      const crossedBack = yield* Effect.flip(
        ProxySessions.listProxySessions({ VoiceConnectorId: voiceConnectorId ?? "", NextToken: connectorsToken })
      )
      assert.strictEqual(crossedBack._tag, "BadRequestException")
      yield* control.reset()
      const stale = yield* Effect.flip(VoiceConnectors.listVoiceConnectors({ NextToken: connectorsToken }))
      assert.strictEqual(stale._tag, "BadRequestException")
    }).pipe(Effect.provide(Simulator.layer())))

  it.effect("ListVoiceConnectors draws from the fault plan and counts as a call", () =>
    Effect.gen(function*() {
      const control = yield* Simulator.SimulatorControl
      yield* control.seed({ seed: 1, connectors: 2, sessionsPerConnector: 0 })
      yield* control.setFaults(FaultPlan.scripted(FaultPlan.failCalls(2, 2, "ThrottledClientException")))
      assert.isTrue(Either.isRight(yield* Effect.either(VoiceConnectors.listVoiceConnectors({}))))
      const throttled = yield* Effect.flip(VoiceConnectors.listVoiceConnectors({}))
      assert.strictEqual(throttled._tag, "ThrottledClientException")
      assert.strictEqual(yield* control.callCount(), 2)
    }).pipe(Effect.provide(Simulator.layer())))
})
