import { Retry } from "@chime-proxy/aws"
import { ClientError, ProxySessions } from "@chime-proxy/core"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import { assert, describe, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { liveLayer, runThrough } from "./utils.js"

// The AWS CLI's --cli-connect-timeout and --cli-read-timeout as options of the layer: a server that accepts and
// never answers, or stops half-way through a body, is given up on after them, on Effect's Clock.

const silent = HttpClient.make(() => Effect.never)

const halfBody = HttpClient.make((request) =>
  Effect.succeed(
    HttpClientResponse.fromWeb(
      request,
      new Response(
        Stream.toReadableStream(
          Stream.concat(Stream.make(new TextEncoder().encode("{\"ProxySessions\": [")), Stream.never)
        ),
        { status: 200, headers: { "content-type": "application/json" } }
      )
    )
  )
)

// Counts the requests a client is sent.
const counting = (client: HttpClient.HttpClient) => {
  const counter = { requests: 0 }
  return {
    counter,
    client: HttpClient.make((request) => Effect.suspend(() => (counter.requests++, client.execute(request))))
  }
}

const timeoutOf = (client: HttpClient.HttpClient, options: Parameters<typeof liveLayer>[1]) =>
  Effect.gen(function*() {
    const exit = yield* runThrough(
      ProxySessions.listProxySessions({ VoiceConnectorId: "vc-1" }).pipe(
        Effect.provide(liveLayer(client, { maxAttempts: 1, attemptTimeout: Duration.infinity, ...options }))
      )
    )
    assert.isTrue(Exit.isFailure(exit))
    const error = Exit.isFailure(exit) && exit.cause._tag === "Fail" ? exit.cause.error : undefined
    assert.instanceOf(error, ClientError.TimeoutError)
    return error as ClientError.TimeoutError
  })

describe("connect and read timeouts", () => {
  it.effect("readTimeout bounds the wait for the response", () =>
    Effect.gen(function*() {
      const error = yield* timeoutOf(silent, { readTimeout: "2 seconds" })
      assert.deepStrictEqual({ scope: error.scope, millis: error.millis }, { scope: "read", millis: 2000 })
    }))

  it.effect("with both, the headers must come within their sum", () =>
    Effect.gen(function*() {
      const error = yield* timeoutOf(silent, { connectTimeout: "1 second", readTimeout: "2 seconds" })
      assert.deepStrictEqual({ scope: error.scope, millis: error.millis }, { scope: "read", millis: 3000 })
    }))

  it.effect("connectTimeout alone bounds it too", () =>
    Effect.gen(function*() {
      const error = yield* timeoutOf(silent, { connectTimeout: "1 second" })
      assert.deepStrictEqual({ scope: error.scope, millis: error.millis }, { scope: "connect", millis: 1000 })
    }))

  it.effect("readTimeout bounds each wait for the body", () =>
    Effect.gen(function*() {
      const error = yield* timeoutOf(halfBody, { readTimeout: "2 seconds" })
      assert.deepStrictEqual({ scope: error.scope, millis: error.millis }, { scope: "read", millis: 2000 })
    }))
})

describe("connect and read timeouts are retried as the attempt's is", () => {
  // The CLI's AWS_MAX_ATTEMPTS=5 --cli-read-timeout 2 against a server that never answers sent one request.
  const cases = [
    { name: "readTimeout, waiting for the response", client: silent, options: { readTimeout: "2 seconds" } },
    { name: "connectTimeout, waiting for the response", client: silent, options: { connectTimeout: "1 second" } },
    { name: "readTimeout, waiting for the body", client: halfBody, options: { readTimeout: "2 seconds" } },
    { name: "attemptTimeout", client: silent, options: { attemptTimeout: "2 seconds" } }
  ] as const

  for (const { client, name, options } of cases) {
    it.effect(`${name}: maxAttempts attempts, then the last TimeoutError`, () =>
      Effect.gen(function*() {
        const { client: counted, counter } = counting(client)
        const error = yield* timeoutOf(counted, { maxAttempts: 5, ...options })
        assert.strictEqual(counter.requests, 5)
        assert.include(
          error.message,
          "attemptTimeout" in options
            ? "attempt timed out"
            : "readTimeout" in options
            ? "read timeout"
            : "connect timeout"
        )
      }))
  }

  it.effect("they cost the retry quota what the attempt's timeout costs", () =>
    Effect.gen(function*() {
      const policy = yield* Retry.make({ mode: "standard", maxAttempts: 3 })
      for (const scope of ["attempt", "read", "connect"] as const) {
        const decision = yield* policy.decide({
          error: new ClientError.TimeoutError({ scope, millis: 1 }),
          attempt: 1,
          retryAfter: Option.none()
        })
        assert.strictEqual(decision._tag === "Retry" && decision.cost, 10, scope)
      }
      const operation = yield* policy.decide({
        error: new ClientError.TimeoutError({ scope: "operation", millis: 1 }),
        attempt: 1,
        retryAfter: Option.none()
      })
      assert.deepStrictEqual(operation, { _tag: "Stop", reason: "not retryable" })
    }))
})
