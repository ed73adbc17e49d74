import {
  BadRequestException,
  ChimeSDKVoiceServiceException,
  ForbiddenException,
  ListProxySessionsCommand,
  NotFoundException,
  paginateListProxySessions,
  ServiceFailureException,
  ServiceUnavailableException,
  ThrottledClientException,
  UnauthorizedClientException
} from "@aws-sdk/client-chime-sdk-voice"
import type { ChimeSDKVoiceClient, ProxySession as SdkProxySession } from "@aws-sdk/client-chime-sdk-voice"
import { ServiceError } from "@chime-proxy/core"
import type { ProxySession } from "@chime-proxy/core"
import { FaultPlan, Simulator } from "@chime-proxy/simulator"
import { assert, describe, layer } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { Emulator } from "../src/index.js"
import { sdkClient } from "./utils.js"

const sdkClasses = {
  BadRequestException,
  UnauthorizedClientException,
  ForbiddenException,
  NotFoundException,
  ThrottledClientException,
  ServiceFailureException,
  ServiceUnavailableException
} as const

/** An SDK session as the wire JSON: dates back to ISO 8601, absent members left out. */
const toJson = (session: SdkProxySession): ProxySession.ProxySessionJson =>
  JSON.parse(JSON.stringify(session, (_key, value: unknown) => value instanceof Date ? value.toISOString() : value))

const failure = (promise: Promise<unknown>) =>
  Effect.promise(() =>
    promise.then(
      () => assert.fail("expected the call to fail"),
      (error: unknown) => {
        assert.instanceOf(error, ChimeSDKVoiceServiceException)
        return error as ChimeSDKVoiceServiceException
      }
    )
  )

const collect = (
  client: ChimeSDKVoiceClient,
  input: { VoiceConnectorId: string; Status?: "Open" | "InProgress" | "Closed" },
  pageSize: number
) =>
  Effect.promise(async () => {
    const pages: Array<ReadonlyArray<SdkProxySession>> = []
    for await (const page of paginateListProxySessions({ client, pageSize }, input)) {
      pages.push(page.ProxySessions ?? [])
    }
    return pages
  })

const arrange = Effect.gen(function*() {
  const control = yield* Simulator.SimulatorControl
  yield* control.reset()
  const ids = yield* control.seed({ seed: 42, connectors: 3, sessionsPerConnector: 57 })
  const fixture = yield* control.saveFixture()
  return { control, ids, fixture }
})

describe("the official AWS SDK against the emulator", () => {
  layer(Emulator.layerSimulator(), { excludeTestServices: true })((it) => {
    it.effect("paginateListProxySessions returns every session exactly once, every field equal to the fixture", () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        const { fixture, ids } = yield* arrange
        const client = sdkClient(emulator)
        for (const id of ids) {
          const expected = fixture.VoiceConnectors.find((connector) => connector.VoiceConnectorId === id)
          assert.isDefined(expected)
          const pages = yield* collect(client, { VoiceConnectorId: id }, 10)
          assert.strictEqual(pages.length, 6)
          const sessions = pages.flat()
          assert.strictEqual(new Set(sessions.map((s) => s.ProxySessionId)).size, 57)
          assert.deepStrictEqual(sessions.map(toJson), expected!.ProxySessions)
        }
      }))

    it.effect("the Status filter and MaxResults work", () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        const { fixture, ids } = yield* arrange
        const client = sdkClient(emulator)
        const [id] = ids
        assert.isDefined(id)
        const all = fixture.VoiceConnectors.find((connector) => connector.VoiceConnectorId === id)?.ProxySessions ?? []
        let total = 0
        for (const status of ["Open", "InProgress", "Closed"] as const) {
          const sessions = (yield* collect(client, { VoiceConnectorId: id, Status: status }, 4)).flat()
          assert.deepStrictEqual(sessions.map(toJson), all.filter((session) => session.Status === status))
          total += sessions.length
        }
        assert.strictEqual(total, 57)
        const page = yield* Effect.promise(() =>
          client.send(new ListProxySessionsCommand({ VoiceConnectorId: ids[0], MaxResults: 7 }))
        )
        assert.strictEqual(page.ProxySessions?.length, 7)
        assert.isString(page.NextToken)
        assert.strictEqual(page.$metadata.httpStatusCode, 200)
        assert.match(page.$metadata.requestId ?? "", /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
        const last = yield* Effect.promise(() =>
          client.send(new ListProxySessionsCommand({ VoiceConnectorId: ids[0], MaxResults: 100 }))
        )
        assert.strictEqual(last.ProxySessions?.length, 57)
        assert.isUndefined(last.NextToken)
      }))

    it.effect("each of the seven errors arrives as its own modelled exception, with its status", () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        const { control, ids } = yield* arrange
        const client = sdkClient(emulator)
        for (const [name, SdkClass] of Object.entries(sdkClasses)) {
          yield* control.setFaults(FaultPlan.scripted(FaultPlan.failCall(1, name as FaultPlan.FaultErrorName, "why")))
          const error = yield* failure(client.send(new ListProxySessionsCommand({ VoiceConnectorId: ids[0] })))
          assert.isTrue(error instanceof SdkClass, `${error.name} is an instance of ${name}`)
          assert.strictEqual(error.name, name)
          assert.strictEqual(
            error.$metadata.httpStatusCode,
            new ServiceError.operationErrors[name as keyof typeof sdkClasses]({ Message: "" }).status
          )
          assert.strictEqual(error.message, "why")
        }
        yield* control.clearFaults()
      }))

    it.effect("an unknown voice connector is a NotFoundException", () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        yield* arrange
        const error = yield* failure(
          sdkClient(emulator).send(new ListProxySessionsCommand({ VoiceConnectorId: "no-such-connector" }))
        )
        assert.instanceOf(error, NotFoundException)
        assert.strictEqual(error.$metadata.httpStatusCode, 404)
      }))

    it.effect("a wrong secret gets SignatureDoesNotMatch, an unknown key InvalidClientTokenId", () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        const { ids } = yield* arrange
        const wrongSecret = yield* failure(
          sdkClient(emulator, { secretAccessKey: "not-the-secret" }).send(
            new ListProxySessionsCommand({ VoiceConnectorId: ids[0] })
          )
        )
        assert.strictEqual(wrongSecret.name, "SignatureDoesNotMatch")
        assert.strictEqual(wrongSecret.$metadata.httpStatusCode, 403)
        assert.notInclude(wrongSecret.message, "not-the-secret")
        const unknownKey = yield* failure(
          sdkClient(emulator, { accessKeyId: "AKIAUNKNOWNKEY000000" }).send(
            new ListProxySessionsCommand({ VoiceConnectorId: ids[0] })
          )
        )
        assert.strictEqual(unknownKey.name, "InvalidClientTokenId")
        assert.strictEqual(unknownKey.$metadata.httpStatusCode, 403)
      }))

    it.effect("temporary credentials (a session token) are accepted", () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        const { ids } = yield* arrange
        const page = yield* Effect.promise(() =>
          sdkClient(emulator, { sessionToken: "FwoGZXIvYXdzEXAMPLETOKEN" }).send(
            new ListProxySessionsCommand({ VoiceConnectorId: ids[0], MaxResults: 1 })
          )
        )
        assert.strictEqual(page.ProxySessions?.length, 1)
      }))

    it.effect("a client clock 20 minutes slow gets RequestExpired, corrects itself from Date, and then succeeds", () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        const { ids } = yield* arrange
        const client = sdkClient(emulator, { systemClockOffset: -20 * 60 * 1000 })
        const expired = yield* failure(client.send(new ListProxySessionsCommand({ VoiceConnectorId: ids[0] })))
        assert.strictEqual(expired.name, "RequestExpired")
        assert.strictEqual(expired.$metadata.httpStatusCode, 400)
        assert.isBelow(Math.abs(client.config.systemClockOffset), 60_000)
        const page = yield* Effect.promise(() =>
          client.send(new ListProxySessionsCommand({ VoiceConnectorId: ids[0], MaxResults: 2 }))
        )
        assert.strictEqual(page.ProxySessions?.length, 2)
      }))
  })

  layer(Emulator.layerSimulator({ clockSkewMillis: 20 * 60 * 1000 }), { excludeTestServices: true })((it) => {
    it.effect("against a server clock 20 minutes ahead, the SDK corrects its offset and retries within the call", () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        const { ids } = yield* arrange
        const client = sdkClient(emulator, { maxAttempts: 3 })
        const page = yield* Effect.promise(() =>
          client.send(new ListProxySessionsCommand({ VoiceConnectorId: ids[0], MaxResults: 3 }))
        )
        assert.strictEqual(page.ProxySessions?.length, 3)
        assert.strictEqual(page.$metadata.attempts, 2)
        assert.isBelow(Math.abs(client.config.systemClockOffset - 20 * 60 * 1000), 60_000)
      }))
  })
})
