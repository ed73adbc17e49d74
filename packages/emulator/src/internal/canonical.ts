import { Hash } from "@smithy/hash-node"
import { KEY_TYPE_IDENTIFIER, SignatureV4Base } from "@smithy/signature-v4"
import type { KeyObject } from "node:crypto"
import { createHmac, createSecretKey } from "node:crypto"

/**
 * A query as the official signer takes it: a repeated name holds its values in order.
 *
 * @internal
 */
export type SignerQuery = Record<string, string | Array<string>>

/** @internal */
export const signerQuery = (pairs: ReadonlyArray<readonly [string, string]>): SignerQuery => {
  const query: SignerQuery = {}
  for (const [name, value] of pairs) {
    const previous = Object.hasOwn(query, name) ? query[name] : undefined
    query[name] = previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value]
  }
  return query
}

/**
 * The official signer's canonical request, whose building blocks are protected.
 *
 * @internal
 */
export class Canonicaliser extends SignatureV4Base {
  constructor(region: string, service: string) {
    super({
      credentials: { accessKeyId: "", secretAccessKey: "" },
      region,
      service,
      sha256: Hash.bind(null, "sha256"),
      applyChecksum: false,
      uriEscapePath: true
    })
  }

  /**
   * The canonical request over exactly the client's `SignedHeaders`, in the client's order, as AWS builds it: a list
   * that was reordered, repeated or widened after signing gives another canonical request, hence another signature.
   * Path and query are the official signer's.
   */
  canonicalRequest(
    request: {
      readonly method: string
      readonly path: string
      readonly query: SignerQuery
      readonly headers: Readonly<Record<string, string | undefined>>
    },
    signedHeaders: ReadonlyArray<string>,
    payloadHash: string
  ): string {
    const message = { ...request, protocol: "http:", hostname: request.headers["host"] ?? "", headers: {} }
    // The signer's first three lines (method, path, query: percent-encoded, so without line breaks), with no headers.
    const head = this.createCanonicalRequest(message, {}, "").split("\n", 3).join("\n")
    const canonicalHeaders = signedHeaders.map((name) => `${name}:${canonicalValue(request.headers[name] ?? "")}\n`)
    return `${head}\n${canonicalHeaders.join("")}\n${signedHeaders.join(";")}\n${payloadHash}`
  }
}

/** A header value as the official signer canonicalises it: line breaks and runs of blanks as one space, trimmed. */
const canonicalValue = (value: string): string =>
  value.replace(/[\r\n]/g, " ").replace(/[ \t]+/g, " ").replace(/^ | $/g, "")

const hmac = (key: string | Buffer, data: string): Buffer => createHmac("sha256", key).update(data, "utf8").digest()

/**
 * The signing keys of a region and service by access key and day. A key depends on the secret, the day, the region
 * and the service only: derived once per key and day.
 *
 * @internal
 */
export const signingKeys = (region: string, service: string) => {
  const keys = new Map<string, KeyObject>()
  return (accessKeyId: string, secretAccessKey: string, shortDate: string): KeyObject => {
    const cacheKey = `${accessKeyId}/${shortDate}`
    let key = keys.get(cacheKey)
    if (key === undefined) {
      key = createSecretKey(hmac(
        hmac(hmac(hmac(`AWS4${secretAccessKey}`, shortDate), region), service),
        KEY_TYPE_IDENTIFIER
      ))
      // Requests are signed within 15 minutes of now: a few days of a few keys is all that is ever in use.
      if (keys.size >= 64) keys.clear()
      keys.set(cacheKey, key)
    }
    return key
  }
}
