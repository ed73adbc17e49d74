/**
 * The request and response of the ListProxySessions operation
 * (`GET /voice-connectors/{voiceConnectorId}/proxy-sessions`).
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { ProxySession, ProxySessionStatus, VoiceConnectorId } from "./ProxySession.js"

/**
 * The name of the operation, as spans and errors report it.
 *
 * @since 0.1.0
 * @category constants
 */
export const operationName = "ListProxySessions"

/**
 * The end-of-support notice of the API model.
 *
 * @since 0.1.0
 * @category constants
 */
export const deprecationNotice =
  "End of support notice: On April 7, 2026, AWS ended support for Amazon Chime SDK proxy sessions. For more information, refer to https://docs.aws.amazon.com/chime-sdk/latest/APIReference/API_voice-chime_ListProxySessions.html"

/**
 * The number of results of one call: an integer from 1 to 100.
 *
 * @since 0.1.0
 * @category schemas
 */
export const MaxResults = Schema.Number.annotations({
  message: () => "MaxResults must be an integer from 1 to 100"
}).pipe(
  Schema.int({ message: () => "MaxResults must be an integer from 1 to 100" }),
  Schema.between(1, 100, { message: () => "MaxResults must be an integer from 1 to 100" })
).annotations({ identifier: "MaxResults" })

/**
 * The token of the next page: at most 65535 characters.
 *
 * @since 0.1.0
 * @category schemas
 */
export const NextToken = Schema.String.annotations({ message: () => "NextToken must be a string" }).pipe(
  Schema.maxLength(65535, { message: () => "NextToken must have at most 65535 characters" })
).annotations({ identifier: "NextToken" })

/**
 * The input of ListProxySessions. Strict: every constraint is checked before a request is sent.
 *
 * @since 0.1.0
 * @category schemas
 */
export class ListProxySessionsRequest extends Schema.Class<ListProxySessionsRequest>("ListProxySessionsRequest")({
  VoiceConnectorId,
  Status: Schema.optionalWith(ProxySessionStatus, { exact: true }),
  NextToken: Schema.optionalWith(NextToken, { exact: true }),
  MaxResults: Schema.optionalWith(MaxResults, { exact: true })
}) {}

/**
 * The output of ListProxySessions. `ProxySessions` is an empty array when the service leaves it out.
 *
 * @since 0.1.0
 * @category schemas
 */
export class ListProxySessionsResponse extends Schema.Class<ListProxySessionsResponse>("ListProxySessionsResponse")({
  ProxySessions: Schema.optionalWith(Schema.Array(ProxySession), { default: () => [] }),
  NextToken: Schema.optionalWith(NextToken, { exact: true })
}) {}
