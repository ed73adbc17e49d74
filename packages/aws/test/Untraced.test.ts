import { ProxySessions } from "@chime-proxy/core"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Tracer from "effect/Tracer"
import { at, fakeClient, json, liveLayer } from "./utils.js"

const page = json(200, { ProxySessions: [{ ProxySessionId: "p1" }] })
const traceHeaders = ["traceparent", "b3"]

/** A tracer of its own (Effect's native one underneath) that keeps the names of the spans it makes. */
const namingTracer = Effect.map(Effect.tracer, (native) => {
  const names: Array<string> = []
  const tracer = Tracer.make({
    span(name, parent, context, links, startTime, kind, options) {
      names.push(name)
      return native.span(name, parent, context, links, startTime, kind, options)
    },
    context: (f, fiber) => native.context(f, fiber)
  })
  return { names, tracer }
})

describe("calls with no tracer installed", () => {
  it.effect("make no span, leave the caller's span alone and send no trace headers", () =>
    Effect.gen(function*() {
      const { client, seen } = fakeClient([page])
      const caller = yield* Effect.gen(function*() {
        const response = yield* ProxySessions.listProxySessions({ VoiceConnectorId: "vc-1" })
        assert.strictEqual(response.ProxySessions.length, 1)
        return yield* Effect.currentSpan
      }).pipe(Effect.withSpan("caller"), Effect.provide(liveLayer(client)))
      assert.strictEqual(caller.name, "caller")
      assert.deepStrictEqual([...caller.attributes.keys()], [])
      for (const name of traceHeaders) assert.notProperty(at(seen, 0).headers, name)
    }))

  it.effect("with a tracer, the same call has its spans, the HttpClient's span and its trace headers", () =>
    Effect.gen(function*() {
      const { names, tracer } = yield* namingTracer
      const { client, seen } = fakeClient([page])
      yield* ProxySessions.listProxySessions({ VoiceConnectorId: "vc-1" }).pipe(
        Effect.withSpan("caller"),
        Effect.provide(liveLayer(client)),
        Effect.withTracer(tracer)
      )
      assert.includeMembers(names, [
        "caller",
        "ProxySessions.listProxySessions",
        "ProxySessions.listProxySessions.attempt",
        "http.client GET"
      ])
      for (const name of traceHeaders) assert.property(at(seen, 0).headers, name)
    }))
})
