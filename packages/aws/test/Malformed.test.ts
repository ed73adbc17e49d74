import type { ProxySessionsError } from "@chime-proxy/core"
import { ClientError, ListProxySessions, ProxySessions, ServiceError } from "@chime-proxy/core"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import { assert, describe, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import { inspect } from "node:util"
import type { Reply } from "./utils.js"
import {
  emptyPage,
  fakeClient,
  json,
  liveLayer,
  runThrough,
  secretAccessKey,
  serviceError,
  sessionToken
} from "./utils.js"

const phone = "+12065550142"

const call = (client: HttpClient.HttpClient) =>
  ProxySessions.listProxySessions({ VoiceConnectorId: "vc-1" }).pipe(
    Effect.provide(liveLayer(client, { maxAttempts: 1 })),
    Effect.exit
  )

/** The call fails with a typed error (never a defect) whose text carries no secret and no phone number. */
const typedFailure = (exit: Exit.Exit<unknown, unknown>) => {
  assert.isTrue(Exit.isFailure(exit), "expected a failure")
  if (Exit.isSuccess(exit)) throw new Error("unreachable")
  assert.isFalse(Cause.isDie(exit.cause), `a defect: ${Cause.pretty(exit.cause)}`)
  const error = Cause.failureOption(exit.cause)
  assert.isTrue(error._tag === "Some")
  if (error._tag === "None") throw new Error("unreachable")
  const text = [String(error.value), inspect(error.value, { depth: 10 }), JSON.stringify(error.value)].join("\n")
  for (const secret of [secretAccessKey, sessionToken, "2065550142"]) assert.notInclude(text, secret)
  return error.value as ProxySessionsError.ProxySessionsError
}

const reply = (r: Reply) => fakeClient([r]).client

describe("malformed responses give typed errors", () => {
  it.effect("a 200 that is not JSON", () =>
    Effect.gen(function*() {
      const error = typedFailure(yield* call(reply({ status: 200, body: `not json, call ${phone}` })))
      assert.instanceOf(error, ClientError.ResponseDecodeError)
      const decode = error as ClientError.ResponseDecodeError
      assert.strictEqual(decode.status, 200)
      assert.include(decode.excerpt, "not json")
    }))

  it.effect("truncated JSON", () =>
    Effect.gen(function*() {
      const body = JSON.stringify({
        ProxySessions: [{ ProxySessionId: "s-1", Participants: [{ PhoneNumber: phone }] }]
      })
      const error = typedFailure(yield* call(reply({ status: 200, body: body.slice(0, body.length - 12) })))
      assert.instanceOf(error, ClientError.ResponseDecodeError)
    }))

  it.effect("an HTML 502 page from a proxy keeps its status, and is retried like a 502", () =>
    Effect.gen(function*() {
      const page = "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>"
      const html: Reply = { status: 502, body: page, headers: { "content-type": "text/html" } }
      const error = typedFailure(yield* call(reply(html)))
      assert.instanceOf(error, ClientError.ResponseDecodeError)
      assert.strictEqual((error as ClientError.ResponseDecodeError).status, 502)
      assert.include((error as ClientError.ResponseDecodeError).excerpt, "Bad Gateway")
      // With a second attempt, the HTML 502 is retried as a JSON 502 is: the second answer is the page.
      for (const first of [html, serviceError(502, "ServiceFailureException")]) {
        const { client, seen } = fakeClient([first, emptyPage])
        const exit = yield* runThrough(
          ProxySessions.listProxySessions({ VoiceConnectorId: "vc-1" }).pipe(
            Effect.provide(liveLayer(client, { maxAttempts: 2 }))
          )
        )
        assert.isTrue(Exit.isSuccess(exit), "the second attempt's page")
        assert.strictEqual(seen.length, 2)
      }
    }))

  it.effect("an empty 200 body is an empty page", () =>
    Effect.gen(function*() {
      const exit = yield* call(reply({ status: 200, body: "" }))
      assert.isTrue(Exit.isSuccess(exit))
      if (Exit.isSuccess(exit)) {
        assert.instanceOf(exit.value, ListProxySessions.ListProxySessionsResponse)
        assert.deepStrictEqual(exit.value.ProxySessions, [])
        assert.isUndefined(exit.value.NextToken)
      }
    }))

  it.effect("wrong types", () =>
    Effect.gen(function*() {
      for (
        const body of [
          { ProxySessions: "none" },
          { ProxySessions: [{ ExpiryMinutes: "ten" }] },
          { ProxySessions: [{ Participants: [{ PhoneNumber: 2065550142 }] }] },
          { NextToken: 42 },
          [1, 2, 3],
          "a string"
        ]
      ) {
        const error = typedFailure(yield* call(reply(json(200, body))))
        assert.instanceOf(error, ClientError.ResponseDecodeError, JSON.stringify(body))
      }
    }))

  it.effect("an unknown error name keeps the name, the status and the message", () =>
    Effect.gen(function*() {
      const error = typedFailure(
        yield* call(reply(json(418, { message: "I'm a teapot" }, { "x-amzn-errortype": "TeapotException:http://x" })))
      )
      assert.instanceOf(error, ServiceError.UnknownServiceError)
      const unknown = error as ServiceError.UnknownServiceError
      assert.deepStrictEqual([unknown.errorName, unknown.status, unknown.Message, unknown.requestId], [
        "TeapotException",
        418,
        "I'm a teapot",
        "req-418"
      ])
    }))

  it.effect("an error named only in the body", () =>
    Effect.gen(function*() {
      const error = typedFailure(
        yield* call(reply(json(404, { __type: "com.amazonaws#NotFoundException", Message: "no" })))
      )
      assert.instanceOf(error, ServiceError.NotFoundException)
    }))

  it.effect("a huge body is refused without being read to its end", () =>
    Effect.gen(function*() {
      // A body of 28 MB made on demand: each chunk of 64 KiB is produced only when the reader pulls it.
      const chunk = new TextEncoder().encode("{\"Name\":\"x\"},".repeat(4096))
      const chunks = 450
      let pulled = 0
      const body = () =>
        new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new TextEncoder().encode("{\"ProxySessions\":["))
          },
          pull(controller) {
            pulled++
            if (pulled === chunks) {
              controller.enqueue(new TextEncoder().encode("{}]}"))
              controller.close()
            } else controller.enqueue(chunk)
          }
        }, { highWaterMark: 0 })
      const client = HttpClient.make((request) =>
        Effect.succeed(HttpClientResponse.fromWeb(request, new Response(body(), { status: 200 })))
      )
      const error = typedFailure(
        yield* ProxySessions.listProxySessions({ VoiceConnectorId: "vc-1" }).pipe(
          Effect.provide(liveLayer(client, { maxAttempts: 1, maxResponseBytes: 1024 * 1024 })),
          Effect.exit
        )
      )
      assert.instanceOf(error, ClientError.ResponseDecodeError)
      assert.include((error as ClientError.ResponseDecodeError).message, "larger than 1.0 MiB (1,048,576 bytes)")
      assert.isBelow(String(error).length, 1000)
      // 1 MiB is 16 chunks and a bit: the reader stopped there (a few chunks of slack for the stream's buffering).
      assert.isAtLeast(pulled, 16)
      assert.isBelow(pulled, 24, `read ${pulled} of ${chunks} chunks`)
    }))

  it.effect("a huge error body gives a short error", () =>
    Effect.gen(function*() {
      const body = JSON.stringify({ Message: "x".repeat(5_000_000) })
      const error = typedFailure(
        yield* call(reply({ status: 500, body, headers: { "x-amzn-errortype": "ServiceFailureException" } }))
      )
      assert.instanceOf(error, ServiceError.ServiceFailureException)
      assert.isBelow(String(error).length, 1000)
    }))

  it.effect("a response missing the request id", () =>
    Effect.gen(function*() {
      const ok = yield* call(reply({ status: 200, body: JSON.stringify({ ProxySessions: [] }) }))
      assert.isTrue(Exit.isSuccess(ok))
      const error = typedFailure(
        yield* call(
          reply({ status: 400, body: "{\"Message\":\"bad\"}", headers: { "x-amzn-errortype": "BadRequestException" } })
        )
      )
      assert.instanceOf(error, ServiceError.BadRequestException)
      assert.isUndefined((error as ServiceError.BadRequestException).requestId)
    }))

  it.effect("the other request id headers are read too", () =>
    Effect.gen(function*() {
      for (const header of ["x-amzn-request-id", "x-amz-request-id"]) {
        const error = typedFailure(
          yield* call(reply({
            status: 404,
            body: "{}",
            headers: { "x-amzn-errortype": "NotFoundException", [header]: "rid-1" }
          }))
        )
        assert.strictEqual((error as ServiceError.NotFoundException).requestId, "rid-1")
      }
    }))

  it.effect("a body cut off mid-way is a dropped connection", () =>
    Effect.gen(function*() {
      const client = HttpClient.make((request) =>
        Effect.succeed(
          HttpClientResponse.fromWeb(
            request,
            new Response(
              new ReadableStream({
                start(controller) {
                  controller.enqueue(new TextEncoder().encode("{\"ProxySessions\":["))
                  controller.error(Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" }))
                }
              }),
              { status: 200 }
            )
          )
        )
      )
      const error = typedFailure(yield* call(client))
      assert.instanceOf(error, ClientError.TransportError)
      assert.strictEqual((error as ClientError.TransportError).failure, "ConnectionReset")
    }))

  it.effect("phone numbers in a body never reach an error", () =>
    Effect.gen(function*() {
      const bodies: ReadonlyArray<Reply> = [
        { status: 200, body: `{"ProxySessions":[{"Participants":[{"PhoneNumber":"${phone}"}]` },
        { status: 502, body: `<p>upstream said ${phone}</p>` },
        json(400, { Message: `bad number ${phone}` }, { "x-amzn-errortype": "BadRequestException" }),
        json(200, { ProxySessions: [{ Participants: [{ PhoneNumber: `${phone}x` }] }] })
      ]
      for (const body of bodies) typedFailure(yield* call(reply(body)))
    }))
})
