import { ClientError, ListProxySessions, Paginator, ProxySession, ProxySessions } from "@chime-proxy/core"
import { assert, describe, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as FastCheck from "effect/FastCheck"
import * as Stream from "effect/Stream"
import { execFile, spawnSync } from "node:child_process"
import { fileURLToPath } from "node:url"

// Tokens built by the algorithm of /work/shared/reference/pagination-tokens.md, independently of Paginator's
// encoder: base64 (standard, padded) of a JSON object of `NextToken` and, when the cut is inside a page,
// `boto_truncate_amount`, in the order given.
const awsCliToken = (
  members: ReadonlyArray<readonly ["NextToken", string | null] | readonly ["boto_truncate_amount", number]>,
  separators: { readonly item: string; readonly key: string } = { item: ", ", key: ": " }
): string =>
  Buffer.from(
    `{${
      members.map(([key, value]) => `${JSON.stringify(key)}${separators.key}${JSON.stringify(value)}`).join(
        separators.item
      )
    }}`,
    "utf8"
  ).toString("base64")

const source = Array.from(
  { length: 25 },
  (_, i) => new ProxySession.ProxySession({ ProxySessionId: `s-${i}` as never })
)

/** An in-memory paged service whose NextToken is the offset of the next page, as the botocore helper's. */
const service = (calls: Array<string | undefined> = []) =>
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

const listFrom = (startingToken: string, options: { readonly maxItems?: number } = {}) =>
  Effect.runPromise(
    Stream.runCollect(service().pages({ voiceConnectorId: "vc", pageSize: 10, startingToken, ...options }))
  ).then((pages) => {
    const all = Chunk.toArray(pages)
    return {
      ids: all.flatMap((page) => page.items.map((session) => session.ProxySessionId as string)),
      nextToken: all.at(-1)?.nextToken
    }
  })

const ids = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `s-${from + i}`)

describe("starting tokens of the AWS CLI", () => {
  it("a cut inside the first page: {\"NextToken\": null, \"boto_truncate_amount\": 7}", async () => {
    const token = awsCliToken([["NextToken", null], ["boto_truncate_amount", 7]])
    assert.deepStrictEqual((await listFrom(token)).ids, ids(7, 25))
  })

  it("a cut on a page boundary: {\"NextToken\": \"…\"}", async () => {
    assert.deepStrictEqual((await listFrom(awsCliToken([["NextToken", "10"]]))).ids, ids(10, 25))
  })

  it("any key order and spacing", async () => {
    const token = awsCliToken([["boto_truncate_amount", 2], ["NextToken", "10"]], { item: ",", key: ":" })
    assert.deepStrictEqual((await listFrom(token)).ids, ids(12, 25))
    assert.deepStrictEqual((await listFrom(awsCliToken([["boto_truncate_amount", 4]]))).ids, ids(4, 25))
  })

  it("the deprecated <token>___<n> and None___<n>", async () => {
    assert.deepStrictEqual((await listFrom("None___7")).ids, ids(7, 25))
    assert.deepStrictEqual((await listFrom("10___3")).ids, ids(13, 25))
  })

  it("else the service's own token, as it is", async () => {
    assert.deepStrictEqual((await listFrom("20")).ids, ids(20, 25))
    for (const opaque of ["a___b", "a___1___2", awsCliToken([["NextToken", "10"]]).slice(0, -2), "e30="]) {
      assert.deepStrictEqual(Paginator.decodeStartingToken(opaque), { token: opaque, skip: 0 })
    }
  })

  it("prints inside the first page exactly what botocore prints", async () => {
    const { nextToken } = await Effect.runPromise(
      Stream.runCollect(service().pages({ voiceConnectorId: "vc", pageSize: 10, maxItems: 7 }))
    ).then((pages) => ({ nextToken: Chunk.toArray(pages).at(-1)?.nextToken }))
    assert.strictEqual(nextToken, awsCliToken([["NextToken", null], ["boto_truncate_amount", 7]]))
    assert.strictEqual(
      Paginator.encodeResumeToken("tok\u00e9\u007f", 2),
      Buffer.from("{\"NextToken\": \"tok\\u00e9\\u007f\", \"boto_truncate_amount\": 2}").toString("base64")
    )
  })

  it("any token built by the algorithm resumes at its position", async () => {
    await FastCheck.assert(
      FastCheck.asyncProperty(
        FastCheck.integer({ min: 0, max: 2 }),
        FastCheck.integer({ min: 0, max: 9 }),
        FastCheck.boolean(),
        FastCheck.boolean(),
        async (page, skip, reversed, spaced) => {
          const next: readonly ["NextToken", string | null] = ["NextToken", page === 0 ? null : String(page * 10)]
          const members = skip === 0 ? [next] : [next, ["boto_truncate_amount", skip] as const]
          const token = awsCliToken(
            reversed ? [...members].reverse() : members,
            spaced ? undefined : { item: ",", key: ":" }
          )
          assert.deepStrictEqual((await listFrom(token)).ids, ids(page * 10 + skip, 25))
        }
      ),
      { numRuns: 40 }
    )
  })
})

describe("loops", () => {
  const looping = (tokens: ReadonlyArray<string>, calls: Array<string | undefined>) =>
    ProxySessions.paginator({
      listProxySessions: (input) =>
        Effect.sync(() => {
          calls.push(input.NextToken)
          return new ListProxySessions.ListProxySessionsResponse({
            ProxySessions: [],
            NextToken: tokens[calls.length % tokens.length] ?? ""
          })
        })
    })

  it.effect("two tokens alternating A, B, A… end the listing with a PaginationLoopError", () =>
    Effect.gen(function*() {
      const calls: Array<string | undefined> = []
      const error = yield* Effect.flip(Stream.runDrain(looping(["A", "B"], calls).stream({ voiceConnectorId: "vc" })))
      assert.instanceOf(error, ClientError.PaginationLoopError)
      assert.strictEqual(error.token, "B")
      assert.deepStrictEqual(calls, [undefined, "B", "A"])
    }))

  it.effect("the starting token given again is a loop too", () =>
    Effect.gen(function*() {
      const calls: Array<string | undefined> = []
      const error = yield* Effect.flip(
        Stream.runDrain(looping(["S", "T"], calls).stream({ voiceConnectorId: "vc", startingToken: "S" }))
      )
      assert.instanceOf(error, ClientError.PaginationLoopError)
      assert.deepStrictEqual(calls, ["S", "T"])
    }))
})

const botocore = spawnSync("python3", ["-c", "import botocore.paginate, jmespath"]).status === 0
const helper = fileURLToPath(new URL("fixtures/botocore_paginate.py", import.meta.url))

interface BotocoreRun {
  readonly items?: ReadonlyArray<string>
  readonly resumeToken?: string | null
  readonly error?: string
}

// Asynchronous, so that the worker goes on answering vitest while python runs.
const runBotocore = (spec: {
  readonly pageSize: number
  readonly maxItems?: number | undefined
  readonly startingToken?: string | undefined
}): Promise<BotocoreRun> =>
  new Promise((resolve, reject) => {
    const child = execFile("python3", [helper], { timeout: 60_000 }, (error, stdout) => {
      if (error !== null) reject(error)
      else resolve(JSON.parse(stdout) as BotocoreRun)
    })
    child.stdin?.end(JSON.stringify({ count: source.length, ...spec }))
  })

describe.skipIf(!botocore)("against botocore's own paginator", () => {
  it("each side resumes from the other's tokens at the same place", async () => {
    const cases = [[10, 3], [10, 10], [7, 5]] as const
    for (const [pageSize, maxItems] of cases) {
      let ours: string | undefined
      let theirs: string | undefined
      let seenOurs: ReadonlyArray<string> = []
      let seenTheirs: ReadonlyArray<string> = []
      for (let round = 0; round < 10; round++) {
        const botocoreRun = await runBotocore({ pageSize, maxItems, startingToken: theirs })
        const oursRun = await Effect.runPromise(
          Stream.runCollect(service().pages({ voiceConnectorId: "vc", pageSize, maxItems, startingToken: ours }))
        ).then(Chunk.toArray)
        assert.isUndefined(botocoreRun.error, `botocore refused ${theirs}`)
        const ourIds = oursRun.flatMap((page) => page.items.map((session) => session.ProxySessionId as string))
        assert.deepStrictEqual(ourIds, botocoreRun.items)
        seenOurs = [...seenOurs, ...ourIds]
        seenTheirs = [...seenTheirs, ...(botocoreRun.items ?? [])]
        // Cross over: botocore goes on from our token, we go on from botocore's.
        theirs = oursRun.at(-1)?.nextToken
        ours = botocoreRun.resumeToken ?? undefined
        if (theirs === undefined && ours === undefined) break
      }
      assert.deepStrictEqual(seenOurs, ids(0, 25))
      assert.deepStrictEqual(seenTheirs, ids(0, 25))
    }
  })
})
