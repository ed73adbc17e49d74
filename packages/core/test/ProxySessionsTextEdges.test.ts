// The reading of canonical bodies from their text (`canonicalBodyFast`) and of canonical sessions from a parsed body
// (`canonicalSessionsFast`) at their edges: every character of canonical pages broken in turn, bytes after the end,
// every member of a session given a value of the wrong kind. Each answer is held to the old path (`Wire.decodeResponse`,
// then `Wire.encodeProxySession` of every session): the same texts and token, or the same error. Written for the
// survivors of the first mutation run of the module (docs/testing.md, **wireText**).
import type { ClientError } from "@chime-proxy/core"
import { ListProxySessions, ProxySession, ProxySessionsText, Wire } from "@chime-proxy/core"
import { assert, describe, it } from "@effect/vitest"
import * as Arbitrary from "effect/Arbitrary"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import { canonicalBodyFast, canonicalSessionsFast } from "../src/internal/canonicalFast.js"
import { reference, tamed } from "./wireText.js"

type Json = unknown

/** Whether two answers are the same: the same texts and token (present or absent alike), or the same error. */
const same = (
  actual: Either.Either<ProxySessionsText.ResponseText, ClientError.ResponseDecodeError>,
  expected: Either.Either<ProxySessionsText.ResponseText, ClientError.ResponseDecodeError>
): boolean =>
  Either.isRight(expected)
    ? Either.isRight(actual) &&
      JSON.stringify(actual.right.ProxySessions) === JSON.stringify(expected.right.ProxySessions) &&
      Object.hasOwn(actual.right, "NextToken") === Object.hasOwn(expected.right, "NextToken") &&
      actual.right.NextToken === expected.right.NextToken
    : Either.isLeft(actual) && actual.left.message === expected.left.message &&
      JSON.stringify({ ...actual.left }) === JSON.stringify({ ...expected.left })

/** Every body of `bodies` on which `decodeResponseText` and the old path disagree (none, when all is well). */
const disagreements = (bodies: Iterable<string>): Array<string> => {
  const found: Array<string> = []
  for (const body of bodies) {
    if (!same(ProxySessionsText.decodeResponseText(200, body, "req-1"), reference(body))) found.push(body)
  }
  return found
}

// Small canonical pages, drawn once from a fixed seed: with and without a NextToken, with sessions of few and of many
// members, and the empty page.
const pages: ReadonlyArray<string> = [
  "{\"ProxySessions\":[]}",
  "{\"ProxySessions\":[],\"NextToken\":\"t\"}",
  ...FastCheck.sample(
    Arbitrary.make(ListProxySessions.ListProxySessionsResponse).filter((response) =>
      response.ProxySessions.length >= 1 && response.ProxySessions.length <= 2
    ),
    { seed: 17, numRuns: 5 }
  ).map((response) => JSON.stringify(tamed(Wire.encodeResponse(response))))
]

// What replaces a character: JSON's structure, a digit, a letter, an escape, a control character, the lone surrogates
// at both ends of their range, and nothing (the character removed).
const replacements = ["", "\"", ",", "}", "]", "0", "x", "\\", "\u0001", "\ud800", "\udfff"]

describe("ProxySessionsText.decodeResponseText at its edges", () => {
  it("reads the chosen canonical pages from their text", () => {
    for (const body of pages) assert.isDefined(canonicalBodyFast(body), body)
  })

  it("gives the old path's answer when any one character of a canonical page is replaced or removed", () => {
    const broken = function*() {
      for (const body of pages) {
        for (let i = 0; i < body.length; i++) {
          for (const replacement of replacements) yield body.slice(0, i) + replacement + body.slice(i + 1)
          // A character added before this one.
          yield body.slice(0, i) + "0" + body.slice(i)
        }
      }
    }
    assert.deepStrictEqual(disagreements(broken()), [])
  })

  it("gives the old path's answer for bytes after the end of a canonical page, and for a page cut short", () => {
    const variants = pages.flatMap((body) => [
      ...["x", " ", "}", "]", ",", "\"\"", "\n", "{}"].map((tail) => body + tail),
      body.slice(0, -1),
      body.slice(0, -2),
      // The token's closing quote and the page's brace swapped, and the token given twice.
      body.replace(/"\}$/, "}\""),
      body.replace(/(,"NextToken":"[^"]*")\}$/, "$1$1}")
    ])
    assert.deepStrictEqual(disagreements(variants), [])
  })

  it("gives the old path's answer for every member of a session, and of its parts, given a value of another kind", () => {
    const others: ReadonlyArray<Json> = [null, 0, 7, -3, 1.5, "", "x", "7", true, [], {}, ["Voice"], [{}], { a: 1 }]
    const variants: Array<string> = []
    for (const body of pages) {
      const page = JSON.parse(body) as { ProxySessions: Array<Record<string, Json>>; NextToken?: Json }
      for (const value of others) {
        variants.push(JSON.stringify({ ...page, NextToken: value }))
        variants.push(JSON.stringify({ ...page, ProxySessions: value }))
      }
      page.ProxySessions.forEach((session, s) => {
        // Every member of the model, present in the drawn session or not.
        const paths: Array<ReadonlyArray<string | number>> = Object.keys(ProxySession.ProxySession.fields).map((
          key
        ) => [key])
        const participants = session.Participants
        if (Array.isArray(participants)) {
          participants.forEach((participant, p) => {
            for (const key of Object.keys(participant as object)) paths.push(["Participants", p, key])
            paths.push(["Participants", p])
          })
        }
        const geo = session.GeoMatchParams
        if (typeof geo === "object" && geo !== null) {
          for (const key of Object.keys(geo)) paths.push(["GeoMatchParams", key])
        }
        const capabilities = session.Capabilities
        if (Array.isArray(capabilities)) capabilities.forEach((_, c) => paths.push(["Capabilities", c]))
        for (const path of paths) {
          for (const value of others) {
            const copy = JSON.parse(body) as { ProxySessions: Array<Record<string, Json>> }
            let target: Record<string | number, Json> = copy.ProxySessions[s]!
            for (const step of path.slice(0, -1)) target = target[step] as Record<string | number, Json>
            target[path[path.length - 1]!] = value
            const changed = JSON.stringify(copy)
            variants.push(changed)
            // The same page with a space after its first brace: not the encoder's body, so its sessions are checked
            // as parsed values.
            variants.push(`{ ${changed.slice(1)}`)
          }
        }
      })
    }
    assert.deepStrictEqual(disagreements(variants), [])
  })

  it("reads the sessions of a canonical page written otherwise from its parsed value, as the encoder writes them", () => {
    for (const body of pages) {
      const spaced = `{ ${body.slice(1)}`
      assert.isUndefined(canonicalBodyFast(spaced))
      const parsed = canonicalSessionsFast(JSON.parse(spaced) as Record<string, unknown>)
      assert.isDefined(parsed, spaced)
      assert.isTrue(same(Either.right(parsed!), reference(body)), spaced)
    }
  })

  it("leaves NextToken out of a page without one, from the text, the parsed value and a decoded response alike", () => {
    const body = "{\"ProxySessions\":[]}"
    for (
      const page of [
        canonicalBodyFast(body),
        canonicalSessionsFast(JSON.parse(body) as Record<string, unknown>),
        ProxySessionsText.encodeResponseText(new ListProxySessions.ListProxySessionsResponse({ ProxySessions: [] })),
        Either.getOrThrow(ProxySessionsText.decodeResponseText(200, "{ \"ProxySessions\": [] }"))
      ]
    ) {
      assert.isDefined(page)
      assert.isFalse(Object.hasOwn(page!, "NextToken"))
    }
    assert.strictEqual(
      ProxySessionsText.encodeResponseText(
        new ListProxySessions.ListProxySessionsResponse({ ProxySessions: [], NextToken: "t" })
      ).NextToken,
      "t"
    )
  })

  it("gives the old path's answer while Object.prototype or Array.prototype has a toJSON", () => {
    for (const prototype of [Object.prototype, Array.prototype]) {
      Object.defineProperty(prototype, "toJSON", {
        value: () => "patched",
        configurable: true,
        writable: true,
        enumerable: false
      })
      try {
        // The pages as written, and with a space after the first brace, whose sessions are read from their parsed
        // values and written again by JSON.stringify, which would call the patched toJSON.
        assert.deepStrictEqual(disagreements([...pages, ...pages.map((body) => `{ ${body.slice(1)}`)]), [])
      } finally {
        delete (prototype as { toJSON?: unknown }).toJSON
      }
    }
  })

  it("is a service of its own in the context", () => {
    assert.strictEqual(ProxySessionsText.ProxySessionsText.key, "@chime-proxy/core/ProxySessionsText")
  })
})
