// Preloaded into a program (NODE_OPTIONS="--import <this file>") to report the most memory it used, written as JSON
// to the file CHIME_PROXY_BENCH_MEMORY names when it exits: its heap sampled every 10 ms (garbage included, so it
// follows the collector's pace), its live heap (the heap measured just after each collection: what the program
// holds), and its peak resident set.
import { writeFileSync } from "node:fs"
import { PerformanceObserver } from "node:perf_hooks"
import { setInterval } from "node:timers"
import { peakRssMiB } from "../PeakRss.mjs"

const file = process.env.CHIME_PROXY_BENCH_MEMORY
let peakHeap = 0
let peakLive = 0
let collections = 0
const sample = () => {
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)
}
setInterval(sample, 10).unref()
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    // Major collections (mark-sweep-compact) leave only what is live.
    if (entry.detail?.kind === 2 || entry.detail?.kind === 4) {
      collections++
      peakLive = Math.max(peakLive, process.memoryUsage().heapUsed)
    }
  }
}).observe({ entryTypes: ["gc"] })
process.on("exit", () => {
  sample()
  if (file !== undefined) {
    writeFileSync(
      file,
      JSON.stringify({
        peakHeapMiB: peakHeap / 2 ** 20,
        peakLiveHeapMiB: peakLive / 2 ** 20,
        majorCollections: collections,
        maxRssMiB: peakRssMiB()
      })
    )
  }
})
