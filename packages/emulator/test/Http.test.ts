import { Simulator } from "@chime-proxy/simulator"
import { assert, describe, layer } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { Emulator, WireFaults } from "../src/index.js"
import type { RawResponse } from "./utils.js"
import { raw, rawGet, sign, signRaw } from "./utils.js"

interface Answer {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

const request = (url: string, init: RequestInit = {}) =>
  Effect.promise(async (): Promise<Answer> => {
    const response = await fetch(url, init)
    return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() }
  })

const signedGet = (emulator: Emulator.Emulator.Service, target: string) =>
  Effect.flatMap(
    Effect.promise(() => sign({ url: `${emulator.url}${target}` })),
    (headers) => request(`${emulator.url}${target}`, { headers })
  )

const rawRequest = (emulator: Emulator.Emulator.Service, target: string, headers: ReadonlyArray<string> = []) =>
  Effect.promise(() => rawGet(emulator.port, target, headers))

const answered = (answer: RawResponse | "reset"): RawResponse => {
  assert.notStrictEqual(answer, "reset", "expected an answer, the connection was dropped")
  return answer as RawResponse
}

/** Every response carries these, success or error. */
const assertAwsHeaders = (answer: Answer) => {
  assert.strictEqual(answer.headers["content-type"], "application/json")
  assert.match(
    answer.headers["x-amzn-requestid"] ?? "",
    /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/
  )
  assert.isFalse(Number.isNaN(Date.parse(answer.headers["date"] ?? "")), "a Date header")
}

/** An error exactly as restJson1 sends it. */
const assertAwsError = (answer: Answer, name: string, status: number) => {
  assertAwsHeaders(answer)
  assert.strictEqual(answer.status, status)
  assert.strictEqual(answer.headers["x-amzn-errortype"], name)
  const body = JSON.parse(answer.body) as Record<string, unknown>
  assert.isString(body.Code)
  assert.isString(body.Message)
  return body as { readonly Code: string; readonly Message: string }
}

const arrange = Effect.gen(function*() {
  const control = yield* Simulator.SimulatorControl
  const emulator = yield* Emulator.Emulator
  yield* control.reset()
  yield* emulator.setWireFaults(WireFaults.none)
  const ids = yield* control.seed({ seed: 7, connectors: 2, sessionsPerConnector: 12 })
  return { control, emulator, ids, before: yield* control.saveFixture() }
})

const malformed = (signed: boolean) =>
  Effect.gen(function*() {
    const { before, control, emulator, ids } = yield* arrange
    const id = ids[0]
    const cases: ReadonlyArray<readonly [target: string, status: number, mentions?: string]> = [
      [`/voice-connectors/%zz/proxy-sessions`, 400, "voiceConnectorId"],
      [`/voice-connectors/${id}/proxy-sessions?next-token=%E0%A4%A`, 400],
      [`/voice-connectors/${id}/proxy-sessions?max-results=1&max-results=2`, 400, "max-results"],
      [`/voice-connectors/${id}/proxy-sessions?status=Open&status=Closed`, 400, "status"],
      [`/voice-connectors/${id}/proxy-sessions?max-results=abc`, 400, "max-results"],
      [`/voice-connectors/${id}/proxy-sessions?max-results=0`, 400, "max-results"],
      [`/voice-connectors/${id}/proxy-sessions?max-results=101`, 400, "max-results"],
      [`/voice-connectors/${id}/proxy-sessions?max-results=-1`, 400, "max-results"],
      [`/voice-connectors/${id}/proxy-sessions?max-results=1.5`, 400, "max-results"],
      [`/voice-connectors/${id}/proxy-sessions?max-results=1e2`, 400, "max-results"],
      [`/voice-connectors/${id}/proxy-sessions?max-results=99999999999999999999`, 400, "max-results"],
      [`/voice-connectors/${id}/proxy-sessions?max-results=`, 400, "max-results"],
      [`/voice-connectors/${id}/proxy-sessions?status=Bogus`, 400, "status"],
      [`/voice-connectors/${id}/proxy-sessions?status=open`, 400, "status"],
      [`/voice-connectors/${id}/proxy-sessions?next-token=garbage`, 400],
      [`/voice-connectors/${id}/proxy-sessions?next-token=${"A".repeat(5000)}`, 400],
      [`/voice-connectors//proxy-sessions`, 400, "voiceConnectorId"],
      [`/voice-connectors/%20/proxy-sessions`, 400, "voiceConnectorId"],
      [`/voice-connectors/${"a".repeat(129)}/proxy-sessions`, 400, "voiceConnectorId"],
      [`/voice-connectors/../proxy-sessions`, 404],
      [`/voice-connectors/%2E%2E/proxy-sessions`, 404],
      [`/voice-connectors/${id}%2F..%2F${ids[1]}/proxy-sessions`, 404],
      [`/voice-connectors/${id}/../${ids[1]}/proxy-sessions`, 404],
      [`/voice-connectors/${id}/proxy-sessions/..`, 404],
      [`//voice-connectors/${id}/proxy-sessions`, 404],
      [`http://evil.example/voice-connectors/${id}/proxy-sessions`, 404]
    ]
    for (const [target, status, mentions] of cases) {
      const answer = answered(
        yield* rawRequest(emulator, target, signed ? yield* Effect.promise(() => signRaw(emulator.port, target)) : [])
      )
      assert.strictEqual(answer.status, status, target)
      assert.include(
        ["BadRequestException", "NotFoundException", "UnknownOperationException"],
        answer.headers["x-amzn-errortype"],
        target
      )
      assertAwsHeaders(answer)
      const body = JSON.parse(answer.body) as { Message: string }
      if (mentions !== undefined) assert.include(body.Message, mentions, target)
    }
    assert.deepStrictEqual(yield* control.saveFixture(), before)
    assert.strictEqual((yield* request(`${emulator.url}/_chime-proxy/health`)).status, 200)
  })

describe("the emulator on the wire", () => {
  layer(Emulator.layerSimulator(), { excludeTestServices: true })((it) => {
    it.effect("a page: JSON with ProxySessions and NextToken, ISO 8601 Z timestamps, and the AWS headers", () =>
      Effect.gen(function*() {
        const { emulator, ids } = yield* arrange
        const first = yield* signedGet(emulator, `/voice-connectors/${ids[0]}/proxy-sessions?max-results=5`)
        assert.strictEqual(first.status, 200)
        assertAwsHeaders(first)
        const page = JSON.parse(first.body) as { ProxySessions: Array<Record<string, unknown>>; NextToken?: string }
        assert.strictEqual(page.ProxySessions.length, 5)
        assert.isString(page.NextToken)
        for (const session of page.ProxySessions) {
          assert.match(String(session.CreatedTimestamp), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/)
          assert.notInclude(JSON.stringify(session), "null")
        }
        const rest = yield* signedGet(
          emulator,
          `/voice-connectors/${ids[0]}/proxy-sessions?max-results=100&next-token=${encodeURIComponent(page.NextToken!)}`
        )
        const last = JSON.parse(rest.body) as Record<string, unknown>
        assert.deepStrictEqual(Object.keys(last), ["ProxySessions"])
        assert.notStrictEqual(first.headers["x-amzn-requestid"], rest.headers["x-amzn-requestid"])
      }))

    it.effect("absent members are left out, not null", () =>
      Effect.gen(function*() {
        const { control, emulator } = yield* arrange
        yield* control.loadFixture({
          VoiceConnectors: [{
            VoiceConnectorId: "vc-minimal",
            ProxySessions: [{ ProxySessionId: "s-1", CreatedTimestamp: "2025-01-02T03:04:05.678Z" }]
          }]
        })
        const answer = yield* signedGet(emulator, "/voice-connectors/vc-minimal/proxy-sessions")
        const page = JSON.parse(answer.body) as { ProxySessions: Array<Record<string, unknown>> }
        assert.strictEqual(page.ProxySessions.length, 1)
        const [session] = page.ProxySessions
        assert.isDefined(session)
        for (const [key, value] of Object.entries(session)) {
          assert.isNotNull(value, key)
        }
        assert.strictEqual(session.CreatedTimestamp, "2025-01-02T03:04:05.678Z")
        assert.notProperty(session, "Name")
      }))

    it.effect("an unknown route is a 404 and a wrong method a 405, both AWS-shaped", () =>
      Effect.gen(function*() {
        const { emulator, ids } = yield* arrange
        // `/voice-connectors` is ListVoiceConnectors' route: not an unknown one.
        for (const target of ["/", "/voice-connectorsx", `/voice-connectors/${ids[0]}`, "/proxy-sessions", "/x?y=z"]) {
          assertAwsError(yield* request(`${emulator.url}${target}`), "UnknownOperationException", 404)
        }
        for (const method of ["POST", "PUT", "DELETE", "PATCH"]) {
          for (const path of [`/voice-connectors/${ids[0]}/proxy-sessions`, "/voice-connectors"]) {
            const answer = yield* request(`${emulator.url}${path}`, { method })
            assertAwsError(answer, "MethodNotAllowedException", 405)
            assert.strictEqual(answer.headers["allow"], "GET")
          }
        }
      }))

    it.effect("no credentials: 403 MissingAuthenticationToken, AWS-shaped", () =>
      Effect.gen(function*() {
        const { emulator, ids } = yield* arrange
        const body = assertAwsError(
          yield* request(`${emulator.url}/voice-connectors/${ids[0]}/proxy-sessions`),
          "MissingAuthenticationToken",
          403
        )
        assert.strictEqual(body.Code, "MissingAuthenticationToken")
      }))

    it.effect("malformed requests, signed, get an AWS-shaped 4xx, change nothing, and the server keeps serving", () =>
      malformed(true))

    it.effect("what node refuses before any handler (oversized URL or headers, bad HTTP) is AWS-shaped too", () =>
      Effect.gen(function*() {
        const { emulator, ids } = yield* arrange
        const oversizedUrl = answered(
          yield* rawRequest(emulator, `/voice-connectors/${ids[0]}/proxy-sessions?next-token=${"x".repeat(20_000)}`)
        )
        const oversizedHeaders = answered(
          yield* rawRequest(emulator, `/voice-connectors/${ids[0]}/proxy-sessions`, [`X-Big: ${"y".repeat(20_000)}`])
        )
        const garbage = answered(yield* Effect.promise(() => raw(emulator.port, "GARBAGE\r\n\r\n")))
        const badHeader = answered(
          yield* rawRequest(emulator, `/voice-connectors/${ids[0]}/proxy-sessions`, ["Bad Header: x"])
        )
        for (const answer of [oversizedUrl, oversizedHeaders, garbage, badHeader]) {
          assertAwsError(answer, "BadRequestException", 400)
          assert.strictEqual(answer.headers["connection"], "close")
        }
        assert.include(oversizedUrl.body, "16,384 bytes")
        const health = yield* request(`${emulator.url}/_chime-proxy/health`)
        assert.strictEqual(health.status, 200)
      }))
  })

  layer(Emulator.layerSimulator({ auth: false }), { excludeTestServices: true })((it) => {
    it.effect("malformed requests, with auth off, get an AWS-shaped 4xx and change nothing", () => malformed(false))

    it.effect("with auth switched off on purpose, unsigned requests are served", () =>
      Effect.gen(function*() {
        const { emulator, ids } = yield* arrange
        assert.isFalse(emulator.auth)
        const answer = yield* request(`${emulator.url}/voice-connectors/${ids[0]}/proxy-sessions?max-results=3`)
        assert.strictEqual(answer.status, 200)
        assert.strictEqual((JSON.parse(answer.body) as { ProxySessions: Array<unknown> }).ProxySessions.length, 3)
      }))
  })
})
