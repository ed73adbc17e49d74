import { Simulator } from "@chime-proxy/simulator"
import { assert, describe, it, layer } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { execFile } from "node:child_process"
import { Emulator } from "../src/index.js"
import type { RawResponse } from "./utils.js"
import { adminCall, credential, rawAdmin } from "./utils.js"

const connectorIds = Effect.flatMap(Simulator.SimulatorControl, (control) => control.listVoiceConnectors())

const answered = (answer: RawResponse | "reset", label: string) => {
  assert.notStrictEqual(answer, "reset", label)
  const response = answer as RawResponse
  return { ...response, json: JSON.parse(response.body) as Record<string, unknown> }
}

const fixture = {
  VoiceConnectors: [{
    VoiceConnectorId: "vc-security",
    ProxySessions: [{ ProxySessionId: "s-1", CreatedTimestamp: "2025-01-01T00:00:00.000Z", ExpiryMinutes: 60 }]
  }]
}

/** The requests that read the world's sessions or change it. */
const closed: ReadonlyArray<readonly [string, string, unknown?]> = [
  ["GET", "/fixture"],
  ["POST", "/fixture", fixture],
  ["POST", "/reset"],
  ["POST", "/seed", { seed: 1, connectors: 1, sessionsPerConnector: 1 }],
  ["GET", "/faults"],
  ["POST", "/faults", { wire: { seed: 1, throttleRate: 1 } }],
  ["DELETE", "/faults"],
  ["GET", "/clock"],
  ["POST", "/clock/advance", { millis: 86_400_000 }],
  ["POST", "/clock/set", { iso: "2030-01-01T00:00:00.000Z" }]
]

describe("the admin routes with auth on", () => {
  layer(Emulator.layerSimulator(), { excludeTestServices: true })((it) => {
    it.effect("refuse requests that are not signed with the emulator's credentials, and change nothing", () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        const before = yield* connectorIds
        const host = `127.0.0.1:${emulator.port}`
        for (const [method, route, body] of closed) {
          const label = `${method} ${route}`
          const text = body === undefined ? undefined : JSON.stringify(body)
          const unsigned = answered(
            yield* Effect.promise(() =>
              rawAdmin(emulator.port, {
                method,
                route,
                host,
                signed: false,
                ...(text === undefined ? {} : { body: text })
              })
            ),
            label
          )
          assert.strictEqual(unsigned.status, 403, label)
          assert.strictEqual(unsigned.json.Code, "MissingAuthenticationToken", label)
          assert.match(unsigned.headers["x-amzn-requestid"] ?? "", /^[0-9a-f-]{36}$/, label)
          const wrongSecret = answered(
            yield* Effect.promise(() =>
              rawAdmin(emulator.port, {
                method,
                route,
                host,
                secretAccessKey: "not-the-secret",
                ...(text === undefined ? {} : { body: text })
              })
            ),
            label
          )
          assert.strictEqual(wrongSecret.status, 403, label)
          assert.strictEqual(wrongSecret.json.Code, "SignatureDoesNotMatch", label)
        }
        assert.deepStrictEqual(yield* connectorIds, before)
        const faults = yield* Effect.promise(() => adminCall(emulator, "GET", "/faults"))
        assert.strictEqual((faults.json.wire as { throttleRate: number }).throttleRate, 0)
      }))

    it.effect("an unsigned request is refused for its missing signature, whatever its body (not JSON, too deep)", () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        const host = `127.0.0.1:${emulator.port}`
        for (const body of ["not json", `${"[".repeat(100)}${"]".repeat(100)}`, "{\"seed\": 1"]) {
          const unsigned = answered(
            yield* Effect.promise(() =>
              rawAdmin(emulator.port, { method: "POST", route: "/seed", host, signed: false, body })
            ),
            body.slice(0, 12)
          )
          assert.strictEqual(unsigned.status, 403, body.slice(0, 12))
          assert.strictEqual(unsigned.json.Code, "MissingAuthenticationToken", body.slice(0, 12))
        }
        // Signed, the same bodies are judged for what they are.
        const signed = answered(
          yield* Effect.promise(() =>
            rawAdmin(emulator.port, { method: "POST", route: "/seed", host, body: "not json" })
          ),
          "signed"
        )
        assert.strictEqual(signed.status, 400)
      }))

    it.effect("a body changed after signing is SignatureDoesNotMatch", () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        const before = yield* connectorIds
        const host = `127.0.0.1:${emulator.port}`
        // Signed over one body, sent with another of the same length.
        const signedBody = JSON.stringify({ seed: 1, connectors: 1, sessionsPerConnector: 1 })
        const sentBody = JSON.stringify({ seed: 1, connectors: 9, sessionsPerConnector: 1 })
        const probe = answered(
          yield* Effect.promise(() =>
            rawAdmin(emulator.port, { method: "POST", route: "/seed", host, body: signedBody })
          ),
          "probe"
        )
        assert.strictEqual(probe.status, 200)
        const tampered = answered(
          yield* Effect.promise(() =>
            rawAdmin(emulator.port, { method: "POST", route: "/seed", host, body: sentBody, signedBody })
          ),
          "tampered"
        )
        assert.strictEqual(tampered.status, 403)
        assert.strictEqual(tampered.json.Code, "SignatureDoesNotMatch")
        assert.strictEqual((yield* connectorIds).length, before.length + 1, "only the probe seeded")
      }))

    it.effect("health and the connectors' ids stay open: they read no session and change nothing", () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        const host = `127.0.0.1:${emulator.port}`
        for (const route of ["/health", "/voice-connectors"]) {
          const answer = answered(
            yield* Effect.promise(() => rawAdmin(emulator.port, { method: "GET", route, host, signed: false })),
            route
          )
          assert.strictEqual(answer.status, 200, route)
        }
      }))

    it.effect("refuse a browser's Origin and a Host that is not the listening address, with 403, signed or not", () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        const before = yield* connectorIds
        const port = emulator.port
        const refusals: ReadonlyArray<readonly [string, Record<string, string>]> = [
          [`127.0.0.1:${port}`, { origin: "http://attacker.example" }],
          [`127.0.0.1:${port}`, { origin: "null" }],
          [`attacker.example:${port}`, {}],
          [`attacker.example`, {}],
          [`127.0.0.1:${port + 1}`, {}],
          [`127.0.0.1`, {}]
        ]
        for (const [host, headers] of refusals) {
          for (const route of ["/reset", "/health"]) {
            const label = `${route} Host ${host} ${JSON.stringify(headers)}`
            const answer = answered(
              yield* Effect.promise(() =>
                rawAdmin(port, {
                  method: route === "/reset" ? "POST" : "GET",
                  route,
                  host,
                  headers: { "content-type": "text/plain", ...headers }
                })
              ),
              label
            )
            assert.strictEqual(answer.status, 403, label)
            assert.strictEqual(answer.headers["x-amzn-errortype"], "ForbiddenException", label)
          }
        }
        assert.deepStrictEqual(yield* connectorIds, before)
        for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`]) {
          const answer = answered(
            yield* Effect.promise(() => rawAdmin(port, { method: "GET", route: "/clock", host })),
            host
          )
          assert.strictEqual(answer.status, 200, `${host}: ${answer.body}`)
        }
      }))

    it.effect("deep JSON is a 400, and the server keeps answering", () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        for (
          const body of [
            "[".repeat(100_000) + "]".repeat(100_000),
            `{"wire":${"{\"a\":".repeat(100_000)}1${"}".repeat(100_000)}}`
          ]
        ) {
          for (const route of ["/faults", "/fixture", "/seed", "/clock/advance"]) {
            const answer = yield* Effect.promise(() => adminCall(emulator, "POST", route, body))
            assert.strictEqual(answer.status, 400, `${route}: ${JSON.stringify(answer.json)}`)
            assert.strictEqual(answer.json.Code, "InvalidRequest")
            assert.include(String(answer.json.Message), "deeper than")
          }
        }
        assert.strictEqual((yield* Effect.promise(() => adminCall(emulator, "GET", "/health"))).status, 200)
      }))
  })
})

describe("the admin routes bound to every interface", () => {
  layer(Emulator.layerSimulator({ host: "0.0.0.0" }), { excludeTestServices: true })((it) => {
    it.effect("accept the bound address and the loopback names as Host, and nothing else", () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        const port = emulator.port
        for (const host of [`0.0.0.0:${port}`, `127.0.0.1:${port}`, `localhost:${port}`]) {
          const answer = answered(
            yield* Effect.promise(() => rawAdmin(port, { method: "GET", route: "/clock", host })),
            host
          )
          assert.strictEqual(answer.status, 200, host)
        }
        const foreign = answered(
          yield* Effect.promise(() =>
            rawAdmin(port, { method: "GET", route: "/clock", host: `rebound.example:${port}` })
          ),
          "foreign"
        )
        assert.strictEqual(foreign.status, 403)
      }))
  })
})

describe("the admin routes with --no-auth", () => {
  layer(Emulator.layerSimulator({ auth: false }), { excludeTestServices: true })((it) => {
    it.effect("are open without a signature, as documented, but still refuse a browser's Origin", () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        const host = `127.0.0.1:${emulator.port}`
        const open = answered(
          yield* Effect.promise(() =>
            rawAdmin(emulator.port, { method: "GET", route: "/fixture", host, signed: false })
          ),
          "open"
        )
        assert.strictEqual(open.status, 200)
        const origin = answered(
          yield* Effect.promise(() =>
            rawAdmin(emulator.port, {
              method: "POST",
              route: "/reset",
              host,
              signed: false,
              headers: { origin: "http://attacker.example" }
            })
          ),
          "origin"
        )
        assert.strictEqual(origin.status, 403)
      }))
  })
})

describe("the admin routes switched off", () => {
  layer(Emulator.layerSimulator({ admin: false }), { excludeTestServices: true })((it) => {
    it.effect("are not there: every path under /_chime-proxy/ is an unknown operation", () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        for (const [method, route] of [["GET", "/health"], ["GET", "/fixture"], ["POST", "/reset"]] as const) {
          const answer = yield* Effect.promise(() => adminCall(emulator, method, route))
          assert.strictEqual(answer.status, 404, route)
          assert.strictEqual(answer.headers["x-amzn-errortype"], "UnknownOperationException", route)
        }
      }))
  })
})

const curl = (args: ReadonlyArray<string>) =>
  new Promise<{ code: number; stdout: string }>((resolve) =>
    execFile(
      "curl",
      args,
      { encoding: "utf8", timeout: 30_000 },
      (error, stdout) =>
        resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : -1, stdout })
    )
  )

const hasCurl = await curl(["--version"]).then((result) => result.code === 0)

describe.runIf(hasCurl)("curl --aws-sigv4, as docs/emulator.md shows it", () => {
  it("signs admin requests the emulator accepts, bodies included", async () => {
    const emulator = await Emulator.start()
    try {
      const E = `${emulator.url}/_chime-proxy`
      const sign = [
        "--aws-sigv4",
        "aws:amz:us-east-1:chime",
        "--user",
        `${credential.accessKeyId}:${credential.secretAccessKey}`
      ]
      const reset = await curl(["-s", ...sign, "-X", "POST", `${E}/reset`])
      assert.deepStrictEqual(JSON.parse(reset.stdout), { reset: true })
      const seeded = await curl([
        "-s",
        ...sign,
        "-X",
        "POST",
        `${E}/seed`,
        "-d",
        "{\"seed\": 7, \"connectors\": 2, \"sessionsPerConnector\": 50}"
      ])
      assert.strictEqual(
        (JSON.parse(seeded.stdout) as { VoiceConnectorIds: Array<string> }).VoiceConnectorIds.length,
        2
      )
      const saved = await curl(["-s", ...sign, `${E}/fixture`])
      assert.strictEqual((JSON.parse(saved.stdout) as { VoiceConnectors: Array<unknown> }).VoiceConnectors.length, 2)
      const unsigned = await curl(["-s", "-X", "POST", `${E}/reset`])
      assert.strictEqual((JSON.parse(unsigned.stdout) as { Code: string }).Code, "MissingAuthenticationToken")
    } finally {
      await emulator.close()
    }
  }, 60_000)
})
