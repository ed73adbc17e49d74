/**
 * 9. Many connectors: every session of 20 connectors of 10,000 sessions each from the emulator, four connectors at a
 * time: ours merging each connector's `ProxySessions.stream` with `Stream.flatMap` at concurrency 4, the SDK's
 * `paginateListProxySessions` in four workers under `Promise.all`.
 */
import { join } from "node:path"
import { bundle } from "../Build.js"
import type { ServerChild } from "../Child.js"
import { benchDir, runNode, startNode } from "../Child.js"
import type { Context } from "../Context.js"
import { clientEnv } from "../EmulatorProcess.js"
import type { Sample } from "../Harness.js"
import { alternate } from "../Harness.js"
import { runPiped } from "../Piped.js"
import type { Section } from "../Report.js"
import { figure, ratio, rowsOf } from "../Report.js"
import { publishedProgram } from "./CliListing.js"

interface ClientResult {
  readonly items: number
  readonly seconds: number
  readonly cpuMillis: number
  readonly processCpuMillis: number
  readonly peakRssMiB: number
}

/** How many connectors are listed at once, by both contenders. */
export const concurrency = 4

const ours = `ours: ProxySessions.stream per connector over NodeUndici, Stream.flatMap at concurrency ${concurrency}`
const sdk = `SDK: paginateListProxySessions per connector, ${concurrency} workers under Promise.all`
const cli = `ours: chime-proxy list --all --concurrency ${concurrency} --output ndjson (published bundle)`
const sdkScript = `SDK: a script writing the same ndjson, ${concurrency} workers under Promise.all`

export const run = async (context: Context): Promise<Section> => {
  const { settings } = context
  const connectors = 20
  const perConnector = settings.quick ? 100 : 10_000
  const total = connectors * perConnector
  const build = join(context.outDir, "build")
  await bundle(join(benchDir, "src/clients/OursConnectors.ts"), join(build, "ours-connectors.mjs"), { minify: false })
  await bundle(join(benchDir, "src/clients/SdkConnectors.ts"), join(build, "sdk-connectors.mjs"), { minify: false })
  const server = join(build, "many-connectors-emulator.mjs")
  await bundle(join(benchDir, "src/children/ManyConnectorsEmulator.ts"), server, { minify: false })
  context.log(`   seeding the emulator with ${connectors} connectors of ${perConnector} sessions`)
  const emulator: ServerChild<{ endpoint: string; voiceConnectorIds: ReadonlyArray<string> }> = await startNode([
    "--max-old-space-size=4096",
    server,
    String(connectors),
    String(perConnector)
  ])
  try {
    const { endpoint, voiceConnectorIds } = emulator.info
    const client = (name: string, file: string) => ({
      name,
      run: async (): Promise<Sample> => {
        const result = await runNode<ClientResult>(
          [join(build, file), endpoint, String(concurrency), ...voiceConnectorIds],
          { env: clientEnv() }
        )
        if (result.items !== total) throw new Error(`${name} listed ${result.items} sessions of ${total}`)
        return {
          itemsPerSecond: result.items / result.seconds,
          seconds: result.seconds,
          cpuMillis: result.cpuMillis,
          cpuMicrosPerItem: (result.cpuMillis * 1000) / result.items,
          peakRssMiB: result.peakRssMiB
        }
      }
    })
    const log = (round: number, name: string, sample: Sample) =>
      context.log(`   round ${round}: ${name} ${Math.round(sample.itemsPerSecond ?? Number.NaN)} items/s`)
    const library = await alternate(
      [client(ours, "ours-connectors.mjs"), client(sdk, "sdk-connectors.mjs")],
      { warmup: settings.warmup, rounds: settings.quick ? 1 : 4 },
      log
    )
    // The same listing as whole programs that print it, from spawn to exit, stdout on a pipe the bench drains.
    const program = (name: string, args: ReadonlyArray<string>) => ({
      name,
      run: async (): Promise<Sample> => {
        const result = await runPiped(process.execPath, args, { env: clientEnv() })
        if (result.lines !== total) throw new Error(`${name} printed ${result.lines} lines of ${total}`)
        return {
          itemsPerSecond: total / (result.wallMillis / 1000),
          seconds: result.wallMillis / 1000,
          cpuMillis: result.cpuMillis,
          cpuMicrosPerItem: (result.cpuMillis * 1000) / total,
          peakRssMiB: result.maxRssMiB
        }
      }
    })
    const bin = await publishedProgram(context.outDir)
    const programs = await alternate(
      [
        program(cli, [
          bin,
          "list",
          "--all",
          "--concurrency",
          String(concurrency),
          "--page-size",
          "100",
          "--output",
          "ndjson",
          "--endpoint-url",
          endpoint
        ]),
        program(sdkScript, [join(benchDir, "src/clients/SdkAllNdjson.mjs"), endpoint, String(concurrency)])
      ],
      { warmup: 0, rounds: settings.quick ? 1 : 3 },
      log
    )
    const rows = rowsOf([...library, ...programs])
    return {
      id: "connectors",
      title: "Many connectors at once",
      method: `Every session of ${connectors} connectors of ${perConnector.toLocaleString("en-US")} sessions each (${
        total.toLocaleString("en-US")
      } in all), in pages of 100, from the emulator (a process of its own, SigV4 checked on every request) on 127.0.0.1, ${concurrency} connectors at a time. Ours merges the connectors' \`ProxySessions.stream\` with \`Stream.flatMap(…, { concurrency: ${concurrency} })\` over \`NodeUndici.layerProxySessions\` (undici: with several listings at once, the layer of ours that spends the least CPU per session; node:http's spends the least on one, section 1); the SDK's script runs ${concurrency} workers under \`Promise.all\`, each paging one connector after another with \`paginateListProxySessions\` on one shared client. Each client is bundled by esbuild and run with plain node in a fresh process; it reports its wall and CPU time from the first request to the last page, and its peak RSS. The last two rows are whole programs timed from spawn to exit, stdout on a pipe the bench drains: \`chime-proxy list --all --concurrency ${concurrency} --page-size 100 --output ndjson\` from the published bundle (it finds the connectors with ListVoiceConnectors and writes each connector's sessions together, in order), against bench/src/clients/SdkAllNdjson.mjs, which does the same with the SDK (\`paginateListVoiceConnectors\`, then ${concurrency} workers under \`Promise.all\`); their CPU time is the whole process's.`,
      columns: [
        { key: "itemsPerSecond", label: "sessions/s", digits: 0 },
        { key: "seconds", label: "seconds", digits: 2 },
        { key: "cpuMillis", label: "CPU ms while listing", digits: 0 },
        { key: "cpuMicrosPerItem", label: "CPU µs per session", digits: 2 },
        { key: "peakRssMiB", label: "peak RSS MiB", digits: 1 }
      ],
      rows,
      ratios: [
        ratio("sessions/s ours / SDK", figure(rows, ours, "itemsPerSecond") / figure(rows, sdk, "itemsPerSecond"), {
          comparison: "atLeast",
          value: 1.5,
          text: "≥ 1.5"
        }),
        ratio(
          "CPU per session ours / SDK",
          figure(rows, ours, "cpuMicrosPerItem") / figure(rows, sdk, "cpuMicrosPerItem")
        ),
        ratio("peak RSS ours / SDK", figure(rows, ours, "peakRssMiB") / figure(rows, sdk, "peakRssMiB")),
        ratio(
          "programs: sessions/s CLI / SDK script",
          figure(rows, cli, "itemsPerSecond") / figure(rows, sdkScript, "itemsPerSecond")
        )
      ],
      notes: [
        "With several requests in flight, the emulator's own time per page overlaps the client's: on a machine of two " +
        "cores the client and the emulator share them, so the client's CPU per session decides how much of the " +
        "machine is left to serve it."
      ]
    }
  } finally {
    await emulator.stop()
  }
}
