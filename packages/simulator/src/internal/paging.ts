/**
 * Paging: the slots of one page of a connector, in listing order, with a Status filter, retention and a budget of
 * sessions examined per call; and the page a request asks for, behind its NextToken.
 */
import type { ListProxySessions } from "@chime-proxy/core"
import { ServiceError } from "@chime-proxy/core"
import * as Either from "effect/Either"
import { type Connector, statusCode } from "./store.js"
import * as Token from "./token.js"

/** A page of slots. `last` is the key of the last session examined, when more may follow. */
interface SlotPage {
  readonly slots: ReadonlyArray<number>
  readonly last: { readonly created: number; readonly id: string } | undefined
}

/**
 * Lists up to `limit` visible sessions of a status (any status when -1) with keys after `after`, examining at most
 * `budget` sessions (budget > limit). Sessions past their retention are dropped as they are met.
 */
const listSlots = (
  connector: Connector,
  options: {
    readonly status: number
    readonly after: { readonly created: number; readonly id: string } | undefined
    readonly limit: number
    readonly budget: number
    readonly now: number
    readonly retention: number
  }
): SlotPage => {
  const { after, budget, limit, now, retention, status } = options
  const index = connector.index
  const cursor = after === undefined ? index.first() : index.seek((slot) => {
    const created = connector.createdOf(slot)
    return created < after.created || (created === after.created && connector.idOf(slot) <= after.id)
  })
  const slots: Array<number> = []
  const expired: Array<number> = []
  let examined = 0
  let lastExamined = -1
  let lastReturned = -1
  let more = false
  for (let slot = index.at(cursor); slot !== -1; index.advance(cursor), slot = index.at(cursor)) {
    if (examined === budget) {
      more = true
      break
    }
    examined++
    if (!connector.visible(slot, now, retention)) {
      expired.push(slot)
    } else if (status === -1 || connector.status(slot, now) === status) {
      if (slots.length === limit) {
        more = true
        break
      }
      slots.push(slot)
      lastReturned = slot
    }
    lastExamined = slot
  }
  // A full page ends at its last session; a page cut short by the budget ends where the examination stopped.
  const lastSlot = slots.length === limit ? lastReturned : lastExamined
  const last = more && lastSlot !== -1
    ? { created: connector.createdOf(lastSlot), id: connector.idOf(lastSlot) }
    : more
    ? after
    : undefined
  for (const slot of expired) connector.remove(slot)
  return { slots, last }
}

/** What a page depends on besides the connector and the request. */
export interface PageContext {
  readonly tokenKey: Token.TokenKey
  /** Tokens of another generation (before a reset) are refused. */
  readonly generation: number
  readonly defaultPageSize: number
  readonly scanLimit: number
  readonly retentionMillis: number
}

/** A page of ListProxySessions: its connector, its slots and its NextToken. */
export interface Page {
  readonly connector: Connector
  readonly slots: ReadonlyArray<number>
  readonly nextToken: string | undefined
}

/** The page a request asks for, or the error ListProxySessions answers with. */
export const pageOf = (
  connector: Connector | undefined,
  request: ListProxySessions.ListProxySessionsRequest,
  now: number,
  context: PageContext
): Either.Either<Page, ServiceError.ServiceError> => {
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
    const position = Token.decode(context.tokenKey, request.NextToken)
    if (Either.isLeft(position)) {
      return Either.left(new ServiceError.BadRequestException({ Message: `Invalid next-token: ${position.left}` }))
    }
    const { connector: incarnation, generation } = position.right
    if (
      generation !== context.generation || incarnation !== connector.incarnation || position.right.status !== status
    ) {
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
    limit: request.MaxResults ?? context.defaultPageSize,
    budget: context.scanLimit,
    now,
    retention: context.retentionMillis
  })
  const last = page.last
  return Either.right({
    connector,
    slots: page.slots,
    nextToken: last === undefined ? undefined : Token.encode(context.tokenKey, {
      generation: context.generation,
      connector: connector.incarnation,
      status,
      created: last.created,
      id: last.id
    })
  })
}
