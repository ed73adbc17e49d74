// json and ndjson are written from each session's wire encoding (core's encoder) instead of encoding every session
// with the schema into a JSON value and writing that: these tests hold the two paths to the same bytes, for any valid
// session and any split into pages.
import { ProxySession } from "@chime-proxy/core"
import type { ProxySessions } from "@chime-proxy/core"
import { assert, describe, it } from "@effect/vitest"
import * as Arbitrary from "effect/Arbitrary"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as FastCheck from "effect/FastCheck"
import * as Stream from "effect/Stream"
import * as Output from "../src/Output.js"
import { decodeSession, sessionJson } from "./fixtures.js"

// Every page rendered by a writer, as the listing's text.
const writeAll = <A>(
  write: Output.PageWriter<A>,
  pages: ReadonlyArray<ReadonlyArray<A>>,
  nextToken: string | undefined
): string =>
  write.header() +
  pages.map((items, i) => write.page(items, i === pages.length - 1 ? nextToken : "more")).join("") +
  write.footer(nextToken)

// The writers of the wire JSON over the schema's encoding: the output as it was before the fast path.
const throughSchema = (
  format: Output.Format,
  pages: ReadonlyArray<ReadonlyArray<ProxySession.ProxySession>>,
  nextToken: string | undefined
): string =>
  writeAll(
    Output.writer(format),
    pages.map((items) => items.map((session) => Effect.runSync(Output.encodeSession(session)))),
    nextToken
  )

const sessions = Arbitrary.make(ProxySession.ProxySession)
const listings = FastCheck.record({
  pages: FastCheck.array(FastCheck.array(sessions, { maxLength: 4 }), { maxLength: 4 }),
  nextToken: FastCheck.option(FastCheck.string({ minLength: 1 }), { nil: undefined })
})

describe("json and ndjson from the wire encoding", () => {
  it.prop(
    "write the bytes the schema's encoding gives, for every valid session and page split",
    { listing: listings },
    ({ listing }) => {
      for (const format of ["json", "ndjson"] as const) {
        assert.strictEqual(
          writeAll(Output.sessionWriter(format), listing.pages, listing.nextToken),
          throughSchema(format, listing.pages, listing.nextToken),
          format
        )
      }
    },
    { fastCheck: { numRuns: 200 } }
  )

  it.effect("Output.render writes the same bytes as the writers over the schema's encoding", () =>
    Effect.gen(function*() {
      const pages = [0, 1, 2].map((p) =>
        Array.from({ length: 3 }, (_, i) => decodeSession(sessionJson("vc1", p * 3 + i)))
      )
      for (const format of Output.formats) {
        const stream = Stream.fromIterable(pages.map((items, i): ProxySessions.Page => ({
          items,
          startingToken: undefined,
          nextToken: i === pages.length - 1 ? "resume" : String(i)
        })))
        const rendered = Chunk.toArray(yield* Stream.runCollect(Output.render(format, stream))).join("")
        assert.strictEqual(rendered, throughSchema(format, pages, "resume"), format)
      }
    }))

  it.prop(
    "prettyJson is JSON.stringify(JSON.parse(compact), null, 4) indented, for any JSON value",
    { value: FastCheck.jsonValue(), base: FastCheck.integer({ min: 0, max: 12 }) },
    ({ base, value }) => {
      const compact = JSON.stringify(value)
      const pad = " ".repeat(base)
      const expected = JSON.stringify(value, null, 4).split("\n").map((line) => pad + line).join("\n")
      assert.strictEqual(Output.prettyJson(compact, base), expected)
    },
    { fastCheck: { numRuns: 500 } }
  )

  it("prettyJson keeps what strings hold: quotes, escapes, brackets and separators", () => {
    const value = { "a\"{[": ["x\\\",:]}", {}, [], [{}], "\u2028\n\t"], "": { b: [1, -2.5e-7, true, null] } }
    assert.strictEqual(Output.prettyJson(JSON.stringify(value), 8), indent8(value))
  })
})

const indent8 = (value: unknown): string =>
  JSON.stringify(value, null, 4).split("\n").map((line) => "        " + line).join("\n")
