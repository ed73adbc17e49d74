/**
 * Arranging the emulator's world over HTTP, from any test: the admin routes under /_chime-proxy/ answer JSON, and
 * (unless the emulator runs with --no-auth) take requests signed with SigV4 and the emulator's credentials, as AWS
 * requests are. Here with the official signer, @smithy/signature-v4, which the AWS SDK for JavaScript uses.
 *
 * Run: node --conditions=@chime-proxy/source --import tsx docs/examples/emulator-admin.ts
 */
import { Hash } from "@smithy/hash-node"
import { SignatureV4 } from "@smithy/signature-v4"

const base = new URL(`${process.env.CHIME_PROXY_EMULATOR_URL ?? "http://127.0.0.1:4599"}/_chime-proxy`)

const signer = new SignatureV4({
  // The emulator's documented default key pair: worthless anywhere else.
  credentials: { accessKeyId: "AKIAEMULATOREXAMPLE1", secretAccessKey: "chime-proxy-emulator/EXAMPLE/secret/key0" },
  region: "us-east-1",
  service: "chime",
  sha256: Hash.bind(null, "sha256")
})

const admin = async (method: string, route: string, body?: unknown): Promise<unknown> => {
  const text = body === undefined ? undefined : JSON.stringify(body)
  const signed = await signer.sign({
    method,
    protocol: base.protocol,
    hostname: base.hostname,
    port: Number(base.port),
    path: `${base.pathname}${route}`,
    headers: { host: base.host },
    ...(text === undefined ? {} : { body: text })
  })
  // fetch sets Host itself, from the URL.
  const { host: _host, ...headers } = signed.headers
  const response = await fetch(`${base.href}${route}`, {
    method,
    headers,
    ...(text === undefined ? {} : { body: text })
  })
  const json: unknown = await response.json()
  if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${JSON.stringify(json)}`)
  return json
}

// Start from an empty world, then load a fixture: the API's own JSON shapes.
await admin("POST", "/reset")
await admin("POST", "/fixture", {
  VoiceConnectors: [{
    VoiceConnectorId: "vc-docs",
    ProxySessions: [
      { ProxySessionId: "s-1", Status: "Open", CreatedTimestamp: "2025-06-01T10:00:00.000Z", ExpiryMinutes: 60 }
    ]
  }]
})

// Or generate a dataset: 2 more voice connectors of 50 sessions each, from seed 7.
const seeded = await admin("POST", "/seed", { seed: 7, connectors: 2, sessionsPerConnector: 50 })
console.log("seeded", seeded)

// The simulated world's time: set it, then move it forward a day (sessions expire, Closed ones age out).
await admin("POST", "/clock/set", { iso: "2025-06-01T10:30:00.000Z" })
console.log("clock", await admin("POST", "/clock/advance", { millis: 24 * 60 * 60 * 1000 }))

// Faults: on the wire (throttling, 500/503, dropped connections, latency) and in the simulator (scripted calls).
await admin("POST", "/faults", {
  wire: { seed: 1, throttleRate: 0.1, failureRate: 0.05, latencyMillis: 20 },
  simulator: { scripted: [{ from: 3, error: "ServiceUnavailableException" }] }
})
console.log("faults", await admin("GET", "/faults"))
await admin("DELETE", "/faults")

console.log("health", await admin("GET", "/health"))
