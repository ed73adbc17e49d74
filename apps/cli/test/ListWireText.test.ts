// `list --output json|ndjson` pages through ProxySessionsText when the backend provides it (the live layer does):
// each session's wire text as the service sent it, with no decoded session in between. These tests hold it to the
// decoded path: the same bytes on stdout and stderr and the same outcome for every format and listing, with the text
// service used for json and ndjson only.
import { ProxySessions, ProxySessionsText, VoiceConnectors, Wire } from "@chime-proxy/core"
import { Stdio } from "@chime-proxy/program"
import { assert, describe, it } from "@effect/vitest"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Backend from "../src/Backend.js"
import * as ListCommand from "../src/ListCommand.js"
import * as Output from "../src/Output.js"
import { connectorsOf, dataset, makeService } from "./fixtures.js"

const defaults: ListCommand.ListArgs = {
  voiceConnectorIds: ["vc1"],
  all: false,
  concurrency: 2,
  status: Option.none(),
  pageSize: Option.some(4),
  maxItems: Option.none(),
  startingToken: Option.none(),
  noPaginate: false,
  output: "json",
  endpointUrl: Option.none(),
  region: Option.none(),
  profile: Option.none(),
  simulate: false,
  seed: Option.none()
}

const data = dataset(["vc1", "vc2", "vc3"], 9)

// The services of a backend; with `text`, a ProxySessionsText service that reads each page off the wire, as the live
// layer's does, counting its calls.
const backend = (text: boolean) => {
  const { service } = makeService(data)
  let textCalls = 0
  const wire = ProxySessionsText.make((request) => {
    textCalls += 1
    return Effect.flatMap(
      service.listProxySessions(request),
      (response) => ProxySessionsText.decodeResponseText(200, Wire.encodeResponse(response))
    )
  })
  const provider: Backend.Provider = () =>
    Layer.mergeAll(
      Layer.succeed(ProxySessions.ProxySessions, service),
      Layer.succeed(VoiceConnectors.VoiceConnectors, connectorsOf([...data.keys(), "gone"])),
      Layer.succeed(Backend.Account, { now: DateTime.now }),
      text ? Layer.succeed(ProxySessionsText.ProxySessionsText, wire) : Layer.empty
    )
  return { provider, textCalls: () => textCalls }
}

const run = (args: Partial<ListCommand.ListArgs>, text: boolean) =>
  Effect.gen(function*() {
    const { provider, textCalls } = backend(text)
    const [stdio, captured] = yield* Stdio.makeCaptured()
    const exit = yield* Effect.exit(
      Effect.provideService(ListCommand.run({ ...defaults, ...args }, provider), Stdio.Stdio, stdio)
    )
    return {
      exit: exit._tag === "Success" ? "ok" : String(exit.cause),
      stdout: yield* captured.stdout,
      stderr: yield* captured.stderr,
      textCalls: textCalls()
    }
  })

const listings: ReadonlyArray<Partial<ListCommand.ListArgs>> = [
  {},
  { voiceConnectorIds: ["vc1", "vc2"] },
  { maxItems: Option.some(6) },
  { noPaginate: true },
  { startingToken: Option.some("4"), maxItems: Option.some(3) },
  { voiceConnectorIds: [], all: true },
  { voiceConnectorIds: [], all: true, maxItems: Option.some(11) },
  { voiceConnectorIds: ["missing"] },
  { voiceConnectorIds: [], all: true, concurrency: 1 }
]

describe("list from the sessions' wire text", () => {
  it.effect("writes the decoded path's bytes and outcome, for every format and listing", () =>
    Effect.gen(function*() {
      for (const output of Output.formats) {
        for (const listing of listings) {
          const args = { ...listing, output }
          const decoded = yield* run(args, false)
          const text = yield* run(args, true)
          const label = `${output} ${JSON.stringify(listing)}`
          assert.strictEqual(text.stdout, decoded.stdout, label)
          assert.strictEqual(text.stderr, decoded.stderr, label)
          assert.strictEqual(text.exit, decoded.exit, label)
          assert.strictEqual(decoded.textCalls, 0)
          if (Output.writesWireText(output)) {
            assert.isAbove(text.textCalls, 0, `${label}: json and ndjson page through ProxySessionsText`)
          } else {
            assert.strictEqual(text.textCalls, 0, `${label}: the other formats need the decoded sessions`)
          }
        }
      }
    }))

  it.effect("takes the sessions' text as the backend gives it", () =>
    Effect.gen(function*() {
      const own = ProxySessionsText.make(() => Effect.succeed({ ProxySessions: ["{\"A\":[1,{}]}", "{}"] }))
      const provider: Backend.Provider = () =>
        Layer.mergeAll(
          Layer.succeed(ProxySessions.ProxySessions, makeService(data).service),
          Layer.succeed(VoiceConnectors.VoiceConnectors, connectorsOf(["vc1"])),
          Layer.succeed(Backend.Account, { now: DateTime.now }),
          Layer.succeed(ProxySessionsText.ProxySessionsText, own)
        )
      for (
        const [output, expected] of [
          ["ndjson", "{\"A\":[1,{}]}\n{}\n"],
          [
            "json",
            "{\n    \"ProxySessions\": [\n        {\n            \"A\": [\n                1,\n                {}\n            ]\n        },\n        {}\n    ]\n}\n"
          ]
        ] as const
      ) {
        const [stdio, captured] = yield* Stdio.makeCaptured()
        yield* Effect.provideService(ListCommand.run({ ...defaults, output }, provider), Stdio.Stdio, stdio)
        assert.strictEqual(yield* captured.stdout, expected)
      }
    }))
})
