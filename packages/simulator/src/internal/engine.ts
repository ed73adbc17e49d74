/**
 * The simulator's state and every operation on it, as synchronous functions of the current instant: the voice
 * connectors of the store, their sessions' lifecycle, and ListProxySessions over them. Generation, paging, faults
 * and fixtures are modules of their own. The public module wraps these operations in Effects that read the instant
 * from the Clock; JavaScript runs each one to its end, so every operation is atomic (a fixture is loaded in steps,
 * off to the side, and put in place by one).
 *
 * About 430 lines: each operation is short, and they share the connectors and the generator they draw ids
 * from, which a further split would have to pass around.
 */
import type { ServiceError } from "@chime-proxy/core"
import { ListProxySessions, ProxySession, VoiceConnector } from "@chime-proxy/core"
import type { ListVoiceConnectors } from "@chime-proxy/core"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import type { FaultPlan } from "../FaultPlan.js"
import type * as Fixture from "../Fixture.js"
import { SimulatorError } from "../SimulatorError.js"
import { type Fault, Faults } from "./faults.js"
import { fillSteps, type FixtureTarget } from "./fixtureLoad.js"
import { fixtureText, fromSession, openArray, savedSessions } from "./fixtures.js"
import { fillGenerated, generateConnectorId, generatedExpiries } from "./generate.js"
import { encodePage, JsonCache } from "./json.js"
import { pageOf } from "./paging.js"
import { Prng } from "./prng.js"
import { CLOSED_STATUS, Connector, UNKNOWN_STATUS } from "./store.js"
import * as Token from "./token.js"
import * as VoiceConnectors from "./voiceConnectors.js"

export interface EngineOptions {
  readonly seed: number
  readonly retentionMillis: number
  readonly defaultPageSize: number
  readonly scanLimit: number
  readonly faults: FaultPlan
}

export interface SeedOptions {
  readonly seed: number
  readonly connectors: number
  readonly sessionsPerConnector: number
}

const issuePath = (error: ParseResult.ParseError): { path: string; message: string } => {
  const issue = ParseResult.ArrayFormatter.formatErrorSync(error)[0]
  return {
    path: issue === undefined ? "" : issue.path.map(String).join("."),
    message: issue?.message ?? "is invalid"
  }
}

type JsonObject = { readonly [key: string]: unknown }

const asObject = (value: unknown): JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? value as JsonObject : {}

const noExtras = () => ({ top: {}, connectors: new Map<string, JsonObject>() })

const decodeSession = Schema.decodeUnknownEither(ProxySession.ProxySession)
const decodeConnectorId = Schema.decodeUnknownEither(ProxySession.VoiceConnectorId)
const decodeConnectorFields = Schema.decodeUnknownEither(VoiceConnector.VoiceConnector)
const encodeConnector = Schema.encodeSync(VoiceConnector.VoiceConnector)

/** The members of a fixture's connector besides its id and its sessions. */
const givenAttributes = (entry: Fixture.Fixture["VoiceConnectors"][number]): VoiceConnectors.Attributes => {
  const { ProxySessions: _sessions, VoiceConnectorId: _id, ...attributes } = entry
  return attributes
}

export class Engine {
  private connectors = new Map<string, Connector>()
  private prng: Prng
  private incarnations = 0
  private generation = 0
  private readonly faults: Faults
  private readonly tokenKey: Token.TokenKey
  /** The sessions' JSON, for the wire form: as many as the world has, from 8,192 to 131,072 (see JsonCache). */
  private readonly jsonCache = new JsonCache()
  /** Milliseconds added to the Clock: the control's own time travel. */
  offset = 0
  /** The members of the last fixture loaded that are not the simulator's own, at its top and in its connectors. */
  private extras: { readonly top: JsonObject; readonly connectors: Map<string, JsonObject> } = noExtras()

  constructor(readonly options: EngineOptions) {
    this.prng = new Prng(options.seed)
    this.tokenKey = Token.makeKey(options.seed)
    this.faults = new Faults(options.faults)
  }

  reset(): void {
    this.connectors = new Map()
    this.prng = new Prng(this.options.seed)
    this.incarnations = 0
    this.generation++
    this.offset = 0
    this.extras = noExtras()
    this.jsonCache.clear()
    this.setFaults(this.options.faults)
  }

  // Faults

  setFaults(plan: FaultPlan): void {
    this.faults.set(plan)
  }

  get callCount(): number {
    return this.faults.callCount
  }

  nextFault(): Fault {
    return this.faults.next()
  }

  // Voice connectors

  private newConnector(prng: Prng, now: number, id?: ProxySession.VoiceConnectorId): Connector {
    let connectorId = id
    while (connectorId === undefined || this.connectors.has(connectorId)) {
      connectorId = generateConnectorId(prng) as ProxySession.VoiceConnectorId
    }
    const connector = new Connector(connectorId, ++this.incarnations, prng.next(), this.jsonCache)
    connector.attributes = VoiceConnectors.generateAttributes(this.options.seed, connectorId, now)
    return connector
  }

  createConnector(
    id: string | undefined,
    fields: unknown,
    now: number
  ): Either.Either<ProxySession.VoiceConnectorId, SimulatorError> {
    const decodedFields = decodeConnectorFields(fields ?? {}, { errors: "first", onExcessProperty: "error" })
    if (Either.isLeft(decodedFields)) {
      const { message, path } = issuePath(decodedFields.left)
      return Either.left(new SimulatorError({ reason: "InvalidInput", detail: `${path}: ${message}` }))
    }
    const { VoiceConnectorId: fieldId, ...attributes } = decodedFields.right
    if (fieldId !== undefined && id !== undefined && fieldId !== id) {
      return Either.left(
        new SimulatorError({ reason: "InvalidInput", detail: "VoiceConnectorId: differs from voiceConnectorId" })
      )
    }
    id = id ?? fieldId
    let given: ProxySession.VoiceConnectorId | undefined = undefined
    if (id !== undefined) {
      const decoded = decodeConnectorId(id)
      if (Either.isLeft(decoded)) {
        return Either.left(
          new SimulatorError({ reason: "InvalidInput", detail: `voiceConnectorId: ${issuePath(decoded.left).message}` })
        )
      }
      if (this.connectors.has(decoded.right)) {
        return Either.left(
          new SimulatorError({ reason: "ConnectorExists", detail: `The voice connector ${id} already exists` })
        )
      }
      given = decoded.right
    }
    const connector = this.newConnector(this.prng, now, given)
    connector.attributes = { ...connector.attributes, ...attributes }
    this.connectors.set(connector.id, connector)
    return Either.right(connector.id)
  }

  getConnector(id: string): Either.Either<VoiceConnector.VoiceConnector, SimulatorError> {
    return Either.map(this.connector(id), (connector) => VoiceConnectors.toVoiceConnector(id, connector.attributes))
  }

  private connector(id: string): Either.Either<Connector, SimulatorError> {
    const connector = this.connectors.get(id)
    return connector === undefined
      ? Either.left(new SimulatorError({ reason: "ConnectorNotFound", detail: `No voice connector ${id}` }))
      : Either.right(connector)
  }

  deleteConnector(id: string): Either.Either<void, SimulatorError> {
    return Either.map(this.connector(id), () => {
      this.connectors.delete(id)
      this.extras.connectors.delete(id)
      this.jsonCache.clear()
    })
  }

  connectorIds(): ReadonlyArray<ProxySession.VoiceConnectorId> {
    return Array.from(this.connectors.keys()).sort() as Array<ProxySession.VoiceConnectorId>
  }

  // Proxy sessions

  createSession(
    connectorId: string,
    fields: unknown,
    now: number
  ): Either.Either<ProxySession.ProxySession, SimulatorError> {
    return Either.flatMap(this.connector(connectorId), (connector) => {
      const decoded = decodeSession(fields, { errors: "first", onExcessProperty: "error" })
      if (Either.isLeft(decoded)) {
        const { message, path } = issuePath(decoded.left)
        return Either.left(new SimulatorError({ reason: "InvalidInput", detail: `${path}: ${message}` }))
      }
      const session = decoded.right
      if (session.VoiceConnectorId !== undefined && session.VoiceConnectorId !== connector.id) {
        return Either.left(
          new SimulatorError({
            reason: "InvalidInput",
            detail: `VoiceConnectorId: differs from the voice connector ${connector.id}`
          })
        )
      }
      if (session.ProxySessionId !== undefined && connector.has(session.ProxySessionId)) {
        return Either.left(
          new SimulatorError({
            reason: "SessionExists",
            detail: `The proxy session ${session.ProxySessionId} already exists in ${connector.id}`
          })
        )
      }
      // Both draws happen whatever the fields, so that later ids do not depend on which fields were given.
      const gen = this.prng.next()
      const expiry = this.prng.pick(generatedExpiries)
      const slot = connector.insert(fromSession(session, { now, gen, generate: true, expiry }))
      return Either.right(connector.materialize(slot, now))
    })
  }

  private session(
    connectorId: string,
    sessionId: string,
    now: number
  ): Either.Either<readonly [Connector, number], SimulatorError> {
    return Either.flatMap(this.connector(connectorId), (connector) => {
      const slot = connector.slotOf(sessionId)
      if (slot !== -1 && !connector.visible(slot, now, this.options.retentionMillis)) connector.remove(slot)
      else if (slot !== -1) return Either.right([connector, slot] as const)
      return Either.left(
        new SimulatorError({
          reason: "SessionNotFound",
          detail: `No proxy session ${sessionId} in the voice connector ${connectorId}`
        })
      )
    })
  }

  getSession(
    connectorId: string,
    sessionId: string,
    now: number
  ): Either.Either<ProxySession.ProxySession, SimulatorError> {
    return Either.map(
      this.session(connectorId, sessionId, now),
      ([connector, slot]) => connector.materialize(slot, now)
    )
  }

  private transition(
    connectorId: string,
    sessionId: string,
    now: number,
    what: string,
    apply: (connector: Connector, slot: number) => void
  ): Either.Either<ProxySession.ProxySession, SimulatorError> {
    return Either.flatMap(this.session(connectorId, sessionId, now), ([connector, slot]) => {
      const status = connector.status(slot, now)
      if (status === CLOSED_STATUS || status === UNKNOWN_STATUS) {
        return Either.left(
          new SimulatorError({
            reason: "InvalidTransition",
            detail: `Cannot ${what} the proxy session ${sessionId}: its status is ${
              String(connector.materialize(slot, now).Status?.valueOf())
            }`
          })
        )
      }
      apply(connector, slot)
      return Either.right(connector.materialize(slot, now))
    })
  }

  recordCall(connectorId: string, sessionId: string, now: number) {
    return this.transition(connectorId, sessionId, now, "record a call on", (c, slot) => c.recordCall(slot, now))
  }

  closeSession(connectorId: string, sessionId: string, now: number) {
    return this.transition(connectorId, sessionId, now, "close", (c, slot) => c.close(slot, now))
  }

  deleteSession(connectorId: string, sessionId: string, now: number): Either.Either<void, SimulatorError> {
    return Either.map(this.session(connectorId, sessionId, now), ([connector, slot]) => connector.remove(slot))
  }

  // Bulk data

  seed(options: SeedOptions, now: number): ReadonlyArray<ProxySession.VoiceConnectorId> {
    const prng = new Prng(options.seed, 0x5eed)
    const ids: Array<ProxySession.VoiceConnectorId> = []
    for (let c = 0; c < options.connectors; c++) {
      const connector = this.newConnector(prng, now)
      fillGenerated(connector, prng, options.sessionsPerConnector, now)
      this.connectors.set(connector.id, connector)
      ids.push(connector.id)
    }
    return ids
  }

  /**
   * Starts replacing the world with a fixture (`json`, as decoded into `fixture`) recorded at `recordedAt`: its
   * connectors are made now and filled by `step` (until it answers true) off to the side, where no call sees them,
   * and `commit` puts them in place of the world's in one step. The members of the fixture and of its connectors that
   * are not the simulator's own are kept, to be saved back as they were.
   */
  fixtureLoader(
    fixture: Fixture.Fixture,
    json: unknown,
    now: number,
    recordedAt: number
  ): { readonly step: () => boolean; readonly commit: () => void } {
    const connectors = new Map<string, Connector>()
    const extras = new Map<string, JsonObject>()
    const targets: Array<FixtureTarget> = []
    const { VoiceConnectors: rawConnectors, ...top } = asObject(json)
    const raw = Array.isArray(rawConnectors) ? rawConnectors : []
    for (const [c, entry] of fixture.VoiceConnectors.entries()) {
      const { ProxySessions: rawSessions, VoiceConnectorId: _, ...connectorExtras } = asObject(raw[c])
      const connector = new Connector(entry.VoiceConnectorId, ++this.incarnations, this.prng.next(), this.jsonCache)
      // As for sessions, a fixture's connector has exactly the members it was given: one with its id alone (the
      // fixtures of earlier versions) is listed with its id alone.
      connector.attributes = givenAttributes(entry)
      targets.push({ connector, sessions: entry.ProxySessions, json: Array.isArray(rawSessions) ? rawSessions : [] })
      connectors.set(connector.id, connector)
      extras.set(connector.id, structuredClone(connectorExtras))
    }
    const topExtras = structuredClone(top)
    return {
      step: fillSteps(targets, now, recordedAt),
      commit: () => {
        this.connectors = connectors
        this.extras = { top: topExtras, connectors: extras }
        this.jsonCache.clear()
      }
    }
  }

  saveFixture(now: number): Fixture.FixtureJson {
    const { VoiceConnectors: _, ...top } = this.extras.top
    return {
      ...top,
      VoiceConnectors: this.connectorIds().map((id) => {
        const connector = this.connectors.get(id)
        return {
          ...encodeConnector(VoiceConnectors.toVoiceConnector(id, connector?.attributes ?? {})),
          VoiceConnectorId: id,
          ...this.extras.connectors.get(id),
          ProxySessions: connector === undefined ? [] : savedSessions(connector, now, this.options.retentionMillis)
        }
      })
    }
  }

  /**
   * {@link saveFixture}'s JSON text, as `JSON.stringify` writes it, in pieces that `next` gives until it answers
   * undefined: each a piece of syntax or one session's JSON, so that the text of a million sessions (more than V8's
   * longest string) is never whole. The connectors are those of `now`; a session removed while the pieces are taken
   * is left out, one changed is written as it is then.
   */
  saveFixtureText(now: number): () => string | undefined {
    const { VoiceConnectors: _, ...top } = this.extras.top
    const connectors = this.connectorIds().map((id) => ({
      connector: this.connectors.get(id)!,
      head: openArray({
        ...encodeConnector(VoiceConnectors.toVoiceConnector(id, this.connectors.get(id)?.attributes ?? {})),
        VoiceConnectorId: id,
        ...this.extras.connectors.get(id)
      }, "ProxySessions")
    }))
    return fixtureText(openArray(top, "VoiceConnectors"), connectors, now, this.options.retentionMillis)
  }

  // ListProxySessions

  /** The sessions of a page and its NextToken, or the error ListProxySessions answers with. */
  private page(request: ListProxySessions.ListProxySessionsRequest, now: number) {
    return pageOf(this.connectors.get(request.VoiceConnectorId), request, now, {
      tokenKey: this.tokenKey,
      generation: this.generation,
      defaultPageSize: this.options.defaultPageSize,
      scanLimit: this.options.scanLimit,
      retentionMillis: this.options.retentionMillis
    })
  }

  list(
    request: ListProxySessions.ListProxySessionsRequest,
    now: number
  ): Either.Either<ListProxySessions.ListProxySessionsResponse, ServiceError.ServiceError> {
    return Either.map(
      this.page(request, now),
      ({ connector, nextToken, slots }) =>
        new ListProxySessions.ListProxySessionsResponse({
          ProxySessions: slots.map((slot) => connector.materialize(slot, now)),
          ...(nextToken === undefined ? {} : { NextToken: nextToken })
        }, true)
    )
  }

  /** {@link list}, answered as the body `Wire.encodeResponse` would write for it, in UTF-8. */
  listJson(
    request: ListProxySessions.ListProxySessionsRequest,
    now: number
  ): Either.Either<Uint8Array, ServiceError.ServiceError> {
    return Either.map(
      this.page(request, now),
      ({ connector, nextToken, slots }) => {
        this.jsonCache.reserve(connector.incarnation, connector.slotCount)
        return encodePage(slots.map((slot) => connector.json(slot, now)), nextToken)
      }
    )
  }

  // ListVoiceConnectors

  listConnectors(
    request: ListVoiceConnectors.ListVoiceConnectorsRequest
  ): Either.Either<ListVoiceConnectors.ListVoiceConnectorsResponse, ServiceError.ServiceError> {
    return VoiceConnectors.pageOf(
      this.connectorIds(),
      (id) => VoiceConnectors.toVoiceConnector(id, this.connectors.get(id)?.attributes ?? {}),
      request,
      { tokenKey: this.tokenKey, generation: this.generation, defaultPageSize: this.options.defaultPageSize }
    )
  }
}
