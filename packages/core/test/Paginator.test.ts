import { ClientError, ListProxySessions, Paginator, ProxySession, ProxySessions } from "@chime-proxy/core"
import { assert, describe, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as FastCheck from "effect/FastCheck"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Ref from "effect/Ref"
import * as Stream from "effect/Stream"
import * as v8 from "node:v8"
import * as vm from "node:vm"

/** The value, or a failed test when it is missing. */
const defined = <A>(value: A | undefined): A => {
  if (value === undefined) throw new Error("expected a value, found none")
  return value
}

const sessions = (count: number) =>
  Array.from({ length: count }, (_, i) => new ProxySession.ProxySession({ ProxySessionId: `s-${i}` as never }))

/** An in-memory paged service: the token is the offset of the next page. */
const pagedService = (source: ReadonlyArray<ProxySession.ProxySession>, calls: Array<string | undefined> = []) =>
  ProxySessions.make((request) =>
    Effect.sync(() => {
      calls.push(request.NextToken)
      const offset = request.NextToken === undefined ? 0 : Number(request.NextToken)
      const size = request.MaxResults ?? 10
      const end = Math.min(offset + size, source.length)
      return new ListProxySessions.ListProxySessionsResponse({
        ProxySessions: source.slice(offset, end),
        ...(end < source.length ? { NextToken: String(end) } : {})
      })
    })
  )

/** The paginator of {@link pagedService}. */
const pagedSource = (source: ReadonlyArray<ProxySession.ProxySession>, calls: Array<string | undefined> = []) =>
  ProxySessions.paginator(pagedService(source, calls))

const ids = (items: Iterable<ProxySession.ProxySession>) => Array.from(items, (session) => session.ProxySessionId)

const collect = <A, E>(stream: Stream.Stream<A, E>) => Effect.runPromise(Stream.runCollect(stream)).then(Chunk.toArray)

describe("paginator", () => {
  it("pages concatenated equal the source, with no duplicates, for any size and page size", async () => {
    await FastCheck.assert(
      FastCheck.asyncProperty(FastCheck.nat(250), FastCheck.integer({ min: 1, max: 100 }), async (count, pageSize) => {
        const source = sessions(count)
        const service = pagedSource(source)
        const items = await collect(service.stream({ voiceConnectorId: "vc", pageSize }))
        assert.deepStrictEqual(ids(items), ids(source))
        assert.strictEqual(new Set(ids(items)).size, count)
        const pages = await collect(service.pages({ voiceConnectorId: "vc", pageSize }))
        assert.strictEqual(pages.length, Math.max(1, Math.ceil(count / pageSize)))
      }),
      { numRuns: 60 }
    )
  })

  it("maxItems cuts the listing and its token resumes exactly there", async () => {
    await FastCheck.assert(
      FastCheck.asyncProperty(
        FastCheck.integer({ min: 1, max: 120 }),
        FastCheck.integer({ min: 1, max: 30 }),
        FastCheck.integer({ min: 1, max: 50 }),
        async (count, pageSize, maxItems) => {
          const source = sessions(count)
          const service = pagedSource(source)
          const seen: Array<string | undefined> = []
          let startingToken: string | undefined = undefined
          let rounds = 0
          do {
            const pages: Array<ProxySessions.Page> = await collect(
              service.pages({ voiceConnectorId: "vc", pageSize, maxItems, startingToken })
            )
            const items = pages.flatMap((page) => page.items)
            assert.isAtMost(items.length, maxItems)
            for (const id of ids(items)) seen.push(id)
            startingToken = pages.at(-1)?.nextToken
            rounds++
          } while (startingToken !== undefined && rounds < 1000)
          assert.deepStrictEqual(seen, ids(source))
        }
      ),
      { numRuns: 60 }
    )
  })

  it("each page carries the token it was fetched with, to fetch it again", async () => {
    const service = pagedSource(sessions(37))
    const pages = await collect(service.pages({ voiceConnectorId: "vc", pageSize: 5, maxItems: 23 }))
    for (const page of pages) {
      const again = await collect(
        service.pages({
          voiceConnectorId: "vc",
          pageSize: 5,
          startingToken: page.startingToken,
          maxItems: page.items.length
        })
      )
      assert.deepStrictEqual(ids(defined(again[0]).items), ids(page.items))
    }
  })

  it("stops on an empty NextToken", async () => {
    const service = ProxySessions.paginator(
      ProxySessions.make(() =>
        Effect.succeed(new ListProxySessions.ListProxySessionsResponse({ ProxySessions: sessions(2), NextToken: "" }))
      )
    )
    assert.strictEqual((await collect(service.stream({ voiceConnectorId: "vc" }))).length, 2)
  })

  it.effect("fails with a typed error when the service repeats its token, on the page that repeats it", () =>
    Effect.gen(function*() {
      const calls: Array<string | undefined> = []
      const service = ProxySessions.paginator(ProxySessions.make((request) =>
        Effect.sync(() => {
          calls.push(request.NextToken)
          return new ListProxySessions.ListProxySessionsResponse({
            ProxySessions: sessions(1),
            NextToken: request.NextToken === undefined ? "first" : "stuck"
          })
        })
      ))
      // Bounded, so that a paginator that missed the loop ends with 10 items instead of running until the timeout.
      const result = yield* Effect.either(
        Stream.runCollect(Stream.take(service.stream({ voiceConnectorId: "vc" }), 10))
      )
      assert.isTrue(result._tag === "Left", "a loop ends the stream with an error")
      const error = result._tag === "Left" ? result.left : undefined
      assert.instanceOf(error, ClientError.PaginationLoopError)
      assert.strictEqual((error as ClientError.PaginationLoopError).token, "stuck")
      assert.strictEqual((error as ClientError.PaginationLoopError).pages, 3)
      assert.deepStrictEqual(calls, [undefined, "first", "stuck"])
    }))

  it.effect("is lazy and backpressured: no call until pulled, then exactly one call per page pulled", () =>
    Effect.gen(function*() {
      const calls: Array<string | undefined> = []
      const service = pagedSource(sessions(100), calls)
      const stream = service.stream({ voiceConnectorId: "vc", pageSize: 10 })
      assert.strictEqual(calls.length, 0)
      yield* Stream.runCollect(Stream.take(stream, 15))
      assert.deepStrictEqual(calls, [undefined, "10"])
      calls.length = 0
      yield* Effect.scoped(Effect.gen(function*() {
        const pull = yield* Stream.toPull(service.pages({ voiceConnectorId: "vc", pageSize: 10 }))
        assert.strictEqual(calls.length, 0, "no call before the first pull")
        for (let pulled = 1; pulled <= 4; pulled++) {
          // A page's chunk, then an empty one (which asks for nothing), then the next page's.
          const pages = yield* pull
          assert.strictEqual(Chunk.size(pages), 1)
          assert.strictEqual(calls.length, pulled)
          assert.isTrue(Chunk.isEmpty(yield* pull))
          assert.deepStrictEqual(calls, Array.from({ length: pulled }, (_, i) => i === 0 ? undefined : String(i * 10)))
        }
      }))
    }))

  it.effect("prefetch fetches ahead of a slow consumer", () =>
    Effect.gen(function*() {
      const calls: Array<string | undefined> = []
      const service = pagedSource(sessions(100), calls)
      const gate = yield* Deferred.make<void>()
      const fiber = yield* service.pages({ voiceConnectorId: "vc", pageSize: 10, prefetch: 3 }).pipe(
        Stream.tap(() => Deferred.await(gate)),
        Stream.runDrain,
        Effect.fork
      )
      yield* Effect.yieldNow().pipe(Effect.repeatN(50))
      assert.isAtLeast(calls.length, 3)
      yield* Deferred.succeed(gate, undefined)
      yield* Fiber.join(fiber)
      assert.strictEqual(calls.length, 10)
    }))

  it.effect("holds no page it gave while it fetches the next one, waiting or answered", () =>
    Effect.gen(function*() {
      // V8's own collector, without a flag on the command line: what is still reachable is what something holds.
      v8.setFlagsFromString("--expose-gc")
      const collectGarbage = vm.runInNewContext("gc") as () => void
      const given: Array<WeakRef<ProxySession.ProxySession>> = []
      const reachable: Array<number> = []
      const reachableWhileWaiting: Array<number> = []
      const count = () => {
        collectGarbage()
        return given.filter((ref) => ref.deref() !== undefined).length
      }
      // Each call makes its sessions anew and keeps none of them, and counts those of earlier calls still reachable:
      // while its fiber waits for the answer, and once it has it.
      const service = ProxySessions.make((request) =>
        Effect.promise(() =>
          new Promise<void>((resolve) =>
            setImmediate(() => {
              reachableWhileWaiting.push(count())
              setImmediate(resolve)
            })
          )
        ).pipe(Effect.map(() => {
          reachable.push(count())
          const offset = request.NextToken === undefined ? 0 : Number(request.NextToken)
          const page = sessions(10)
          given.push(new WeakRef(page[0]!))
          return new ListProxySessions.ListProxySessionsResponse({
            ProxySessions: page,
            ...(offset < 30 ? { NextToken: String(offset + 10) } : {})
          })
        }))
      )
      const paginator = ProxySessions.paginator(service)
      const consumed: Array<number> = []
      yield* Stream.runForEach(
        paginator.pages({ voiceConnectorId: "vc", pageSize: 10 }),
        (page) => Effect.sync(() => consumed.push(page.items.length))
      )
      assert.deepStrictEqual(consumed, [10, 10, 10, 10])
      assert.deepStrictEqual(reachable, [0, 0, 0, 0])
      assert.deepStrictEqual(reachableWhileWaiting, [0, 0, 0, 0])
      given.length = 0
      reachable.length = 0
      reachableWhileWaiting.length = 0
      assert.strictEqual(yield* Stream.runCount(paginator.stream({ voiceConnectorId: "vc", pageSize: 10 })), 40)
      assert.deepStrictEqual(reachable, [0, 0, 0, 0])
      assert.deepStrictEqual(reachableWhileWaiting, [0, 0, 0, 0])
    }))

  it.effect("interrupting the stream interrupts the call in flight", () =>
    Effect.gen(function*() {
      const started = yield* Deferred.make<void>()
      const interrupted = yield* Ref.make(false)
      const service = ProxySessions.paginator(ProxySessions.make(() =>
        Deferred.succeed(started, undefined).pipe(
          Effect.zipRight(Effect.never),
          Effect.onInterrupt(() => Ref.set(interrupted, true))
        )
      ))
      const fiber = yield* Effect.fork(Stream.runDrain(service.stream({ voiceConnectorId: "vc" })))
      yield* Deferred.await(started)
      yield* Fiber.interrupt(fiber)
      assert.isTrue(yield* Ref.get(interrupted))
    }))

  it.effect("refuses bad options before any call", () =>
    Effect.gen(function*() {
      const calls: Array<string | undefined> = []
      const service = pagedSource(sessions(5), calls)
      const maxItems = yield* Effect.flip(Stream.runDrain(service.stream({ voiceConnectorId: "vc", maxItems: 0 })))
      assert.strictEqual((maxItems as ClientError.RequestValidationError).field, "maxItems")
      const pageSize = yield* Effect.flip(Stream.runDrain(service.stream({ voiceConnectorId: "vc", pageSize: 101 })))
      assert.strictEqual((pageSize as ClientError.RequestValidationError).field, "MaxResults")
      const id = yield* Effect.flip(Stream.runDrain(service.stream({ voiceConnectorId: " " })))
      assert.strictEqual((id as ClientError.RequestValidationError).field, "VoiceConnectorId")
      assert.strictEqual(calls.length, 0)
    }))

  it("resume tokens are the AWS CLI's and read back", () => {
    const token = Paginator.encodeResumeToken("abc", 3)
    assert.deepStrictEqual(JSON.parse(Buffer.from(token, "base64").toString("utf8")), {
      NextToken: "abc",
      boto_truncate_amount: 3
    })
    assert.deepStrictEqual(Paginator.decodeStartingToken(token), { token: "abc", skip: 3 })
    assert.deepStrictEqual(Paginator.decodeStartingToken("raw-service-token"), { token: "raw-service-token", skip: 0 })
    assert.deepStrictEqual(Paginator.decodeStartingToken(undefined), { token: undefined, skip: 0 })
  })

  it.effect("accessors use the service of the context", () =>
    Effect.gen(function*() {
      const items = yield* Stream.runCollect(ProxySessions.stream({ voiceConnectorId: "vc", pageSize: 3 }))
      assert.strictEqual(Chunk.size(items), 8)
      const page = yield* ProxySessions.listProxySessions({ VoiceConnectorId: "vc", MaxResults: 5 })
      assert.strictEqual(page.ProxySessions.length, 5)
      const pages = yield* Stream.runCollect(ProxySessions.pages({ voiceConnectorId: "vc", pageSize: 3 }))
      assert.strictEqual(Chunk.size(pages), 3)
    }).pipe(Effect.provideService(ProxySessions.ProxySessions, pagedService(sessions(8)))))

  describe("over a service written by a user as one function", () => {
    const source = sessions(23)
    const calls: Array<ProxySessions.ListProxySessionsInput> = []
    // No validation, no paging of its own: the paginator brings both.
    const UserWritten = Layer.succeed(ProxySessions.ProxySessions, {
      listProxySessions: (input) =>
        Effect.sync(() => {
          calls.push(input)
          const offset = input.NextToken === undefined ? 0 : Number(input.NextToken)
          const end = Math.min(offset + (input.MaxResults ?? 10), source.length)
          return new ListProxySessions.ListProxySessionsResponse({
            ProxySessions: source.slice(offset, end),
            ...(end < source.length ? { NextToken: String(end) } : {})
          })
        })
    })

    it.effect("pages and streams, with maxItems and resume tokens", () =>
      Effect.gen(function*() {
        const all = yield* Stream.runCollect(ProxySessions.stream({ voiceConnectorId: "vc", pageSize: 4 }))
        assert.deepStrictEqual(ids(all), ids(source))
        const first = Chunk.toArray(
          yield* Stream.runCollect(ProxySessions.pages({ voiceConnectorId: "vc", pageSize: 5, maxItems: 7 }))
        )
        assert.deepStrictEqual(first.map((page) => page.items.length), [5, 2])
        const rest = yield* Stream.runCollect(
          ProxySessions.stream({ voiceConnectorId: "vc", pageSize: 5, startingToken: first.at(-1)?.nextToken })
        )
        assert.deepStrictEqual(ids([...first.flatMap((page) => page.items), ...rest]), ids(source))
      }).pipe(Effect.provide(UserWritten)))

    it.effect("refuses bad options itself, before any call", () =>
      Effect.gen(function*() {
        calls.length = 0
        const refused = (options: ProxySessions.ListOptions) =>
          Effect.flatMap(
            Effect.flip(Stream.runDrain(ProxySessions.stream(options))),
            (error) =>
              error._tag === "RequestValidationError" ? Effect.succeed(error) : Effect.dieMessage(error.message)
          )
        assert.strictEqual((yield* refused({ voiceConnectorId: "vc", pageSize: 101 })).field, "MaxResults")
        assert.strictEqual((yield* refused({ voiceConnectorId: "vc", pageSize: 1.5 })).field, "MaxResults")
        assert.strictEqual((yield* refused({ voiceConnectorId: " " })).field, "VoiceConnectorId")
        assert.strictEqual((yield* refused({ voiceConnectorId: "vc", maxItems: 0 })).field, "maxItems")
        assert.strictEqual((yield* refused({ voiceConnectorId: "vc", prefetch: -1 })).field, "prefetch")
        assert.strictEqual(
          (yield* refused({ voiceConnectorId: "vc", startingToken: "x".repeat(65536) })).field,
          "NextToken"
        )
        assert.strictEqual(calls.length, 0)
      }).pipe(Effect.provide(UserWritten)))
  })

  it.effect("pages any operation paged by MaxResults and NextToken", () =>
    Effect.gen(function*() {
      // A second operation of another shape: the paginator is the same, only its description changes.
      const names = Array.from({ length: 12 }, (_, i) => `vc-${i}`)
      const paginator = Paginator.make({
        request: (_: Paginator.PaginationOptions) => ({}),
        validate: () => Effect.void,
        list: (request: Paginator.PageRequest) =>
          Effect.sync(() => {
            const offset = request.NextToken === undefined ? 0 : Number(request.NextToken)
            const end = Math.min(offset + (request.MaxResults ?? 5), names.length)
            return { VoiceConnectors: names.slice(offset, end), NextToken: end < names.length ? String(end) : "" }
          }),
        items: (response) => response.VoiceConnectors,
        nextToken: (response) => response.NextToken
      })
      assert.deepStrictEqual(Chunk.toArray(yield* Stream.runCollect(paginator.stream({ pageSize: 5 }))), names)
      const pages = yield* Stream.runCollect(paginator.pages({ pageSize: 5, maxItems: 6 }))
      assert.deepStrictEqual(Chunk.toArray(pages).map((page) => page.items.length), [5, 1])
    }))
})
