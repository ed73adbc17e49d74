import { ListProxySessionsCommand } from "@aws-sdk/client-chime-sdk-voice"
import { assert, describe, layer } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { Emulator } from "../src/index.js"
import { adminCall, sdkClient } from "./utils.js"

// Signed with the emulator's credentials, as every admin route that changes the world requires.
const loadFixture = (emulator: Emulator.Emulator.Service, body: string, query = "") =>
  Effect.promise(() => adminCall(emulator, "POST", `/fixture${query}`, body))

/** The January 2025 fixture of docs/simulator.md, with a session of each status. */
const january = {
  VoiceConnectors: [{
    VoiceConnectorId: "abcdef1ghij2klmno3pqr4",
    ProxySessions: [
      {
        ProxySessionId: "321a4567-b89c-0d12-e345-678901f2345a",
        Status: "Open",
        ExpiryMinutes: 1440,
        CreatedTimestamp: "2025-01-10T10:00:00.000Z",
        UpdatedTimestamp: "2025-01-10T10:00:00.000Z"
      },
      {
        ProxySessionId: "321a4567-b89c-0d12-e345-678901f2345b",
        Status: "InProgress",
        ExpiryMinutes: 1440,
        CreatedTimestamp: "2025-01-10T10:05:00.000Z",
        UpdatedTimestamp: "2025-01-10T10:07:00.000Z"
      },
      {
        ProxySessionId: "321a4567-b89c-0d12-e345-678901f2345c",
        Status: "Closed",
        CreatedTimestamp: "2025-01-10T10:05:00.000Z",
        UpdatedTimestamp: "2025-01-10T10:30:00.000Z",
        EndedTimestamp: "2025-01-10T10:30:00.000Z"
      }
    ]
  }]
}

const statuses = (emulator: Emulator.Emulator.Service) =>
  Effect.promise(async () => {
    const page = await sdkClient(emulator).send(
      new ListProxySessionsCommand({ VoiceConnectorId: "abcdef1ghij2klmno3pqr4" })
    )
    return (page.ProxySessions ?? []).map((session) => session.Status)
  })

describe("the admin fixture route replays a fixture at its instant", () => {
  layer(Emulator.layerSimulator(), { excludeTestServices: true })((it) => {
    it.effect("a fixture of January 2025 lists its sessions with the statuses it recorded, today", () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        const loaded = yield* loadFixture(emulator, JSON.stringify(january))
        assert.strictEqual(loaded.status, 200)
        assert.deepStrictEqual(loaded.json.VoiceConnectorIds, ["abcdef1ghij2klmno3pqr4"])
        assert.strictEqual(loaded.json.anchoredBy, "LatestTimestamp")
        assert.strictEqual(loaded.json.recordedAt, "2025-01-10T10:30:00.000Z")
        assert.include(String(loaded.json.notice), "no ExportedAt")
        assert.deepStrictEqual(yield* statuses(emulator), ["Open", "InProgress", "Closed"])
      }))

    it.effect("?startTime starts the world elsewhen; a bad one is refused and loads nothing", () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        const archive = JSON.stringify({ ExportedAt: "2025-01-10T10:30:00.000Z", ...january })
        const later = yield* loadFixture(emulator, archive, "?startTime=2025-01-12T00:00:00Z")
        assert.strictEqual(later.status, 200)
        assert.strictEqual(later.json.anchoredBy, "startTime")
        assert.strictEqual(later.json.now, "2025-01-12T00:00:00.000Z")
        // Two days on, the lifecycle has run: both expired, and the Closed one is still kept.
        assert.deepStrictEqual(yield* statuses(emulator), ["Closed", "Closed", "Closed"])
        const bad = yield* loadFixture(emulator, JSON.stringify({ VoiceConnectors: [] }), "?startTime=yesterday")
        assert.strictEqual(bad.status, 400)
        assert.include(String(bad.json.Message), "startTime")
        assert.deepStrictEqual(yield* statuses(emulator), ["Closed", "Closed", "Closed"])
        const atExport = yield* loadFixture(emulator, archive)
        assert.strictEqual(atExport.json.anchoredBy, "ExportedAt")
        assert.isUndefined(atExport.json.notice)
        assert.deepStrictEqual(yield* statuses(emulator), ["Open", "InProgress", "Closed"])
      }))
  })
})
