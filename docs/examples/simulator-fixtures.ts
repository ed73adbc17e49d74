import { ProxySessions } from "@chime-proxy/core"
import { Simulator } from "@chime-proxy/simulator"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"

// A fixture is JSON in the API's own shapes: paste real ListProxySessions responses into ProxySessions.
export const fixture = {
  VoiceConnectors: [
    {
      VoiceConnectorId: "abcdef1ghij2klmno3pqr4",
      ProxySessions: [
        {
          VoiceConnectorId: "abcdef1ghij2klmno3pqr4",
          ProxySessionId: "321a4567-b89c-0d12-e345-678901f2345a",
          Name: "ride 1",
          Status: "Open",
          ExpiryMinutes: 1440,
          Capabilities: ["Voice", "SMS"],
          CreatedTimestamp: "2025-01-10T10:00:00.000Z",
          UpdatedTimestamp: "2025-01-10T10:00:00.000Z",
          Participants: [{ PhoneNumber: "+12065550100", ProxyPhoneNumber: "+12065550101" }],
          NumberSelectionBehavior: "PreferSticky",
          GeoMatchLevel: "AreaCode",
          GeoMatchParams: { Country: "US", AreaCode: "206" }
        }
      ]
    }
  ]
}

describe("with a fixture", () => {
  it.effect("lists the pasted sessions back, and saves them unchanged", () =>
    Effect.gen(function*() {
      const page = yield* ProxySessions.listProxySessions({ VoiceConnectorId: "abcdef1ghij2klmno3pqr4" })
      assert.strictEqual(page.ProxySessions[0]?.Name, "ride 1")
      const control = yield* Simulator.SimulatorControl
      assert.deepStrictEqual(yield* control.saveFixture(), fixture)
    }).pipe(Effect.provide(Simulator.layerFixture(fixture, { startTime: "2025-01-10T12:00:00Z" }))))

  it.effect("refuses a bad fixture, naming the bad value, and changes nothing", () =>
    Effect.gen(function*() {
      const control = yield* Simulator.SimulatorControl
      const error = yield* Effect.flip(control.loadFixture({ VoiceConnectors: [{ VoiceConnectorId: "   " }] }))
      assert.strictEqual(error.path, "VoiceConnectors[0].VoiceConnectorId")
      assert.deepStrictEqual(yield* control.saveFixture(), fixture)
    }).pipe(Effect.provide(Simulator.layerFixture(fixture, { startTime: "2025-01-10T12:00:00Z" }))))
})
