// What the wire-text tests hold `ProxySessionsText.decodeResponseText` to, and how they draw bodies read from their
// text: shared by ProxySessionsText.test.ts and ProxySessionsTextEdges.test.ts.
import type { ClientError, ProxySessionsText } from "@chime-proxy/core"
import { Wire } from "@chime-proxy/core"
import * as Either from "effect/Either"

/** The path before: decode the page, then encode every session. */
export const reference = (
  body: string
): Either.Either<ProxySessionsText.ResponseText, ClientError.ResponseDecodeError> =>
  Either.map(Wire.decodeResponse(200, body, "req-1"), (response) => ({
    ProxySessions: response.ProxySessions.map(Wire.encodeProxySession),
    ...(response.NextToken === undefined ? {} : { NextToken: response.NextToken })
  }))

// Every character that JSON.stringify escapes, and every surrogate.
// eslint-disable-next-line no-control-regex
const escaped = /[\u0000-\u001f"\\\ud800-\udfff]/g

/** A page's JSON with every string's escaped characters and surrogates replaced by `x`: read from its text. */
export const tamed = (body: string): unknown =>
  JSON.parse(body, (_, value: unknown) => typeof value === "string" ? value.replace(escaped, "x") : value)
