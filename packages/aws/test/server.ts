import { Hash } from "@smithy/hash-node"
import { SignatureV4 } from "@smithy/signature-v4"
import * as Effect from "effect/Effect"
import * as Schedule from "effect/Schedule"
import type { IncomingMessage, Server, ServerResponse } from "node:http"
import { createServer } from "node:http"
import type { AddressInfo, Socket } from "node:net"

export interface TestServer {
  readonly url: string
  readonly server: Server
  /** The sockets open now. */
  readonly sockets: ReadonlySet<Socket>
}

/** A node:http server on 127.0.0.1, closed with the scope. */
export const testServer = (handler: (request: IncomingMessage, response: ServerResponse) => void) =>
  Effect.acquireRelease(
    Effect.async<TestServer>((resume) => {
      const sockets = new Set<Socket>()
      const server = createServer(handler)
      server.on("connection", (socket) => {
        sockets.add(socket)
        socket.on("close", () => sockets.delete(socket))
      })
      server.listen(0, "127.0.0.1", () => {
        const { port } = server.address() as AddressInfo
        resume(Effect.succeed({ url: `http://127.0.0.1:${port}`, server, sockets }))
      })
    }),
    ({ server }) =>
      Effect.async<void>((resume) => {
        server.closeAllConnections()
        server.close(() => resume(Effect.void))
      })
  )

/**
 * Waits until no connection to the server is open, as a client that closes its own ends them. A generous bound, not
 * a timing: twenty seconds, where the server itself would keep an idle connection for as long as its keep-alive
 * timeout says.
 */
export const connectionsClosed = (server: TestServer): Effect.Effect<void, string> =>
  Effect.suspend(() => server.sockets.size === 0 ? Effect.void : Effect.fail("a connection is still open")).pipe(
    Effect.retry({ schedule: Schedule.spaced("20 millis"), times: 1000 })
  )

/**
 * Recomputes a request's SigV4 signature as a server would (see the reference's verification notes): only the
 * signed headers, the raw path, the decoded query, the client's date.
 */
export const verifySignature = async (
  request: IncomingMessage,
  credentials: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string },
  region: string
): Promise<boolean> => {
  const authorization = request.headers.authorization ?? ""
  const match =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/chime\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/
      .exec(authorization)
  const signedHeaderNames = match?.[4]
  if (match === null || match[1] !== credentials.accessKeyId || match[3] !== region) return false
  if (signedHeaderNames === undefined) return false
  const signedHeaders = signedHeaderNames.split(";")
  const headers: Record<string, string> = {}
  for (const name of signedHeaders) {
    const value = request.headers[name]
    if (value === undefined) return false
    headers[name] = Array.isArray(value) ? value.join(",") : value
  }
  const raw = request.url ?? "/"
  const queryStart = raw.indexOf("?")
  const query: Record<string, string | Array<string>> = {}
  if (queryStart !== -1) {
    for (const pair of raw.slice(queryStart + 1).split("&")) {
      const [key = "", value = ""] = pair.split("=")
      const name = decodeURIComponent(key)
      const decoded = decodeURIComponent(value)
      const existing = query[name]
      query[name] = existing === undefined ? decoded : [...(Array.isArray(existing) ? existing : [existing]), decoded]
    }
  }
  const date = headers["x-amz-date"]
  const host = headers.host
  if (date === undefined || host === undefined) return false
  const signingDate = new Date(
    `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T${date.slice(9, 11)}:${date.slice(11, 13)}:${
      date.slice(13, 15)
    }Z`
  )
  const signer = new SignatureV4({ service: "chime", region, credentials, sha256: Hash.bind(null, "sha256") })
  const [hostname = "", port] = host.split(":")
  const signed = await signer.sign({
    method: request.method ?? "GET",
    protocol: "http:",
    hostname,
    ...(port === undefined ? {} : { port: Number(port) }),
    path: queryStart === -1 ? raw : raw.slice(0, queryStart),
    query,
    headers
  }, { signingDate, signableHeaders: new Set(signedHeaders) })
  return signed.headers.authorization === authorization
}
