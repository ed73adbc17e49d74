import { ProxySessions } from "@chime-proxy/core"
import { Simulator } from "@chime-proxy/simulator"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { defined } from "./utils.js"

const failure = (input: ProxySessions.ListProxySessionsInput) => Effect.flip(ProxySessions.listProxySessions(input))

describe("ListProxySessions as the simulator answers it", () => {
  it.effect("validation fails with BadRequestException whose message names the wire parameter", () =>
    Effect.gen(function*() {
      const control = yield* Simulator.SimulatorControl
      const voiceConnectorId = yield* control.createVoiceConnector()
      const maxResults = yield* failure({ VoiceConnectorId: voiceConnectorId, MaxResults: 0 })
      assert.strictEqual(maxResults._tag, "BadRequestException")
      assert.strictEqual(
        maxResults.message,
        "BadRequestException: Invalid max-results: MaxResults must be an integer from 1 to 100"
      )
      const token = yield* failure({ VoiceConnectorId: voiceConnectorId, NextToken: "x".repeat(65536) })
      assert.strictEqual(
        token.message,
        "BadRequestException: Invalid next-token: NextToken must have at most 65535 characters"
      )
      const status = yield* failure({ VoiceConnectorId: voiceConnectorId, Status: "Pending" as "Open" })
      assert.strictEqual(status._tag, "BadRequestException")
      assert.include(status.message, "Invalid status")
      const id = yield* failure({ VoiceConnectorId: " " })
      assert.include(id.message, "Invalid voiceConnectorId")
    }).pipe(Effect.provide(Simulator.layer())))

  it.effect("the default page size is 10, or as configured", () =>
    Effect.gen(function*() {
      const run = (options: Simulator.SimulatorOptions) =>
        Effect.gen(function*() {
          const control = yield* Simulator.SimulatorControl
          const voiceConnectorId = yield* control.createVoiceConnector()
          for (let i = 0; i < 25; i++) yield* control.createProxySession(voiceConnectorId)
          const page = yield* ProxySessions.listProxySessions({ VoiceConnectorId: voiceConnectorId })
          return page.ProxySessions.length
        }).pipe(Effect.provide(Simulator.layer(options)))
      assert.strictEqual(Simulator.defaultPageSize, 10)
      assert.strictEqual(yield* run({}), 10)
      assert.strictEqual(yield* run({ defaultPageSize: 4 }), 4)
    }))

  it.effect("an empty NextToken starts from the beginning", () =>
    Effect.gen(function*() {
      const control = yield* Simulator.SimulatorControl
      const voiceConnectorId = yield* control.createVoiceConnector()
      yield* control.createProxySession(voiceConnectorId)
      const page = yield* ProxySessions.listProxySessions({ VoiceConnectorId: voiceConnectorId, NextToken: "" })
      assert.strictEqual(page.ProxySessions.length, 1)
    }).pipe(Effect.provide(Simulator.layer())))

  it.effect("a token of another simulator instance (another seed) is BadRequestException", () =>
    Effect.gen(function*() {
      const listing = (NextToken?: string) =>
        Effect.gen(function*() {
          const control = yield* Simulator.SimulatorControl
          yield* control.createVoiceConnector({ voiceConnectorId: "shared-id" })
          for (let i = 0; i < 5; i++) yield* control.createProxySession("shared-id")
          return yield* Effect.either(ProxySessions.listProxySessions({
            VoiceConnectorId: "shared-id",
            MaxResults: 2,
            ...(NextToken === undefined ? {} : { NextToken })
          }))
        })
      const first = yield* Effect.provide(listing(), Simulator.layer({ seed: 1 }))
      assert.isTrue(first._tag === "Right")
      const token = first._tag === "Right" ? first.right.NextToken : undefined
      const foreign = yield* Effect.provide(listing(token), Simulator.layer({ seed: 2 }))
      assert.isTrue(foreign._tag === "Left" && foreign.left._tag === "BadRequestException")
      const own = yield* Effect.provide(listing(token), Simulator.layer({ seed: 1 }))
      assert.isTrue(own._tag === "Right")
    }))

  it.effect("tokens are printable ASCII and short, whatever the session ids", () =>
    Effect.gen(function*() {
      const control = yield* Simulator.SimulatorControl
      const voiceConnectorId = yield* control.createVoiceConnector()
      for (const id of ["é".repeat(128), "🙂".repeat(64), "a b\"c\\d".padEnd(128, "/"), "0"]) {
        yield* control.createProxySession(voiceConnectorId, { ProxySessionId: id })
      }
      let token: string | undefined = undefined
      const seen: Array<string> = []
      do {
        const page: {
          readonly ProxySessions: ReadonlyArray<{ ProxySessionId?: string }>
          readonly NextToken?: string
        } = yield* ProxySessions.listProxySessions({
          VoiceConnectorId: voiceConnectorId,
          MaxResults: 1,
          ...(token === undefined ? {} : { NextToken: token })
        })
        for (const session of page.ProxySessions) seen.push(session.ProxySessionId!)
        token = page.NextToken
        if (token !== undefined) {
          assert.match(token, /^[A-Za-z0-9_.-]+$/)
          assert.isAtMost(token.length, 1024)
        }
      } while (token !== undefined)
      assert.strictEqual(seen.length, 4)
    }).pipe(Effect.provide(Simulator.layer())))

  it.effect("a token stays valid when the session it ends at is deleted", () =>
    Effect.gen(function*() {
      const control = yield* Simulator.SimulatorControl
      const voiceConnectorId = yield* control.createVoiceConnector()
      const created = yield* Effect.forEach(
        Array.from({ length: 4 }),
        () => control.createProxySession(voiceConnectorId)
      )
      const first = yield* ProxySessions.listProxySessions({ VoiceConnectorId: voiceConnectorId, MaxResults: 2 })
      yield* control.deleteProxySession(voiceConnectorId, defined(defined(first.ProxySessions[1]).ProxySessionId))
      const second = yield* ProxySessions.listProxySessions({
        VoiceConnectorId: voiceConnectorId,
        MaxResults: 2,
        NextToken: first.NextToken!
      })
      const sortedIds = created.map((s) => s.ProxySessionId!).sort()
      assert.deepStrictEqual(second.ProxySessions.map((s) => s.ProxySessionId), sortedIds.slice(2))
    }).pipe(Effect.provide(Simulator.layer())))

  it.effect("invalid options are a defect with a clear message", () =>
    Effect.gen(function*() {
      const exit = yield* Effect.exit(Simulator.make({ defaultPageSize: 101 }))
      assert.isTrue(exit._tag === "Failure")
      assert.include(String(exit._tag === "Failure" ? exit.cause : ""), "defaultPageSize")
    }))
})
