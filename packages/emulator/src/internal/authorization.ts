import { ServiceError } from "@chime-proxy/core"
import { ALGORITHM_IDENTIFIER } from "@smithy/signature-v4"

/** @internal */
export interface Authorization {
  readonly accessKeyId: string
  readonly date: string
  readonly region: string
  readonly service: string
  readonly terminator: string
  readonly signedHeaders: ReadonlyArray<string>
  readonly signature: string
}

const hexSignature = /^[0-9a-f]{64}$/
const headerName = /^[!#$%&'*+.^_`|~0-9a-z-]+$/
const amzDatePattern = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/

/** @internal */
export const incomplete = (message: string) => ServiceError.CommonError.of("IncompleteSignature", message)

/** @internal */
export const parseAuthorization = (header: string): Authorization | ServiceError.CommonError => {
  const trimmed = header.trim()
  const space = trimmed.indexOf(" ")
  const scheme = space === -1 ? trimmed : trimmed.slice(0, space)
  if (scheme !== ALGORITHM_IDENTIFIER) {
    return incomplete(
      `Unsupported authorization scheme: the Authorization header must start with '${ALGORITHM_IDENTIFIER}'.`
    )
  }
  const parameters = new Map<string, string>()
  // The scheme alone has no parameters (not a parameter named like the scheme).
  for (const part of (space === -1 ? "" : trimmed.slice(space + 1)).split(",")) {
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
  const credentialParameter = parameters.get("Credential")
  const signedHeadersParameter = parameters.get("SignedHeaders")
  const signature = parameters.get("Signature")
  if (credentialParameter === undefined || signedHeadersParameter === undefined || signature === undefined) {
    const missing = ["Credential", "SignedHeaders", "Signature"].filter((key) => !parameters.has(key))
    return incomplete(missing.map((key) => `Authorization header requires '${key}' parameter.`).join(" "))
  }
  const elements = credentialParameter.split("/")
  if (elements.length !== 5 || elements.some((element) => element === "")) {
    return incomplete(
      "Credential must have exactly 5 non-empty slash-delimited elements, e.g. keyid/date/region/service/term."
    )
  }
  const [accessKeyId, date, region, service, terminator] = elements as [string, string, string, string, string]
  const signedHeaders = signedHeadersParameter.split(";")
  if (signedHeaders.some((name) => !headerName.test(name))) {
    return incomplete("SignedHeaders must be a ';'-separated list of lower-case header names.")
  }
  if (!signedHeaders.includes("host")) {
    return incomplete("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.")
  }
  if (!hexSignature.test(signature)) {
    return incomplete("The Signature must be 64 lower-case hexadecimal characters.")
  }
  return { accessKeyId, date, region, service, terminator, signedHeaders, signature }
}

/**
 * An `X-Amz-Date` (ISO 8601 basic format) as epoch milliseconds, or undefined when it is not a real instant.
 *
 * @internal
 */
export const parseAmzDate = (value: string): number | undefined => {
  const match = amzDatePattern.exec(value)
  if (match === null) return undefined
  // Six groups of digits, always there when the pattern matched.
  const [year, month, day, hours, minutes, seconds] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number
  ]
  const millis = Date.UTC(year, month - 1, day, hours, minutes, seconds)
  const check = new Date(millis)
  // Date.UTC rolls impossible dates over (Feb 30 → Mar 2); a real date survives the round trip.
  return check.getUTCMonth() === month - 1 && check.getUTCDate() === day && hours < 24 && minutes < 60 &&
      seconds < 60
    ? millis
    : undefined
}

/**
 * An instant in the ISO 8601 basic format of `X-Amz-Date`.
 *
 * @internal
 */
export const basicFormat = (millis: number): string => new Date(millis).toISOString().replace(/[-:]|\.\d{3}/g, "")
