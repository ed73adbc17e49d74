import { ProxySessions, Wire } from "@chime-proxy/core"
import { Fixture, Simulator } from "@chime-proxy/simulator"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { defined } from "./utils.js"

/** Sessions as ListProxySessions returns them, in listing order, as a user would paste them. */
const pasted = {
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
          Participants: [
            { PhoneNumber: "+12065550100", ProxyPhoneNumber: "+12065550101" },
            { PhoneNumber: "+12065550102", ProxyPhoneNumber: "+12065550101" }
          ],
          NumberSelectionBehavior: "PreferSticky",
          GeoMatchLevel: "AreaCode",
          GeoMatchParams: { Country: "US", AreaCode: "206" }
        },
        {
          VoiceConnectorId: "abcdef1ghij2klmno3pqr4",
          ProxySessionId: "321a4567-b89c-0d12-e345-678901f2345b",
          Status: "InProgress",
          ExpiryMinutes: 1440,
          Capabilities: ["Voice", "Fax"],
          CreatedTimestamp: "2025-01-10T10:05:00.000Z",
          UpdatedTimestamp: "2025-01-10T10:07:00.000Z",
          NumberSelectionBehavior: "SomethingNew"
        },
        {
          VoiceConnectorId: "abcdef1ghij2klmno3pqr4",
          ProxySessionId: "321a4567-b89c-0d12-e345-678901f2345c",
          Status: "Closed",
          CreatedTimestamp: "2025-01-10T10:05:00.000Z",
          UpdatedTimestamp: "2025-01-10T10:30:00.000Z",
          EndedTimestamp: "2025-01-10T10:30:00.000Z"
        }
      ]
    },
    { VoiceConnectorId: "zz0000000000000000000", ProxySessions: [] }
  ]
}

const atFixtureTime = Effect.flatMap(
  Simulator.SimulatorControl,
  (control) => control.setClock("2025-01-10T11:00:00.000Z")
)

describe("fixtures", () => {
  it.effect("a pasted response lists back exactly as pasted, unknown enum values included", () =>
    Effect.gen(function*() {
      yield* atFixtureTime
      const page = yield* ProxySessions.listProxySessions({ VoiceConnectorId: "abcdef1ghij2klmno3pqr4" })
      assert.deepStrictEqual(JSON.parse(Wire.encodeResponse(page)), {
        ProxySessions: defined(pasted.VoiceConnectors[0]).ProxySessions
      })
    }).pipe(Effect.provide(Simulator.layerFixture(pasted))))

  it.effect("save gives back what was loaded", () =>
    Effect.gen(function*() {
      yield* atFixtureTime
      const control = yield* Simulator.SimulatorControl
      assert.deepStrictEqual(yield* control.saveFixture(), pasted)
      yield* control.loadFixture(yield* control.saveFixture())
      assert.deepStrictEqual(yield* control.saveFixture(), pasted)
    }).pipe(Effect.provide(Simulator.layerFixture(pasted))))

  it.effect("the lifecycle goes on from the fixture: an Open session expires on time", () =>
    Effect.gen(function*() {
      const control = yield* Simulator.SimulatorControl
      yield* control.setClock("2025-01-11T10:05:00.000Z")
      const page = yield* ProxySessions.listProxySessions({ VoiceConnectorId: "abcdef1ghij2klmno3pqr4" })
      assert.deepStrictEqual(page.ProxySessions.map((session) => session.Status), ["Closed", "Closed", "Closed"])
      assert.strictEqual(
        defined(page.ProxySessions[0]).EndedTimestamp?.epochMillis,
        Date.parse("2025-01-11T10:00:00.000Z")
      )
    }).pipe(Effect.provide(Simulator.layerFixture(pasted))))

  const bad: ReadonlyArray<readonly [string, unknown, string]> = [
    ["not an object", 42, "(root)"],
    ["no VoiceConnectors", {}, "VoiceConnectors"],
    [
      "a bad phone number",
      {
        VoiceConnectors: [{
          VoiceConnectorId: "vc",
          ProxySessions: [{
            ProxySessionId: "a",
            CreatedTimestamp: "2025-01-01T00:00:00Z",
            Participants: [{ PhoneNumber: "555-0100 secret" }]
          }]
        }]
      },
      "VoiceConnectors[0].ProxySessions[0].Participants[0].PhoneNumber"
    ],
    [
      "a bad status",
      { VoiceConnectors: [{ VoiceConnectorId: "vc", ProxySessions: [{ ProxySessionId: "a", Status: 3 }] }] },
      "VoiceConnectors[0].ProxySessions[0].Status"
    ],
    [
      "a missing ProxySessionId",
      { VoiceConnectors: [{ VoiceConnectorId: "vc", ProxySessions: [{ CreatedTimestamp: "2025-01-01T00:00:00Z" }] }] },
      "VoiceConnectors[0].ProxySessions[0].ProxySessionId"
    ],
    [
      "a missing CreatedTimestamp",
      { VoiceConnectors: [{ VoiceConnectorId: "vc", ProxySessions: [{ ProxySessionId: "a" }] }] },
      "VoiceConnectors[0].ProxySessions[0].CreatedTimestamp"
    ],
    [
      "a duplicate session id",
      {
        VoiceConnectors: [{
          VoiceConnectorId: "vc",
          ProxySessions: [{ ProxySessionId: "a", CreatedTimestamp: "2025-01-01T00:00:00Z" }, {
            ProxySessionId: "a",
            CreatedTimestamp: "2025-01-01T00:00:00Z"
          }]
        }]
      },
      "VoiceConnectors[0].ProxySessions[1].ProxySessionId"
    ],
    [
      "a duplicate connector id",
      { VoiceConnectors: [{ VoiceConnectorId: "vc" }, { VoiceConnectorId: "vc" }] },
      "VoiceConnectors[1].VoiceConnectorId"
    ],
    [
      "a session of another connector",
      {
        VoiceConnectors: [{
          VoiceConnectorId: "vc",
          ProxySessions: [{ VoiceConnectorId: "other", ProxySessionId: "a", CreatedTimestamp: "2025-01-01T00:00:00Z" }]
        }]
      },
      "VoiceConnectors[0].ProxySessions[0].VoiceConnectorId"
    ],
    [
      "a blank connector id",
      { VoiceConnectors: [{ VoiceConnectorId: "  " }] },
      "VoiceConnectors[0].VoiceConnectorId"
    ],
    [
      "a bad timestamp",
      {
        VoiceConnectors: [{
          VoiceConnectorId: "vc",
          ProxySessions: [{ ProxySessionId: "a", CreatedTimestamp: "yesterday" }]
        }]
      },
      "VoiceConnectors[0].ProxySessions[0].CreatedTimestamp"
    ]
  ]

  for (const [name, json, path] of bad) {
    it.effect(`a fixture with ${name} is refused, naming ${path}, and changes nothing`, () =>
      Effect.gen(function*() {
        yield* atFixtureTime
        const control = yield* Simulator.SimulatorControl
        const error = yield* Effect.flip(control.loadFixture(json))
        assert.strictEqual(error._tag, "FixtureError")
        assert.strictEqual(error.path === "" ? "(root)" : error.path, path)
        assert.include(error.message, path)
        assert.notInclude(error.message, "555-0100")
        assert.deepStrictEqual(yield* control.saveFixture(), pasted)
      }).pipe(Effect.provide(Simulator.layerFixture(pasted))))
  }

  it.effect("a layer from a bad fixture fails with the FixtureError", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Effect.provide(Simulator.SimulatorControl, Simulator.layerFixture({ x: 1 })))
      assert.strictEqual(error._tag, "FixtureError")
    }))

  it("decodes with Fixture.decode as well", () => {
    assert.isTrue(Either.isRight(Fixture.decode(pasted)))
    assert.isTrue(Either.isLeft(Fixture.decode({ VoiceConnectors: [1] })))
  })
})
