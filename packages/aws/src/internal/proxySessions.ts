import type { ProxySessionsError } from "@chime-proxy/core"
import { ClientError, ListProxySessions, ProxySessions, Wire } from "@chime-proxy/core"
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import * as AwsConfig from "../AwsConfig.js"
import type * as Credentials from "../Credentials.js"
import * as Operation from "./operation.js"

/** @internal */
export const spanName = "ProxySessions.listProxySessions" as const

/** @internal */
export const userAgent = Operation.userAgent

const operation: Operation.Operation<ListProxySessions.ListProxySessionsResponse> = {
  name: ListProxySessions.operationName,
  spanName,
  decode: Wire.decodeResponse
}

// One raw call of the operation, whatever its response is decoded into: the requests, the call and the end-of-support
// warning are the same for both services.
/** @internal */
export const makeListPage = <A>(
  operation: Operation.Operation<A>
): Effect.Effect<
  (request: ListProxySessions.ListProxySessionsRequest) => Effect.Effect<A, ProxySessionsError.ProxySessionsError>,
  never,
  AwsConfig.AwsConfig | Credentials.AwsCredentials | HttpClient.HttpClient
> =>
  Effect.gen(function*() {
    const config = yield* AwsConfig.AwsConfig
    const call = yield* Operation.makeCall
    const warned = yield* Ref.make(false)

    const warnOnce = config.deprecationWarning
      ? Effect.flatMap(
        Ref.getAndSet(warned, true),
        (already) =>
          already ? Effect.void : Effect.logWarning(
            `${ListProxySessions.deprecationNotice} (set ${AwsConfig.noDeprecationWarningVariable}=true or the ` +
              `deprecationWarning option to false to silence this warning)`
          )
      )
      : Effect.void

    return (request: ListProxySessions.ListProxySessionsRequest) => {
      // The URL parser would resolve `.` and `..` as path segments and send the request elsewhere.
      if (request.VoiceConnectorId === "." || request.VoiceConnectorId === "..") {
        return Effect.fail(
          new ClientError.RequestValidationError({
            field: "VoiceConnectorId",
            constraint: "VoiceConnectorId cannot be . or .., which URLs treat as path segments"
          })
        )
      }
      const parts = Wire.encodeRequest(request)
      return Effect.zipRight(warnOnce, call(operation, parts))
    }
  })

/** @internal */
export const make: Effect.Effect<
  ProxySessions.ProxySessions.Service,
  never,
  AwsConfig.AwsConfig | Credentials.AwsCredentials | HttpClient.HttpClient
> = Effect.map(makeListPage(operation), ProxySessions.make)
