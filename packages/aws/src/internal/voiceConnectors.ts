import { ListVoiceConnectors, VoiceConnectors, VoiceConnectorsWire } from "@chime-proxy/core"
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Effect from "effect/Effect"
import type * as AwsConfig from "../AwsConfig.js"
import type * as Credentials from "../Credentials.js"
import * as Operation from "./operation.js"

/** @internal */
export const spanName = "VoiceConnectors.listVoiceConnectors" as const

const operation: Operation.Operation<ListVoiceConnectors.ListVoiceConnectorsResponse> = {
  name: ListVoiceConnectors.operationName,
  spanName,
  decode: VoiceConnectorsWire.decodeResponse
}

/** @internal */
export const make: Effect.Effect<
  VoiceConnectors.VoiceConnectors.Service,
  never,
  AwsConfig.AwsConfig | Credentials.AwsCredentials | HttpClient.HttpClient
> = Effect.map(
  Operation.makeCall,
  (call) => VoiceConnectors.make((request) => call(operation, VoiceConnectorsWire.encodeRequest(request)))
)
