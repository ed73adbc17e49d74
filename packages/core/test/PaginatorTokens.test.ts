import { ListProxySessions, Paginator, ProxySession, ProxySessions } from "@chime-proxy/core"
import { assert, describe, it } from "@effect/vitest"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Stream from "effect/Stream"

const base64 = (value: unknown) => Buffer.from(JSON.stringify(value), "utf8").toString("base64")

describe("resume tokens at their edges", () => {
  it("a position before the first page has a null NextToken in its resume token", () => {
    const token = Paginator.encodeResumeToken(undefined, 3)
    assert.deepStrictEqual(JSON.parse(Buffer.from(token, "base64").toString("utf8")), {
      NextToken: null,
      boto_truncate_amount: 3
    })
    assert.deepStrictEqual(Paginator.decodeStartingToken(token), { token: undefined, skip: 3 })
  })

  it("an empty starting token starts from the beginning", () => {
    assert.deepStrictEqual(Paginator.decodeStartingToken(""), { token: undefined, skip: 0 })
  })

  it("a resume token that skips nothing is still read as a resume token", () => {
    assert.deepStrictEqual(Paginator.decodeStartingToken(Paginator.encodeResumeToken("abc", 0)), {
      token: "abc",
      skip: 0
    })
  })

  it("an empty NextToken inside a resume token means the first page", () => {
    assert.deepStrictEqual(Paginator.decodeStartingToken(base64({ NextToken: "", boto_truncate_amount: 2 })), {
      token: undefined,
      skip: 2
    })
  })

  it("base64 JSON that is not a resume token is the service's own token, passed on as it is", () => {
    for (
      const value of [
        { NextToken: 5, boto_truncate_amount: 2 },
        { NextToken: "abc", boto_truncate_amount: -1 },
        { NextToken: "abc", boto_truncate_amount: 1.5 },
        { NextToken: "abc", boto_truncate_amount: "2" },
        [1, 2],
        null,
        7
      ]
    ) {
      const token = base64(value)
      assert.deepStrictEqual(Paginator.decodeStartingToken(token), { token, skip: 0 }, JSON.stringify(value))
    }
  })
})

describe("paginator options", () => {
  const service = ProxySessions.paginator(
    ProxySessions.make(() => Effect.succeed(new ListProxySessions.ListProxySessionsResponse({ ProxySessions: [] })))
  )

  it.effect("maxItems and prefetch below their minimum are refused with the rule they break", () =>
    Effect.gen(function*() {
      const refused = (options: ProxySessions.ListOptions) => Effect.flip(Stream.runDrain(service.pages(options)))
      const maxItems = yield* refused({ voiceConnectorId: "vc", maxItems: 0 })
      assert.strictEqual(maxItems._tag, "RequestValidationError")
      assert.deepStrictEqual(
        maxItems._tag === "RequestValidationError" ? [maxItems.field, maxItems.constraint] : [],
        ["maxItems", "maxItems must be an integer of at least 1"]
      )
      const prefetch = yield* refused({ voiceConnectorId: "vc", prefetch: -1 })
      assert.deepStrictEqual(
        prefetch._tag === "RequestValidationError" ? [prefetch.field, prefetch.constraint] : [],
        ["prefetch", "prefetch must be an integer of at least 0"]
      )
    }))

  it.effect("prefetch fetches at most its capacity ahead of a consumer that does not pull", () =>
    Effect.gen(function*() {
      const calls: Array<string | undefined> = []
      const paged = ProxySessions.paginator(ProxySessions.make((request) =>
        Effect.sync(() => {
          calls.push(request.NextToken)
          const offset = Number(request.NextToken ?? "0")
          return new ListProxySessions.ListProxySessionsResponse({
            ProxySessions: [new ProxySession.ProxySession({ ProxySessionId: `s-${offset}` as never })],
            ...(offset < 99 ? { NextToken: String(offset + 1) } : {})
          })
        })
      ))
      const gate = yield* Deferred.make<void>()
      const fiber = yield* paged.pages({ voiceConnectorId: "vc", prefetch: 3 }).pipe(
        Stream.tap(() => Deferred.await(gate)),
        Stream.runDrain,
        Effect.fork
      )
      yield* Effect.yieldNow().pipe(Effect.repeatN(200))
      // One page held by the consumer, three in the buffer, one being offered: never the 100 pages there are.
      assert.isAtLeast(calls.length, 3)
      assert.isAtMost(calls.length, 6)
      yield* Deferred.succeed(gate, undefined)
      yield* Fiber.join(fiber)
      assert.strictEqual(calls.length, 100)
    }))
})
