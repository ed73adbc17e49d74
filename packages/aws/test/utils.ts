import { AwsProxySessions, Credentials } from "@chime-proxy/aws"
import type { AwsConfig, AwsError } from "@chime-proxy/aws"
import type { ProxySessions } from "@chime-proxy/core"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Chunk from "effect/Chunk"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as TestClock from "effect/TestClock"

export const accessKeyId = "AKIDTESTONLY0000"
export const secretAccessKey = "very-secret-key-do-not-leak-0123456789"
export const sessionToken = "session-token-do-not-leak-abcdef"

/** A request as the fake client saw it. */
export interface Seen {
  readonly url: URL
  readonly headers: Readonly<Record<string, string>>
}

export type Reply =
  | { readonly status: number; readonly body?: string; readonly headers?: Record<string, string> }
  | { readonly transport: string }

export const json = (status: number, value: unknown, headers: Record<string, string> = {}): Reply => ({
  status,
  body: JSON.stringify(value),
  headers: { "content-type": "application/json", "x-amzn-requestid": `req-${status}`, ...headers }
})

export const serviceError = (status: number, name: string, message = "boom", headers: Record<string, string> = {}) =>
  json(status, { Message: message }, { "x-amzn-errortype": name, ...headers })

export const emptyPage = json(200, { ProxySessions: [] })

/**
 * A scripted HttpClient: the nth request gets the nth reply of `script` (the last one repeats), or whatever `reply`
 * computes. Every request is recorded.
 */
export const fakeClient = (script: ReadonlyArray<Reply> | ((seen: Seen, index: number) => Reply)) => {
  const seen: Array<Seen> = []
  const client = HttpClient.make((request, url) =>
    Effect.suspend(() => {
      const index = seen.length
      seen.push({ url, headers: { ...request.headers } })
      const reply = typeof script === "function"
        ? script(at(seen, index), index)
        : at(script, Math.min(index, script.length - 1))
      if ("transport" in reply) {
        return Effect.fail(
          new HttpClientError.RequestError({
            request,
            reason: "Transport",
            cause: Object.assign(new Error("socket hang up"), { code: reply.transport })
          })
        )
      }
      return Effect.succeed(
        HttpClientResponse.fromWeb(
          request,
          new Response(reply.body ?? "", { status: reply.status, headers: reply.headers ?? {} })
        )
      )
    })
  )
  return { client, seen }
}

/** The live layer over a fake client and static credentials, with the deprecation warning off. */
export const liveLayer = (
  client: HttpClient.HttpClient,
  options: AwsConfig.Options = {},
  credentials: Layer.Layer<Credentials.AwsCredentials> = Credentials.layerStatic({
    accessKeyId,
    secretAccessKey,
    sessionToken
  })
): Layer.Layer<ProxySessions.ProxySessions, AwsError.ConfigurationError> =>
  AwsProxySessions.layer({ region: "us-east-1", deprecationWarning: false, ...options }).pipe(
    Layer.provide(credentials),
    Layer.provide(Layer.succeed(HttpClient.HttpClient, client))
  )

/** Lets real I/O (promises, sockets) make progress. */
export const settle = Effect.promise(() => new Promise<void>((resolve) => setImmediate(resolve)))

/**
 * Waits until the fiber is done or sleeps on the TestClock. The fake client's bodies are read through promises,
 * which the TestClock cannot see: moving the clock before the fiber sleeps would move it past the sleep's start.
 */
export const awaitIdle = <A, E>(fiber: Fiber.Fiber<A, E>) =>
  Effect.gen(function*() {
    for (let i = 0; i < 100_000; i++) {
      if (Option.isSome(yield* Fiber.poll(fiber))) return
      if (Chunk.isNonEmpty(yield* TestClock.sleeps())) return
      yield* settle
    }
    return yield* Effect.dieMessage("the fiber neither ended nor slept")
  })

/** Runs an effect in a fiber, moving the TestClock to each of its sleeps in turn, until it ends. */
export const runThrough = <A, E>(effect: Effect.Effect<A, E>) =>
  Effect.gen(function*() {
    const fiber = yield* Effect.fork(effect)
    for (;;) {
      yield* awaitIdle(fiber)
      const done = yield* Fiber.poll(fiber)
      if (Option.isSome(done)) return done.value
      const now = yield* Clock.currentTimeMillis
      const next = Chunk.reduce(yield* TestClock.sleeps(), Number.POSITIVE_INFINITY, (min, at) => Math.min(min, at))
      yield* TestClock.adjust(Duration.millis(Math.max(0, next - now)))
    }
  })

/** The element at `index`, or a failed test saying that there is none. */
export const at = <A>(items: ReadonlyArray<A>, index: number): A => {
  const item = items[index]
  if (item === undefined) throw new Error(`expected an element at index ${index}, got ${items.length} elements`)
  return item
}
