import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { Hash } from "@smithy/hash-node"
import { SignatureV4 } from "@smithy/signature-v4"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { SigningError } from "../AwsError.js"
import type { Credentials } from "../Credentials.js"
import type * as Signer from "../Signer.js"

/** @internal */
export const signingName = "chime" as const

const Sha256 = Hash.bind(null, "sha256")

const newSigner = (credentials: Credentials, region: string): SignatureV4 =>
  new SignatureV4({
    service: signingName,
    region,
    sha256: Sha256,
    credentials: {
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: Redacted.value(credentials.secretAccessKey),
      ...(credentials.sessionToken === undefined ? {} : { sessionToken: Redacted.value(credentials.sessionToken) })
    }
  })

const reasonOf = (cause: unknown): string =>
  cause instanceof Error && cause.message !== "" ? cause.message : String(cause)

const signWith = (
  signer: SignatureV4,
  options: Signer.SignOptions & { readonly request: Signer.SignableRequest }
): Effect.Effect<Record<string, string>, SigningError> =>
  Effect.tryPromise({
    try: () => {
      const { request } = options
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
    },
    catch: (cause) => new SigningError({ reason: reasonOf(cause) })
  }).pipe(Effect.map((signed) => {
    const headers: Record<string, string> = {}
    for (const [name, value] of Object.entries(signed.headers)) {
      if (name.toLowerCase() !== "host" && typeof value === "string") headers[name.toLowerCase()] = value
    }
    return headers
  }))

/** @internal */
export const sign = (
  options: Signer.SignOptions & { readonly request: Signer.SignableRequest }
): Effect.Effect<Record<string, string>, SigningError> =>
  Effect.suspend(() => signWith(newSigner(options.credentials, options.region), options))

// The query of a URL as restJson1 encodes it (RFC 3986, `+` escaped), decoded pair by pair, in order.
const decodeQuery = (search: string): Array<readonly [string, string]> =>
  search === "" || search === "?" ? [] : search.slice(1).split("&").map((pair) => {
    const equals = pair.indexOf("=")
    return equals === -1
      ? [decodeURIComponent(pair), ""]
      : [decodeURIComponent(pair.slice(0, equals)), decodeURIComponent(pair.slice(equals + 1))]
  })

/** @internal */
export const make: Effect.Effect<Signer.Signer> = Effect.sync(() => {
  // One signer per credentials (the cached ones live until refreshed) and region, rather than a new one, with its
  // providers normalised again, for every request. The cache is this signer's, made with the layer.
  const signers = new WeakMap<Credentials, Map<string, SignatureV4>>()
  const signerFor = (credentials: Credentials, region: string): SignatureV4 => {
    let byRegion = signers.get(credentials)
    if (byRegion === undefined) {
      byRegion = new Map()
      signers.set(credentials, byRegion)
    }
    let signer = byRegion.get(region)
    if (signer === undefined) {
      signer = newSigner(credentials, region)
      byRegion.set(region, signer)
    }
    return signer
  }
  const signHeaders: Signer.Signer["sign"] = (options) =>
    Effect.suspend(() => signWith(signerFor(options.credentials, options.region), options))
  return {
    sign: signHeaders,
    signRequest: (request, options) =>
      Effect.try({
        try: () => {
          const url = new URL(request.url)
          return { url, query: decodeQuery(url.search) }
        },
        catch: (cause) => new SigningError({ reason: `the URL cannot be signed: ${reasonOf(cause)}` })
      }).pipe(
        Effect.flatMap(({ query, url }) =>
          signHeaders({
            ...options,
            request: { method: request.method, url, path: url.pathname, query, headers: request.headers }
          })
        ),
        Effect.map((headers) => HttpClientRequest.setHeaders(request, headers))
      )
  }
})
