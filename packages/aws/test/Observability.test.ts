import { ListProxySessions, ProxySessions } from "@chime-proxy/core"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as Stream from "effect/Stream"
import * as Tracer from "effect/Tracer"
import { inspect } from "node:util"
import { accessKeyId, at, fakeClient, json, liveLayer, secretAccessKey, serviceError, sessionToken } from "./utils.js"

const phone = "+12065550142"
const proxyPhone = "+12065550199"
const forbidden = [secretAccessKey, sessionToken, "2065550142", "2065550199"]

const page = (token?: string) =>
  json(200, {
    ProxySessions: [{
      ProxySessionId: token ?? "last",
      Participants: [{ PhoneNumber: phone, ProxyPhoneNumber: proxyPhone }]
    }],
    ...(token === undefined ? {} : { NextToken: token })
  })

interface Recorded {
  readonly name: string
  readonly kind: Tracer.SpanKind
  readonly span: Tracer.Span
}

/** A tracer that keeps every span it makes. */
const recordingTracer = Effect.map(Effect.tracer, (native) => {
  const spans: Array<Recorded> = []
  const tracer = Tracer.make({
    span(name, parent, context, links, startTime, kind, options) {
      const span = native.span(name, parent, context, links, startTime, kind, options)
      spans.push({ name, kind, span })
      return span
    },
    context: (f, fiber) => native.context(f, fiber)
  })
  return { spans, tracer }
})

/** A logger that keeps every line, at every level, with its annotations. */
const recordingLogger = () => {
  const lines: Array<{ readonly level: string; readonly text: string }> = []
  const logger = Logger.make(({ annotations, logLevel, message }) => {
    lines.push({ level: logLevel.label, text: inspect({ message, annotations: [...annotations] }, { depth: 10 }) })
  })
  const layer = Layer.merge(Logger.replace(Logger.defaultLogger, logger), Logger.minimumLogLevel(LogLevel.All))
  return { lines, layer }
}

describe("spans", () => {
  it.effect("a span per call and per attempt, with the operation's attributes and nothing secret", () =>
    Effect.gen(function*() {
      const { spans, tracer } = yield* recordingTracer
      const { client } = fakeClient([
        serviceError(503, "ServiceUnavailableException", `down, call ${phone}`),
        page("t1"),
        page()
      ])
      const sessions = yield* ProxySessions.stream({ voiceConnectorId: "vc-1" }).pipe(
        Stream.runCollect,
        Effect.provide(liveLayer(client, { backoff: { base: 0 } })),
        Effect.withTracer(tracer)
      )
      assert.strictEqual(sessions.length, 2)
      const calls = spans.filter((s) => s.name === "ProxySessions.listProxySessions")
      const attempts = spans.filter((s) => s.name === "ProxySessions.listProxySessions.attempt")
      assert.strictEqual(calls.length, 2)
      assert.strictEqual(attempts.length, 3)
      const attributes = (recorded: Recorded) => Object.fromEntries(recorded.span.attributes)
      assert.deepInclude(attributes(at(calls, 0)), {
        "rpc.system": "aws-api",
        "rpc.service": "ChimeSDKVoice",
        "rpc.method": ListProxySessions.operationName,
        "aws.region": "us-east-1",
        "server.address": "voice-chime.us-east-1.amazonaws.com",
        attempts: 2
      })
      assert.deepInclude(attributes(at(attempts, 0)), {
        attempt: 1,
        "http.response.status_code": 503,
        "aws.request_id": "req-503",
        "error.type": "ServiceUnavailableException"
      })
      assert.deepInclude(attributes(at(attempts, 1)), { attempt: 2, "http.response.status_code": 200 })
      assert.isFalse("error.type" in attributes(at(attempts, 1)))
      // Each attempt is a child of its call.
      const first = at(attempts, 0).span.parent
      assert.isTrue(first._tag === "Some" && first.value.spanId === at(calls, 0).span.spanId)
      // No span at all (the HttpClient's own included) carries a secret or a phone number.
      assert.isAbove(spans.length, 5)
      for (const recorded of spans) {
        const text = inspect([...recorded.span.attributes], { depth: 5 })
        for (const value of forbidden) assert.notInclude(text, value, recorded.name)
        assert.notInclude(text, `Credential=${accessKeyId}/`)
      }
    }))

  it.effect("a failed call's span names the error", () =>
    Effect.gen(function*() {
      const { spans, tracer } = yield* recordingTracer
      const { client } = fakeClient([serviceError(404, "NotFoundException")])
      yield* ProxySessions.listProxySessions({ VoiceConnectorId: "vc-1" }).pipe(
        Effect.provide(liveLayer(client)),
        Effect.withTracer(tracer),
        Effect.flip
      )
      const call = spans.find((s) => s.name === "ProxySessions.listProxySessions")!
      assert.strictEqual(call.span.attributes.get("error.type"), "NotFoundException")
      assert.strictEqual(call.span.status._tag, "Ended")
    }))
})

describe("logs and the end-of-support notice", () => {
  it.effect("the live layer warns once, on first use, with the notice and its link", () =>
    Effect.gen(function*() {
      const { layer, lines } = recordingLogger()
      const { client } = fakeClient([page()])
      const live = liveLayer(client, { deprecationWarning: true })
      yield* Effect.gen(function*() {
        assert.strictEqual(lines.length, 0, "nothing is logged before the first call")
        yield* ProxySessions.listProxySessions({ VoiceConnectorId: "vc-1" })
        yield* ProxySessions.listProxySessions({ VoiceConnectorId: "vc-2" })
      }).pipe(Effect.provide(live), Effect.provide(layer))
      const warnings = lines.filter((line) => line.level === "WARN")
      assert.strictEqual(warnings.length, 1)
      assert.include(at(warnings, 0).text, "April 7, 2026")
      assert.include(
        at(warnings, 0).text,
        "https://docs.aws.amazon.com/chime-sdk/latest/APIReference/API_voice-chime_ListProxySessions.html"
      )
      assert.include(at(warnings, 0).text, "CHIME_PROXY_NO_DEPRECATION_WARNING")
    }))

  it.effect("each layer instance warns once", () =>
    Effect.gen(function*() {
      const { layer, lines } = recordingLogger()
      const { client } = fakeClient([page()])
      const call = ProxySessions.listProxySessions({ VoiceConnectorId: "vc-1" })
      yield* call.pipe(Effect.provide(liveLayer(client, { deprecationWarning: true })), Effect.provide(layer))
      yield* call.pipe(Effect.provide(liveLayer(client, { deprecationWarning: true })), Effect.provide(layer))
      assert.strictEqual(lines.filter((line) => line.level === "WARN").length, 2)
    }))

  it.effect("the warning can be switched off", () =>
    Effect.gen(function*() {
      const { layer, lines } = recordingLogger()
      const { client } = fakeClient([page()])
      yield* ProxySessions.listProxySessions({ VoiceConnectorId: "vc-1" }).pipe(
        Effect.provide(liveLayer(client, { deprecationWarning: false })),
        Effect.provide(layer)
      )
      assert.strictEqual(lines.filter((line) => line.level === "WARN").length, 0)
    }))

  it.effect("no log line, at any level, carries a secret or a phone number", () =>
    Effect.gen(function*() {
      const { layer, lines } = recordingLogger()
      const { client } = fakeClient([
        serviceError(429, "ThrottledClientException", `slow down ${phone}`),
        { transport: "ECONNRESET" },
        page()
      ])
      yield* ProxySessions.listProxySessions({ VoiceConnectorId: "vc-1" }).pipe(
        Effect.tap((response) => Effect.logDebug("user code logs the response", response)),
        Effect.provide(liveLayer(client, { deprecationWarning: true, backoff: { base: 0, throttlingBase: 0 } })),
        Effect.provide(layer)
      )
      assert.isAtLeast(lines.filter((line) => line.level === "DEBUG").length, 2, "the retries are logged")
      for (const line of lines) for (const value of forbidden) assert.notInclude(line.text, value)
    }))
})
