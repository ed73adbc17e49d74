/**
 * A hand-written check of a ListProxySessions request, for the live layer's every page: it answers "valid, and here
 * is the request the schema would decode" or "not sure" (`undefined`), and then the schema decides and gives its
 * usual error. Like the response's fast path (decodeFast.ts), it only has to be right about what it accepts; the
 * property tests in test/FastRequest.test.ts hold it to the schema.
 */
import { ListProxySessionsRequest } from "../ListProxySessions.js"
import { isId, isKnownStatus, isNextToken } from "./constraints.js"

const hasOwn = Object.prototype.hasOwnProperty

const isMaxResults = (value: unknown): value is number =>
  typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= 100

/**
 * The request the schema would decode from `input`, or `undefined` when the schema must decide. Only a plain
 * object is read (the schema reads own properties; so does this), its members written in the schema's field order.
 *
 * @internal
 */
export const validateRequestFast = (input: unknown): ListProxySessionsRequest | undefined => {
  if (typeof input !== "object" || input === null || Object.getPrototypeOf(input) !== Object.prototype) {
    return undefined
  }
  const record = input as Record<string, unknown>
  if (!hasOwn.call(record, "VoiceConnectorId")) return undefined
  const props: Record<string, unknown> = {}
  const id = record.VoiceConnectorId
  if (!isId(id)) return undefined
  props.VoiceConnectorId = id
  if (hasOwn.call(record, "Status")) {
    const status = record.Status
    if (typeof status !== "string" || !isKnownStatus(status)) return undefined
    props.Status = status
  }
  if (hasOwn.call(record, "NextToken")) {
    const token = record.NextToken
    if (!isNextToken(token)) return undefined
    props.NextToken = token
  }
  if (hasOwn.call(record, "MaxResults")) {
    const max = record.MaxResults
    if (!isMaxResults(max)) return undefined
    props.MaxResults = max
  }
  // Checked above, member by member, as the schema checks them: its constructor need not check them again.
  return new ListProxySessionsRequest(props as ConstructorParameters<typeof ListProxySessionsRequest>[0], true)
}
