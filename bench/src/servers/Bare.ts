/**
 * The ceiling of the emulator benchmark: a bare node:http server that answers every request with the same bytes,
 * computed once before it listens. Nothing on this machine can serve the page faster over node:http.
 *
 * Usage: node bareServer.mjs <response.json> (a file of `{ "headers": {…}, "body": "…" }`)
 */
import { readFileSync } from "node:fs"
import * as http from "node:http"
import { reportToParent } from "../Reporting.js"

const { body, headers } = JSON.parse(readFileSync(process.argv[2] ?? "", "utf8")) as {
  readonly headers: Record<string, string>
  readonly body: string
}
const bytes = Buffer.from(body)
const head = { ...headers, "content-length": String(bytes.length) }

const server = http.createServer((request, response) => {
  // The request body, if any, is drained so that keep-alive connections stay usable.
  request.resume()
  response.writeHead(200, head)
  response.end(bytes)
})
server.keepAliveTimeout = 60_000
server.listen(0, "127.0.0.1", () => {
  const address = server.address()
  reportToParent({ port: typeof address === "object" && address !== null ? address.port : 0 })
})
process.on("SIGTERM", () => server.close(() => process.exit(0)))
