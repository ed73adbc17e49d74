/**
 * Verifies AWS Signature Version 4 as the AWS front door does, by recomputing the signature over exactly the headers
 * the client signed, with the official signer's canonicalisation (`@smithy/signature-v4`: its canonical headers,
 * path and query) and node:crypto for the hashes. The signing key of each access key is derived once a day and
 * kept. Every failure is one of the common errors AWS answers with: MissingAuthenticationToken, IncompleteSignature,
 * InvalidClientTokenId, SignatureDoesNotMatch or RequestExpired.
 *
 * @since 0.1.0
 */
import { ServiceError } from "@chime-proxy/core"
import { Hash } from "@smithy/hash-node"
import {
  ALGORITHM_IDENTIFIER,
  AMZ_DATE_HEADER,
  createScope,
  GENERATED_HEADERS,
  getCanonicalHeaders,
  KEY_TYPE_IDENTIFIER,
  SHA256_HEADER,
  SignatureV4Base
} from "@smithy/signature-v4"
import type * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type { KeyObject } from "node:crypto"
import { createHmac, createSecretKey, hash, timingSafeEqual } from "node:crypto"

/**
 * A key pair the emulator accepts. With a `sessionToken`, requests must carry exactly that token; without one, any
 * `X-Amz-Security-Token` (or none) is accepted, as temporary credentials are.
 *
 * @since 0.1.0
 * @category models
 */
export interface Credential {
  readonly accessKeyId: string
  readonly secretAccessKey: string
  readonly sessionToken?: string | undefined
}

/**
 * The key pair the emulator accepts when it is given none. It is documented, public and worthless anywhere else.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultCredential: Credential = {
  accessKeyId: "AKIAEMULATOREXAMPLE1",
  secretAccessKey: "chime-proxy-emulator/EXAMPLE/secret/key0"
}

/**
 * The signing name of Amazon Chime SDK Voice: the service of the credential scope.
 *
 * @since 0.1.0
 * @category constants
 */
export const signingService = "chime"

/**
 * How far the `X-Amz-Date` of a request may be from the server's clock: 15 minutes, as AWS allows.
 *
 * @since 0.1.0
 * @category constants
 */
export const maxSkewMillis = 15 * 60 * 1000

/**
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** The region of the credential scope. */
  readonly region: string
  readonly credentials: ReadonlyArray<Credential>
  /** Defaults to {@link maxSkewMillis}. */
  readonly maxSkewMillis?: number | undefined
}

/**
 * A request as it arrived: header names in lower case, the path and query still percent-encoded.
 *
 * @since 0.1.0
 * @category models
 */
export interface SignedRequest {
  readonly method: string
  /** The request target, exactly as received: path and query, still percent-encoded. */
  readonly url: string
  readonly headers: Readonly<Record<string, string | ReadonlyArray<string> | undefined>>
  /** The server's clock, in epoch milliseconds. */
  readonly now: number
}

/**
 * Who signed a request that verified.
 *
 * @since 0.1.0
 * @category models
 */
export interface Identity {
  readonly accessKeyId: string
  readonly sessionToken: string | undefined
}

/**
 * Why a request was refused: a common error, or a BadRequestException when its query cannot even be decoded.
 *
 * @since 0.1.0
 * @category errors
 */
export type VerificationError = ServiceError.CommonError | ServiceError.BadRequestException

/**
 * @since 0.1.0
 * @category models
 */
export interface Verifier {
  readonly verify: (request: SignedRequest) => Effect.Effect<Identity, VerificationError>
  /** {@link Verifier.verify}, synchronously: verification needs nothing but the CPU. */
  readonly verifyEither: (request: SignedRequest) => Either.Either<Identity, VerificationError>
}

const algorithm = ALGORITHM_IDENTIFIER
const sha256 = Hash.bind(null, "sha256")
/** The hash of an empty payload: the emulator's only route has no body. */
const emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
const amzDatePattern = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/
const hexSignature = /^[0-9a-f]{64}$/
const headerName = /^[!#$%&'*+.^_`|~0-9a-z-]+$/

const incomplete = (message: string) => ServiceError.CommonError.of("IncompleteSignature", message)
const mismatch = (message: string) => ServiceError.CommonError.of("SignatureDoesNotMatch", message)

const signatureMismatchMessage =
  "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key " +
  "and signing method. Consult the service documentation for details."
const invalidTokenMessage = "The security token included in the request is invalid."

interface Authorization {
  readonly accessKeyId: string
  readonly date: string
  readonly region: string
  readonly service: string
  readonly terminator: string
  readonly signedHeaders: ReadonlyArray<string>
  readonly signature: string
}

/**
 * Parses an `Authorization` header of the form
 * `AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/chime/aws4_request, SignedHeaders=host;x-amz-date, Signature=…`.
 *
 * @since 0.1.0
 * @category parsing
 */
export const parseAuthorization = (header: string): Authorization | ServiceError.CommonError => {
  const trimmed = header.trim()
  const space = trimmed.indexOf(" ")
  const scheme = space === -1 ? trimmed : trimmed.slice(0, space)
  if (scheme !== algorithm) {
    return incomplete(`Unsupported authorization scheme: the Authorization header must start with '${algorithm}'.`)
  }
  const parameters = new Map<string, string>()
  for (const part of trimmed.slice(space + 1).split(",")) {
    const item = part.trim()
    if (item === "") continue
    const eq = item.indexOf("=")
    if (eq === -1) {
      return incomplete("Invalid key=value pair (missing equal-sign) in Authorization header.")
    }
    const key = item.slice(0, eq).trim()
    if (parameters.has(key)) return incomplete(`The Authorization header repeats the '${key}' parameter.`)
    parameters.set(key, item.slice(eq + 1).trim())
  }
  const missing = ["Credential", "SignedHeaders", "Signature"].filter((key) => !parameters.has(key))
  if (missing.length > 0) {
    return incomplete(missing.map((key) => `Authorization header requires '${key}' parameter.`).join(" "))
  }
  const credential = parameters.get("Credential")!.split("/")
  if (credential.length !== 5 || credential.some((element) => element === "")) {
    return incomplete(
      "Credential must have exactly 5 non-empty slash-delimited elements, e.g. keyid/date/region/service/term."
    )
  }
  const signedHeaders = parameters.get("SignedHeaders")!.split(";")
  if (signedHeaders.some((name) => !headerName.test(name))) {
    return incomplete("SignedHeaders must be a ';'-separated list of lower-case header names.")
  }
  if (!signedHeaders.includes("host")) {
    return incomplete("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.")
  }
  const signature = parameters.get("Signature")!
  if (!hexSignature.test(signature)) {
    return incomplete("The Signature must be 64 lower-case hexadecimal characters.")
  }
  const [accessKeyId, date, region, service, terminator] = credential
  return { accessKeyId, date, region, service, terminator, signedHeaders, signature }
}

const parseAmzDate = (value: string): number | undefined => {
  const match = amzDatePattern.exec(value)
  if (match === null) return undefined
  const [, year, month, day, hours, minutes, seconds] = match.map(Number)
  const millis = Date.UTC(year, month - 1, day, hours, minutes, seconds)
  const check = new Date(millis)
  // Date.UTC rolls impossible dates over (Feb 30 → Mar 2); a real date survives the round trip.
  return check.getUTCMonth() === month - 1 && check.getUTCDate() === day && hours < 24 && minutes < 60 &&
      seconds < 60
    ? millis
    : undefined
}

const basicFormat = (millis: number): string => new Date(millis).toISOString().replace(/[-:]|\.\d{3}/g, "")

const single = (value: string | ReadonlyArray<string> | undefined): string | undefined =>
  typeof value === "string" ? value : value === undefined || value.length === 0 ? undefined : value.join(",")

const decodeQuery = (
  rawQuery: string
): Record<string, string | Array<string>> | ServiceError.BadRequestException => {
  const query: Record<string, string | Array<string>> = {}
  for (const pair of rawQuery.split("&")) {
    if (pair === "") continue
    const eq = pair.indexOf("=")
    let name: string
    let value: string
    try {
      name = decodeURIComponent(eq === -1 ? pair : pair.slice(0, eq))
      value = eq === -1 ? "" : decodeURIComponent(pair.slice(eq + 1))
    } catch {
      return new ServiceError.BadRequestException({ Message: "The query string is not valid percent-encoding." })
    }
    const previous = Object.hasOwn(query, name) ? query[name] : undefined
    query[name] = previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value]
  }
  return query
}

/** The official signer's canonical request, whose building blocks are protected. */
class Canonicaliser extends SignatureV4Base {
  constructor(region: string) {
    super({
      credentials: { accessKeyId: "", secretAccessKey: "" },
      region,
      service: signingService,
      sha256,
      applyChecksum: false,
      uriEscapePath: true
    })
  }

  canonicalRequest(
    request: {
      readonly method: string
      readonly path: string
      readonly query: Record<string, string | Array<string>>
      readonly headers: Record<string, string>
    },
    signedHeaders: ReadonlySet<string>,
    payloadHash: string
  ): string {
    const message = { ...request, protocol: "http:", hostname: request.headers["host"] ?? "" }
    return this.createCanonicalRequest(
      message,
      getCanonicalHeaders(message, undefined, signedHeaders as Set<string>),
      payloadHash
    )
  }
}

const hmac = (key: string | Buffer, data: string): Buffer => createHmac("sha256", key).update(data, "utf8").digest()

/**
 * Makes a verifier for the given region and key pairs.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options): Verifier => {
  const skew = options.maxSkewMillis ?? maxSkewMillis
  const byKey = new Map(options.credentials.map((credential) => [credential.accessKeyId, credential]))
  const canonicaliser = new Canonicaliser(options.region)
  // The signing key depends on the secret, the day, the region and the service only: derived once per key and day.
  const signingKeys = new Map<string, KeyObject>()
  const signingKeyFor = (credential: Credential, shortDate: string): KeyObject => {
    const cacheKey = `${credential.accessKeyId}/${shortDate}`
    let key = signingKeys.get(cacheKey)
    if (key === undefined) {
      key = createSecretKey(hmac(
        hmac(hmac(hmac(`AWS4${credential.secretAccessKey}`, shortDate), options.region), signingService),
        KEY_TYPE_IDENTIFIER
      ))
      // Requests are signed within 15 minutes of now: a few days of a few keys is all that is ever in use.
      if (signingKeys.size >= 64) signingKeys.clear()
      signingKeys.set(cacheKey, key)
    }
    return key
  }

  const verifyEither = (request: SignedRequest): Either.Either<Identity, VerificationError> => {
    const header = single(request.headers["authorization"])
    if (header === undefined || header.trim() === "") {
      return Either.left(ServiceError.CommonError.of("MissingAuthenticationToken", "Missing Authentication Token"))
    }
    const authorization = parseAuthorization(header)
    if (authorization instanceof ServiceError.CommonError) return Either.left(authorization)
    const amzDate = single(request.headers["x-amz-date"])
    if (amzDate === undefined) {
      return Either.left(incomplete("Authorization header requires existence of a 'X-Amz-Date' header."))
    }
    const signedAt = parseAmzDate(amzDate)
    if (signedAt === undefined) {
      return Either.left(
        incomplete(
          `Date must be in ISO-8601 'basic format'. Got '${amzDate.slice(0, 32)}'. Expected YYYYMMDD'T'HHMMSS'Z'.`
        )
      )
    }
    if (signedAt < request.now - skew) {
      return Either.left(ServiceError.CommonError.of(
        "RequestExpired",
        `Signature expired: ${amzDate} is now earlier than ${basicFormat(request.now - skew)} (${
          basicFormat(request.now)
        } - 15 min.)`
      ))
    }
    if (signedAt > request.now + skew) {
      return Either.left(ServiceError.CommonError.of(
        "RequestExpired",
        `Signature not yet current: ${amzDate} is still later than ${basicFormat(request.now + skew)} (${
          basicFormat(request.now)
        } + 15 min.)`
      ))
    }
    if (authorization.date !== amzDate.slice(0, 8)) {
      return Either.left(mismatch(
        `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${authorization.date}' != '${
          amzDate.slice(0, 8)
        }', from '${amzDate}'.`
      ))
    }
    if (authorization.region !== options.region) {
      return Either.left(
        mismatch(`Credential should be scoped to a valid region: this endpoint serves '${options.region}'.`)
      )
    }
    if (authorization.service !== signingService) {
      return Either.left(mismatch(`Credential should be scoped to correct service: '${signingService}'.`))
    }
    if (authorization.terminator !== "aws4_request") {
      return Either.left(mismatch("Credential should be scoped with a valid terminator: 'aws4_request'."))
    }
    const credential = byKey.get(authorization.accessKeyId)
    if (credential === undefined) {
      return Either.left(ServiceError.CommonError.of("InvalidClientTokenId", invalidTokenMessage))
    }
    const sessionToken = single(request.headers["x-amz-security-token"])
    if (credential.sessionToken !== undefined && sessionToken !== credential.sessionToken) {
      return Either.left(ServiceError.CommonError.of("InvalidClientTokenId", invalidTokenMessage))
    }
    const queryStart = request.url.indexOf("?")
    const query = decodeQuery(queryStart === -1 ? "" : request.url.slice(queryStart + 1))
    if (query instanceof ServiceError.BadRequestException) return Either.left(query)
    // The canonical headers are exactly the client's list, as the signer would sign them: no more and no fewer, the
    // headers the signer generates itself left out and X-Amz-Date written as the signer writes it.
    const headers: Record<string, string> = {}
    for (const name of authorization.signedHeaders) {
      if (GENERATED_HEADERS.includes(name)) continue
      const value = single(request.headers[name])
      if (value !== undefined) headers[name] = value
    }
    // The signer writes X-Amz-Date from the instant: the header itself, which parseAmzDate only accepts canonical.
    const longDate = amzDate
    headers[AMZ_DATE_HEADER] = longDate
    let expected: Buffer
    try {
      const canonicalRequest = canonicaliser.canonicalRequest(
        {
          method: request.method,
          path: queryStart === -1 ? request.url : request.url.slice(0, queryStart),
          query,
          headers
        },
        new Set(authorization.signedHeaders),
        headers[SHA256_HEADER] ?? emptyPayloadHash
      )
      const scope = createScope(authorization.date, options.region, signingService)
      const stringToSign = `${algorithm}\n${longDate}\n${scope}\n${hash("sha256", canonicalRequest, "hex")}`
      expected = createHmac("sha256", signingKeyFor(credential, authorization.date)).update(stringToSign, "utf8")
        .digest()
    } catch {
      return Either.left(incomplete("The request could not be canonicalised for signing."))
    }
    return timingSafeEqual(expected, Buffer.from(authorization.signature, "hex"))
      ? Either.right({ accessKeyId: credential.accessKeyId, sessionToken })
      : Either.left(mismatch(signatureMismatchMessage))
  }
  // An Either is an Effect: the same answer, for code in Effect.
  return { verify: verifyEither, verifyEither }
}
