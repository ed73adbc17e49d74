/**
 * Arranging the emulator's world over HTTP, from any test: the admin routes under /_chime-proxy/ need no
 * signature and answer JSON.
 *
 * Run: node --conditions=@chime-proxy/source --import tsx docs/examples/emulator-admin.ts
 */
const base = `${process.env.CHIME_PROXY_EMULATOR_URL ?? "http://127.0.0.1:4599"}/_chime-proxy`

const admin = async (method: string, route: string, body?: unknown): Promise<unknown> => {
  const response = await fetch(`${base}${route}`, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body) })
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
