// A server that answers with JSON nested thousands of levels deep (a few KB of brackets) once killed the client with a
// RangeError, a defect: describing the refused body's issue rendered the whole offending value, recursively. Through
// the live layers, over a 127.0.0.1 server as the CLI calls it, such a page is a typed ResponseDecodeError on the
// decoded path and on the text path; an error body nested as deep still gives the error it names.
import { AwsProxySessions } from "@chime-proxy/aws"
import * as AwsProxySessionsText from "@chime-proxy/aws/AwsProxySessionsText"
import { ClientError, ProxySessions, ProxySessionsText, ServiceError } from "@chime-proxy/core"
import { assert, describe, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Stream from "effect/Stream"
import { testServer } from "./server.js"
import { fakeClient, liveLayer } from "./utils.js"

const deep = "[".repeat(3000) + "]".repeat(3000)

// The tester's body: a session whose Name is 3000 arrays deep.
const page = `{"ProxySessions":[{"ProxySessionId":"a","Name":${deep}}]}`

/** The typed failure of an exit, asserting that it is one (not a defect). */
const failure = <E>(exit: Exit.Exit<unknown, E>): E => {
  if (Exit.isSuccess(exit)) throw new Error("expected a failure")
  assert.isFalse(Cause.isDie(exit.cause), `a defect: ${Cause.pretty(exit.cause)}`)
  const error = Cause.failureOption(exit.cause)
  if (error._tag === "None") throw new Error(`not a typed failure: ${Cause.pretty(exit.cause)}`)
  return error.value
}

const assertTooDeep = (error: unknown) => {
  assert.instanceOf(error, ClientError.ResponseDecodeError)
  const decode = error as ClientError.ResponseDecodeError
  assert.strictEqual(decode.status, 200)
  assert.strictEqual(decode.reason, "the body nests JSON deeper than 64 levels")
  assert.strictEqual(decode.requestId, "req-deep")
}

describe("a page nested thousands of levels deep", () => {
  it.live("is a ResponseDecodeError through layerNode, for the decoded sessions and for their wire text", () =>
    Effect.gen(function*() {
      const server = yield* testServer((_, response) => {
        response.writeHead(200, { "content-type": "application/json", "x-amzn-requestid": "req-deep" })
        response.end(page)
      })
      const options = { region: "us-east-1", endpoint: server.url, deprecationWarning: false, maxAttempts: 1 }
      const listing = { voiceConnectorId: "vc-1" }
      const decoded = yield* ProxySessions.stream(listing).pipe(
        Stream.runCollect,
        Effect.provide(AwsProxySessions.layerNode(options)),
        Effect.exit
      )
      assertTooDeep(failure(decoded))
      const text = yield* Effect.flatMap(
        ProxySessionsText.ProxySessionsText,
        (service) => ProxySessionsText.paginator(service).stream(listing).pipe(Stream.runCollect)
      ).pipe(Effect.provide(AwsProxySessionsText.layerNode(options)), Effect.exit)
      assertTooDeep(failure(text))
    }).pipe(Effect.scoped))
})

describe("an error body nested thousands of levels deep", () => {
  const call = (status: number, body: string, headers: Record<string, string> = {}) =>
    ProxySessions.listProxySessions({ VoiceConnectorId: "vc-1" }).pipe(
      Effect.provide(liveLayer(fakeClient([{ status, body, headers }]).client, { maxAttempts: 1 })),
      Effect.exit,
      Effect.map(failure)
    )

  it.effect("gives the error its body or header names", () =>
    Effect.gen(function*() {
      const named = yield* call(400, `{"code":"BadRequestException","Message":${deep}}`)
      assert.instanceOf(named, ServiceError.BadRequestException)
      const header = yield* call(404, deep, { "x-amzn-errortype": "NotFoundException" })
      assert.instanceOf(header, ServiceError.NotFoundException)
    }))

  it.effect("without any AWS error name is a ResponseDecodeError that keeps its status", () =>
    Effect.gen(function*() {
      const error = yield* call(503, deep)
      assert.instanceOf(error, ClientError.ResponseDecodeError)
      assert.strictEqual((error as ClientError.ResponseDecodeError).status, 503)
    }))
})
