import { ClientError, ListProxySessions, Paginator, ProxySession, ProxySessions } from "@chime-proxy/core"
import { assert, describe, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Ref from "effect/Ref"
import * as Stream from "effect/Stream"

// The edges of the paginator that its other tests reach only by chance: every form of a starting token, the tokens
// each page carries, a cut by maxItems exactly on a page's end, and how far prefetch fetches ahead.

/** Base64 of a JSON text written by hand, not by the encoder under test. */
const base64Text = (text: string) => Buffer.from(text, "utf8").toString("base64")
const base64 = (value: unknown) => base64Text(JSON.stringify(value))

const sessions = (count: number) =>
  Array.from({ length: count }, (_, i) => new ProxySession.ProxySession({ ProxySessionId: `s-${i}` as never }))

/** An in-memory paged service of 20 sessions: the token is the offset of the next page. */
const paged = (calls: Array<string | undefined>, source = sessions(20)) =>
  ProxySessions.paginator(ProxySessions.make((request) =>
    Effect.sync(() => {
      calls.push(request.NextToken)
      const offset = request.NextToken === undefined ? 0 : Number(request.NextToken)
      const end = Math.min(offset + (request.MaxResults ?? 10), source.length)
      return new ListProxySessions.ListProxySessionsResponse({
        ProxySessions: source.slice(offset, end),
        ...(end < source.length ? { NextToken: String(end) } : {})
      })
    })
  ))

interface Seen {
  readonly calls: ReadonlyArray<string | undefined>
  readonly pages: ReadonlyArray<{
    readonly ids: ReadonlyArray<string>
    readonly startingToken: string | undefined
    readonly nextToken: string | undefined
  }>
}

const listing = (options: Omit<ProxySessions.ListOptions, "voiceConnectorId">) =>
  Effect.gen(function*() {
    const calls: Array<string | undefined> = []
    const pages = yield* Stream.runCollect(paged(calls).pages({ voiceConnectorId: "vc", ...options }))
    const seen: Seen = {
      calls,
      pages: Chunk.toArray(pages).map((page) => ({
        ids: page.items.map((session) => session.ProxySessionId as string),
        startingToken: page.startingToken,
        nextToken: page.nextToken
      }))
    }
    return seen
  })

const ids = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `s-${from + i}`)

describe("resume tokens printed", () => {
  it("write every character outside printable ASCII as \\uXXXX, as Python's json.dumps does", () => {
    const cases: ReadonlyArray<readonly [string, string]> = [
      ["tok\u00e9", "tok\\u00e9"],
      ["\u007f", "\\u007f"],
      ["\u20ac", "\\u20ac"],
      ["\ud83d\ude00", "\\ud83d\\ude00"],
      ["a\u0001b", "a\\u0001b"],
      ["q\"u\\o~ te", "q\\\"u\\\\o~ te"]
    ]
    for (const [token, written] of cases) {
      assert.strictEqual(
        Paginator.encodeResumeToken(token, 4),
        base64Text(`{"NextToken": "${written}", "boto_truncate_amount": 4}`),
        written
      )
    }
    assert.strictEqual(
      Paginator.encodeResumeToken(undefined, 0),
      base64Text("{\"NextToken\": null, \"boto_truncate_amount\": 0}")
    )
  })
})

describe("starting tokens read", () => {
  const reads = (token: string, position: Paginator.Position) =>
    assert.deepStrictEqual(Paginator.decodeStartingToken(token), position, token)
  const opaque = (token: string) => reads(token, { token, skip: 0 })

  it("the deprecated <token>___<n>: two parts, n of 1 to 15 digits", () => {
    reads("None___7", { token: undefined, skip: 7 })
    reads("___7", { token: undefined, skip: 7 })
    reads("10___3", { token: "10", skip: 3 })
    reads("abc___12", { token: "abc", skip: 12 })
    reads("abc___0", { token: "abc", skip: 0 })
    reads("abc___123456789012345", { token: "abc", skip: 123456789012345 })
    for (
      const token of [
        "abc",
        "abc___",
        "abc___b",
        "abc___1x",
        "abc___x1",
        "abc___-1",
        "abc___1.5",
        "abc___1234567890123456",
        "a___1___2",
        "___"
      ]
    ) opaque(token)
  })

  it("the JSON form: either member alone, in any order, and no other member", () => {
    reads(base64({ NextToken: "10" }), { token: "10", skip: 0 })
    reads(base64({ boto_truncate_amount: 4 }), { token: undefined, skip: 4 })
    reads(base64({ boto_truncate_amount: 4, NextToken: "10" }), { token: "10", skip: 4 })
    reads(base64({ NextToken: null }), { token: undefined, skip: 0 })
    for (
      const value of [
        {},
        { NextToken: "10", extra: 1 },
        { extra: 1, NextToken: "10" },
        { boto_truncate_amount: 2, other: "x" },
        { other: "x" },
        { NextToken: ["10"] },
        { NextToken: true },
        { boto_truncate_amount: null },
        { boto_truncate_amount: Number.MAX_SAFE_INTEGER + 1 },
        "a string",
        "",
        true,
        []
      ]
    ) opaque(base64(value))
    // Not JSON, not base64.
    opaque(base64Text("{\"NextToken\": \"10\""))
    opaque("!not base64!")
  })

  it("a NextToken of None, the string, is no token, as botocore reads it", () => {
    reads(base64({ NextToken: "None", boto_truncate_amount: 2 }), { token: undefined, skip: 2 })
    reads("None___0", { token: undefined, skip: 0 })
    reads(base64({ NextToken: "none", boto_truncate_amount: 2 }), { token: "none", skip: 2 })
  })
})

describe("the tokens of each page", () => {
  it.effect("the first page was fetched with no token, the others with the service's own token", () =>
    Effect.gen(function*() {
      const seen = yield* listing({ pageSize: 5 })
      assert.deepStrictEqual(seen.pages.map((page) => page.startingToken), [undefined, "5", "10", "15"])
      assert.deepStrictEqual(seen.pages.map((page) => page.nextToken), ["5", "10", "15", undefined])
      assert.deepStrictEqual(seen.calls, [undefined, "5", "10", "15"])
    }))

  it.effect("a page resumed inside carries the resume token it started from, and skips that many items", () =>
    Effect.gen(function*() {
      const start = Paginator.encodeResumeToken("5", 2)
      const seen = yield* listing({ pageSize: 5, startingToken: start })
      assert.deepStrictEqual(seen.pages.map((page) => page.startingToken), [start, "10", "15"])
      assert.deepStrictEqual(seen.pages.map((page) => page.ids), [ids(7, 10), ids(10, 15), ids(15, 20)])
      assert.deepStrictEqual(seen.calls, ["5", "10", "15"])
      const inFirst = yield* listing({ pageSize: 5, startingToken: "None___3", maxItems: 1 })
      assert.deepStrictEqual(inFirst.pages, [{
        ids: ["s-3"],
        startingToken: Paginator.encodeResumeToken(undefined, 3),
        nextToken: Paginator.encodeResumeToken(undefined, 4)
      }])
    }))

  it.effect("a resume token that skips nothing starts a page with the service's own token", () =>
    Effect.gen(function*() {
      const seen = yield* listing({ pageSize: 5, startingToken: base64({ NextToken: "15" }) })
      assert.deepStrictEqual(seen.pages, [{ ids: ids(15, 20), startingToken: "15", nextToken: undefined }])
    }))
})

describe("maxItems", () => {
  // botocore's token on a page's end: the service's token as `{"NextToken": …}` in base64, written out by hand.
  const boundary = (token: string) => Buffer.from(`{"NextToken": "${token}"}`).toString("base64")

  it.effect("a cut on a page's end makes no further call, and its token wraps the service's, as botocore's", () =>
    Effect.gen(function*() {
      const two = yield* listing({ pageSize: 5, maxItems: 10 })
      assert.deepStrictEqual(two.calls, [undefined, "5"])
      assert.deepStrictEqual(two.pages.map((page) => page.ids), [ids(0, 5), ids(5, 10)])
      assert.strictEqual(two.pages.at(-1)?.nextToken, "eyJOZXh0VG9rZW4iOiAiMTAifQ==")
      assert.strictEqual(boundary("10"), "eyJOZXh0VG9rZW4iOiAiMTAifQ==")
      const one = yield* listing({ pageSize: 5, maxItems: 5 })
      assert.deepStrictEqual(one.calls, [undefined])
      assert.deepStrictEqual(one.pages, [{ ids: ids(0, 5), startingToken: undefined, nextToken: boundary("5") }])
      const all = yield* listing({ pageSize: 5, maxItems: 20 })
      assert.deepStrictEqual(all.calls, [undefined, "5", "10", "15"])
      assert.strictEqual(all.pages.at(-1)?.nextToken, undefined)
    }))

  it.effect("a cut inside a page makes no further call, and its token resumes inside that page", () =>
    Effect.gen(function*() {
      const seen = yield* listing({ pageSize: 5, maxItems: 7 })
      assert.deepStrictEqual(seen.calls, [undefined, "5"])
      assert.deepStrictEqual(seen.pages.map((page) => page.ids), [ids(0, 5), ids(5, 7)])
      assert.strictEqual(seen.pages.at(-1)?.nextToken, Paginator.encodeResumeToken("5", 2))
      const resumed = yield* listing({ pageSize: 5, maxItems: 2, startingToken: Paginator.encodeResumeToken("5", 2) })
      assert.deepStrictEqual(resumed.pages, [{
        ids: ids(7, 9),
        startingToken: Paginator.encodeResumeToken("5", 2),
        nextToken: Paginator.encodeResumeToken("5", 4)
      }])
      const toTheEnd = yield* listing({ pageSize: 5, maxItems: 3, startingToken: Paginator.encodeResumeToken("5", 2) })
      assert.deepStrictEqual(toTheEnd.pages.map((page) => [page.ids, page.nextToken]), [[ids(7, 10), boundary("10")]])
    }))

  it.effect("more than the listing holds lists it all", () =>
    Effect.gen(function*() {
      const seen = yield* listing({ pageSize: 5, maxItems: 21 })
      assert.deepStrictEqual(seen.calls, [undefined, "5", "10", "15"])
      assert.deepStrictEqual(seen.pages.flatMap((page) => page.ids), ids(0, 20))
      assert.strictEqual(seen.pages.at(-1)?.nextToken, undefined)
    }))
})

describe("loops", () => {
  it.effect("a last page with no NextToken is no loop, whether the listing started at a token or not", () =>
    Effect.gen(function*() {
      assert.deepStrictEqual((yield* listing({ pageSize: 20 })).calls, [undefined])
      assert.deepStrictEqual((yield* listing({ pageSize: 5, startingToken: "15" })).calls, ["15"])
    }))

  it.effect("a service that gives back the token of a resume token loops, on the page that gives it", () =>
    Effect.gen(function*() {
      const calls: Array<string | undefined> = []
      const service = ProxySessions.paginator(ProxySessions.make((request) =>
        Effect.sync(() => {
          calls.push(request.NextToken)
          return new ListProxySessions.ListProxySessionsResponse({ ProxySessions: sessions(3), NextToken: "B" })
        })
      ))
      const error = yield* Effect.flip(Stream.runDrain(
        Stream.take(service.stream({ voiceConnectorId: "vc", startingToken: Paginator.encodeResumeToken("B", 1) }), 10)
      ))
      assert.instanceOf(error, ClientError.PaginationLoopError)
      assert.deepStrictEqual(error._tag === "PaginationLoopError" ? [error.token, error.pages] : [], ["B", 1])
      assert.deepStrictEqual(calls, ["B"])
    }))
})

describe("prefetch", () => {
  /** The calls made while the consumer holds the first page and pulls no other. */
  const callsAhead = (prefetch: number | undefined) =>
    Effect.gen(function*() {
      const calls: Array<string | undefined> = []
      const service = paged(calls, sessions(100))
      const gate = yield* Deferred.make<void>()
      const fiber = yield* service.pages({ voiceConnectorId: "vc", pageSize: 1, prefetch }).pipe(
        Stream.tap(() => Deferred.await(gate)),
        Stream.runDrain,
        Effect.fork
      )
      yield* Effect.yieldNow().pipe(Effect.repeatN(500))
      const ahead = calls.length
      yield* Deferred.succeed(gate, undefined)
      yield* Fiber.join(fiber)
      assert.strictEqual(calls.length, 100, "every page is fetched once the consumer pulls")
      return ahead
    })

  it.effect("none, or 0, fetches only the page the consumer holds", () =>
    Effect.gen(function*() {
      assert.strictEqual(yield* callsAhead(undefined), 1)
      assert.strictEqual(yield* callsAhead(0), 1)
    }))

  it.effect("n fetches n pages ahead, beside the one held and the one being handed over", () =>
    Effect.gen(function*() {
      for (const prefetch of [1, 2, 10]) {
        const ahead = yield* callsAhead(prefetch)
        assert.isAtLeast(ahead, prefetch + 1, `prefetch ${prefetch}`)
        assert.isAtMost(ahead, prefetch + 2, `prefetch ${prefetch}`)
      }
    }))

  it.effect("interrupting a prefetching stream interrupts the call in flight", () =>
    Effect.gen(function*() {
      const started = yield* Deferred.make<void>()
      const interrupted = yield* Ref.make(false)
      const service = ProxySessions.paginator(ProxySessions.make(() =>
        Deferred.succeed(started, undefined).pipe(
          Effect.zipRight(Effect.never),
          Effect.onInterrupt(() => Ref.set(interrupted, true))
        )
      ))
      const fiber = yield* Effect.fork(Stream.runDrain(service.stream({ voiceConnectorId: "vc", prefetch: 2 })))
      yield* Deferred.await(started)
      yield* Fiber.interrupt(fiber)
      assert.isTrue(yield* Ref.get(interrupted))
    }))
})
