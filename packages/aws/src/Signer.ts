/**
 * Signature Version 4 for Amazon Chime SDK Voice, by `@smithy/signature-v4`: the signer of the AWS SDK for
 * JavaScript, with the service name `chime`.
 *
 * @since 0.1.0
 */
import { Hash } from "@smithy/hash-node"
import { SignatureV4 } from "@smithy/signature-v4"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import type { Credentials } from "./Credentials.js"

/**
 * The signing name of the service in the API model.
 *
 * @since 0.1.0
 * @category constants
 */
export const signingName = "chime"

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

const Sha256 = Hash.bind(null, "sha256")

// One signer per credentials (the cached ones live until refreshed) and region, rather than a new one, with its
// providers normalised again, for every request.
const signers = new WeakMap<Credentials, Map<string, SignatureV4>>()

const signerFor = (credentials: Credentials, region: string): SignatureV4 => {
  let byRegion = signers.get(credentials)
  if (byRegion === undefined) {
    byRegion = new Map()
    signers.set(credentials, byRegion)
  }
  let signer = byRegion.get(region)
  if (signer === undefined) {
    signer = new SignatureV4({
      service: signingName,
      region,
      sha256: Sha256,
      credentials: {
        accessKeyId: credentials.accessKeyId,
        secretAccessKey: Redacted.value(credentials.secretAccessKey),
        ...(credentials.sessionToken === undefined ? {} : { sessionToken: Redacted.value(credentials.sessionToken) })
      }
    })
    byRegion.set(region, signer)
  }
  return signer
}

/**
 * Signs a request at a given instant (the local clock corrected by the known skew) and returns the headers to
 * send, `authorization` and `x-amz-date` included. `host` is signed but left out of the result: the HTTP client
 * sets it from the URL, with the same value.
 *
 * @since 0.1.0
 * @category signing
 */
export const sign = (options: {
  readonly request: SignableRequest
  readonly credentials: Credentials
  readonly region: string
  readonly signingDate: Date
}): Effect.Effect<Record<string, string>> =>
  Effect.promise(() => {
    const { request } = options
    const signer = signerFor(options.credentials, options.region)
    const query: Record<string, string | Array<string>> = {}
    for (const [name, value] of request.query) {
      const existing = query[name]
      query[name] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value]
    }
    return signer.sign({
      method: request.method,
      protocol: request.url.protocol,
      hostname: request.url.hostname,
      ...(request.url.port === "" ? {} : { port: Number(request.url.port) }),
      path: request.path,
      query,
      headers: { ...request.headers, host: request.url.host }
    }, { signingDate: options.signingDate })
  }).pipe(Effect.map((signed) => {
    const headers: Record<string, string> = {}
    for (const [name, value] of Object.entries(signed.headers)) {
      if (name.toLowerCase() !== "host" && typeof value === "string") headers[name.toLowerCase()] = value
    }
    return headers
  }))
