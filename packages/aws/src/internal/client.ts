import * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import type { CredentialsError, SigningError } from "../AwsError.js"
import type * as Credentials from "../Credentials.js"
import type * as Retry from "../Retry.js"
import type * as Signer from "../Signer.js"

/**
 * The live layer's HttpClient: the platform's client, with SigV4 as a request-mapping step (at the local clock
 * corrected by the skew the retry policy learnt) and the session token redacted from the client's own spans.
 *
 * @internal
 */
export const make = (options: {
  readonly client: HttpClient.HttpClient
  readonly credentials: Credentials.AwsCredentials.Service
  readonly signer: Signer.Signer
  readonly region: string
  readonly policy: Retry.RetryPolicy
}): HttpClient.HttpClient.With<HttpClientError.HttpClientError | CredentialsError | SigningError> =>
  options.client.pipe(
    HttpClient.mapRequestEffect((request) =>
      Effect.gen(function*() {
        const credentials = yield* options.credentials.get
        const offset = yield* Ref.get(options.policy.clockOffset)
        const now = yield* Clock.currentTimeMillis
        return yield* options.signer.signRequest(request, {
          credentials,
          region: options.region,
          signingDate: new Date(now + offset)
        })
      })
    ),
    HttpClient.transformResponse(
      Effect.locallyWith(Headers.currentRedactedNames, (names) => [...names, "x-amz-security-token"])
    )
  )
