/**
 * Verifies AWS Signature Version 4 as the AWS front door does, by recomputing the signature over exactly the headers
 * the client signed, with the official signer's canonicalisation (`@smithy/signature-v4`: its canonical headers,
 * path and query) and node:crypto for the hashes. The signing key of each access key is derived once a day and
 * kept. Every failure is one of the common errors AWS answers with: MissingAuthenticationToken, IncompleteSignature,
 * InvalidClientTokenId, SignatureDoesNotMatch or RequestExpired.
 *
 * @since 0.1.0
 */
import { ServiceError, Wire } from "@chime-proxy/core"
import { ALGORITHM_IDENTIFIER, createScope, SHA256_HEADER } from "@smithy/signature-v4"
import type * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { createHmac, hash, timingSafeEqual } from "node:crypto"
import * as internal from "./internal/authorization.js"
import { Canonicaliser, signerQuery, signingKeys } from "./internal/canonical.js"

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
  /**
   * The SHA-256 of the body as received, in hexadecimal, for a request whose body was read. Without it the body is
   * taken as empty, unless the client signed `x-amz-content-sha256`, whose value is then the payload hash.
   */
  readonly payloadHash?: string | undefined
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

/** The hash of an empty payload: the AWS route has no body. */
const emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

const mismatch = (message: string) => ServiceError.CommonError.of("SignatureDoesNotMatch", message)

const signatureMismatchMessage =
  "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key " +
  "and signing method. Consult the service documentation for details."
const invalidTokenMessage = "The security token included in the request is invalid."
const badQuery = () =>
  new ServiceError.BadRequestException({ Message: "The query string is not valid percent-encoding." })

/**
 * Parses an `Authorization` header of the form
 * `AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/chime/aws4_request, SignedHeaders=host;x-amz-date, Signature=…`.
 *
 * @since 0.1.0
 * @category parsing
 */
export const parseAuthorization: (header: string) => Authorization | ServiceError.CommonError =
  internal.parseAuthorization

/**
 * A parsed `Authorization` header: the credential scope, the names of the signed headers and the signature.
 *
 * @since 0.1.0
 * @category models
 */
export type Authorization = internal.Authorization

const single = (value: string | ReadonlyArray<string> | undefined): string | undefined =>
  typeof value === "string" ? value : value === undefined || value.length === 0 ? undefined : value.join(",")

/**
 * Makes a verifier for the given region and key pairs.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options): Verifier => {
  const skew = options.maxSkewMillis ?? maxSkewMillis
  const byKey = new Map(options.credentials.map((credential) => [credential.accessKeyId, credential]))
  const canonicaliser = new Canonicaliser(options.region, signingService)
  const signingKeyFor = signingKeys(options.region, signingService)

  const verifyEither = (request: SignedRequest): Either.Either<Identity, VerificationError> => {
    const header = single(request.headers["authorization"])
    if (header === undefined || header.trim() === "") {
      return Either.left(ServiceError.CommonError.of("MissingAuthenticationToken", "Missing Authentication Token"))
    }
    const authorization = internal.parseAuthorization(header)
    if (authorization instanceof ServiceError.CommonError) return Either.left(authorization)
    const amzDate = single(request.headers["x-amz-date"])
    if (amzDate === undefined) {
      return Either.left(internal.incomplete("Authorization header requires existence of a 'X-Amz-Date' header."))
    }
    const signedAt = internal.parseAmzDate(amzDate)
    if (signedAt === undefined) {
      return Either.left(
        internal.incomplete(
          `Date must be in ISO-8601 'basic format'. Got '${amzDate.slice(0, 32)}'. Expected YYYYMMDD'T'HHMMSS'Z'.`
        )
      )
    }
    if (signedAt < request.now - skew) {
      return Either.left(ServiceError.CommonError.of(
        "RequestExpired",
        `Signature expired: ${amzDate} is now earlier than ${internal.basicFormat(request.now - skew)} (${
          internal.basicFormat(request.now)
        } - 15 min.)`
      ))
    }
    if (signedAt > request.now + skew) {
      return Either.left(ServiceError.CommonError.of(
        "RequestExpired",
        `Signature not yet current: ${amzDate} is still later than ${internal.basicFormat(request.now + skew)} (${
          internal.basicFormat(request.now)
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
    const pairs = Wire.parseQuery(queryStart === -1 ? "" : request.url.slice(queryStart + 1))
    if (Either.isLeft(pairs)) return Either.left(badQuery())
    // The canonical headers are exactly the client's list, in the client's order, with the values as received.
    const headers: Record<string, string | undefined> = {}
    for (const name of authorization.signedHeaders) headers[name] = single(request.headers[name])
    const claimedHash = headers[SHA256_HEADER]
    if (request.payloadHash !== undefined && claimedHash !== undefined && claimedHash !== request.payloadHash) {
      return Either.left(mismatch("The x-amz-content-sha256 header does not match the SHA-256 of the body."))
    }
    const longDate = amzDate
    let expected: Buffer
    try {
      const canonicalRequest = canonicaliser.canonicalRequest(
        {
          method: request.method,
          path: queryStart === -1 ? request.url : request.url.slice(0, queryStart),
          query: signerQuery(pairs.right),
          headers
        },
        authorization.signedHeaders,
        request.payloadHash ?? claimedHash ?? emptyPayloadHash
      )
      const scope = createScope(authorization.date, options.region, signingService)
      const stringToSign = `${ALGORITHM_IDENTIFIER}\n${longDate}\n${scope}\n${hash("sha256", canonicalRequest, "hex")}`
      const key = signingKeyFor(credential.accessKeyId, credential.secretAccessKey, authorization.date)
      expected = createHmac("sha256", key).update(stringToSign, "utf8").digest()
    } catch {
      return Either.left(internal.incomplete("The request could not be canonicalised for signing."))
    }
    return timingSafeEqual(expected, Buffer.from(authorization.signature, "hex"))
      ? Either.right({ accessKeyId: credential.accessKeyId, sessionToken })
      : Either.left(mismatch(signatureMismatchMessage))
  }
  // An Either is an Effect: the same answer, for code in Effect.
  return { verify: verifyEither, verifyEither }
}
