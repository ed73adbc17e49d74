/**
 * 1. Listing throughput over loopback: every session of one connector, pages of 100, with our live layer and with
 * the SDK's `paginateListProxySessions`, against the same emulator and dataset. Each client runs bundled, with plain
 * node, in a process of its own, and reports its items per second, its CPU time while listing and its peak RSS.
 */
import { join } from "node:path"
import { bundle } from "../Build.js"
import { benchDir, runNode } from "../Child.js"
import type { Context } from "../Context.js"
import { clientEnv, startEmulator } from "../EmulatorProcess.js"
import type { Sample } from "../Harness.js"
import { alternate } from "../Harness.js"
import type { Section } from "../Report.js"
import { figure, ratio, rowsOf } from "../Report.js"

interface ClientResult {
  readonly items: number
  readonly pages: number
  readonly seconds: number
  readonly cpuMillis: number
  readonly processCpuMillis: number
  readonly peakRssMiB: number
}

const ours = "ours: NodeHttp.layerProxySessions (node:http)"
const oursUndici = "ours: NodeUndici.layerProxySessions (undici)"
const sdk = "SDK: paginateListProxySessions"
const floor = "floor: the platform's node:http HttpClient, SigV4, JSON.parse and the required values"
const floorEffect = "floor: one Effect.async around node:http per request, the same work"
const floorNode = "floor: no effect runtime, node:http and await, the same work"

export const run = async (context: Context): Promise<Section> => {
  const { settings } = context
  const build = join(context.outDir, "build")
  await bundle(join(benchDir, "src/clients/Ours.ts"), join(build, "ours-client.mjs"), { minify: false })
  await bundle(join(benchDir, "src/clients/OursUndici.ts"), join(build, "ours-undici-client.mjs"), { minify: false })
  await bundle(join(benchDir, "src/clients/Sdk.ts"), join(build, "sdk-client.mjs"), { minify: false })
  await bundle(join(benchDir, "src/clients/Floor.ts"), join(build, "floor-client.mjs"), { minify: false })
  await bundle(join(benchDir, "src/clients/FloorEffect.ts"), join(build, "floor-effect-client.mjs"), { minify: false })
  await bundle(join(benchDir, "src/clients/FloorNode.ts"), join(build, "floor-node-client.mjs"), { minify: false })
  context.log(`   seeding the emulator with ${settings.listingSessions} sessions`)
  const emulator = await startEmulator(context.outDir, { sessions: settings.listingSessions, auth: true })
  try {
    const client = (name: string, file: string) => ({
      name,
      run: async (): Promise<Sample> => {
        const result = await runNode<ClientResult>(
          [join(build, file), emulator.info.endpoint, emulator.info.voiceConnectorId],
          { env: clientEnv() }
        )
        if (result.items !== settings.listingSessions) {
          throw new Error(`${name} listed ${result.items} sessions of ${settings.listingSessions}`)
        }
        return {
          itemsPerSecond: result.items / result.seconds,
          seconds: result.seconds,
          cpuMillis: result.cpuMillis,
          cpuMicrosPerItem: (result.cpuMillis * 1000) / result.items,
          processCpuMillis: result.processCpuMillis,
          peakRssMiB: result.peakRssMiB
        }
      }
    })
    const measured = await alternate(
      [
        client(ours, "ours-client.mjs"),
        client(sdk, "sdk-client.mjs"),
        client(floor, "floor-client.mjs"),
        client(oursUndici, "ours-undici-client.mjs"),
        client(floorEffect, "floor-effect-client.mjs"),
        client(floorNode, "floor-node-client.mjs")
      ],
      { warmup: settings.warmup, rounds: settings.listingRounds },
      (round, name, sample) =>
        context.log(`   round ${round}: ${name} ${Math.round(sample.itemsPerSecond ?? Number.NaN)} items/s`)
    )
    const rows = rowsOf(measured)
    const cpu = (a: string, b: string) => figure(rows, a, "cpuMicrosPerItem") / figure(rows, b, "cpuMicrosPerItem")
    const rss = (a: string, b: string) => figure(rows, a, "peakRssMiB") / figure(rows, b, "peakRssMiB")
    return {
      id: "listing",
      title: "Listing throughput over loopback",
      method: `Every session of one connector holding ${
        settings.listingSessions.toLocaleString("en-US")
      } sessions, in pages of 100, from the emulator (SigV4 checked on every request) on 127.0.0.1, which runs in a process of its own. Each client is bundled by esbuild (not minified) and run with plain node in a fresh process: it reports its own wall time and CPU time from the first request to the last page, and the peak RSS of the whole process. Credentials come from the environment through each library's default chain.`,
      columns: [
        { key: "itemsPerSecond", label: "sessions/s", digits: 0 },
        { key: "cpuMillis", label: "CPU ms while listing", digits: 0 },
        { key: "cpuMicrosPerItem", label: "CPU µs per session", digits: 2 },
        { key: "processCpuMillis", label: "CPU ms, whole process", digits: 0 },
        { key: "peakRssMiB", label: "peak RSS MiB", digits: 1 }
      ],
      rows,
      ratios: [
        ratio("CPU per session ours / SDK", cpu(ours, sdk), { comparison: "atMost", value: 0.67, text: "≤ 0.67" }),
        ratio("peak RSS ours / SDK", rss(ours, sdk), { comparison: "atMost", value: 1, text: "≤ 1 (no more memory)" }),
        // Reported, with no target: the emulator's time per page, on the same two cores, is most of either client's
        // wall time, so this ratio says more about the server and the machine than about the client. The library's
        // target is its CPU per session; the speed users feel is the CLI's end-to-end benchmark.
        ratio("sessions/s ours / SDK", figure(rows, ours, "itemsPerSecond") / figure(rows, sdk, "itemsPerSecond")),
        ratio("CPU per session floor / SDK", cpu(floor, sdk)),
        ratio("peak RSS floor / SDK", rss(floor, sdk)),
        ratio("CPU per session ours / floor", cpu(ours, floor)),
        ratio("CPU per session Effect.async floor / SDK", cpu(floorEffect, sdk)),
        ratio("peak RSS Effect.async floor / SDK", rss(floorEffect, sdk)),
        ratio("CPU per session floor / Effect.async floor", cpu(floor, floorEffect)),
        ratio("CPU per session no-runtime floor / SDK", cpu(floorNode, sdk)),
        ratio("CPU per session undici / node:http (ours)", cpu(oursUndici, ours)),
        ratio("peak RSS undici / node:http (ours)", rss(oursUndici, ours))
      ],
      notes: [
        "The emulator serves both clients alike, and its own time per page is part of every client's wall time: " +
        "the client's CPU time per session is the figure that shows the client alone, and the one with a target; " +
        "sessions/s is reported without one.",
        "The floor (bench/src/clients/Floor.ts) is not a client: the least a listing on our stack does per page, " +
        "@effect/platform-node's node:http HttpClient (the one `NodeHttp` runs on), a SigV4 signature, JSON.parse " +
        "and the values the data model requires (400 `Redacted` phone numbers and 300 `DateTime.Utc` per page), " +
        "with nothing checked, no class, no stream, no retry and no timeout. Its ratios to the SDK bound what any " +
        "client on this stack can reach.",
        "Ours is the node:http layer (`@chime-proxy/aws/NodeHttp`); the undici row is the same program over undici " +
        "(`@chime-proxy/aws/NodeUndici`), whose WebAssembly parser V8 compiles again, optimised, during the listing.",
        "The last two rows are floors below the stack, the same work as the floor with its HTTP client taken out: " +
        "each request one `Effect.async` around node:http's `http.get` in an `Effect.gen` loop " +
        "(bench/src/clients/FloorEffect.ts), the least any Effect program does whatever its HTTP client; and the " +
        "same with no effect runtime at all, a loop of `await`s signed by @smithy/signature-v4 as the SDK signs " +
        "(bench/src/clients/FloorNode.ts). Neither checks, interrupts, maps an error or bounds a body."
      ]
    }
  } finally {
    await emulator.stop()
  }
}
