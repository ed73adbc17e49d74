import { Retry } from "@chime-proxy/aws"
import type { AwsConfig } from "@chime-proxy/aws"
import { ClientError, ProxySessions, ServiceError } from "@chime-proxy/core"
import * as HttpClient from "@effect/platform/HttpClient"
import { assert, describe, it } from "@effect/vitest"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Option from "effect/Option"
import * as Random from "effect/Random"
import * as Ref from "effect/Ref"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import * as TestClock from "effect/TestClock"
import type { Reply } from "./utils.js"
import { at, awaitIdle, emptyPage, fakeClient, liveLayer, runThrough, serviceError } from "./utils.js"

const list = (client: HttpClient.HttpClient, options: AwsConfig.Options = {}) =>
  ProxySessions.listProxySessions({ VoiceConnectorId: "vc-1" }).pipe(
    Effect.provide(liveLayer(client, { attemptTimeout: Duration.infinity, ...options }))
  )

const noBackoff = { backoff: { base: 0, throttlingBase: 0 } } as const

const failureOf = <A, E>(exit: Exit.Exit<A, E>): E => {
  assert.isTrue(Exit.isFailure(exit))
  if (Exit.isSuccess(exit)) throw new Error("expected a failure")
  const failure = exit.cause._tag === "Fail" ? exit.cause.error : undefined
  assert.isDefined(failure, `expected a typed failure, got ${exit.cause._tag}`)
  return failure!
}

/** How many requests the fake client has seen after the clock moved by `millis` more. */
const seenAfter = <A, E>(fiber: Fiber.Fiber<A, E>, seen: ReadonlyArray<unknown>, millis: number) =>
  Effect.gen(function*() {
    yield* awaitIdle(fiber)
    yield* TestClock.adjust(Duration.millis(millis))
    yield* awaitIdle(fiber)
    return seen.length
  })

/** Moves the clock by each step's milliseconds in turn, expecting the fake client to have seen so many requests. */
const expectSeen = <A, E>(
  fiber: Fiber.Fiber<A, E>,
  seen: ReadonlyArray<unknown>,
  steps: ReadonlyArray<readonly [millis: number, requests: number]>
) =>
  Effect.gen(function*() {
    for (const [index, [millis, requests]] of steps.entries()) {
      assert.strictEqual(yield* seenAfter(fiber, seen, millis), requests, `after step ${index + 1} (${millis} ms more)`)
    }
  })

describe("standard retry mode", () => {
  it.effect("retries throttling and transient errors, with the SDKs' headers", () =>
    Effect.gen(function*() {
      const { client, seen } = fakeClient([
        serviceError(429, "ThrottledClientException"),
        serviceError(503, "ServiceUnavailableException"),
        emptyPage
      ])
      const exit = yield* runThrough(list(client))
      assert.isTrue(Exit.isSuccess(exit))
      assert.deepStrictEqual(seen.map((s) => s.headers["amz-sdk-request"]), [
        "attempt=1; max=3",
        "attempt=2; max=3",
        "attempt=3; max=3"
      ])
      const ids = new Set(seen.map((s) => s.headers["amz-sdk-invocation-id"]))
      assert.strictEqual(ids.size, 1)
      assert.match([...ids][0]!, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    }))

  it.effect("a new call has a new invocation id", () =>
    Effect.gen(function*() {
      const { client, seen } = fakeClient([emptyPage])
      yield* ProxySessions.listProxySessions({ VoiceConnectorId: "a" }).pipe(
        Effect.zipRight(ProxySessions.listProxySessions({ VoiceConnectorId: "b" })),
        Effect.provide(liveLayer(client))
      )
      assert.notStrictEqual(at(seen, 0).headers["amz-sdk-invocation-id"], at(seen, 1).headers["amz-sdk-invocation-id"])
    }))

  it.effect("a permanent 503 stops after the configured attempts, with the last error", () =>
    Effect.gen(function*() {
      const { client, seen } = fakeClient((_, index) =>
        serviceError(503, "ServiceUnavailableException", `unavailable #${index + 1}`)
      )
      const exit = yield* runThrough(list(client, { maxAttempts: 5 }))
      const error = failureOf(exit)
      assert.strictEqual(seen.length, 5)
      assert.instanceOf(error, ServiceError.ServiceUnavailableException)
      assert.strictEqual((error as ServiceError.ServiceUnavailableException).Message, "unavailable #5")
      assert.strictEqual(at(seen, 4).headers["amz-sdk-request"], "attempt=5; max=5")
    }))

  it.effect("errors that are not throttling or transient are not retried", () =>
    Effect.gen(function*() {
      for (
        const [status, name] of [[400, "BadRequestException"], [403, "ForbiddenException"], [
          404,
          "NotFoundException"
        ]] as const
      ) {
        const { client, seen } = fakeClient([serviceError(status, name), emptyPage])
        const error = failureOf(yield* runThrough(list(client)))
        assert.strictEqual(seen.length, 1)
        assert.strictEqual(ServiceError.errorName(error as ServiceError.ServiceError), name)
      }
    }))

  it.effect("every throttling name and transient status is retried", () =>
    Effect.gen(function*() {
      const replies: ReadonlyArray<Reply> = [
        serviceError(400, "ThrottlingException"),
        serviceError(400, "TooManyRequestsException"),
        serviceError(500, "ServiceFailureException"),
        { status: 502, body: "<html>Bad gateway</html>" },
        { status: 504, body: "" },
        serviceError(500, "InternalFailure"),
        { transport: "ECONNRESET" },
        { transport: "ECONNREFUSED" }
      ]
      for (const reply of replies) {
        const { client, seen } = fakeClient([reply, emptyPage])
        const exit = yield* runThrough(list(client))
        assert.isTrue(Exit.isSuccess(exit), JSON.stringify(reply))
        assert.strictEqual(seen.length, 2)
      }
    }))

  it.effect("maxAttempts 1 means no retry", () =>
    Effect.gen(function*() {
      const { client, seen } = fakeClient([serviceError(503, "ServiceUnavailableException"), emptyPage])
      failureOf(yield* runThrough(list(client, { maxAttempts: 1 })))
      assert.strictEqual(seen.length, 1)
    }))

  it.effect("connection errors become TransportErrors by their code", () =>
    Effect.gen(function*() {
      for (
        const [code, failure] of [
          ["ECONNREFUSED", "ConnectionRefused"],
          ["ECONNRESET", "ConnectionReset"],
          ["ENOTFOUND", "DnsFailure"],
          ["EWHATEVER", "Other"]
        ] as const
      ) {
        const { client, seen } = fakeClient([{ transport: code }])
        const error = failureOf(yield* runThrough(list(client, noBackoff)))
        assert.instanceOf(error, ClientError.TransportError)
        assert.strictEqual((error as ClientError.TransportError).failure, failure)
        assert.strictEqual(seen.length, 3)
      }
    }))
})

describe("backoff", () => {
  it.effect("full jitter: the first retry of a transient error waits random × 100 ms, the second random × 200 ms", () =>
    Effect.gen(function*() {
      const { client, seen } = fakeClient([
        serviceError(500, "ServiceFailureException"),
        serviceError(500, "ServiceFailureException"),
        emptyPage
      ])
      const fiber = yield* Effect.fork(list(client).pipe(Effect.withRandom(Random.fixed([0.5]))))
      yield* expectSeen(fiber, seen, [[0, 1], [49, 1], [1, 2], [99, 2], [1, 3]])
      assert.isTrue(Exit.isSuccess(yield* Fiber.await(fiber)))
    }))

  it.effect("throttling backs off from 500 ms", () =>
    Effect.gen(function*() {
      const { client, seen } = fakeClient([serviceError(429, "ThrottledClientException"), emptyPage])
      const fiber = yield* Effect.fork(list(client).pipe(Effect.withRandom(Random.fixed([0.999]))))
      yield* expectSeen(fiber, seen, [[498, 1], [1, 2]])
      assert.isTrue(Exit.isSuccess(yield* Fiber.await(fiber)))
    }))

  it.effect("delays never exceed 20 s, whatever the attempt", () =>
    Effect.gen(function*() {
      const delays = yield* Effect.forEach(
        [0, 5, 10, 20, 40],
        (retries) => Retry.backoffDelay(Retry.defaultBackoff, retries, true)
      ).pipe(Effect.withRandom(Random.fixed([0.999999])))
      assert.deepStrictEqual(delays.map(Duration.toMillis), [499, 15999, 20000, 20000, 20000])
    }))

  it.effect.prop(
    "every delay lies between 0 and min(20 s, base × 2^retries)",
    { retries: Schema.Int.pipe(Schema.between(0, 60)), throttling: Schema.Boolean },
    ({ retries, throttling }) =>
      Effect.gen(function*() {
        const delay = Duration.toMillis(yield* Retry.backoffDelay(Retry.defaultBackoff, retries, throttling))
        assert.isAtLeast(delay, 0)
        assert.isAtMost(delay, Math.min(20_000, (throttling ? 500 : 100) * 2 ** retries))
      })
  )
})

describe("server hints", () => {
  /** The retry after `reply` comes exactly `millis` later, not a millisecond sooner. */
  const retriedAfterExactly = (reply: Reply, millis: number) =>
    Effect.gen(function*() {
      const { client, seen } = fakeClient([reply, emptyPage])
      const fiber = yield* Effect.fork(list(client))
      assert.strictEqual(yield* seenAfter(fiber, seen, millis - 1), 1)
      assert.strictEqual(yield* seenAfter(fiber, seen, 1), 2)
      assert.isTrue(Exit.isSuccess(yield* Fiber.await(fiber)))
    })

  it.effect("Retry-After in seconds sets the delay exactly", () =>
    retriedAfterExactly(serviceError(429, "ThrottledClientException", "slow", { "retry-after": "7" }), 7_000))

  it.effect("x-amz-retry-after in milliseconds wins over Retry-After", () =>
    retriedAfterExactly(
      serviceError(503, "ServiceUnavailableException", "later", { "x-amz-retry-after": "1500", "retry-after": "9" }),
      1_500
    ))

  it.effect("Retry-After as an HTTP date, and hints are capped at 20 s", () =>
    Effect.gen(function*() {
      const hint = (headers: Record<string, string>) => Option.map(Retry.retryAfterHint(headers, 0), Duration.toMillis)
      assert.deepStrictEqual(hint({ "retry-after": new Date(3_000).toUTCString() }), Option.some(3_000))
      assert.deepStrictEqual(hint({ "retry-after": "soon" }), Option.none())
      assert.deepStrictEqual(hint({}), Option.none())
      const { client, seen } = fakeClient([
        serviceError(429, "ThrottledClientException", "x", { "retry-after": "3600" }),
        emptyPage
      ])
      const fiber = yield* Effect.fork(list(client))
      yield* expectSeen(fiber, seen, [[19_999, 1], [1, 2]])
      assert.isTrue(Exit.isSuccess(yield* Fiber.await(fiber)))
    }))
})

describe("retry quota", () => {
  it.effect("500 tokens, 5 per retry, 10 per timeout or connection error, refunded on success", () =>
    Effect.gen(function*() {
      const policy = yield* Retry.make({ mode: "standard", maxAttempts: 3 })
      const decide = (error: Parameters<typeof policy.decide>[0]["error"]) =>
        policy.decide({ error, attempt: 1, retryAfter: Option.none() })
      assert.strictEqual(yield* policy.quotaAvailable, 500)
      const throttled = yield* decide(new ServiceError.ThrottledClientException({ Message: "" }))
      assert.strictEqual(throttled._tag === "Retry" && throttled.cost, 5)
      assert.strictEqual(yield* policy.quotaAvailable, 495)
      const reset = yield* decide(new ClientError.TransportError({ failure: "ConnectionReset", detail: "" }))
      assert.strictEqual(reset._tag === "Retry" && reset.cost, 10)
      const timeout = yield* decide(new ClientError.TimeoutError({ scope: "attempt", millis: 1 }))
      assert.strictEqual(timeout._tag === "Retry" && timeout.cost, 10)
      assert.strictEqual(yield* policy.quotaAvailable, 475)
      yield* policy.recordSuccess(10)
      assert.strictEqual(yield* policy.quotaAvailable, 485)
      yield* policy.recordSuccess(undefined)
      assert.strictEqual(yield* policy.quotaAvailable, 486)
      const final = yield* decide(new ServiceError.NotFoundException({ Message: "" }))
      assert.deepStrictEqual(final, { _tag: "Stop", reason: "not retryable" })
      assert.strictEqual(yield* policy.quotaAvailable, 486)
      for (let i = 0; i < 20; i++) yield* policy.recordSuccess(undefined)
      assert.strictEqual(yield* policy.quotaAvailable, 500)
    }))

  it.effect("an exhausted quota stops retrying, for this call and the next ones of the same client", () =>
    Effect.gen(function*() {
      const { client, seen } = fakeClient((_, index) =>
        serviceError(503, "ServiceUnavailableException", `#${index + 1}`)
      )
      const layer = liveLayer(client, { maxAttempts: 1000, attemptTimeout: Duration.infinity, ...noBackoff })
      const call = ProxySessions.listProxySessions({ VoiceConnectorId: "vc-1" })
      const exits = yield* runThrough(Effect.all([Effect.exit(call), Effect.exit(call)]).pipe(Effect.provide(layer)))
      assert.isTrue(Exit.isSuccess(exits))
      if (Exit.isFailure(exits)) return
      // 500 tokens pay for 100 retries of 5: the first call makes 101 attempts, the second one only its first.
      assert.strictEqual(seen.length, 102)
      const [first, second] = exits.value.map(failureOf)
      assert.strictEqual((first as ServiceError.ServiceUnavailableException).Message, "#101")
      assert.strictEqual((second as ServiceError.ServiceUnavailableException).Message, "#102")
    }))

  it.effect("connection errors drain the quota twice as fast", () =>
    Effect.gen(function*() {
      const { client, seen } = fakeClient([{ transport: "ECONNRESET" }])
      const error = failureOf(yield* runThrough(list(client, { maxAttempts: 1000, ...noBackoff })))
      assert.instanceOf(error, ClientError.TransportError)
      assert.strictEqual(seen.length, 51)
    }))
})

describe("adaptive retry mode", () => {
  const throttledThenOk: ReadonlyArray<Reply> = [serviceError(429, "ThrottledClientException"), emptyPage]

  it.effect("after throttling, the next request waits for the rate limiter", () =>
    Effect.gen(function*() {
      const { client, seen } = fakeClient(throttledThenOk)
      const layer = liveLayer(client, { retryMode: "adaptive", maxAttempts: 1, attemptTimeout: Duration.infinity })
      const call = ProxySessions.listProxySessions({ VoiceConnectorId: "vc-1" })
      const fiber = yield* Effect.fork(
        Effect.zipRight(Effect.exit(call), call).pipe(Effect.provide(layer))
      )
      // The throttled call ends at once (one attempt); the next one is held by the token bucket, which refills at
      // its minimum rate of 0.5 token per second.
      yield* expectSeen(fiber, seen, [[0, 1], [1_999, 1], [1, 2]])
      assert.isTrue(Exit.isSuccess(yield* Fiber.await(fiber)))
    }))

  it.effect("standard mode sends the next request at once", () =>
    Effect.gen(function*() {
      const { client, seen } = fakeClient(throttledThenOk)
      const layer = liveLayer(client, { retryMode: "standard", maxAttempts: 1, attemptTimeout: Duration.infinity })
      const call = ProxySessions.listProxySessions({ VoiceConnectorId: "vc-1" })
      const fiber = yield* Effect.fork(Effect.zipRight(Effect.exit(call), call).pipe(Effect.provide(layer)))
      assert.strictEqual(yield* seenAfter(fiber, seen, 0), 2)
      assert.isTrue(Exit.isSuccess(yield* Fiber.await(fiber)))
    }))

  it.effect("AWS_RETRY_MODE=adaptive turns the rate limiter on", () =>
    Effect.gen(function*() {
      const { client, seen } = fakeClient(throttledThenOk)
      const layer = liveLayer(client, { maxAttempts: 1, attemptTimeout: Duration.infinity })
      const call = ProxySessions.listProxySessions({ VoiceConnectorId: "vc-1" })
      const fiber = yield* Effect.fork(
        Effect.zipRight(Effect.exit(call), call).pipe(
          Effect.provide(layer),
          Effect.withConfigProvider(
            ConfigProvider.fromMap(new Map([["AWS_RETRY_MODE", "adaptive"], ["AWS_CONFIG_FILE", "/nonexistent"]]))
          )
        )
      )
      yield* expectSeen(fiber, seen, [[1_000, 1], [1_000, 2]])
      assert.isTrue(Exit.isSuccess(yield* Fiber.await(fiber)))
    }))
})

describe("clock skew", () => {
  const hourLater = new Date(3_600_000).toUTCString()

  it.effect("a skew error with a server Date far from ours corrects the offset and retries once", () =>
    Effect.gen(function*() {
      const { client, seen } = fakeClient([
        serviceError(403, "SignatureDoesNotMatch", "Signature expired", { date: hourLater }),
        emptyPage,
        emptyPage
      ])
      const call = ProxySessions.listProxySessions({ VoiceConnectorId: "vc-1" })
      const exit = yield* runThrough(
        Effect.zipRight(call, call).pipe(Effect.provide(liveLayer(client, { attemptTimeout: Duration.infinity })))
      )
      assert.isTrue(Exit.isSuccess(exit))
      assert.deepStrictEqual(seen.map((s) => s.headers["x-amz-date"]), [
        "19700101T000000Z",
        "19700101T010000Z",
        // The offset is kept for the next calls.
        "19700101T010000Z"
      ])
    }))

  it.effect("RequestExpired and InvalidSignatureException are skew errors too; a second one is not retried", () =>
    Effect.gen(function*() {
      for (const [status, name] of [[400, "RequestExpired"], [403, "InvalidSignatureException"]] as const) {
        const { client, seen } = fakeClient((_, index) =>
          serviceError(status, name, "skewed", { date: new Date(3_600_000 * (index + 1)).toUTCString() })
        )
        const error = failureOf(yield* runThrough(list(client)))
        assert.strictEqual(seen.length, 2)
        assert.strictEqual(ServiceError.errorName(error as ServiceError.ServiceError), name)
      }
    }))

  it.effect("a skew error whose Date agrees with our clock is final", () =>
    Effect.gen(function*() {
      const { client, seen } = fakeClient([
        serviceError(403, "SignatureDoesNotMatch", "wrong key", { date: new Date(60_000).toUTCString() }),
        emptyPage
      ])
      failureOf(yield* runThrough(list(client)))
      assert.strictEqual(seen.length, 1)
    }))
})

const assertTimeout = (error: unknown, scope: "attempt" | "operation", millis: number) => {
  assert.instanceOf(error, ClientError.TimeoutError)
  const { _tag, ...fields } = { ...(error as ClientError.TimeoutError) }
  assert.deepStrictEqual([_tag, fields], ["TimeoutError", { scope, millis }])
}

describe("timeouts", () => {
  const hanging = HttpClient.make(() => Effect.never)

  it.effect("an attempt that takes too long is a TimeoutError of the attempt, retried", () =>
    Effect.gen(function*() {
      let calls = 0
      const counting = HttpClient.make(() => Effect.suspend(() => (calls++, Effect.never)))
      const error = failureOf(yield* runThrough(list(counting, { attemptTimeout: "2 seconds", ...noBackoff })))
      assertTimeout(error, "attempt", 2_000)
      assert.strictEqual(calls, 3)
    }))

  it.effect("a call that takes too long is a TimeoutError of the operation", () =>
    Effect.gen(function*() {
      const fiber = yield* Effect.fork(list(hanging, { operationTimeout: "10 seconds" }))
      yield* awaitIdle(fiber)
      yield* TestClock.adjust("9999 millis")
      assert.isTrue(Option.isNone(yield* Fiber.poll(fiber)))
      yield* TestClock.adjust("1 millis")
      const error = failureOf(yield* Fiber.await(fiber))
      assertTimeout(error, "operation", 10_000)
    }))

  it.effect("the operation timeout counts the delays between attempts", () =>
    Effect.gen(function*() {
      const { client } = fakeClient([serviceError(429, "ThrottledClientException", "x", { "retry-after": "15" })])
      const error = failureOf(yield* runThrough(list(client, { operationTimeout: "20 seconds", maxAttempts: 10 })))
      assertTimeout(error, "operation", 20_000)
    }))
})

describe("Retry.schedule", () => {
  const unavailable: Retry.Failure = {
    error: new ServiceError.ServiceUnavailableException({ Message: "" }),
    headers: {},
    final: false
  }
  const zeroBackoff = { base: Duration.zero, throttlingBase: Duration.zero, max: Duration.zero }

  it.effect("drives Effect.retry with the policy: attempts, quota, and the last retry's cost as output", () =>
    Effect.gen(function*() {
      const policy = yield* Retry.make({ mode: "standard", maxAttempts: 3, backoff: zeroBackoff })
      const attempts = yield* Ref.make(0)
      const outputs: Array<number | undefined> = []
      const attempt = Effect.flatMap(
        Ref.updateAndGet(attempts, (n) => n + 1),
        (n) => n < 3 ? Effect.fail(unavailable) : Effect.succeed(n)
      )
      const result = yield* Effect.retry(
        attempt,
        Schedule.tapOutput(Retry.schedule(policy), (cost) => Effect.sync(() => outputs.push(cost)))
      )
      assert.strictEqual(result, 3)
      assert.deepStrictEqual(outputs, [5, 5])
      assert.strictEqual(yield* policy.quotaAvailable, 490)
      // Spent attempts stop it with the last failure; so does a failure whose request was never sent.
      yield* Ref.set(attempts, -10)
      const exhausted = yield* Effect.exit(Effect.retry(attempt, Retry.schedule(policy)))
      assert.deepStrictEqual(exhausted, Exit.fail(unavailable))
      assert.strictEqual(yield* Ref.get(attempts), -7)
      const final: Retry.Failure = { ...unavailable, final: true }
      yield* Ref.set(attempts, 0)
      const neverSent: Effect.Effect<never, Retry.Failure> = Effect.flatMap(
        Ref.update(attempts, (n) => n + 1),
        () => Effect.fail(final)
      )
      const once = yield* Effect.exit(Effect.retry(neverSent, Retry.schedule(policy)))
      assert.deepStrictEqual(once, Exit.fail(final))
      assert.strictEqual(yield* Ref.get(attempts), 1)
    }))
})
