import { ChimeSDKVoiceClient } from "@aws-sdk/client-chime-sdk-voice"
import { ProxySessions, VoiceConnectors, VoiceConnectorsWire, Wire } from "@chime-proxy/core"
import { ClientError } from "@chime-proxy/core"
import { Simulator } from "@chime-proxy/simulator"
import type { ServeError } from "@effect/platform/HttpServerError"
import { Hash } from "@smithy/hash-node"
import { SignatureV4 } from "@smithy/signature-v4"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Net from "node:net"
import { Emulator, SigV4Verifier } from "../src/index.js"
import { signerQuery } from "../src/internal/canonical.js"

export const credential = SigV4Verifier.defaultCredential

/** An official SDK client pointed at an emulator, without retries unless asked. */
export const sdkClient = (
  emulator: Pick<Emulator.Emulator.Service, "url" | "region">,
  options: {
    readonly secretAccessKey?: string
    readonly accessKeyId?: string
    readonly sessionToken?: string
    readonly maxAttempts?: number
    readonly systemClockOffset?: number
  } = {}
) =>
  new ChimeSDKVoiceClient({
    endpoint: emulator.url,
    region: emulator.region,
    maxAttempts: options.maxAttempts ?? 1,
    ...(options.systemClockOffset === undefined ? {} : { systemClockOffset: options.systemClockOffset }),
    credentials: {
      accessKeyId: options.accessKeyId ?? credential.accessKeyId,
      secretAccessKey: options.secretAccessKey ?? credential.secretAccessKey,
      ...(options.sessionToken === undefined ? {} : { sessionToken: options.sessionToken })
    }
  })

/** Signs a GET as a client would, with exactly the headers given (plus what the signer adds). */
export const sign = async (options: {
  readonly url: string
  readonly region?: string
  readonly service?: string
  readonly accessKeyId?: string
  readonly secretAccessKey?: string
  readonly sessionToken?: string
  readonly headers?: Record<string, string>
  readonly applyChecksum?: boolean
  readonly signingDate?: Date
}): Promise<Record<string, string>> => {
  const url = new URL(options.url)
  const query = signerQuery([...url.searchParams])
  const signer = new SignatureV4({
    credentials: {
      accessKeyId: options.accessKeyId ?? credential.accessKeyId,
      secretAccessKey: options.secretAccessKey ?? credential.secretAccessKey,
      ...(options.sessionToken === undefined ? {} : { sessionToken: options.sessionToken })
    },
    region: options.region ?? "us-east-1",
    service: options.service ?? "chime",
    sha256: Hash.bind(null, "sha256"),
    applyChecksum: options.applyChecksum ?? false
  })
  const signed = await signer.sign({
    method: "GET",
    protocol: "http:",
    hostname: url.hostname,
    port: Number(url.port),
    path: url.pathname,
    query,
    headers: { host: url.host, ...options.headers }
  }, options.signingDate === undefined ? {} : { signingDate: options.signingDate })
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(signed.headers)) headers[name] = String(value)
  return headers
}

/**
 * Signs a raw request target exactly as it will be sent (path still percent-encoded, query decoded by core's parser),
 * for requests no URL parser would leave alone. Returns the header lines, Host aside.
 */
export const signRaw = async (port: number, target: string): Promise<ReadonlyArray<string>> => {
  const queryStart = target.indexOf("?")
  // A query that is not valid percent-encoding is refused before its signature is looked at: signed without one.
  const pairs = Wire.parseQuery(queryStart === -1 ? "" : target.slice(queryStart + 1))
  const query = signerQuery(Either.getOrElse(pairs, () => []))
  const signer = new SignatureV4({
    credentials: { accessKeyId: credential.accessKeyId, secretAccessKey: credential.secretAccessKey },
    region: "us-east-1",
    service: "chime",
    sha256: Hash.bind(null, "sha256"),
    applyChecksum: false
  })
  const signed = await signer.sign({
    method: "GET",
    protocol: "http:",
    hostname: "127.0.0.1",
    path: queryStart === -1 ? target : target.slice(0, queryStart),
    query,
    headers: { host: `127.0.0.1:${port}` }
  })
  return Object.entries(signed.headers).filter(([name]) => name !== "host").map(([name, value]) => `${name}: ${value}`)
}

export interface RawResponse {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/**
 * A fresh connection, written to at will, whose first answer is read until the server closes the connection or the
 * answer is complete.
 */
export const connect = (port: number) => {
  const socket = Net.connect({ host: "127.0.0.1", port })
  const answer = new Promise<RawResponse | "reset">((resolve, reject) => {
    const chunks: Array<Buffer> = []
    let settled = false
    const finish = () => {
      if (settled) return
      settled = true
      socket.destroy()
      const text = Buffer.concat(chunks).toString("utf8")
      if (text === "") return resolve("reset")
      const end = text.indexOf("\r\n\r\n")
      const head = (end === -1 ? text : text.slice(0, end)).split("\r\n")
      const [statusLine = ""] = head
      const status = Number(statusLine.split(" ")[1])
      const headers: Record<string, string> = {}
      for (const line of head.slice(1)) {
        const colon = line.indexOf(":")
        if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
      }
      const rest = Buffer.from(end === -1 ? "" : text.slice(end + 4))
      const length = headers["content-length"] === undefined ? rest.length : Number(headers["content-length"])
      // Only the first response: a pipelined second one (after a stray empty line) is not this request's answer.
      resolve({ status, headers, body: rest.subarray(0, length).toString("utf8") })
    }
    const complete = () => {
      const text = Buffer.concat(chunks).toString("utf8")
      const end = text.indexOf("\r\n\r\n")
      if (end === -1) return false
      const length = /\r\ncontent-length:\s*(\d+)/i.exec(text.slice(0, end + 2))
      return length !== null && Buffer.byteLength(text.slice(end + 4)) >= Number(length[1])
    }
    socket.on("data", (chunk) => {
      chunks.push(chunk)
      if (complete()) finish()
    })
    socket.on("end", finish)
    socket.on("close", finish)
    socket.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "ECONNRESET" || error.code === "EPIPE") finish()
      else if (!settled) {
        settled = true
        reject(error)
      }
    })
  })
  return {
    answer,
    write: (data: string) => new Promise<void>((done) => socket.write(data, () => done())),
    end: () => socket.end()
  }
}

/** Sends raw bytes on a fresh connection and reads the answer until the server closes it or it is complete. */
export const raw = (port: number, request: string): Promise<RawResponse | "reset"> => {
  const connection = connect(port)
  void connection.write(request)
  return connection.answer
}

/** A raw GET with the given target and extra header lines. */
export const rawGet = (port: number, target: string, headers: ReadonlyArray<string> = []) =>
  raw(port, [`GET ${target} HTTP/1.1`, `Host: 127.0.0.1:${port}`, ...headers, "Connection: close", "", ""].join("\r\n"))

/** One signed GET through the emulator, its answer decoded by the operation's wire codec or failed as restJson1 says. */
const callThroughEmulator = <A>(
  emulator: Emulator.Emulator.Service,
  parts: Wire.HttpRequestParts,
  decode: (status: number, body: string, requestId?: string) => Either.Either<A, ClientError.ResponseDecodeError>
) =>
  Effect.gen(function*() {
    const query = Wire.encodeQuery(parts.query)
    const url = `${emulator.url}${parts.path}${query === "" ? "" : `?${query}`}`
    const response = yield* Effect.tryPromise({
      try: async () => {
        const answer = await fetch(url, { headers: await sign({ url }) })
        return { status: answer.status, headers: answer.headers, body: await answer.text() }
      },
      catch: (error) => new ClientError.TransportError({ failure: "Other", detail: String(error) })
    })
    const requestId = response.headers.get("x-amzn-requestid") ?? undefined
    if (response.status >= 300) {
      return yield* Effect.fail(Wire.decodeError({
        status: response.status,
        errorType: response.headers.get("x-amzn-errortype") ?? undefined,
        body: response.body,
        requestId
      }))
    }
    const decoded = decode(response.status, response.body, requestId)
    return yield* Either.isRight(decoded) ? Effect.succeed(decoded.right) : Effect.fail(decoded.left)
  })

/**
 * A minimal ProxySessions over HTTP, written in the test: fetch, the core wire codecs and the official signer. It
 * stands for the live layer until that exists.
 */
export const minimalClient = (emulator: Emulator.Emulator.Service): ProxySessions.ProxySessions.Service =>
  ProxySessions.make((request) => callThroughEmulator(emulator, Wire.encodeRequest(request), Wire.decodeResponse))

/** A simulator, an emulator in front of it, and the minimal client through the emulator as ProxySessions. */
export const layerThroughEmulator = (
  options?: Emulator.Options
): Layer.Layer<ProxySessions.ProxySessions | Simulator.SimulatorControl | Emulator.Emulator, ServeError> =>
  Layer.scopedContext(Effect.gen(function*() {
    const simulator = yield* Simulator.make()
    const emulator = yield* Emulator.make(options).pipe(
      Effect.provideService(ProxySessions.ProxySessions, simulator.proxySessions),
      Effect.provideService(Simulator.SimulatorControl, simulator.control),
      Effect.provideService(Simulator.SimulatorWire, simulator.wire)
    )
    return Context.make(ProxySessions.ProxySessions, minimalClient(emulator)).pipe(
      Context.add(Simulator.SimulatorControl, simulator.control),
      Context.add(Emulator.Emulator, emulator)
    )
  }))

export interface AdminAnswer {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly json: Record<string, unknown>
  /** The body as it came. */
  readonly text: string
}

/**
 * Calls an admin route as curl's `--aws-sigv4 "aws:amz:REGION:chime"` does: signed with the emulator's credentials,
 * the body hashed into the signature, no `x-amz-content-sha256` header. `signed: false` sends it unsigned.
 */
export const adminCall = async (
  emulator: Pick<Emulator.Emulator.Service, "url" | "region">,
  method: string,
  route: string,
  body?: unknown,
  options: { readonly signed?: boolean; readonly headers?: Record<string, string> } = {}
): Promise<AdminAnswer> => {
  const url = new URL(`${emulator.url}/_chime-proxy${route}`)
  const text = body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body)
  let headers: Record<string, string> = { host: url.host, ...options.headers }
  if (options.signed !== false) {
    const signer = new SignatureV4({
      credentials: { accessKeyId: credential.accessKeyId, secretAccessKey: credential.secretAccessKey },
      region: emulator.region,
      service: "chime",
      sha256: Hash.bind(null, "sha256"),
      applyChecksum: false
    })
    const signed = await signer.sign({
      method,
      protocol: "http:",
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      query: signerQuery([...url.searchParams]),
      headers,
      ...(text === undefined ? {} : { body: text })
    })
    headers = Object.fromEntries(Object.entries(signed.headers).map(([name, value]) => [name, String(value)]))
  }
  const { host: _host, ...sent } = headers
  const response = await fetch(url, { method, headers: sent, ...(text === undefined ? {} : { body: text }) })
  const answer = await response.text()
  return {
    status: response.status,
    headers: Object.fromEntries(response.headers),
    // HEAD has no body.
    json: (answer === "" ? {} : JSON.parse(answer)) as Record<string, unknown>,
    text: answer
  }
}

export interface RawAdminRequest {
  readonly method: string
  readonly route: string
  readonly host: string
  readonly headers?: Record<string, string>
  readonly body?: string
  /** The body signed over, when it is not the one sent. */
  readonly signedBody?: string
  readonly signed?: boolean
  readonly secretAccessKey?: string
}

/** The request line and headers of an admin request, signed over exactly what is sent unless `signed` is false. */
export const adminRequestHead = async (options: RawAdminRequest): Promise<string> => {
  const path = `/_chime-proxy${options.route}`
  let headers: Record<string, string> = { host: options.host, ...options.headers }
  if (options.signed !== false) {
    const signer = new SignatureV4({
      credentials: {
        accessKeyId: credential.accessKeyId,
        secretAccessKey: options.secretAccessKey ?? credential.secretAccessKey
      },
      region: "us-east-1",
      service: "chime",
      sha256: Hash.bind(null, "sha256"),
      applyChecksum: false
    })
    const signed = await signer.sign({
      method: options.method,
      protocol: "http:",
      hostname: options.host,
      path,
      headers,
      ...(options.body === undefined ? {} : { body: options.signedBody ?? options.body })
    })
    headers = Object.fromEntries(Object.entries(signed.headers).map(([name, value]) => [name, String(value)]))
  }
  return [
    `${options.method} ${path} HTTP/1.1`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    `content-length: ${Buffer.byteLength(options.body ?? "")}`,
    "connection: close",
    "",
    ""
  ].join("\r\n")
}

/** An admin request on a raw connection, with any `Host` and extra headers. */
export const rawAdmin = async (port: number, options: RawAdminRequest): Promise<RawResponse | "reset"> =>
  raw(port, `${await adminRequestHead(options)}${options.body ?? ""}`)

/** A minimal VoiceConnectors over HTTP, as {@link minimalClient} is for ProxySessions. */
export const minimalConnectorsClient = (emulator: Emulator.Emulator.Service): VoiceConnectors.VoiceConnectors.Service =>
  VoiceConnectors.make((request) =>
    callThroughEmulator(emulator, VoiceConnectorsWire.encodeRequest(request), VoiceConnectorsWire.decodeResponse)
  )

/** A simulator, an emulator in front of it, and the minimal client through the emulator as VoiceConnectors. */
export const layerConnectorsThroughEmulator = (
  options?: Emulator.Options
): Layer.Layer<VoiceConnectors.VoiceConnectors | Simulator.SimulatorControl | Emulator.Emulator, ServeError> =>
  Layer.scopedContext(Effect.gen(function*() {
    const simulator = yield* Simulator.make()
    const emulator = yield* Emulator.make(options).pipe(
      Effect.provideService(ProxySessions.ProxySessions, simulator.proxySessions),
      Effect.provideService(Simulator.SimulatorControl, simulator.control),
      Effect.provideService(Simulator.SimulatorWire, simulator.wire)
    )
    return Context.make(VoiceConnectors.VoiceConnectors, minimalConnectorsClient(emulator)).pipe(
      Context.add(Simulator.SimulatorControl, simulator.control),
      Context.add(Emulator.Emulator, emulator)
    )
  }))
