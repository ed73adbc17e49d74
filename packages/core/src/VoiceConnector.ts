/**
 * The shapes of a voice connector as the Amazon Chime SDK Voice API model defines them (ListVoiceConnectors), with
 * every constraint of the model. Enumerations are open, as ProxySession's are: a region, integration type or network
 * type AWS adds later decodes to an {@link ProxySession.UnknownEnumValue} instead of failing the page.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { openEnum, Timestamp } from "./ProxySession.js"

const nonBlank = /\S/

/**
 * A string with a character that is not white space (NonEmptyString in the model, pattern `.*\S.*`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const NonEmptyString = Schema.String.pipe(
  Schema.filter((value) => nonBlank.test(value) || "must contain a character that is not white space", {
    jsonSchema: { pattern: ".*\\S.*" },
    arbitrary: () => (fc) => fc.stringMatching(/^[a-z0-9]{1,30}$/)
  })
).annotations({ identifier: "NonEmptyString" })

/**
 * The regions a voice connector can be created in, as a request would name them.
 *
 * @since 0.1.0
 * @category schemas
 */
export const VoiceConnectorAwsRegion = Schema.Literal(
  "us-east-1",
  "us-west-2",
  "ca-central-1",
  "eu-central-1",
  "eu-west-1",
  "eu-west-2",
  "ap-northeast-2",
  "ap-northeast-1",
  "ap-southeast-1",
  "ap-southeast-2"
).annotations({ identifier: "VoiceConnectorAwsRegion" })

/**
 * @since 0.1.0
 * @category models
 */
export type VoiceConnectorAwsRegion = typeof VoiceConnectorAwsRegion.Type

/**
 * The integration types of a voice connector (connectors for Amazon Connect).
 *
 * @since 0.1.0
 * @category schemas
 */
export const VoiceConnectorIntegrationType = Schema.Literal(
  "CONNECT_CALL_TRANSFER_CONNECTOR",
  "CONNECT_ANALYTICS_CONNECTOR"
).annotations({ identifier: "VoiceConnectorIntegrationType" })

/**
 * @since 0.1.0
 * @category models
 */
export type VoiceConnectorIntegrationType = typeof VoiceConnectorIntegrationType.Type

/**
 * The network type of a voice connector: IPv4 only or dual-stack.
 *
 * @since 0.1.0
 * @category schemas
 */
export const NetworkType = Schema.Literal("IPV4_ONLY", "DUAL_STACK").annotations({ identifier: "NetworkType" })

/**
 * @since 0.1.0
 * @category models
 */
export type NetworkType = typeof NetworkType.Type

/**
 * A region as a response carries it: a known region or an {@link ProxySession.UnknownEnumValue}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ResponseVoiceConnectorAwsRegion = openEnum(VoiceConnectorAwsRegion)

/**
 * @since 0.1.0
 * @category schemas
 */
export const ResponseVoiceConnectorIntegrationType = openEnum(VoiceConnectorIntegrationType)

/**
 * @since 0.1.0
 * @category schemas
 */
export const ResponseNetworkType = openEnum(NetworkType)

const namePattern = /^[a-zA-Z0-9 _.-]+$/

/**
 * The name of a voice connector: 1 to 256 letters, digits, spaces, `_`, `.` and `-` (VoiceConnectorName in the
 * model, its pattern `[a-zA-Z0-9 _.-]+` matched against the whole name).
 *
 * @since 0.1.0
 * @category schemas
 */
export const VoiceConnectorName = Schema.String.pipe(
  Schema.minLength(1, { message: () => "Name must have at least 1 character" }),
  Schema.maxLength(256, { message: () => "Name must have at most 256 characters" }),
  Schema.pattern(namePattern, {
    message: () => "Name must contain only letters, digits, spaces, _, . and - ([a-zA-Z0-9 _.-]+)",
    arbitrary: () => (fc) => fc.stringMatching(/^[a-zA-Z0-9 _.-]{1,40}$/)
  })
).annotations({ identifier: "VoiceConnectorName" })

/**
 * A voice connector with the 10 members of the model, all optional as the model has them. Constraints are checked;
 * enumerations are open; members the model does not know are ignored.
 *
 * @since 0.1.0
 * @category schemas
 */
export class VoiceConnector extends Schema.Class<VoiceConnector>("VoiceConnector")({
  VoiceConnectorId: Schema.optionalWith(NonEmptyString, { exact: true }),
  AwsRegion: Schema.optionalWith(ResponseVoiceConnectorAwsRegion, { exact: true }),
  Name: Schema.optionalWith(VoiceConnectorName, { exact: true }),
  OutboundHostName: Schema.optionalWith(Schema.String, { exact: true }),
  RequireEncryption: Schema.optionalWith(Schema.Boolean, { exact: true }),
  CreatedTimestamp: Schema.optionalWith(Timestamp, { exact: true }),
  UpdatedTimestamp: Schema.optionalWith(Timestamp, { exact: true }),
  VoiceConnectorArn: Schema.optionalWith(NonEmptyString, { exact: true }),
  IntegrationType: Schema.optionalWith(ResponseVoiceConnectorIntegrationType, { exact: true }),
  NetworkType: Schema.optionalWith(ResponseNetworkType, { exact: true })
}) {}

/**
 * The JSON form of a voice connector, exactly as ListVoiceConnectors returns it.
 *
 * @since 0.1.0
 * @category models
 */
export type VoiceConnectorJson = typeof VoiceConnector.Encoded
