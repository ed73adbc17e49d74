// Preloaded into a program (NODE_OPTIONS="--import <this file>") to report, when it exits, the CPU time and the peak
// resident set of its whole process, as JSON to the file CHIME_PROXY_BENCH_RESOURCES names. It does nothing else
// while the program runs, so it costs every contender the same few hundred microseconds.
import { writeFileSync } from "node:fs"
import { peakRssMiB } from "../PeakRss.mjs"

const file = process.env.CHIME_PROXY_BENCH_RESOURCES
process.on("exit", () => {
  if (file === undefined) return
  const usage = process.resourceUsage()
  writeFileSync(
    file,
    JSON.stringify({
      cpuMillis: (usage.userCPUTime + usage.systemCPUTime) / 1000,
      userMillis: usage.userCPUTime / 1000,
      systemMillis: usage.systemCPUTime / 1000,
      maxRssMiB: peakRssMiB()
    })
  )
})
