import { ClientError } from "@chime-proxy/core"
import type * as HttpClientError from "@effect/platform/HttpClientError"

const codeOf = (cause: unknown): string | undefined => {
  let current: unknown = cause
  for (let depth = 0; depth < 5 && typeof current === "object" && current !== null; depth++) {
    if ("code" in current && typeof current.code === "string") return current.code
    current = "cause" in current ? current.cause : undefined
  }
  return undefined
}

const messageOf = (cause: unknown): string | undefined => {
  let current: unknown = cause
  let message: string | undefined
  for (let depth = 0; depth < 5 && typeof current === "object" && current !== null; depth++) {
    if ("message" in current && typeof current.message === "string" && current.message !== "") {
      message = current.message
    }
    current = "cause" in current ? current.cause : undefined
  }
  return message
}

const failureOf = (code: string | undefined): ClientError.TransportFailure => {
  switch (code) {
    case "ECONNREFUSED":
      return "ConnectionRefused"
    case "ECONNRESET":
    case "EPIPE":
    case "ECONNABORTED":
    case "UND_ERR_SOCKET":
    case "UND_ERR_CLOSED":
    case "ERR_STREAM_PREMATURE_CLOSE":
      return "ConnectionReset"
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return "DnsFailure"
    default:
      return "Other"
  }
}

/**
 * Maps a failure of @effect/platform's HttpClient, once, at the boundary: a request that got no response, or a
 * body that could not be read to its end, is a TransportError whose kind comes from the system error code.
 *
 * @internal
 */
export const fromHttpClientError = (error: HttpClientError.HttpClientError): ClientError.TransportError => {
  const code = codeOf(error.cause)
  // A body cut off mid-way is a dropped connection, whatever the runtime called it.
  const failure = error._tag === "ResponseError" && code === undefined ? "ConnectionReset" : failureOf(code)
  const cause = messageOf(error.cause) ?? error.description ?? error.reason
  const detail = error._tag === "ResponseError"
    ? `reading the response body failed: ${cause}`
    : `${
      error.reason === "Transport" ? "the request failed" : `the request could not be built (${error.reason})`
    }: ${cause}`
  return new ClientError.TransportError({ failure, detail: code === undefined ? detail : `${detail} (${code})` })
}
