/**
 * The child's side of the protocol with the bench process: one JSON line prefixed with {@link marker}, and the
 * resource figures every client child reports. Kept apart so that the client bundles carry nothing else of the bench.
 */
import { peakRssMiB } from "./PeakRss.mjs"

/** The prefix of the line a child reports its result on. */
export const marker = "BENCH_RESULT "

/** Writes a child's result for its parent to read. */
export const reportToParent = (result: unknown): void => {
  process.stdout.write(`${marker}${JSON.stringify(result)}\n`)
}

/** The peak resident set of this process, in MiB (bench/src/PeakRss.mjs). */
export { peakRssMiB }

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
