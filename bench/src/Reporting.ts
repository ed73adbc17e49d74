/**
 * The child's side of the protocol with the bench process: one JSON line prefixed with {@link marker}, and the
 * resource figures every client child reports. Kept apart so that the client bundles carry nothing else of the bench.
 */
import { readFileSync } from "node:fs"

/** The prefix of the line a child reports its result on. */
export const marker = "BENCH_RESULT "

/** Writes a child's result for its parent to read. */
export const reportToParent = (result: unknown): void => {
  process.stdout.write(`${marker}${JSON.stringify(result)}\n`)
}

/**
 * The peak resident set of this process, in MiB. On Linux it is the high-water mark of the process's own memory
 * (VmHWM): `resourceUsage().maxRSS` keeps, across the exec that starts a child, the resident set its parent had when
 * it forked, so a child of a large bench process would report the parent's size.
 */
export const peakRssMiB = (): number => {
  try {
    const kib = /VmHWM:\s*(\d+)/.exec(readFileSync("/proc/self/status", "utf8"))?.[1]
    if (kib !== undefined) return Number(kib) / 1024
  } catch {
    // Not Linux: maxRSS is the best there is.
  }
  // maxRSS is in kibibytes.
  return process.resourceUsage().maxRSS / 1024
}

/** The resource figures of the calling process, as every client child reports them. */
export const resourceFigures = (cpuStart: NodeJS.CpuUsage) => {
  const cpu = process.cpuUsage(cpuStart)
  const total = process.cpuUsage()
  return {
    cpuMillis: (cpu.user + cpu.system) / 1000,
    processCpuMillis: (total.user + total.system) / 1000,
    peakRssMiB: peakRssMiB()
  }
}
