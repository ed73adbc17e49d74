import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { mkdtempSync, writeFileSync } from "node:fs"
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http"
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { cli } from "./run.js"

// Hostile and foreign inputs, as they were found: the terminal bytes of a server or of the command line, a server
// that never answers, bad options, credentials that cannot be had.

const isolated = (dir: string) => ({
  AWS_CONFIG_FILE: join(dir, "config"),
  AWS_SHARED_CREDENTIALS_FILE: join(dir, "credentials"),
  AWS_EC2_METADATA_DISABLED: "true",
  AWS_MAX_ATTEMPTS: "1",
  CHIME_PROXY_NO_DEPRECATION_WARNING: "true",
  AWS_PROFILE: "",
  AWS_ACCESS_KEY_ID: "",
  AWS_SECRET_ACCESS_KEY: "",
  AWS_SESSION_TOKEN: "",
  AWS_REGION: "",
  AWS_DEFAULT_REGION: ""
})

const withStatic = (dir: string) => ({
  ...isolated(dir),
  AWS_ACCESS_KEY_ID: "AKIDHARDENINGTEST",
  AWS_SECRET_ACCESS_KEY: "hardening/secret"
})

const listen = <S extends Server | TcpServer>(server: S) =>
  Effect.acquireRelease(
    Effect.async<string>((resume) => {
      server.listen(0, "127.0.0.1", () => {
        const address = server.address()
        resume(Effect.succeed(`http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}`))
      })
    }),
    () => Effect.sync(() => server.close())
  )

const httpServer = (handler: (request: IncomingMessage, response: ServerResponse) => void) =>
  listen(createServer(handler))

// The terminal bytes found: set the title, clear the screen, and forge a line of our own.
const hostile = "\u001b]0;pwned\u0007\u001b[2J\r\nchime-proxy: forged"

const assertSafe = (stderr: string) => {
  // eslint-disable-next-line no-control-regex
  assert.notMatch(stderr, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/, JSON.stringify(stderr))
  assert.strictEqual(stderr.split("\n").filter((line) => line.startsWith("chime-proxy:")).length, 1, stderr)
}

const list = (endpoint: string, args: ReadonlyArray<string> = []) => [
  "list",
  "--endpoint-url",
  endpoint,
  "--region",
  "us-east-1",
  "--voice-connector-id",
  "vc-1",
  ...args
]

const tempDir = () => mkdtempSync(join(tmpdir(), "chime-proxy-hardening-"))

describe("server text never reaches the terminal raw", () => {
  it.scoped("an error message with escape sequences and a line break", () =>
    Effect.gen(function*() {
      const endpoint = yield* httpServer((_, response) => {
        response.writeHead(400, { "content-type": "application/json", "x-amzn-errortype": "BadRequestException" })
        response.end(JSON.stringify({ Message: `bad request ${hostile}` }))
      })
      const result = yield* cli(list(endpoint), withStatic(tempDir()))
      assert.strictEqual(result.code, 1)
      assertSafe(result.stderr)
      assert.include(result.stderr, "\\x1b]0;pwned\\x07\\x1b[2J\\r\\nchime-proxy: forged")
    }))

  it.scoped("a connector id with control characters, echoed by the NotFound message", () =>
    Effect.gen(function*() {
      const endpoint = yield* httpServer((request, response) => {
        const id = decodeURIComponent((request.url ?? "").split("/")[2] ?? "")
        response.writeHead(404, { "content-type": "application/json", "x-amzn-errortype": "NotFoundException" })
        response.end(JSON.stringify({ Message: `Voice connector ${id} not found` }))
      })
      const args = list(endpoint).map((arg) => arg === "vc-1" ? `vc${hostile}` : arg)
      const result = yield* cli(args, withStatic(tempDir()))
      assert.strictEqual(result.code, 1)
      assertSafe(result.stderr)
      assert.include(result.stderr, "NotFoundException")
    }))

  it.effect("a command-line argument quoted by a usage error", () =>
    Effect.gen(function*() {
      const result = yield* cli(["list", "--simulate", `stray${hostile}`], isolated(tempDir()))
      assert.strictEqual(result.code, 2)
      // eslint-disable-next-line no-control-regex
      assert.notMatch(result.stderr, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/, JSON.stringify(result.stderr))
      assert.notInclude(result.stderr, "\nchime-proxy: forged")
    }))

  it.scoped("the credential chain's console warning goes through the logger, on one escaped line", () =>
    Effect.gen(function*() {
      const dir = tempDir()
      writeFileSync(join(dir, "credentials"), "[other]\naws_access_key_id = AKIDOTHER\naws_secret_access_key = s\n")
      const endpoint = yield* httpServer((_, response) => {
        response.writeHead(200, { "content-type": "application/json" })
        response.end(JSON.stringify({ ProxySessions: [] }))
      })
      const result = yield* cli(list(endpoint, ["--output", "ndjson"]), { ...withStatic(dir), AWS_PROFILE: "other" })
      assert.strictEqual(result.code, 0, result.stderr)
      const lines = result.stderr.trimEnd().split("\n")
      assert.isAbove(lines.length, 0)
      for (const line of lines) assert.match(line, /^chime-proxy: warn: /)
      assert.include(result.stderr, "Multiple credential sources detected")
    }))
})

describe("configuration that an HTTP header cannot carry", () => {
  it.scoped("a control character in the region, the access key id or the session token: a clear error, no request", () =>
    Effect.gen(function*() {
      let requests = 0
      const endpoint = yield* httpServer((_, response) => {
        requests++
        response.writeHead(200, { "content-type": "application/json" })
        response.end(JSON.stringify({ ProxySessions: [] }))
      })
      const dir = tempDir()
      const cases = [
        { env: withStatic(dir), args: list(endpoint).map((arg) => arg === "us-east-1" ? `us-east-1${hostile}` : arg) },
        {
          env: { ...withStatic(dir), AWS_REGION: `us-east-1${hostile}` },
          args: list(endpoint).slice(0, 3).concat("--voice-connector-id", "vc-1")
        },
        { env: { ...withStatic(dir), AWS_ACCESS_KEY_ID: `AKID${hostile}` }, args: list(endpoint) },
        { env: { ...withStatic(dir), AWS_SESSION_TOKEN: "abc\ndef" }, args: list(endpoint) }
      ]
      for (const { args, env } of cases) {
        const result = yield* cli(args, env)
        assert.strictEqual(result.code, 1, result.stderr)
        assertSafe(result.stderr)
        assert.notInclude(result.stderr, "internal error")
        assert.notInclude(result.stderr, "abc")
        assert.match(result.stderr, /not a valid host label|holds a control character/)
      }
      assert.strictEqual(requests, 0)
    }))
})

describe("timeouts", () => {
  // Accepts the connection and never answers: 3 attempts of 30 s held the CLI for 92 s.
  const silent = Effect.gen(function*() {
    const sockets = new Set<Socket>()
    const server = createTcpServer((socket) => {
      sockets.add(socket)
    })
    yield* Effect.addFinalizer(() => Effect.sync(() => sockets.forEach((socket) => socket.destroy())))
    return yield* listen(server)
  })

  it.scoped("--cli-read-timeout ends the wait for a server that never answers", () =>
    Effect.gen(function*() {
      const endpoint = yield* silent
      const result = yield* cli(list(endpoint, ["--cli-read-timeout", "1"]), withStatic(tempDir()))
      assert.strictEqual(result.code, 1, result.stderr)
      assert.include(result.stderr, "read timeout")
    }))

  it.scoped("--cli-connect-timeout bounds it too", () =>
    Effect.gen(function*() {
      const endpoint = yield* silent
      const result = yield* cli(list(endpoint, ["--cli-connect-timeout", "1"]), withStatic(tempDir()))
      assert.strictEqual(result.code, 1, result.stderr)
      assert.include(result.stderr, "connect timeout")
    }))

  // One connection per attempt: the sockets the server accepted.
  const counted = Effect.gen(function*() {
    const sockets = new Set<Socket>()
    const server = createTcpServer((socket) => {
      sockets.add(socket)
    })
    yield* Effect.addFinalizer(() => Effect.sync(() => sockets.forEach((socket) => socket.destroy())))
    return { endpoint: yield* listen(server), connections: () => sockets.size }
  })

  for (const option of ["--cli-read-timeout", "--cli-connect-timeout"]) {
    it.scoped(`${option} is retried as AWS_MAX_ATTEMPTS says`, () =>
      Effect.gen(function*() {
        const { connections, endpoint } = yield* counted
        const result = yield* cli(list(endpoint, [option, "1"]), { ...withStatic(tempDir()), AWS_MAX_ATTEMPTS: "2" })
        assert.strictEqual(result.code, 1, result.stderr)
        assert.include(result.stderr, option === "--cli-read-timeout" ? "read timeout" : "connect timeout")
        assert.strictEqual(connections(), 2)
      }))
  }

  it.scoped("--cli-read-timeout ends a body that stops half-way", () =>
    Effect.gen(function*() {
      const endpoint = yield* httpServer((_, response) => {
        response.writeHead(200, { "content-type": "application/json" })
        response.write("{\"ProxySessions\": [")
      })
      const result = yield* cli(list(endpoint, ["--cli-read-timeout", "1"]), withStatic(tempDir()))
      assert.strictEqual(result.code, 1, result.stderr)
      assert.include(result.stderr, "read timeout")
    }))

  it.effect("a negative timeout is a usage error", () =>
    Effect.gen(function*() {
      const result = yield* cli(list("http://127.0.0.1:9", ["--cli-read-timeout", "-1"]), withStatic(tempDir()))
      assert.strictEqual(result.code, 2)
      assert.include(result.stderr, "--cli-read-timeout")
    }))
})

describe("messages", () => {
  it.effect("a malformed --endpoint-url is a usage error", () =>
    Effect.gen(function*() {
      for (const url of ["http://exa mple", "not a url", "ftp://127.0.0.1"]) {
        const result = yield* cli(list(url), withStatic(tempDir()))
        assert.strictEqual(result.code, 2, result.stderr)
        assert.include(result.stderr, "Invalid value for --endpoint-url")
      }
    }))

  it.effect("credential errors name the profile and the provider, and don't suggest --profile when it was given", () =>
    Effect.gen(function*() {
      const dir = tempDir()
      writeFileSync(join(dir, "config"), "[profile empty]\nregion = us-east-1\n")
      const result = yield* cli(list("http://127.0.0.1:9", ["--profile", "empty"]), isolated(dir))
      assert.strictEqual(result.code, 1, result.stderr)
      assert.include(result.stderr, "profile \"empty\"")
      assert.include(result.stderr, "fromIni")
      assert.notInclude(result.stderr, "--profile")
      const none = yield* cli(list("http://127.0.0.1:9"), isolated(dir))
      assert.strictEqual(none.code, 1, none.stderr)
      assert.include(none.stderr, "--profile")
    }))
})
