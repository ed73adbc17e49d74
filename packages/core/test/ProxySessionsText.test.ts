// `ProxySessionsText.decodeResponseText` passes a page's sessions on as their wire text, without decoding them, when they are valid
// and already written as the encoder writes them: these tests hold it to the old path, `Wire.decodeResponse` and then
// `Wire.encodeProxySession` of every session, byte for byte for every body (canonical, written otherwise, invalid) and
// error for error, and check that canonical bodies do take the path without decoding.
import { ClientError, ListProxySessions, ProxySession, ProxySessions, ProxySessionsText, Wire } from "@chime-proxy/core"
import { assert, describe, it } from "@effect/vitest"
import * as Arbitrary from "effect/Arbitrary"
import * as Chunk from "effect/Chunk"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import * as Stream from "effect/Stream"
import { canonicalBodyFast, canonicalSessionsFast } from "../src/internal/canonicalFast.js"
import { reference, tamed } from "./wireText.js"

const { ListProxySessionsResponse } = ListProxySessions

/** `decodeResponseText` answers what the old path answers: the same texts and token, or the same error. */
const assertSameAsBefore = (body: string) => {
  const actual = ProxySessionsText.decodeResponseText(200, body, "req-1")
  const expected = reference(body)
  if (Either.isRight(expected)) {
    assert.isTrue(Either.isRight(actual), "refused a valid body")
    const page = Either.getOrThrow(actual)
    assert.deepStrictEqual([...page.ProxySessions], [...expected.right.ProxySessions])
    assert.strictEqual(page.NextToken, expected.right.NextToken)
  } else {
    assert.isTrue(Either.isLeft(actual), "accepted an invalid body")
    const error = Either.flip(actual).pipe(Either.getOrThrow)
    assert.instanceOf(error, ClientError.ResponseDecodeError)
    assert.deepStrictEqual({ ...error }, { ...expected.left })
    assert.strictEqual(error.message, expected.left.message)
  }
  return actual
}

/** Whether the body is read from its text, with no JSON value built. */
const isScanned = (body: string): boolean => canonicalBodyFast(body) !== undefined

/** Whether the body takes the path without decoding. */
const isPassedOn = (body: string): boolean => {
  const json: unknown = JSON.parse(body)
  return typeof json === "object" && json !== null && !Array.isArray(json) &&
    canonicalSessionsFast(json as Record<string, unknown>) !== undefined
}

const responses = Arbitrary.make(ListProxySessionsResponse)

type Json = unknown

const mapObjects = (value: Json, f: (object: Record<string, Json>) => Record<string, Json>): Json =>
  Array.isArray(value)
    ? value.map((item) => mapObjects(item, f))
    : typeof value === "object" && value !== null
    ? f(Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapObjects(v, f)])))
    : value

// The same valid page written otherwise: members in another order, other members, timestamps without their
// milliseconds, whitespace, numbers and strings spelt differently.
const rewrites: ReadonlyArray<(canonical: string) => string> = [
  (body) => JSON.stringify(mapObjects(JSON.parse(body), (o) => Object.fromEntries(Object.entries(o).reverse()))),
  (body) => JSON.stringify(mapObjects(JSON.parse(body), (o) => ({ ...o, Extra: [1, { a: null }] }))),
  (body) => JSON.stringify(JSON.parse(body), null, 2),
  (body) => body.replace(/\.000Z"/g, "Z\""),
  (body) => body.replace(/"ExpiryMinutes":(\d+)/g, "\"ExpiryMinutes\":$1.0"),
  (body) => body.replace(/"ExpiryMinutes":(\d+)/g, "\"ExpiryMinutes\":$1e0"),
  (body) => body.replace(/"Status":"Open"/g, "\"Status\":\"\\u004fpen\""),
  (body) => body.replace(/"Name":"/g, "\"Name\":\"\\/"),
  (body) =>
    body.replace(
      /"GeoMatchParams":\{"Country":("[^"]*"),"AreaCode":("[^"]*")\}/g,
      "\"GeoMatchParams\":{\"AreaCode\":$2,\"Country\":$1}"
    )
]

// Values that break a member: wrong types, broken constraints, unusual forms.
const badValues = FastCheck.constantFrom<Array<Json>>(
  null,
  0,
  -1,
  1.5,
  1e300,
  Number.MAX_SAFE_INTEGER + 1,
  true,
  "",
  " \t",
  "x".repeat(129),
  "+0123",
  "+1",
  "12345678901234567",
  "usa",
  "1234",
  "2025-13-01T00:00:00Z",
  "2025-01-01T00:00:00Z",
  "0000-01-01T00:00:00.000Z",
  "not a date",
  "Open",
  [],
  {},
  [null],
  ["Voice", 1],
  [{ PhoneNumber: 12065550100 }],
  [{ ProxyPhoneNumber: "+12065550100", PhoneNumber: "+12065550101" }],
  { Country: "US" },
  { AreaCode: "206", Country: "US" },
  { Country: "US", AreaCode: 206 }
)

const members = FastCheck.constantFrom(
  "VoiceConnectorId",
  "ProxySessionId",
  "Name",
  "Status",
  "ExpiryMinutes",
  "Capabilities",
  "CreatedTimestamp",
  "UpdatedTimestamp",
  "EndedTimestamp",
  "Participants",
  "NumberSelectionBehavior",
  "GeoMatchLevel",
  "GeoMatchParams",
  "Unknown"
)

describe("ProxySessionsText.decodeResponseText", () => {
  it.prop(
    "passes canonical pages on, without decoding, as the encoder writes each session",
    { response: responses, tame: FastCheck.boolean() },
    ({ response, tame }) => {
      const encoded = Wire.encodeResponse(response)
      const body = tame ? JSON.stringify(tamed(encoded)) : encoded
      // A string with an escape or a surrogate is left to the parsed reading.
      if (!/[\\\ud800-\udfff]/.test(body)) {
        assert.isTrue(isScanned(body), "a page written by the encoder was not read from its text")
      }
      assert.isTrue(isPassedOn(body), "a canonical page was decoded")
      assertSameAsBefore(body)
    },
    { fastCheck: { numRuns: 300 } }
  )

  it.prop(
    "writes the old path's bytes for valid pages written otherwise",
    { response: responses, rewrite: FastCheck.nat(rewrites.length - 1), tame: FastCheck.boolean() },
    ({ response, rewrite, tame }) => {
      const body = Wire.encodeResponse(response)
      assertSameAsBefore(rewrites[rewrite]!(tame ? JSON.stringify(tamed(body)) : body))
    },
    { fastCheck: { numRuns: 400 } }
  )

  it.prop(
    "gives the old path's value or error for pages with a member broken, removed or added",
    {
      response: responses,
      pick: FastCheck.nat(),
      member: members,
      bad: badValues,
      remove: FastCheck.boolean(),
      tame: FastCheck.boolean()
    },
    ({ bad, member, pick, remove, response, tame }) => {
      // Tamed, no string needs an escape: the body is read from its text up to the broken member.
      const json = (tame ? tamed : JSON.parse)(Wire.encodeResponse(response)) as {
        ProxySessions: Array<Record<string, Json>>
      }
      const sessions = json.ProxySessions
      const session = sessions[pick % Math.max(1, sessions.length)]
      if (session === undefined) {
        ;(json as Record<string, Json>).ProxySessions = bad
      } else if (remove) {
        delete session[member]
      } else {
        session[member] = bad
      }
      assertSameAsBefore(JSON.stringify(json))
    },
    { fastCheck: { numRuns: 600 } }
  )

  it("gives the schema's errors, word for word, for bodies that are not pages", () => {
    for (
      const body of [
        "",
        "  ",
        "not json",
        "[]",
        "null",
        "{\"ProxySessions\": null}",
        "{\"ProxySessions\": [null]}",
        "{\"ProxySessions\": [{\"Participants\": [{\"PhoneNumber\": \"+12065550100x\"}]}]}",
        "{\"ProxySessions\":[{\"ExpiryMinutes\":0}]}",
        "{\"ProxySessions\":[{\"CreatedTimestamp\":\"2025-01-01T00:00:00.000Z\"}],\"NextToken\":null}",
        `{"ProxySessions":[],"NextToken":"${"t".repeat(65536)}"}`
      ]
    ) {
      assertSameAsBefore(body)
    }
    const masked = Either.flip(
      ProxySessionsText.decodeResponseText(
        200,
        "{\"ProxySessions\":[{\"Participants\":[{\"PhoneNumber\":\"+12065550100x\"}]}]}"
      )
    ).pipe(Either.getOrThrow)
    assert.notInclude(masked.excerpt, "+12065550100")
  })

  it("reads a body from its text only when it is written exactly as the encoder writes it", () => {
    const scanned = [
      "{\"ProxySessions\":[]}",
      "{\"ProxySessions\":[{}],\"NextToken\":\"\"}",
      "{\"ProxySessions\":[{\"Capabilities\":[],\"Participants\":[{}]}]}",
      "{\"ProxySessions\":[{\"Name\":\"é \u2028\u007f\",\"ExpiryMinutes\":9007199254740991}]}",
      "{\"ProxySessions\":[{\"GeoMatchParams\":{\"Country\":\"\",\"AreaCode\":\"206\"}}],\"NextToken\":\"t\"}"
    ]
    const other = [
      "{\"ProxySessions\":[] }",
      "{\"ProxySessions\":[]}\n",
      "{\"ProxySessions\":[],\"NextToken\":\"a\"}x",
      "{\"ProxySessions\":[{}],\"NextToken\":null}",
      "{\"ProxySessions\":[{},]}",
      "{\"ProxySessions\":[{\"ExpiryMinutes\":12.0}]}",
      "{\"ProxySessions\":[{\"ExpiryMinutes\":1e1}]}",
      "{\"ProxySessions\":[{\"ExpiryMinutes\":012}]}",
      "{\"ProxySessions\":[{\"ExpiryMinutes\":9007199254740993}]}",
      "{\"ProxySessions\":[{\"Name\":\"a\u0000\"}]}",
      "{\"ProxySessions\":[{\"Name\":\"\ud800\"}]}",
      "{\"ProxySessions\":[{\"Name\":\"\ud83d\ude00\"}]}",
      "{\"ProxySessions\":[{\"Name\":\"a\\\"b\"}]}",
      "{\"ProxySessions\":[{\"Name\":\"a\",\"Name\":\"b\"}]}",
      "{\"ProxySessions\":[{\"Name\":\"a\",\"VoiceConnectorId\":\"b\"}]}",
      "{\"ProxySessions\":[{\"GeoMatchParams\":{}}]}",
      "{\"ProxySessions\":[{\"GeoMatchParams\":{\"Country\":\"US\"}}]}",
      "{\"ProxySessions\":[{\"CreatedTimestamp\":\"2025-01-01T00:00:00Z\"}]}",
      "{\"ProxySessions\":[{\"Extra\":1}]}",
      "{\"ProxySessions\":[{\"Status\":null}]}",
      "{\"ProxySessions\":[{\"Status\":\"Open\"}"
    ]
    for (const body of scanned) {
      assert.isTrue(isScanned(body), body)
      assertSameAsBefore(body)
    }
    for (const body of other) {
      assert.isFalse(isScanned(body), body)
      assertSameAsBefore(body)
    }
  })

  it("keeps the schema's shapes at the edges", () => {
    const session = {
      VoiceConnectorId: "  a  ",
      ProxySessionId: "x".repeat(128),
      Name: "\u0000é\"\\ \ud83d\ude00",
      Status: "Retired",
      ExpiryMinutes: Number.MAX_SAFE_INTEGER,
      Capabilities: [],
      CreatedTimestamp: "0001-01-01T00:00:00.000Z",
      UpdatedTimestamp: "9999-12-31T23:59:59.999Z",
      Participants: [{}, { PhoneNumber: "12" }, { ProxyPhoneNumber: "+123456789012345" }],
      NumberSelectionBehavior: "Random",
      GeoMatchLevel: "Planet",
      GeoMatchParams: { Country: "", AreaCode: "" }
    }
    for (
      const json of [
        {},
        { NextToken: "" },
        { NextToken: "t".repeat(65535), ProxySessions: [] },
        { ProxySessions: [{}] },
        { ProxySessions: [session, { Capabilities: ["Voice", "Fax", "SMS"] }], Extra: null }
      ]
    ) {
      const body = JSON.stringify(json)
      assert.isTrue(isPassedOn(body), body)
      assertSameAsBefore(body)
    }
  })

  it("decodes when a prototype carries a member or a toJSON", () => {
    const body = "{\"ProxySessions\":[{\"ProxySessionId\":\"s-1\",\"Capabilities\":[\"Voice\"]}]}"
    for (const prototype of [Object.prototype, Array.prototype]) {
      for (const name of ["Name", "toJSON"]) {
        Object.defineProperty(prototype, name, {
          value: () => "patched",
          configurable: true,
          enumerable: false,
          writable: true
        })
        try {
          assert.isFalse(isScanned(body), name)
          assert.isFalse(isPassedOn(body), name)
          assertSameAsBefore(body)
        } finally {
          delete (prototype as Record<string, unknown>)[name]
        }
      }
    }
    assert.isTrue(isPassedOn(body))
  })
})

describe("ProxySessionsText.encodeResponseText", () => {
  it.prop("is Wire.encodeProxySession of every session", { response: responses }, ({ response }) => {
    const page = ProxySessionsText.encodeResponseText(response)
    assert.deepStrictEqual([...page.ProxySessions], response.ProxySessions.map(Wire.encodeProxySession))
    assert.strictEqual(page.NextToken, response.NextToken)
  }, { fastCheck: { numRuns: 100 } })
})

const sessionsOf = (ids: ReadonlyArray<string>) =>
  ids.map((id) => new ProxySession.ProxySession({ ProxySessionId: ProxySession.ProxySessionId.make(id) }))

// Three pages of two sessions, keyed by the token that fetches them.
const pagesByToken: Record<string, ListProxySessions.ListProxySessionsResponse> = {
  "": new ListProxySessionsResponse({ ProxySessions: sessionsOf(["a", "b"]), NextToken: "t1" }),
  t1: new ListProxySessionsResponse({ ProxySessions: sessionsOf(["c", "d"]), NextToken: "t2" }),
  t2: new ListProxySessionsResponse({ ProxySessions: sessionsOf(["e"]) })
}

const decoded = ProxySessions.make((request) => Effect.succeed(pagesByToken[request.NextToken ?? ""]!))

describe("ProxySessionsText", () => {
  it.effect("derives from the ProxySessions service of the context: the same pages, each session encoded", () =>
    Effect.gen(function*() {
      const service = yield* Effect.provideService(ProxySessionsText.fromContext, ProxySessions.ProxySessions, decoded)
      const texts = yield* Stream.runCollect(ProxySessionsText.paginator(service).stream({ voiceConnectorId: "vc" }))
      const sessions = yield* Stream.runCollect(ProxySessions.paginator(decoded).stream({ voiceConnectorId: "vc" }))
      assert.deepStrictEqual(Chunk.toArray(texts), Chunk.toArray(sessions).map(Wire.encodeProxySession))
      assert.strictEqual(Chunk.size(texts), 5)
    }))

  it.effect("takes the context's own ProxySessionsText service when there is one", () =>
    Effect.gen(function*() {
      const own = ProxySessionsText.make(() => Effect.succeed({ ProxySessions: ["{\"own\":1}"] }))
      const service = yield* ProxySessionsText.fromContext.pipe(
        Effect.provide(
          Context.make(ProxySessions.ProxySessions, decoded).pipe(
            Context.add(ProxySessionsText.ProxySessionsText, own)
          )
        )
      )
      const pages = yield* Stream.runCollect(ProxySessionsText.paginator(service).pages({ voiceConnectorId: "vc" }))
      assert.deepStrictEqual(Chunk.toArray(pages).map((p) => p.items), [["{\"own\":1}"]])
    }))

  it.effect("validates every request before the call, as ProxySessions.make does", () =>
    Effect.gen(function*() {
      let calls = 0
      const service = ProxySessionsText.make(() => Effect.sync(() => (calls++, { ProxySessions: [] })))
      const error = yield* Effect.flip(service.listProxySessionsText({ VoiceConnectorId: "vc", MaxResults: 0 }))
      const expected = yield* Effect.flip(decoded.listProxySessions({ VoiceConnectorId: "vc", MaxResults: 0 }))
      assert.instanceOf(error, ClientError.RequestValidationError)
      assert.deepStrictEqual({ ...error }, { ...expected })
      assert.strictEqual(calls, 0)
      const paged = yield* Effect.flip(
        Stream.runCollect(ProxySessionsText.paginator(service).pages({ voiceConnectorId: "vc", pageSize: 101 }))
      )
      assert.strictEqual(paged._tag, "RequestValidationError")
      assert.strictEqual(calls, 0)
    }))
})
