/**
 * Signature Version 4 for Amazon Chime SDK Voice, by `@smithy/signature-v4`: the signer of the AWS SDK for
 * JavaScript, with the service name `chime`.
 *
 * @since 0.1.0
 */
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as Effect from "effect/Effect"
import type { SigningError } from "./AwsError.js"
import type { Credentials } from "./Credentials.js"
import * as internal from "./internal/signer.js"

/**
 * The signing name of the service in the API model.
 *
 * @since 0.1.0
 * @category constants
 */
export const signingName = internal.signingName

/**
 * A request to sign: the URL's parts and the headers to send.
 *
 * @since 0.1.0
 * @category models
 */
export interface SignableRequest {
  readonly method: string
  readonly url: URL
  /** The path as sent on the wire, percent-encoded. */
  readonly path: string
  /** The query, decoded, in order. */
  readonly query: ReadonlyArray<readonly [string, string]>
  readonly headers: Readonly<Record<string, string>>
}

/**
 * What a signature depends on besides the request: the credentials, the region and the instant (the local clock
 * corrected by the known skew).
 *
 * @since 0.1.0
 * @category models
 */
export interface SignOptions {
  readonly credentials: Credentials
  readonly region: string
  readonly signingDate: Date
}

/**
 * A signer that keeps one `SignatureV4` per credentials and region: made once per layer, it lives as long as the
 * layer does.
 *
 * @since 0.1.0
 * @category models
 */
export interface Signer {
  /** The headers to send, `authorization` and `x-amz-date` included, as {@link sign} returns them. */
  readonly sign: (
    options: SignOptions & { readonly request: SignableRequest }
  ) => Effect.Effect<Record<string, string>, SigningError>
  /**
   * Signs an @effect/platform request whose URL holds its path and query as sent on the wire: the request-mapping
   * step of the live layer's HttpClient (`HttpClient.mapRequestEffect`).
   */
  readonly signRequest: (
    request: HttpClientRequest.HttpClientRequest,
    options: SignOptions
  ) => Effect.Effect<HttpClientRequest.HttpClientRequest, SigningError>
}

/**
 * Makes a {@link Signer} with a cache of its own.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: Effect.Effect<Signer> = internal.make

/**
 * Signs a request at a given instant (the local clock corrected by the known skew) and returns the headers to
 * send, `authorization` and `x-amz-date` included. `host` is signed but left out of the result: the HTTP client
 * sets it from the URL, with the same value. A signer that the credentials or the request make fail is a
 * {@link SigningError}. Each call builds a signer; {@link make} keeps them.
 *
 * @since 0.1.0
 * @category signing
 */
export const sign: (
  options: SignOptions & { readonly request: SignableRequest }
) => Effect.Effect<Record<string, string>, SigningError> = internal.sign
