import { ProxySession } from "@chime-proxy/core"
import { assert, describe, it } from "@effect/vitest"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as Audit from "../src/Audit.js"
import * as Report from "../src/Report.js"

const decode = Schema.decodeUnknownSync(ProxySession.ProxySession)
const now = DateTime.unsafeMake("2025-06-01T12:00:00.000Z")

const sessions = [
  {
    VoiceConnectorId: "vc<1>",
    ProxySessionId: "s-1",
    Name: "<script>alert(\"x\")</script>\u001b[31m",
    Status: "Open",
    ExpiryMinutes: 10,
    Capabilities: ["Voice"],
    CreatedTimestamp: "2025-06-01T10:00:00.000Z",
    Participants: [
      { PhoneNumber: "+14155550111", ProxyPhoneNumber: "+12065550199" },
      { PhoneNumber: "+14155550122", ProxyPhoneNumber: "+12065550199" }
    ],
    GeoMatchParams: { Country: "US", AreaCode: "206" }
  },
  {
    VoiceConnectorId: "vc<1>",
    ProxySessionId: "s-2",
    Status: "Closed",
    Capabilities: ["SMS", "Voice"],
    CreatedTimestamp: "2025-06-01T11:00:00.000Z",
    Participants: [{ PhoneNumber: "+14155550133", ProxyPhoneNumber: "+12065550199" }]
  }
].map((json) => decode(json))

const report = Effect.map(
  Audit.auditStream("vc<1>", Stream.fromIterable(sessions), { now }),
  (accumulator) => Audit.combine([accumulator], { now })
)

describe("Report", () => {
  it.effect("text shows the counts, the overdue and open sessions, and masks participants", () =>
    Effect.gen(function*() {
      const text = Report.text(yield* report)
      assert.include(text, "Proxy session audit at 2025-06-01T12:00:00.000Z: 1 voice connector, 2 sessions")
      assert.match(text, /Open +1 +█+/)
      assert.match(text, /Voice +2 +█+/)
      assert.include(text, "+12065550199  2 sessions")
      assert.include(text, "Past expiry and not Closed: 1")
      assert.match(text, /^ {4}2025-06-01T10:10:00\.000Z {2}s-1 +Open +vc<1> +\+12065550199 +"<script>/m)
      assert.notInclude(text, "+14155550111")
      assert.notInclude(text, "\u001b")
    }))

  it.effect("html is one self-contained page: escaped, masked, with inline SVG charts and nothing to fetch", () =>
    Effect.gen(function*() {
      const html = Report.html(yield* report)
      assert.isTrue(html.startsWith("<!DOCTYPE html>"))
      assert.notMatch(html, /\b(?:src|href)\s*=/i)
      assert.notMatch(html, /https?:\/\//)
      assert.notInclude(html, "<script")
      assert.notInclude(html, "<link")
      assert.include(html, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;")
      assert.include(html, "vc&lt;1&gt;")
      assert.isAtLeast(html.split("<svg").length - 1, 4)
      assert.include(html, "+12065550199")
      for (const participant of ["+14155550111", "+14155550122", "+14155550133"]) assert.notInclude(html, participant)
      assert.include(html, "••••••••••11")
      assert.notInclude(html, "\u001b")
      // Every element opened is closed, in order.
      const voids = new Set(["meta", "rect"])
      const stack: Array<string> = []
      for (const [, closing, name = "", selfClosing] of html.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*?(\/?)>/g)) {
        if (voids.has(name) || selfClosing === "/") continue
        if (closing === "") stack.push(name)
        else assert.strictEqual(stack.pop(), name)
      }
      assert.deepStrictEqual(stack, [])
    }))

  it.effect("one wording for open in the terminal and in HTML: Open or InProgress, never a bare 'open'", () =>
    Effect.gen(function*() {
      const audit = yield* report
      const text = Report.text(audit)
      const visible = Report.html(audit).replace(/<style>[\s\S]*?<\/style>/, "").replace(/<[^>]+>/g, " ")
      for (const rendering of [text, visible]) {
        assert.notMatch(rendering, /\bopen\b/, "a lowercase 'open' would mean something else than the status")
        assert.include(rendering, "2 sessions: 1 Open or InProgress, 1 past expiry and not Closed")
        assert.include(rendering, "Oldest sessions Open or InProgress")
        assert.include(rendering, "Sessions created per day (UTC), by status")
      }
    }))

  it.effect("the terminal's session lists are columns that line up under their headers", () =>
    Effect.gen(function*() {
      const many = [0, 1, 2].map((i) =>
        decode({
          VoiceConnectorId: i === 1 ? "a-much-longer-connector-id" : "vc",
          ProxySessionId: "s".repeat(3 + i * 7),
          Status: i === 2 ? "InProgress" : "Open",
          ExpiryMinutes: 5,
          Name: `name ${i}`,
          CreatedTimestamp: `2025-05-${29 + i}T10:00:00.000Z`,
          Participants: [{ PhoneNumber: "+14155550111", ProxyPhoneNumber: `+1206555019${i}` }]
        })
      )
      const audit = yield* Effect.map(
        Audit.auditStream("vc", Stream.fromIterable(many), { now }),
        (accumulator) => Audit.combine([accumulator], { now })
      )
      const lines = Report.text(audit).split("\n")
      for (const title of ["Expired at", "Created at"]) {
        const header = lines.findIndex((line) => line.trimStart().startsWith(title))
        assert.isAbove(header, 0, title)
        const table = lines.slice(header, header + 4)
        const starts = (line: string) => [...line.matchAll(/(?<= {2})\S/g)].map((match) => match.index)
        const columns = starts(table[0] ?? "")
        assert.strictEqual(columns.length, 6, JSON.stringify(table))
        for (const row of table.slice(1)) {
          for (const column of columns) assert.match(row.slice(column - 2, column), /^ {2}$/, row)
          assert.match(row.slice(columns[1], columns[2]), /^s+ *$/)
        }
      }
      // The per-day counts too: one line per day, numbers right-aligned under their status.
      const perDay = lines.findIndex((line) => line.includes("Day") && line.includes("InProgress"))
      assert.deepStrictEqual(lines.slice(perDay, perDay + 4).map((line) => line.replace(/ *█+$/, "").trimEnd()), [
        "    Day         Open  InProgress  All",
        "    2025-05-29     1           0    1",
        "    2025-05-30     1           0    1",
        "    2025-05-31     0           1    1"
      ])
    }))

  it("escapeHtml escapes the five characters that matter", () => {
    assert.strictEqual(
      Report.escapeHtml(`<a href="x">'&'</a>`),
      "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
    )
  })
})
