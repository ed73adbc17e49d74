/**
 * A small load generator over node:http keep-alive agents: `connections` requests in flight at all times, each
 * followed by the next as soon as its response is read, for `millis` milliseconds. It runs in a process of its own
 * and reports its own CPU time, so that the reader can see when it, rather than the server, was the limit.
 *
 * Usage: node loadGenerator.mjs '<json of LoadOptions>' (bundled by Build.childProgram)
 */
import * as http from "node:http"
import { reportToParent } from "../Reporting.js"

export interface LoadOptions {
  readonly url: string
  readonly headers: Record<string, string>
  readonly connections: number
  readonly millis: number
  /** The body size to expect; a response of another size or status counts as an error. */
  readonly expectedBytes: number
}

const options = JSON.parse(process.argv[2] ?? "") as LoadOptions
const url = new URL(options.url)
const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections })
let ok = 0
let errors = 0
let firstError: string | undefined
let stopping = false

const once = () =>
  new Promise<void>((resolve) => {
    const request = http.request({
      agent,
      host: url.hostname,
      port: url.port,
      path: `${url.pathname}${url.search}`,
      method: "GET",
      headers: options.headers
    }, (response) => {
      let size = 0
      response.on("data", (chunk: Buffer) => (size += chunk.length))
      response.on("end", () => {
        if (response.statusCode === 200 && size === options.expectedBytes) ok++
        else {
          errors++
          firstError ??= `HTTP ${response.statusCode}, ${size} bytes`
        }
        resolve()
      })
    })
    request.on("error", (error) => {
      errors++
      firstError ??= error.message
      resolve()
    })
    request.end()
  })

const worker = async () => {
  while (!stopping) await once()
}

const cpuStart = process.cpuUsage()
const start = process.hrtime.bigint()
const timer = setTimeout(() => (stopping = true), options.millis)
await Promise.all(Array.from({ length: options.connections }, worker))
clearTimeout(timer)
const seconds = Number(process.hrtime.bigint() - start) / 1e9
const cpu = process.cpuUsage(cpuStart)
agent.destroy()
reportToParent({
  requests: ok,
  errors,
  firstError,
  seconds,
  requestsPerSecond: ok / seconds,
  // The share of one core the generator used: near 100 means it may have been the limit.
  generatorCpuPercent: (cpu.user + cpu.system) / 1e4 / seconds
})
