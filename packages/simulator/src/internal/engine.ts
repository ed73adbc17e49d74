/**
 * The simulator's state and every operation on it, as synchronous functions of the current instant. The public
 * module wraps them in Effects that read the instant from the Clock; JavaScript runs each one to its end, so every
 * operation is atomic.
 */
import { ListProxySessions, ProxySession, ServiceError } from "@chime-proxy/core"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import type { FaultErrorName, FaultPlan, Latency } from "../FaultPlan.js"
import type * as Fixture from "../Fixture.js"
import { SimulatorError } from "../SimulatorError.js"
import { encodePage, JsonCache } from "./json.js"
import { Prng } from "./prng.js"
import * as Token from "./token.js"
import {
  CLOSED_STATUS,
  Connector,
  fromSession,
  generateConnectorId,
  generatedExpiries,
  listSlots,
  type NewSession,
  statusCode,
  UNKNOWN_STATUS
} from "./world.js"

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

const minute = 60_000

const defaultMessages: Readonly<Record<string, string>> = {
  BadRequestException: "The input parameters don't match the service's restrictions.",
  UnauthorizedClientException: "The client isn't authorized to request a resource.",
  ForbiddenException: "The client is permanently forbidden from making the request.",
  NotFoundException: "The requested resource couldn't be found.",
  ThrottledClientException: "Rate exceeded",
  ServiceFailureException: "The service encountered an unexpected error.",
  ServiceUnavailableException: "The service is currently unavailable."
}

/** The service error of a fault. */
export const faultError = (name: FaultErrorName, message?: string): ServiceError.ServiceError =>
  ServiceError.fromName(name, {
    status: (ServiceError.operationErrorStatuses as Readonly<Record<string, number>>)[name] ??
      ServiceError.commonErrorStatuses[name as ServiceError.CommonErrorName],
    message: message ?? defaultMessages[name] ?? `Simulated ${name}`
  })

const sampleLatency = (latency: Latency | undefined, u: number): number => {
  if (latency === undefined) return 0
  switch (latency._tag) {
    case "Fixed":
      return latency.millis
    case "Uniform":
      return Math.round(Math.min(latency.min, latency.max) + u * Math.abs(latency.max - latency.min))
    case "Exponential":
      return Math.round(Math.min(-latency.mean * Math.log(1 - u), latency.max ?? 10 * latency.mean))
  }
}

/** What a fault plan does to one call. */
export interface Fault {
  readonly call: number
  readonly delayMillis: number
  readonly error: ServiceError.ServiceError | undefined
}

const issuePath = (error: ParseResult.ParseError): { path: string; message: string } => {
  const issue = ParseResult.ArrayFormatter.formatErrorSync(error)[0]
  return {
    path: issue === undefined ? "" : issue.path.map(String).join("."),
    message: issue?.message ?? "is invalid"
  }
}

const decodeSession = Schema.decodeUnknownEither(ProxySession.ProxySession)
const decodeConnectorId = Schema.decodeUnknownEither(ProxySession.VoiceConnectorId)
const encodeSession = Schema.encodeSync(ProxySession.ProxySession)

export class Engine {
  private connectors = new Map<string, Connector>()
  private prng: Prng
  private incarnations = 0
  private generation = 0
  private faultPlan: FaultPlan
  private faultPrng: Prng
  private calls = 0
  private readonly tokenKey: Token.TokenKey
  /** 8,192 sessions' JSON: several pages of 100 however they are spread, and a few megabytes at most. */
  private readonly jsonCache = new JsonCache(13)
  /** Milliseconds added to the Clock: the control's own time travel. */
  offset = 0

  constructor(readonly options: EngineOptions) {
    this.prng = new Prng(options.seed)
    this.tokenKey = Token.makeKey(options.seed)
    this.faultPlan = options.faults
    this.faultPrng = new Prng(options.faults.random?.seed ?? 0, 0xfa)
  }

  reset(): void {
    this.connectors = new Map()
    this.prng = new Prng(this.options.seed)
    this.incarnations = 0
    this.generation++
    this.offset = 0
    this.jsonCache.clear()
    this.setFaults(this.options.faults)
  }

  // Faults

  setFaults(plan: FaultPlan): void {
    this.faultPlan = plan
    this.faultPrng = new Prng(plan.random?.seed ?? 0, 0xfa)
    this.calls = 0
  }

  get faults(): FaultPlan {
    return this.faultPlan
  }

  get callCount(): number {
    return this.calls
  }

  nextFault(): Fault {
    const call = ++this.calls
    const rule = this.faultPlan.scripted.find((rule) => call >= rule.from && call <= (rule.to ?? rule.from))
    if (rule !== undefined) {
      return {
        call,
        delayMillis: rule.delayMillis ?? 0,
        error: rule.error === undefined ? undefined : faultError(rule.error, rule.message)
      }
    }
    const random = this.faultPlan.random
    if (random === undefined) return { call, delayMillis: 0, error: undefined }
    // Two draws per call whatever happens, so that a call's fate depends only on its number.
    const u = this.faultPrng.float()
    const delayMillis = sampleLatency(random.latency, this.faultPrng.float())
    const throttling = random.throttlingRate ?? 0
    const failure = throttling + (random.serviceFailureRate ?? 0)
    const unavailable = failure + (random.serviceUnavailableRate ?? 0)
    const error = u < throttling
      ? faultError("ThrottledClientException")
      : u < failure
      ? faultError("ServiceFailureException")
      : u < unavailable
      ? faultError("ServiceUnavailableException")
      : undefined
    return { call, delayMillis, error }
  }

  // Voice connectors

  private newConnector(prng: Prng, id?: ProxySession.VoiceConnectorId): Connector {
    let connectorId = id
    while (connectorId === undefined || this.connectors.has(connectorId)) {
      connectorId = generateConnectorId(prng) as ProxySession.VoiceConnectorId
    }
    return new Connector(connectorId, ++this.incarnations, prng.next(), this.jsonCache)
  }

  createConnector(id: string | undefined): Either.Either<ProxySession.VoiceConnectorId, SimulatorError> {
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
    const connector = this.newConnector(this.prng, given)
    this.connectors.set(connector.id, connector)
    return Either.right(connector.id)
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
      const connector = this.newConnector(prng)
      const count = options.sessionsPerConnector
      // Creation times are strictly increasing, 1 to 200 ms apart, the last one now.
      const offsets = new Float64Array(count)
      let total = 0
      for (let i = 0; i < count; i++) {
        total += 1 + prng.int(200)
        offsets[i] = total
      }
      const start = now - total
      connector.insertMany(count, (i): NewSession => {
        const created = start + offsets[i]
        const gen = prng.next()
        const expiry = generatedExpiries[prng.int(generatedExpiries.length)]
        const fate = prng.float()
        const when = prng.float()
        const span = Math.min(created + expiry * minute, now) - created
        const at = created + Math.floor(when * span)
        const called = span > 0 && fate >= 0.4 && fate < 0.75
        const closed = span > 0 && fate >= 0.75
        return {
          id: undefined,
          created,
          updated: called || closed ? at : created,
          expiry,
          called,
          closedAt: closed ? at : Number.NaN,
          gen,
          custom: undefined
        }
      })
      this.connectors.set(connector.id, connector)
      ids.push(connector.id)
    }
    return ids
  }

  loadFixture(fixture: Fixture.Fixture, now: number): void {
    const connectors = new Map<string, Connector>()
    for (const entry of fixture.VoiceConnectors) {
      const connector = new Connector(entry.VoiceConnectorId, ++this.incarnations, this.prng.next(), this.jsonCache)
      const sessions = entry.ProxySessions.map((session) =>
        fromSession(session, { now, gen: 0, generate: false, expiry: 0 })
      ).sort((a, b) => a.created - b.created || (a.id! < b.id! ? -1 : a.id! > b.id! ? 1 : 0))
      connector.insertMany(sessions.length, (i) => sessions[i])
      connectors.set(connector.id, connector)
    }
    this.connectors = connectors
    this.jsonCache.clear()
  }

  saveFixture(now: number): Fixture.FixtureJson {
    return {
      VoiceConnectors: this.connectorIds().map((id) => {
        const connector = this.connectors.get(id)!
        const sessions: Array<ProxySession.ProxySessionJson> = []
        for (const slot of connector.index.values()) {
          if (connector.visible(slot, now, this.options.retentionMillis)) {
            sessions.push(encodeSession(connector.materialize(slot, now)))
          }
        }
        return { VoiceConnectorId: id, ProxySessions: sessions }
      })
    }
  }

  // ListProxySessions

  /** The sessions of a page and its NextToken, or the error ListProxySessions answers with. */
  private page(
    request: ListProxySessions.ListProxySessionsRequest,
    now: number
  ): Either.Either<
    { readonly connector: Connector; readonly slots: ReadonlyArray<number>; readonly nextToken: string | undefined },
    ServiceError.ServiceError
  > {
    const connector = this.connectors.get(request.VoiceConnectorId)
    if (connector === undefined) {
      return Either.left(
        new ServiceError.NotFoundException({
          Message: `The voice connector ${request.VoiceConnectorId} was not found`
        })
      )
    }
    const status = request.Status ?? ""
    let after: { readonly created: number; readonly id: string } | undefined = undefined
    if (request.NextToken !== undefined && request.NextToken !== "") {
      const position = Token.decode(this.tokenKey, request.NextToken)
      if (Either.isLeft(position)) {
        return Either.left(new ServiceError.BadRequestException({ Message: `Invalid next-token: ${position.left}` }))
      }
      const { connector: incarnation, generation } = position.right
      if (generation !== this.generation || incarnation !== connector.incarnation || position.right.status !== status) {
        return Either.left(
          new ServiceError.BadRequestException({
            Message: "Invalid next-token: it belongs to another listing (voice connector, status or simulator state)"
          })
        )
      }
      after = position.right
    }
    const page = listSlots(connector, {
      status: request.Status === undefined ? -1 : statusCode(request.Status),
      after,
      limit: request.MaxResults ?? this.options.defaultPageSize,
      budget: this.options.scanLimit,
      now,
      retention: this.options.retentionMillis
    })
    const last = page.last
    return Either.right({
      connector,
      slots: page.slots,
      nextToken: last === undefined ? undefined : Token.encode(this.tokenKey, {
        generation: this.generation,
        connector: connector.incarnation,
        status,
        created: last.created,
        id: last.id
      })
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
      ({ connector, nextToken, slots }) => encodePage(slots.map((slot) => connector.json(slot, now)), nextToken)
    )
  }
}
