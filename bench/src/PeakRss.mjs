// The peak resident set of this process, in MiB, for every probe and child of the bench. Plain JavaScript so that the
// probes preloaded into programs (`--import`, run as users run them, without a TypeScript loader) share it with the
// bundled TypeScript children.
import { readFileSync } from "node:fs"

// On Linux, the high-water mark of the process's own memory (VmHWM): `resourceUsage().maxRSS` keeps, across the exec
// that starts a child, the resident set its parent had when it forked, so a child of a large bench process would
// report the parent's size.
export const peakRssMiB = () => {
  try {
    const kib = /VmHWM:\s*(\d+)/.exec(readFileSync("/proc/self/status", "utf8"))?.[1]
    if (kib !== undefined) return Number(kib) / 1024
  } catch {
    // Not Linux: maxRSS is the best there is.
  }
  // maxRSS is in kibibytes.
  return process.resourceUsage().maxRSS / 1024
}
