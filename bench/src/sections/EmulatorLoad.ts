/**
 * 3. The emulator as a server: requests per second for a page of 100, from a load generator in a process of its own,
 * against the emulator (SigV4 checked, and again with auth off) and against a bare node:http server that sends the
 * same bytes, computed once: the ceiling of node:http on this machine.
 */
import { writeFileSync } from "node:fs"
import { join } from "node:path"
import { childProgram } from "../Build.js"
import { benchDir, runNode, startNode } from "../Child.js"
import type { Context } from "../Context.js"
import type { EmulatorInfo } from "../EmulatorProcess.js"
import { presign, startEmulator } from "../EmulatorProcess.js"
import type { Sample } from "../Harness.js"
import { alternate } from "../Harness.js"
import type { LoadOptions } from "../load/LoadGenerator.js"
import type { Section } from "../Report.js"
import { figure, ratio, rowsOf } from "../Report.js"

interface LoadResult {
  readonly requests: number
  readonly errors: number
  readonly firstError?: string
  readonly requestsPerSecond: number
  readonly generatorCpuPercent: number
}

const withAuth = "emulator, SigV4 checked"
const noAuth = "emulator, auth off"
const bare = "bare node:http, precomputed bytes"

const pageUrl = (info: EmulatorInfo) =>
  `${info.endpoint}/voice-connectors/${encodeURIComponent(info.voiceConnectorId)}/proxy-sessions?max-results=100`

export const run = async (context: Context): Promise<Section> => {
  const { settings } = context
  const started: Array<{ readonly stop: () => Promise<void> }> = []
  try {
    const authed = await startEmulator(context.outDir, { sessions: 1_000, auth: true })
    started.push(authed)
    const open = await startEmulator(context.outDir, { sessions: 1_000, auth: false })
    started.push(open)
    const authedUrl = pageUrl(authed.info)
    // One request is signed once and sent over and over: the emulator accepts a signature for 15 minutes, as AWS
    // does, and does not refuse a replay, so the load generator spends nothing on signing.
    const signedHeaders = await presign(authedUrl)
    const sample = await fetch(authedUrl, { headers: signedHeaders })
    const body = await sample.text()
    if (sample.status !== 200) throw new Error(`the emulator answered ${sample.status}: ${body.slice(0, 200)}`)
    const responseFile = join(context.outDir, "bare-response.json")
    writeFileSync(
      responseFile,
      JSON.stringify({ headers: { "content-type": sample.headers.get("content-type") ?? "application/json" }, body })
    )
    const server = await startNode<{ readonly port: number }>([
      await childProgram(benchDir, context.outDir, "bareServer"),
      responseFile
    ])
    started.push(server)
    const expectedBytes = Buffer.byteLength(body)
    const load = (name: string, url: string, headers: Record<string, string>) => ({
      name,
      run: async (): Promise<Sample> => {
        const options: LoadOptions = {
          url,
          headers,
          connections: settings.loadConnections,
          millis: settings.loadMillis,
          expectedBytes
        }
        const result = await runNode<LoadResult>([
          await childProgram(benchDir, context.outDir, "loadGenerator"),
          JSON.stringify(options)
        ])
        if (result.errors > 0 || result.requests === 0) {
          throw new Error(`${name}: ${result.errors} errors of ${result.requests}, first: ${result.firstError}`)
        }
        return { requestsPerSecond: result.requestsPerSecond, generatorCpuPercent: result.generatorCpuPercent }
      }
    })
    const measured = await alternate(
      [
        load(withAuth, authedUrl, signedHeaders),
        load(noAuth, pageUrl(open.info), {}),
        load(bare, `http://127.0.0.1:${server.info.port}/voice-connectors/x/proxy-sessions?max-results=100`, {})
      ],
      { warmup: settings.warmup, rounds: settings.loadRounds },
      (round, name, result) =>
        context.log(`   round ${round}: ${name} ${Math.round(result.requestsPerSecond ?? Number.NaN)} req/s`)
    )
    const rows = rowsOf(measured)
    const ceiling = figure(rows, bare, "requestsPerSecond")
    return {
      id: "emulator",
      title: "The emulator as a server",
      method:
        `A load generator (bench/src/load/, node:http keep-alive agent, ${settings.loadConnections} connections, ${
          settings.loadMillis / 1000
        } s per run) asks for the same page of 100 sessions (${
          expectedBytes.toLocaleString("en-US")
        } bytes) over and over. The bare server answers with those very bytes, computed once. Every server runs in a process of its own; the generator in another.`,
      columns: [
        { key: "requestsPerSecond", label: "requests/s", digits: 0 },
        { key: "generatorCpuPercent", label: "generator CPU % of a core", digits: 0 }
      ],
      rows,
      ratios: [
        ratio("requests/s emulator (SigV4) / bare", figure(rows, withAuth, "requestsPerSecond") / ceiling, {
          comparison: "atLeast",
          value: 0.5,
          text: "≥ 0.5"
        }),
        ratio("requests/s emulator (auth off) / bare", figure(rows, noAuth, "requestsPerSecond") / ceiling)
      ],
      notes: [
        "The signed request is signed once: the emulator checks the signature of every request (canonical request, " +
        "HMAC chain) but, like AWS within its 15-minute window, does not refuse the same signature twice.",
        "The machine has two cores: the server has one, the generator the other. When the generator's CPU is near " +
        "100 % of a core, it rather than the server may be the limit, and the ceiling is understated."
      ]
    }
  } finally {
    for (const server of started.reverse()) await server.stop()
  }
}
