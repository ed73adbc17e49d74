/**
 * The request and response of the ListVoiceConnectors operation (`GET /voice-connectors`), which lists the voice
 * connectors of an account, and the errors the model gives it.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { MaxResults } from "./ListProxySessions.js"
import type { OperationErrorName } from "./ServiceError.js"
import { VoiceConnector } from "./VoiceConnector.js"

/**
 * The name of the operation, as spans and errors report it.
 *
 * @since 0.1.0
 * @category constants
 */
export const operationName = "ListVoiceConnectors"

/**
 * The errors of the operation in the model: those of ListProxySessions but NotFoundException.
 *
 * @since 0.1.0
 * @category constants
 */
export const errorNames: ReadonlyArray<OperationErrorName> = [
  "UnauthorizedClientException",
  "ForbiddenException",
  "BadRequestException",
  "ThrottledClientException",
  "ServiceUnavailableException",
  "ServiceFailureException"
]

/**
 * The token of the next page: any string (String in the model, which sets no bound on it).
 *
 * @since 0.1.0
 * @category schemas
 */
export const NextToken = Schema.String.annotations({
  identifier: "NextToken",
  message: () => "NextToken must be a string"
})

/**
 * The input of ListVoiceConnectors. Strict: every constraint is checked before a request is sent.
 *
 * @since 0.1.0
 * @category schemas
 */
export class ListVoiceConnectorsRequest extends Schema.Class<ListVoiceConnectorsRequest>("ListVoiceConnectorsRequest")({
  NextToken: Schema.optionalWith(NextToken, { exact: true }),
  MaxResults: Schema.optionalWith(MaxResults, { exact: true })
}) {}

/**
 * The output of ListVoiceConnectors. `VoiceConnectors` is an empty array when the service leaves it out.
 *
 * @since 0.1.0
 * @category schemas
 */
export class ListVoiceConnectorsResponse
  extends Schema.Class<ListVoiceConnectorsResponse>("ListVoiceConnectorsResponse")({
    VoiceConnectors: Schema.optionalWith(Schema.Array(VoiceConnector), { default: () => [] }),
    NextToken: Schema.optionalWith(NextToken, { exact: true })
  })
{}
