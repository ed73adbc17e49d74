/**
 * The contract every ProxySessions implementation must honour, as a vitest suite written once: validation, the
 * Status filter, the order, pagination, tokens and every error type of the operation. It arranges the world through
 * {@link SimulatorControl} and checks only through {@link ProxySessions.ProxySessions}, so it runs against the
 * simulator itself, and against any layer whose ProxySessions answers from a simulator (such as the live client
 * pointed at the HTTP emulator that wraps one).
 *
 * Import it from `@chime-proxy/simulator/Contract`; it needs `@effect/vitest` and `vitest`.
 *
 * Longer than most modules on purpose: it is one suite, the contract read top to bottom, whose tests share the
 * arrangement of the world and the assertions on errors.
 *
 * @since 0.1.0
 */
import type { ProxySession, ProxySessionsError, VoiceConnector } from "@chime-proxy/core"
import { ListVoiceConnectors, ProxySessions, ServiceError, VoiceConnectors } from "@chime-proxy/core"
import { afterAll, assert, describe, it } from "@effect/vitest"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import * as FaultPlan from "./FaultPlan.js"
import { SimulatorControl } from "./Simulator.js"

/**
 * @since 0.1.0
 * @category models
 */
export interface ContractOptions {
  /**
   * Whether the implementation may refuse an invalid request on the client's side with a RequestValidationError
   * (naming the member) instead of the service's BadRequestException (naming the wire parameter). Default true.
   */
  readonly allowClientValidation?: boolean | undefined
}

/** The instant the suite sets the simulator's clock to; sessions are created before it. */
const reference = Date.parse("2025-06-01T00:00:00.000Z")
const iso = (millis: number) => DateTime.formatIso(DateTime.unsafeMake(millis))
/** Long enough that no session of the suite expires while it runs. */
const longExpiry = 10 * 365 * 24 * 60

const ids = (sessions: Iterable<ProxySession.ProxySession>) => Array.from(sessions, (s) => s.ProxySessionId ?? "")

const failureOf = <A>(effect: Effect.Effect<A, ProxySessionsError.ProxySessionsError, ProxySessions.ProxySessions>) =>
  Effect.flatMap(Effect.either(effect), (result) =>
    Either.isLeft(result)
      ? Effect.succeed(result.left)
      : Effect.dieMessage("expected the call to fail, but it succeeded"))

/**
 * A world of `count` sessions on a fresh voice connector, created one second apart before the reference instant
 * (the last `ties` of them at the same instant), with statuses cycling Open, InProgress, Closed.
 */
const arrange = (count: number, ties = 0) =>
  Effect.gen(function*() {
    const control = yield* SimulatorControl
    const voiceConnectorId = yield* control.createVoiceConnector()
    const statuses = ["Open", "InProgress", "Closed"] as const
    const created: Array<ProxySession.ProxySession> = []
    for (let i = 0; i < count; i++) {
      const at = reference - 3_600_000 + Math.min(i, count - ties) * 1000
      const status = statuses[i % 3] ?? "Open"
      created.push(
        yield* control.createProxySession(voiceConnectorId, {
          CreatedTimestamp: iso(at),
          ExpiryMinutes: longExpiry,
          Status: status,
          ...(status === "InProgress" ? { UpdatedTimestamp: iso(at + 500) } : {}),
          ...(status === "Closed" ? { EndedTimestamp: iso(at + 500) } : {})
        })
      )
    }
    return { voiceConnectorId, created }
  })

/** The order every listing follows: CreatedTimestamp, then ProxySessionId. */
const sorted = (sessions: ReadonlyArray<ProxySession.ProxySession>) =>
  [...sessions].sort((a, b) => {
    const byTime = (a.CreatedTimestamp?.epochMillis ?? 0) - (b.CreatedTimestamp?.epochMillis ?? 0)
    if (byTime !== 0) return byTime
    const [x, y] = [a.ProxySessionId ?? "", b.ProxySessionId ?? ""]
    return x < y ? -1 : x > y ? 1 : 0
  })

const collectPages = (voiceConnectorId: string, pageSize?: number, status?: ProxySession.ProxySessionStatus) =>
  Effect.map(
    Stream.runCollect(ProxySessions.pages({ voiceConnectorId, pageSize, status })),
    (chunk) => Array.from(chunk)
  )

/**
 * The test of a suite: the layer is built once, on first use, and released after the suite; the simulator is reset
 * and its clock set to the reference instant before each test. (@effect/vitest's `layer` is not used: in 0.30.0 it
 * replaces `it.effect` for the rest of the file, which would change the user's other tests.)
 */
const harness = <R, E>(implementation: Layer.Layer<R | SimulatorControl, E>) => {
  const scope = Effect.runSync(Scope.make())
  const runtime = Effect.runSync(
    Effect.cached(Effect.orDie(Scope.extend(Layer.toRuntime(implementation), scope)))
  )
  afterAll(() => Effect.runPromise(Scope.close(scope, Exit.void)))
  return (title: string, body: () => Effect.Effect<void, unknown, R | SimulatorControl>) =>
    it.live(title, () =>
      Effect.flatMap(runtime, (context) =>
        Effect.gen(function*() {
          const control = yield* SimulatorControl
          yield* control.reset()
          yield* control.setClock(reference)
          yield* body()
        }).pipe(Effect.provide(context))))
}

/**
 * Registers the contract suite under `name`, against a layer providing ProxySessions and the SimulatorControl of
 * the simulator that answers it. The layer is built once, on first use, and used with the live Clock; the simulator
 * is reset before each test. It must
 * not retry: faults are expected to come back as they are.
 *
 * @since 0.1.0
 * @category suites
 */
export const contractSuite = <E>(
  name: string,
  implementation: Layer.Layer<ProxySessions.ProxySessions | SimulatorControl, E>,
  options: ContractOptions = {}
): void => {
  const allowClientValidation = options.allowClientValidation ?? true

  const expectInvalid = (
    error: ProxySessionsError.ProxySessionsError,
    member: string,
    wireName: string
  ) => {
    if (error._tag === "RequestValidationError" && allowClientValidation) {
      assert.strictEqual(error.field, member)
      return
    }
    assert.strictEqual(error._tag, "BadRequestException", `expected BadRequestException, got ${error._tag}`)
    if (error._tag === "BadRequestException") {
      assert.strictEqual(error.status, 400)
      assert.include(error.Message, wireName, `the message should name ${wireName}`)
    }
  }

  describe(name, () => {
    const test = harness(implementation)

    describe("validation", () => {
      test("MaxResults below 1, above 100 or not an integer is refused, naming max-results", () =>
        Effect.gen(function*() {
          const { voiceConnectorId } = yield* arrange(1)
          for (const MaxResults of [0, 101, -1, 1.5]) {
            expectInvalid(
              yield* failureOf(ProxySessions.listProxySessions({ VoiceConnectorId: voiceConnectorId, MaxResults })),
              "MaxResults",
              "max-results"
            )
          }
        }))

      test("a NextToken of more than 65535 characters is refused, naming next-token", () =>
        Effect.gen(function*() {
          const { voiceConnectorId } = yield* arrange(1)
          expectInvalid(
            yield* failureOf(
              ProxySessions.listProxySessions({ VoiceConnectorId: voiceConnectorId, NextToken: "a".repeat(65536) })
            ),
            "NextToken",
            "next-token"
          )
        }))

      test("a voice connector id that is empty, blank or longer than 128 is refused, naming voiceConnectorId", () =>
        Effect.gen(function*() {
          for (const VoiceConnectorId of ["", "   ", "\t", "a".repeat(129)]) {
            expectInvalid(
              yield* failureOf(ProxySessions.listProxySessions({ VoiceConnectorId })),
              "VoiceConnectorId",
              "voiceConnectorId"
            )
          }
        }))

      test("the limits themselves are accepted: MaxResults 1 and 100", () =>
        Effect.gen(function*() {
          const { voiceConnectorId } = yield* arrange(3)
          const one = yield* ProxySessions.listProxySessions({ VoiceConnectorId: voiceConnectorId, MaxResults: 1 })
          assert.strictEqual(one.ProxySessions.length, 1)
          const hundred = yield* ProxySessions.listProxySessions({
            VoiceConnectorId: voiceConnectorId,
            MaxResults: 100
          })
          assert.strictEqual(hundred.ProxySessions.length, 3)
          assert.isUndefined(hundred.NextToken)
        }))
    })

    describe("voice connectors", () => {
      test("an unknown voice connector is NotFoundException", () =>
        Effect.gen(function*() {
          const error = yield* failureOf(
            ProxySessions.listProxySessions({ VoiceConnectorId: "abcdefghijklmnopqrstu" })
          )
          assert.strictEqual(error._tag, "NotFoundException")
          assert.strictEqual((error as ServiceError.NotFoundException).status, 404)
        }))

      test("a deleted voice connector is NotFoundException", () =>
        Effect.gen(function*() {
          const { voiceConnectorId } = yield* arrange(2)
          yield* (yield* SimulatorControl).deleteVoiceConnector(voiceConnectorId)
          const error = yield* failureOf(ProxySessions.listProxySessions({ VoiceConnectorId: voiceConnectorId }))
          assert.strictEqual(error._tag, "NotFoundException")
        }))

      test("an empty voice connector lists nothing, without a NextToken", () =>
        Effect.gen(function*() {
          const { voiceConnectorId } = yield* arrange(0)
          const page = yield* ProxySessions.listProxySessions({ VoiceConnectorId: voiceConnectorId })
          assert.deepStrictEqual(page.ProxySessions, [])
          assert.isUndefined(page.NextToken)
        }))
    })

    describe("listing", () => {
      test("sessions come in CreatedTimestamp order, then ProxySessionId, ties included", () =>
        Effect.gen(function*() {
          const { created, voiceConnectorId } = yield* arrange(40, 12)
          const listed = yield* Stream.runCollect(ProxySessions.stream({ voiceConnectorId, pageSize: 100 }))
          assert.deepStrictEqual(ids(listed), ids(sorted(created)))
        }))

      test("sessions are returned as they were created: connector, id, status, timestamps", () =>
        Effect.gen(function*() {
          const { created, voiceConnectorId } = yield* arrange(6)
          const page = yield* ProxySessions.listProxySessions({ VoiceConnectorId: voiceConnectorId, MaxResults: 6 })
          const byId = new Map(page.ProxySessions.map((session) => [session.ProxySessionId, session]))
          for (const session of created) {
            const listed = byId.get(session.ProxySessionId)
            assert.isDefined(listed)
            assert.strictEqual(listed!.VoiceConnectorId, voiceConnectorId)
            assert.strictEqual(listed!.Status, session.Status)
            assert.strictEqual(listed!.CreatedTimestamp?.epochMillis, session.CreatedTimestamp?.epochMillis)
            assert.strictEqual(listed!.EndedTimestamp?.epochMillis, session.EndedTimestamp?.epochMillis)
            assert.strictEqual(listed!.Name, session.Name)
          }
        }))

      test("the Status filter returns exactly the sessions of that status, in order", () =>
        Effect.gen(function*() {
          const { created, voiceConnectorId } = yield* arrange(30)
          for (const status of ["Open", "InProgress", "Closed"] as const) {
            const listed = yield* Stream.runCollect(ProxySessions.stream({ voiceConnectorId, status, pageSize: 4 }))
            assert.deepStrictEqual(ids(listed), ids(sorted(created.filter((s) => s.Status === status))))
            assert.isTrue(Array.from(listed).every((session) => session.Status === status))
          }
        }))

      for (const pageSize of [1, 7, 100, undefined]) {
        test(`pages of ${pageSize ?? "the default size"} hold every session exactly once`, () =>
          Effect.gen(function*() {
            const { created, voiceConnectorId } = yield* arrange(23, 3)
            const pages = yield* collectPages(voiceConnectorId, pageSize)
            for (const [i, page] of pages.entries()) {
              assert.isAtMost(page.items.length, pageSize ?? 100)
              assert.strictEqual(page.nextToken === undefined, i === pages.length - 1)
            }
            if (pageSize !== undefined) assert.strictEqual(pages.length, Math.ceil(23 / pageSize))
            assert.deepStrictEqual(ids(pages.flatMap((page) => page.items)), ids(sorted(created)))
          }))
      }

      test("a listing cut by maxItems resumes at its last page's nextToken, with or without prefetch", () =>
        Effect.gen(function*() {
          const { created, voiceConnectorId } = yield* arrange(23, 3)
          const first = Array.from(
            yield* Stream.runCollect(ProxySessions.pages({ voiceConnectorId, pageSize: 5, maxItems: 7 }))
          )
          assert.deepStrictEqual(first.map((page) => page.items.length), [5, 2])
          const startingToken = first.at(-1)?.nextToken
          assert.isDefined(startingToken)
          const rest = yield* Stream.runCollect(
            ProxySessions.stream({ voiceConnectorId, pageSize: 5, startingToken, prefetch: 2 })
          )
          assert.deepStrictEqual(ids([...first.flatMap((page) => page.items), ...rest]), ids(sorted(created)))
        }))

      test("sessions created, closed or deleted between pages: stable ones once, nothing twice", () =>
        Effect.gen(function*() {
          const control = yield* SimulatorControl
          const { created, voiceConnectorId } = yield* arrange(20)
          const order = sorted(created)
          const [third, twelfth] = [order[3]?.ProxySessionId ?? "", order[12]?.ProxySessionId ?? ""]
          const removed = new Set([third, twelfth])
          const seen: Array<string> = []
          let token: string | undefined = undefined
          let round = 0
          do {
            const page: { ProxySessions: ReadonlyArray<ProxySession.ProxySession>; NextToken?: string | undefined } =
              yield* ProxySessions.listProxySessions({
                VoiceConnectorId: voiceConnectorId,
                MaxResults: 5,
                ...(token === undefined ? {} : { NextToken: token })
              })
            for (const id of ids(page.ProxySessions)) seen.push(id)
            token = page.NextToken
            if (round === 0) {
              yield* control.deleteProxySession(voiceConnectorId, third)
              yield* control.deleteProxySession(voiceConnectorId, twelfth)
              yield* control.createProxySession(voiceConnectorId, { ExpiryMinutes: longExpiry })
              yield* control.createProxySession(voiceConnectorId, {
                CreatedTimestamp: iso(reference - 7_200_000),
                ExpiryMinutes: longExpiry
              })
            }
            round++
          } while (token !== undefined)
          assert.strictEqual(new Set(seen).size, seen.length, "a session was returned twice")
          for (const id of ids(order.slice(5))) {
            if (!removed.has(id)) assert.include(seen, id)
          }
        }))
    })

    describe("tokens", () => {
      const firstToken = (voiceConnectorId: string, status?: ProxySession.ProxySessionStatus) =>
        Effect.map(
          ProxySessions.listProxySessions({
            VoiceConnectorId: voiceConnectorId,
            MaxResults: 2,
            ...(status === undefined ? {} : { Status: status })
          }),
          (page) => page.NextToken ?? ""
        )

      const expectBadToken = (
        voiceConnectorId: string,
        NextToken: string,
        status?: ProxySession.ProxySessionStatus
      ) =>
        Effect.gen(function*() {
          const error = yield* failureOf(
            ProxySessions.listProxySessions({
              VoiceConnectorId: voiceConnectorId,
              MaxResults: 2,
              NextToken,
              ...(status === undefined ? {} : { Status: status })
            })
          )
          assert.strictEqual(error._tag, "BadRequestException", `expected BadRequestException, got ${error._tag}`)
          assert.include((error as ServiceError.BadRequestException).Message, "next-token")
        })

      test("a token resumes its listing", () =>
        Effect.gen(function*() {
          const { created, voiceConnectorId } = yield* arrange(5)
          const token = yield* firstToken(voiceConnectorId)
          assert.notStrictEqual(token, "")
          const page = yield* ProxySessions.listProxySessions({
            VoiceConnectorId: voiceConnectorId,
            MaxResults: 2,
            NextToken: token
          })
          assert.deepStrictEqual(ids(page.ProxySessions), ids(sorted(created).slice(2, 4)))
        }))

      test("a truncated, altered or made-up token is BadRequestException", () =>
        Effect.gen(function*() {
          const { voiceConnectorId } = yield* arrange(5)
          const token = yield* firstToken(voiceConnectorId)
          yield* expectBadToken(voiceConnectorId, token.slice(0, -1))
          yield* expectBadToken(voiceConnectorId, token.slice(1))
          const middle = Math.floor(token.length / 2)
          const altered = token.slice(0, middle) + (token[middle] === "A" ? "B" : "A") + token.slice(middle + 1)
          yield* expectBadToken(voiceConnectorId, altered)
          yield* expectBadToken(voiceConnectorId, "not-a-token")
          yield* expectBadToken(voiceConnectorId, `${token}x`)
        }))

      test("a token of another voice connector or another Status filter is BadRequestException", () =>
        Effect.gen(function*() {
          const first = yield* arrange(9)
          const second = yield* arrange(9)
          yield* expectBadToken(second.voiceConnectorId, yield* firstToken(first.voiceConnectorId))
          yield* expectBadToken(first.voiceConnectorId, yield* firstToken(first.voiceConnectorId, "Open"), "Closed")
          yield* expectBadToken(first.voiceConnectorId, yield* firstToken(first.voiceConnectorId, "Open"))
          yield* expectBadToken(first.voiceConnectorId, yield* firstToken(first.voiceConnectorId), "Open")
        }))

      test("a token of a deleted voice connector is refused by its successor of the same id", () =>
        Effect.gen(function*() {
          const control = yield* SimulatorControl
          const { voiceConnectorId } = yield* arrange(5)
          const token = yield* firstToken(voiceConnectorId)
          yield* control.deleteVoiceConnector(voiceConnectorId)
          yield* control.createVoiceConnector({ voiceConnectorId })
          yield* expectBadToken(voiceConnectorId, token)
        }))
    })

    describe("errors", () => {
      for (const [errorName, ErrorClass] of Object.entries(ServiceError.operationErrors)) {
        const status = new ErrorClass({ Message: "" }).status
        test(`a ${errorName} (${status}) comes back as such`, () =>
          Effect.gen(function*() {
            const control = yield* SimulatorControl
            const { voiceConnectorId } = yield* arrange(2)
            yield* control.setFaults(
              FaultPlan.scripted(
                FaultPlan.failCalls(1, 1_000_000, errorName as FaultPlan.FaultErrorName, `simulated ${errorName}`)
              )
            )
            const error = yield* failureOf(ProxySessions.listProxySessions({ VoiceConnectorId: voiceConnectorId }))
            assert.strictEqual(error._tag, errorName)
            assert.strictEqual((error as ServiceError.OperationError).status, status)
            assert.strictEqual((error as ServiceError.OperationError).Message, `simulated ${errorName}`)
            yield* control.clearFaults()
            const page = yield* ProxySessions.listProxySessions({ VoiceConnectorId: voiceConnectorId })
            assert.strictEqual(page.ProxySessions.length, 2)
          }))
      }
    })
  })
}

const failureOfConnectors = <A>(
  effect: Effect.Effect<A, ProxySessionsError.ProxySessionsError, VoiceConnectors.VoiceConnectors>
) =>
  Effect.flatMap(Effect.either(effect), (result) =>
    Either.isLeft(result)
      ? Effect.succeed(result.left)
      : Effect.dieMessage("expected the call to fail, but it succeeded"))

const connectorIds = (connectors: Iterable<VoiceConnector.VoiceConnector>) =>
  Array.from(connectors, (connector) => connector.VoiceConnectorId ?? "")

/**
 * Registers the contract of ListVoiceConnectors under `name`, against a layer providing VoiceConnectors and the
 * SimulatorControl of the simulator that answers it: every connector listed once, in the same order on every call,
 * with its members; validation, tokens, an account with no connectors, connectors deleted mid-listing, and the six
 * errors of the operation. The layer is built once; the simulator is reset before each test. It must not retry.
 *
 * @since 0.1.0
 * @category suites
 */
export const voiceConnectorsContractSuite = <E>(
  name: string,
  implementation: Layer.Layer<VoiceConnectors.VoiceConnectors | SimulatorControl, E>,
  options: ContractOptions = {}
): void => {
  const allowClientValidation = options.allowClientValidation ?? true

  describe(name, () => {
    const test = harness(implementation)
    const make = (count: number) =>
      Effect.gen(function*() {
        const control = yield* SimulatorControl
        const made: Array<string> = []
        for (let i = 0; i < count; i++) made.push(yield* control.createVoiceConnector())
        return made.sort()
      })
    const listAll = (pageSize?: number) =>
      Effect.map(Stream.runCollect(VoiceConnectors.stream({ pageSize })), (chunk) => connectorIds(chunk))

    test("an account with no voice connectors is one empty page with no NextToken", () =>
      Effect.gen(function*() {
        const page = yield* VoiceConnectors.listVoiceConnectors({})
        assert.deepStrictEqual(page.VoiceConnectors, [])
        assert.isUndefined(page.NextToken)
      }))

    test("every voice connector is listed exactly once, by id, whatever the page size", () =>
      Effect.gen(function*() {
        const made = yield* make(12)
        for (const pageSize of [1, 5, 12, 100, undefined]) {
          assert.deepStrictEqual(yield* listAll(pageSize), made, `page size ${String(pageSize)}`)
        }
        const one = yield* VoiceConnectors.listVoiceConnectors({ MaxResults: 1 })
        assert.strictEqual(one.VoiceConnectors.length, 1)
        assert.isString(one.NextToken)
        const hundred = yield* VoiceConnectors.listVoiceConnectors({ MaxResults: 100 })
        assert.strictEqual(hundred.VoiceConnectors.length, 12)
        assert.isUndefined(hundred.NextToken)
      }))

    test("each connector comes back with the members the simulator holds, field by field", () =>
      Effect.gen(function*() {
        const control = yield* SimulatorControl
        const given = yield* control.createVoiceConnector({
          fields: {
            Name: "Main trunk_1.a-b",
            AwsRegion: "eu-west-2",
            RequireEncryption: false,
            OutboundHostName: "trunk.example.com",
            IntegrationType: "CONNECT_ANALYTICS_CONNECTOR",
            NetworkType: "DUAL_STACK",
            CreatedTimestamp: "2024-02-03T04:05:06.789Z",
            UpdatedTimestamp: "2024-03-04T05:06:07.891Z"
          }
        })
        yield* make(3)
        const listed = yield* Stream.runCollect(VoiceConnectors.stream({ pageSize: 2 }))
        for (const connector of listed) {
          const held = yield* control.getVoiceConnector(connector.VoiceConnectorId ?? "")
          assert.deepStrictEqual({ ...connector }, { ...held })
          assert.isDefined(connector.Name)
          assert.isDefined(connector.AwsRegion)
          assert.isDefined(connector.CreatedTimestamp)
          assert.isDefined(connector.VoiceConnectorArn)
        }
        const mine = Array.from(listed).find((connector) => connector.VoiceConnectorId === given)
        assert.strictEqual(mine?.Name, "Main trunk_1.a-b")
        assert.strictEqual(mine?.AwsRegion, "eu-west-2")
        assert.strictEqual(mine?.RequireEncryption, false)
        assert.strictEqual(mine?.OutboundHostName, "trunk.example.com")
        assert.strictEqual(mine?.IntegrationType, "CONNECT_ANALYTICS_CONNECTOR")
        assert.strictEqual(mine?.NetworkType, "DUAL_STACK")
        assert.strictEqual(
          mine?.CreatedTimestamp === undefined ? undefined : DateTime.formatIso(mine.CreatedTimestamp),
          "2024-02-03T04:05:06.789Z"
        )
      }))

    test("MaxResults below 1, above 100 or not an integer is refused, naming max-results", () =>
      Effect.gen(function*() {
        yield* make(1)
        for (const MaxResults of [0, 101, -1, 1.5]) {
          const error = yield* failureOfConnectors(VoiceConnectors.listVoiceConnectors({ MaxResults }))
          if (error._tag === "RequestValidationError" && allowClientValidation) {
            assert.strictEqual(error.field, "MaxResults")
          } else {
            assert.strictEqual(error._tag, "BadRequestException", `expected BadRequestException, got ${error._tag}`)
            if (error._tag === "BadRequestException") assert.include(error.Message, "max-results")
          }
        }
      }))

    test("a truncated, altered or made-up token is BadRequestException", () =>
      Effect.gen(function*() {
        yield* make(5)
        const token = (yield* VoiceConnectors.listVoiceConnectors({ MaxResults: 2 })).NextToken ?? ""
        assert.notStrictEqual(token, "")
        for (const NextToken of [token.slice(0, -1), token.slice(1), `${token}x`, "made-up"]) {
          const error = yield* failureOfConnectors(VoiceConnectors.listVoiceConnectors({ MaxResults: 2, NextToken }))
          assert.strictEqual(error._tag, "BadRequestException", NextToken)
        }
      }))

    test("connectors deleted or made between pages move nothing already listed: the rest come once each", () =>
      Effect.gen(function*() {
        const control = yield* SimulatorControl
        const made = yield* make(9)
        const first = yield* VoiceConnectors.listVoiceConnectors({ MaxResults: 3 })
        assert.deepStrictEqual(connectorIds(first.VoiceConnectors), made.slice(0, 3))
        yield* control.deleteVoiceConnector(made[1] ?? "")
        yield* control.deleteVoiceConnector(made[4] ?? "")
        const rest = yield* Stream.runCollect(
          VoiceConnectors.stream({
            pageSize: 3,
            ...(first.NextToken === undefined ? {} : { startingToken: first.NextToken })
          })
        )
        assert.deepStrictEqual(connectorIds(rest), made.slice(3).filter((id) => id !== made[4]))
      }))

    describe("errors", () => {
      for (const errorName of ListVoiceConnectors.errorNames) {
        test(`a ${errorName} comes back as such`, () =>
          Effect.gen(function*() {
            const control = yield* SimulatorControl
            yield* make(2)
            yield* control.setFaults(
              FaultPlan.scripted(FaultPlan.failCalls(1, 1_000_000, errorName, `simulated ${errorName}`))
            )
            const error = yield* failureOfConnectors(VoiceConnectors.listVoiceConnectors({}))
            assert.strictEqual(error._tag, errorName)
            assert.strictEqual(
              (error as ServiceError.OperationError).status,
              ServiceError.operationErrorStatuses[errorName]
            )
            assert.strictEqual((error as ServiceError.OperationError).Message, `simulated ${errorName}`)
            yield* control.clearFaults()
            assert.strictEqual((yield* VoiceConnectors.listVoiceConnectors({})).VoiceConnectors.length, 2)
          }))
      }
    })
  })
}
