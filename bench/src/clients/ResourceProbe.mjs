// Preloaded into a program (NODE_OPTIONS="--import <this file>") to report, when it exits, the CPU time and the peak
// resident set of its whole process, as JSON to the file CHIME_PROXY_BENCH_RESOURCES names. It does nothing else
// while the program runs, so it costs every contender the same few hundred microseconds.
import { readFileSync, writeFileSync } from "node:fs"

// The high-water mark of this process's own memory on Linux (VmHWM): resourceUsage().maxRSS keeps, across the exec
// that starts a child, the resident set its parent had when it forked.
const peakRssMiB = () => {
  try {
    const kib = /VmHWM:\s*(\d+)/.exec(readFileSync("/proc/self/status", "utf8"))?.[1]
    if (kib !== undefined) return Number(kib) / 1024
  } catch {
    // Not Linux: maxRSS is the best there is.
  }
  return process.resourceUsage().maxRSS / 1024
}

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
