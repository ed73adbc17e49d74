import type { AwsConfig } from "@chime-proxy/aws"
import { ListProxySessions, ProxySessions, Wire } from "@chime-proxy/core"
import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import { assert, describe, it } from "@effect/vitest"
import * as Arbitrary from "effect/Arbitrary"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FastCheck from "effect/FastCheck"
import * as Stream from "effect/Stream"
import { liveLayer } from "./utils.js"

/**
 * A response body is read whole, in one step, when it announces a length within the limit and no content coding,
 * and the read timeout is off; chunk by chunk otherwise. These tests hold both ways to the same answers.
 */

type Read = "whole" | "stream"

/** A 200 with these bytes; with `refuse`, the response fails the way of reading it must not use. */
const response = (
  request: HttpClientRequest.HttpClientRequest,
  bytes: Uint8Array,
  headers: Record<string, string>,
  refuse?: Read
): HttpClientResponse.HttpClientResponse => {
  const base = HttpClientResponse.fromWeb(
    request,
    new Response(new Uint8Array(bytes), { status: 200, headers: { "content-type": "application/json", ...headers } })
  )
  if (refuse === undefined) return base
  const refused = Effect.dieMessage(`the body was read ${refuse === "whole" ? "whole" : "as a stream"}`)
  return Object.create(base, {
    [refuse === "whole" ? "arrayBuffer" : "stream"]: {
      value: refuse === "whole" ? refused : Stream.fromEffect(refused)
    }
  }) as HttpClientResponse.HttpClientResponse
}

const client = (bytes: Uint8Array, headers: Record<string, string>, refuse?: Read) =>
  HttpClient.make((request) => Effect.succeed(response(request, bytes, headers, refuse)))

/**
 * One call's outcome through `httpClient`, comparable: the page as the wire writes it, or the error's fields and
 * message.
 */
const outcomeWith = (httpClient: HttpClient.HttpClient, options: AwsConfig.Options = {}) =>
  ProxySessions.listProxySessions({ VoiceConnectorId: "vc-1" }).pipe(
    Effect.provide(liveLayer(httpClient, { maxAttempts: 1, ...options })),
    Effect.exit,
    Effect.map((exit) => {
      if (Exit.isSuccess(exit)) return { page: Wire.encodeResponse(exit.value) }
      const error = Cause.failureOption(exit.cause)
      assert.isTrue(error._tag === "Some", `not a typed failure: ${Cause.pretty(exit.cause)}`)
      return error._tag === "Some" ? { error: { ...error.value }, message: error.value.message } : {}
    })
  )

/** One call's outcome for a 200 with these bytes (see {@link response}). */
const outcome = (
  bytes: Uint8Array,
  headers: Record<string, string>,
  options: AwsConfig.Options = {},
  refuse?: Read
) => outcomeWith(client(bytes, headers, refuse), options)

const encoder = new TextEncoder()
const bom = Uint8Array.of(0xef, 0xbb, 0xbf)
const concat = (...parts: ReadonlyArray<Uint8Array>) => {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0))
  let at = 0
  for (const part of parts) {
    out.set(part, at)
    at += part.length
  }
  return out
}

const pages = Arbitrary.make(ListProxySessions.ListProxySessionsResponse).map((page) =>
  encoder.encode(Wire.encodeResponse(page))
)

// Valid pages, with a byte order mark or a byte overwritten now and then (invalid UTF-8, broken JSON), and raw bytes.
const bodies = FastCheck.oneof(
  pages,
  FastCheck.tuple(pages, FastCheck.boolean(), FastCheck.nat(), FastCheck.integer({ min: 0, max: 255 })).map(
    ([page, withBom, index, byte]) => {
      const out = withBom ? concat(bom, page) : Uint8Array.from(page)
      out[index % out.length] = byte
      return out
    }
  ),
  FastCheck.uint8Array({ maxLength: 300 })
)

describe("reading a response's body", () => {
  it.effect.prop(
    "whole or as a stream, the same page or the same error, within the limit or beyond it",
    { body: bodies, limit: FastCheck.integer({ min: 1, max: 4096 }) },
    ({ body, limit }) =>
      Effect.gen(function*() {
        const options = { maxResponseBytes: limit }
        const streamed = yield* outcome(body, {}, options, "whole")
        const announced = { "content-length": String(body.length) }
        if (body.length <= limit) {
          assert.deepStrictEqual(yield* outcome(body, announced, options, "stream"), streamed)
        } else {
          assert.deepStrictEqual(yield* outcome(body, announced, options, "whole"), streamed)
        }
        // A client that hands out more than announced is still held to the limit.
        assert.deepStrictEqual(yield* outcome(body, { "content-length": "0" }, options, "stream"), streamed)
      }),
    { fastCheck: { numRuns: 60 } }
  )

  it.effect.prop(
    "a body handed out whole as a Buffer (a view into a larger ArrayBuffer, as node:http's client does) reads the same",
    { body: bodies, limit: FastCheck.integer({ min: 1, max: 4096 }), before: FastCheck.nat(64) },
    ({ before, body, limit }) =>
      Effect.gen(function*() {
        const options = { maxResponseBytes: limit }
        const streamed = yield* outcome(body, {}, options, "whole")
        // Bytes around the body's that are not its own: reading outside the view would show.
        const backing = new Uint8Array(before + body.length + 64).fill(0x7b)
        backing.set(body, before)
        const view = backing.subarray(before, before + body.length)
        const viewClient = HttpClient.make((request) =>
          Effect.succeed(
            Object.create(response(request, body, { "content-length": "0" }, "stream"), {
              arrayBuffer: { value: Effect.succeed(view as unknown as ArrayBuffer) }
            }) as HttpClientResponse.HttpClientResponse
          )
        )
        assert.deepStrictEqual(yield* outcomeWith(viewClient, options), streamed)
      }),
    { fastCheck: { numRuns: 60 } }
  )

  it.effect("a page with a length within the limit is read whole", () =>
    Effect.gen(function*() {
      const page = encoder.encode(JSON.stringify({ ProxySessions: [{ ProxySessionId: "p1" }], NextToken: "t" }))
      const result = yield* outcome(page, { "content-length": String(page.length) }, {}, "stream")
      assert.deepStrictEqual(result, { page: "{\"ProxySessions\":[{\"ProxySessionId\":\"p1\"}],\"NextToken\":\"t\"}" })
    }))

  it.effect("read as a stream with no length, a content coding, or a read timeout", () =>
    Effect.gen(function*() {
      const page = encoder.encode(JSON.stringify({ ProxySessions: [] }))
      const length = { "content-length": String(page.length) }
      const expected = { page: "{\"ProxySessions\":[]}" }
      assert.deepStrictEqual(yield* outcome(page, {}, {}, "whole"), expected)
      assert.deepStrictEqual(yield* outcome(page, { ...length, "content-encoding": "gzip" }, {}, "whole"), expected)
      assert.deepStrictEqual(yield* outcome(page, { "content-length": "1e3" }, {}, "whole"), expected)
      assert.deepStrictEqual(yield* outcome(page, length, { readTimeout: "5 seconds" }, "whole"), expected)
      const over = yield* outcome(page, length, { maxResponseBytes: page.length - 1 }, "whole")
      assert.include(over.message, `larger than ${page.length - 1} bytes`)
    }))
})
