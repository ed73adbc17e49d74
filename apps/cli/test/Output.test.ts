import type { ProxySession, ProxySessions } from "@chime-proxy/core"
import { assert, describe, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import * as Output from "../src/Output.js"
import { decodeSession, parseCsv, sessionJson } from "./fixtures.js"
import { at } from "./run.js"

const wire = (n: number, connector = "vc1"): Array<ProxySession.ProxySessionJson> =>
  Array.from({ length: n }, (_, i) => sessionJson(connector, i))

// Pages of 4 sessions, the last one with the given nextToken.
const pagesOf = (sessions: ReadonlyArray<ProxySession.ProxySessionJson>, nextToken?: string) => {
  const pages: Array<ProxySessions.Page> = []
  for (let i = 0; i < sessions.length || pages.length === 0; i += 4) {
    const last = i + 4 >= sessions.length
    pages.push({
      items: sessions.slice(i, i + 4).map((session) => decodeSession(session)),
      startingToken: undefined,
      nextToken: last ? nextToken : String(i + 4)
    })
  }
  return Stream.fromIterable(pages)
}

const render = (format: Output.Format, sessions: ReadonlyArray<ProxySession.ProxySessionJson>, nextToken?: string) =>
  Effect.map(
    Stream.runCollect(Output.render(format, pagesOf(sessions, nextToken))),
    (chunks) => Chunk.toArray(chunks).join("")
  )

describe("Output", () => {
  it.effect("json is the AWS CLI's shape, with every session as the wire has it", () =>
    Effect.gen(function*() {
      const sessions = wire(10)
      const out = yield* render("json", sessions)
      assert.deepStrictEqual(JSON.parse(out), { ProxySessions: sessions })
      assert.isTrue(out.startsWith("{\n    \"ProxySessions\": [\n        {\n            \"VoiceConnectorId\": \"vc1\""))
      assert.isTrue(out.endsWith("\n    ]\n}\n"))
    }))

  it.effect("json carries the NextToken of a listing cut short, and an empty listing is an empty array", () =>
    Effect.gen(function*() {
      const out = yield* render("json", wire(3), "resume-here")
      assert.deepStrictEqual(JSON.parse(out), { ProxySessions: wire(3), NextToken: "resume-here" })
      const empty = yield* render("json", [])
      assert.strictEqual(empty, "{\n    \"ProxySessions\": []\n}\n")
      assert.deepStrictEqual(JSON.parse(yield* render("json", [], "t")), { ProxySessions: [], NextToken: "t" })
    }))

  it.effect("ndjson is one session per line, with phone numbers as plain strings", () =>
    Effect.gen(function*() {
      const sessions = wire(9)
      const out = yield* render("ndjson", sessions, "ignored")
      const lines = out.split("\n")
      assert.strictEqual(lines.pop(), "")
      assert.deepStrictEqual(lines.map((line) => JSON.parse(line)), sessions)
      assert.include(out, "\"PhoneNumber\":\"+12065551000\"")
      assert.notInclude(out, "ignored")
    }))

  it.effect("csv has a header and RFC 4180 quoting, and parses back to every field", () =>
    Effect.gen(function*() {
      const sessions = wire(11)
      const rows = parseCsv(yield* render("csv", sessions))
      assert.deepStrictEqual(rows[0], [...Output.csvColumns])
      assert.strictEqual(rows.length, 12)
      const byName = (row: ReadonlyArray<string>) =>
        Object.fromEntries(Output.csvColumns.map((column, i) => [column, row[i]]))
      const first = byName(at(rows, 1))
      assert.deepStrictEqual(first, {
        VoiceConnectorId: "vc1",
        ProxySessionId: "vc1-session-000",
        Name: at(sessions, 0).Name ?? "",
        Status: "Open",
        ExpiryMinutes: "60",
        Capabilities: "Voice;SMS",
        CreatedTimestamp: "2024-01-01T00:00:00.000Z",
        UpdatedTimestamp: "2024-01-01T01:00:00.000Z",
        EndedTimestamp: "",
        Participants: "+12065551000>+12065559000;+44207901000>+12065559000",
        NumberSelectionBehavior: "PreferSticky",
        GeoMatchLevel: "Country",
        GeoMatchCountry: "US",
        GeoMatchAreaCode: "206"
      })
      assert.include(first.Name, "\"quotes\"\nand a line break")
      const missing = byName(at(rows, 4))
      assert.strictEqual(missing.Participants, "")
      assert.strictEqual(missing.GeoMatchCountry, "")
      assert.strictEqual(byName(at(rows, 11)).Status, "Suspended")
    }))

  it("csvField quotes only what needs it", () => {
    assert.strictEqual(Output.csvField("plain"), "plain")
    assert.strictEqual(Output.csvField("a,b"), "\"a,b\"")
    assert.strictEqual(Output.csvField("say \"hi\""), "\"say \"\"hi\"\"\"")
    assert.strictEqual(Output.csvField("two\nlines"), "\"two\nlines\"")
  })

  it.effect("text has the AWS CLI's lines: PROXYSESSIONS with the page's columns, then the nested members", () =>
    Effect.gen(function*() {
      const out = yield* render("text", wire(4), "tok")
      const lines = out.trimEnd().split("\n").map((line) => line.split("\t"))
      const sessions = lines.filter((line) => line[0] === "PROXYSESSIONS")
      assert.strictEqual(sessions.length, 4)
      // The columns are the scalar members found in the page, as the AWS CLI gathers them.
      const columns = new Set(
        wire(4).flatMap((session) =>
          Object.entries(session).filter(([, value]) => typeof value !== "object").map(([key]) => key)
        )
      )
      for (const line of sessions) assert.strictEqual(line.length, 1 + columns.size)
      assert.deepStrictEqual(at(lines, 0).slice(1), [
        "2024-01-01T00:00:00.000Z",
        "",
        "60",
        "Country",
        "name, with \"quotes\" and a line break and a tab  [31m #0",
        "PreferSticky",
        "vc1-session-000",
        "Open",
        "2024-01-01T01:00:00.000Z",
        "vc1"
      ])
      assert.deepStrictEqual(lines.slice(1, 6), [
        ["CAPABILITIES", "Voice"],
        ["CAPABILITIES", "SMS"],
        ["GEOMATCHPARAMS", "206", "US"],
        ["PARTICIPANTS", "+12065551000", "+12065559000"],
        ["PARTICIPANTS", "+44207901000", "+12065559000"]
      ])
      assert.deepStrictEqual(lines[lines.length - 1], ["NEXTTOKEN", "tok"])
    }))

  it.effect("table aligns its columns, strips control characters and ends with the NextToken", () =>
    Effect.gen(function*() {
      const out = yield* render("table", wire(6), "tok")
      const lines = out.trimEnd().split("\n")
      assert.isTrue(at(lines, 0).startsWith("VoiceConnectorId  ProxySessionId   Status"))
      assert.match(at(lines, 1), /^-+ {2}-+ {2}-+/)
      assert.strictEqual(lines.length, 2 + 6 + 1)
      assert.strictEqual(lines[8], "NextToken: tok")
      const statusColumn = at(lines, 0).indexOf("Status")
      assert.strictEqual(at(lines, 2).indexOf("Open"), statusColumn)
      assert.strictEqual(at(lines, 3).indexOf("InProgress"), statusColumn)
      assert.notInclude(out, "\u001b")
      assert.include(lines[2], "+12065551000 → +12065559000, +44207901000 → +12065559000")
      assert.strictEqual(yield* render("table", []), "No proxy sessions.\n")
    }))

  it("only json, text and table have a place for the NextToken on stdout", () => {
    assert.deepStrictEqual(Output.formats.filter(Output.carriesNextToken), ["json", "table", "text"])
  })
})
