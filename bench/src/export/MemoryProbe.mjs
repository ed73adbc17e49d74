// Preloaded into a program (NODE_OPTIONS="--import <this file>") to report the most memory it used: its heap, sampled
// every 10 ms, and its peak resident set, written as JSON to the file CHIME_PROXY_BENCH_MEMORY names when it exits.
import { writeFileSync } from "node:fs"

const file = process.env.CHIME_PROXY_BENCH_MEMORY
let peakHeap = 0
const sample = () => {
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)
}
setInterval(sample, 10).unref()
process.on("exit", () => {
  sample()
  if (file !== undefined) {
    writeFileSync(
      file,
      JSON.stringify({ peakHeapMiB: peakHeap / 2 ** 20, maxRssMiB: process.resourceUsage().maxRSS / 1024 })
    )
  }
})
