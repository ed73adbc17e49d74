import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { Hash } from "@smithy/hash-node"
import { SignatureV4 } from "@smithy/signature-v4"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Redacted from "effect/Redacted"
import { SigningError } from "../AwsError.js"
import type { Credentials } from "../Credentials.js"
import type * as Signer from "../Signer.js"

/** @internal */
export const signingName = "chime" as const

const Sha256 = Hash.bind(null, "sha256")

// What an HTTP header may carry (Node's own rule): Node refuses any other character when it sends the request, as a
// defect. The region and the access key id go into the Authorization header, the session token into its own.
const headerUnsafe = /[^\t\x20-\x7e\x80-\xff]/

const unsendable = (credentials: Credentials, region: string): string | undefined =>
  headerUnsafe.test(region)
    ? "the region"
    : headerUnsafe.test(credentials.accessKeyId)
    ? "the access key id"
    : credentials.sessionToken !== undefined && headerUnsafe.test(Redacted.value(credentials.sessionToken))
    ? "the session token"
    : undefined

const newSigner = (credentials: Credentials, region: string): Either.Either<SignatureV4, SigningError> => {
  const unsafe = unsendable(credentials, region)
  if (unsafe !== undefined) {
    // Neither value is written: a session token is a secret, and a control character would reach the terminal.
    return Either.left(
      new SigningError({ reason: `${unsafe} holds a control character, which an HTTP header cannot carry` })
    )
  }
  return Either.right(
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
  )
}

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

// Signs with the signer `signerFor` gives for the options' credentials and region, or fails with why there is none.
const signUsing = (
  signerFor: (credentials: Credentials, region: string) => Either.Either<SignatureV4, SigningError>
) =>
(
  options: Signer.SignOptions & { readonly request: Signer.SignableRequest }
): Effect.Effect<Record<string, string>, SigningError> =>
  Effect.suspend(() => {
    const signer = signerFor(options.credentials, options.region)
    return Either.isLeft(signer) ? Effect.fail(signer.left) : signWith(signer.right, options)
  })

/** @internal */
export const sign: (
  options: Signer.SignOptions & { readonly request: Signer.SignableRequest }
) => Effect.Effect<Record<string, string>, SigningError> = signUsing(newSigner)

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
  const signers = new WeakMap<Credentials, Map<string, Either.Either<SignatureV4, SigningError>>>()
  const signerFor = (credentials: Credentials, region: string): Either.Either<SignatureV4, SigningError> => {
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
  const signHeaders: Signer.Signer["sign"] = signUsing(signerFor)
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
