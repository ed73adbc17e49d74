import type { ServiceError } from "@chime-proxy/core"
import { Wire } from "@chime-proxy/core"

/** @internal */
export const jsonContentType = "application/json"

/**
 * Request ids shaped like the service's (UUIDs), counted per emulator so that a run can be replayed.
 *
 * @internal
 */
export const requestIds = (): () => string => {
  let counter = 0
  return () => {
    counter = (counter + 1) % 0x1000000000000
    return `00000000-0000-4000-8000-${counter.toString(16).padStart(12, "0")}`
  }
}

/**
 * The `Date` header of an instant, formatted once per second of it.
 *
 * @internal
 */
export const httpDates = (): (millis: number) => string => {
  let second = Number.NaN
  let formatted = ""
  return (millis) => {
    const current = Math.floor(millis / 1000)
    if (current !== second) {
      second = current
      formatted = new Date(current * 1000).toUTCString()
    }
    return formatted
  }
}

const reasons: Readonly<Record<number, string>> = {
  400: "Bad Request",
  408: "Request Timeout",
  431: "Request Header Fields Too Large"
}

/**
 * An AWS-shaped error as raw HTTP/1.1 bytes, for the requests Node refuses before any handler runs (oversized or
 * malformed request lines and headers). The connection is closed afterwards.
 *
 * @internal
 */
export const rawError = (error: ServiceError.ServiceError, requestId: string, date: string): string => {
  const parts = Wire.encodeError(error)
  return [
    `HTTP/1.1 ${parts.status} ${reasons[parts.status] ?? "Error"}`,
    `Content-Type: ${jsonContentType}`,
    `X-Amzn-ErrorType: ${parts.headers["x-amzn-errortype"]}`,
    `x-amzn-RequestId: ${requestId}`,
    `Date: ${date}`,
    `Content-Length: ${Buffer.byteLength(parts.body)}`,
    "Connection: close",
    "",
    parts.body
  ].join("\r\n")
}
