/**
 * A deterministic page of proxy sessions with every member filled in, for the benchmarks that need one without an
 * emulator (decoding) and as the fallback body of the bare server.
 */
import type { ProxySession } from "@chime-proxy/core"

const pad = (n: number, width: number) => String(n).padStart(width, "0")

/** The wire JSON of session number `i` of a connector: all 13 members, two participants. */
export const sessionJson = (voiceConnectorId: string, i: number): ProxySession.ProxySessionJson => {
  const created = new Date(Date.UTC(2025, 0, 1) + i * 60_000)
  const status = (["Open", "InProgress", "Closed"] as const)[i % 3] ?? "Open"
  return {
    VoiceConnectorId: voiceConnectorId,
    ProxySessionId: `${pad(i, 8)}-bench-${pad(i * 7 % 1_000_000, 12)}`,
    Name: `bench session ${i}`,
    Status: status,
    ExpiryMinutes: 60 + i % 1000,
    Capabilities: i % 2 === 0 ? ["Voice", "SMS"] : ["Voice"],
    CreatedTimestamp: created.toISOString(),
    UpdatedTimestamp: new Date(created.getTime() + 30_000).toISOString(),
    ...(status === "Closed" ? { EndedTimestamp: new Date(created.getTime() + 90_000).toISOString() } : {}),
    Participants: [
      { PhoneNumber: `+1206555${pad(i % 10_000, 4)}`, ProxyPhoneNumber: `+1425555${pad(i % 10_000, 4)}` },
      { PhoneNumber: `+1312555${pad((i + 1) % 10_000, 4)}`, ProxyPhoneNumber: `+1425555${pad((i + 1) % 10_000, 4)}` }
    ],
    NumberSelectionBehavior: i % 2 === 0 ? "PreferSticky" : "AvoidSticky",
    GeoMatchLevel: "AreaCode",
    GeoMatchParams: { Country: "US", AreaCode: "206" }
  }
}

/** The body of a page of `size` sessions with a NextToken, as the service would send it. */
export const pageBody = (size: number, voiceConnectorId = "abcdefghijklmnopqrstu"): string =>
  JSON.stringify({
    ProxySessions: Array.from({ length: size }, (_, i) => sessionJson(voiceConnectorId, i)),
    NextToken: "eyJvZmZzZXQiOjEwMH0"
  })
