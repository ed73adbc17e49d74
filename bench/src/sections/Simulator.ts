/**
 * 2. The in-process simulator: every session of one connector listed through the ProxySessions service at each store
 * size, in a fresh process per size and run, with the time of each page and the heap the store takes.
 */
import { join } from "node:path"
import { childProgram } from "../Build.js"
import { benchDir, runNode, tsxImport } from "../Child.js"
import type { Context } from "../Context.js"
import { median } from "../Harness.js"
import type { Row, Section } from "../Report.js"
import { figure, ratio } from "../Report.js"

interface ListingResult {
  readonly sessions: number
  readonly seedMillis: number
  readonly bytesPerSession: number
  readonly listMillis: number
  readonly pages: number
  readonly meanPageMicros: number
  readonly medianPageMicros: number
  readonly peakRssMiB: number
}

/** What the simulator's own measurement reports (milliseconds). */
interface PageTimeResult {
  readonly pageMillis: number
  readonly filteredPageMillis: number
  readonly deepPageMillis: number
}

const label = (size: number) => `simulator, ${size.toLocaleString("en-US")} sessions`

export const run = async (context: Context): Promise<Section> => {
  const { settings } = context
  const sizes = settings.simulatorSizes
  const runs = new Map<number, Array<ListingResult>>(sizes.map((size) => [size, []]))
  const pageTimes = new Map<number, Array<PageTimeResult>>(sizes.map((size) => [size, []]))
  // Rounds take the sizes in turn, so that noise on the machine falls on every size alike.
  for (let round = 0; round < settings.simulatorRounds; round++) {
    const order = round % 2 === 0 ? sizes : [...sizes].reverse()
    for (const size of order) {
      const result = await runNode<ListingResult>([
        "--expose-gc",
        "--max-old-space-size=4096",
        await childProgram(benchDir, context.outDir, "simulatorListing"),
        String(size),
        String(settings.simulatorWarmup)
      ])
      runs.get(size)!.push(result)
      pageTimes.get(size)!.push(
        await runNode<PageTimeResult>([
          "--max-old-space-size=4096",
          ...tsxImport(),
          join(benchDir, "src/children/SimulatorPageTime.ts"),
          String(size)
        ])
      )
      context.log(`   round ${round}: ${label(size)}: ${result.meanPageMicros.toFixed(0)} µs per page`)
    }
  }
  const rows: Array<Row> = sizes.map((size) => {
    const results = runs.get(size)!
    const of = (key: keyof ListingResult) => median(results.map((result) => result[key]))
    const micros = (key: keyof PageTimeResult) => 1000 * median(pageTimes.get(size)!.map((result) => result[key]))
    return {
      contender: label(size),
      figures: {
        meanPageMicros: of("meanPageMicros"),
        medianPageMicros: of("medianPageMicros"),
        listMillis: of("listMillis"),
        sessionsPerSecond: size / (of("listMillis") / 1000),
        seedMillis: of("seedMillis"),
        bytesPerSession: of("bytesPerSession"),
        peakRssMiB: of("peakRssMiB"),
        startPageMicros: micros("pageMillis"),
        filteredPageMicros: micros("filteredPageMillis"),
        deepPageMicros: micros("deepPageMillis")
      },
      samples: results.map((result) => ({ ...result }))
    }
  })
  const first = sizes[0] ?? Number.NaN
  const last = sizes[sizes.length - 1] ?? Number.NaN
  const smallest = label(first)
  const largest = label(last)
  return {
    id: "simulator",
    title: "The in-process simulator",
    method: "One connector seeded with N sessions in a fresh process (after a warm-up listing of " +
      `${settings.simulatorWarmup.toLocaleString("en-US")} sessions on another connector), then every session ` +
      "listed through `ProxySessions.pages` in pages of 100. Time per page " +
      "is the listing's wall time divided by its pages (GC included); the median page shows the typical page. " +
      "Memory per session is the heap the store adds when seeding at least 200,000 sessions (a smaller store weighs " +
      "less than the heap's own noise), measured after a forced GC. The last three " +
      "columns come from the simulator's own `measurePageTime` (bench/src/PageTime.ts), in another " +
      "fresh process: the median of single `listProxySessions` calls of 100 at the start of the listing, with a " +
      "Status filter, and in its middle.",
    columns: [
      { key: "meanPageMicros", label: "µs per page", digits: 0 },
      { key: "medianPageMicros", label: "median page µs", digits: 0 },
      { key: "sessionsPerSecond", label: "sessions/s", digits: 0 },
      { key: "seedMillis", label: "seeding ms", digits: 0 },
      { key: "bytesPerSession", label: "heap bytes per session", digits: 1 },
      { key: "peakRssMiB", label: "peak RSS MiB", digits: 0 },
      { key: "startPageMicros", label: "one page µs: start", digits: 0 },
      { key: "filteredPageMicros", label: "Status=Open", digits: 0 },
      { key: "deepPageMicros", label: "mid-listing", digits: 0 }
    ],
    rows,
    ratios: [
      ratio(
        `time per page ${last.toLocaleString("en-US")} / ${first.toLocaleString("en-US")}`,
        figure(rows, largest, "meanPageMicros") / figure(rows, smallest, "meanPageMicros"),
        { comparison: "atMost", value: 1.5, text: "≤ 1.5" }
      )
    ],
    notes: []
  }
}
