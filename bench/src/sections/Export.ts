/**
 * 7. Export: `chime-proxy export` of one connector of N sessions from the emulator (which holds the account in
 * another process), to a file, with the program's peak heap and resident set: what the export itself takes, which
 * must not grow with the account.
 */
import { execFile } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { benchDir, rootDir } from "../Child.js"
import type { Context } from "../Context.js"
import { clientEnv, startEmulator } from "../EmulatorProcess.js"
import type { Row, Section } from "../Report.js"
import { figure, ratio } from "../Report.js"

interface Memory {
  readonly peakHeapMiB: number
  readonly peakLiveHeapMiB: number
  readonly majorCollections: number
  readonly maxRssMiB: number
}

const label = (size: number) => `export, ${size.toLocaleString("en-US")} sessions`

const exportOnce = (endpoint: string, voiceConnectorId: string, dir: string) =>
  new Promise<{ millis: number; memory: Memory; archiveMiB: number }>((resolve, reject) => {
    const out = join(dir, "account.json")
    const memoryFile = join(dir, "memory.json")
    const started = process.hrtime.bigint()
    execFile(
      process.execPath,
      [
        join(rootDir, "apps/cli/bin/chime-proxy.mjs"),
        "export",
        "--endpoint-url",
        endpoint,
        "--voice-connector-id",
        voiceConnectorId,
        "--out",
        out
      ],
      {
        cwd: rootDir,
        env: {
          ...clientEnv(),
          NODE_OPTIONS: `--import ${join(benchDir, "src/export/MemoryProbe.mjs")}`,
          CHIME_PROXY_BENCH_MEMORY: memoryFile
        },
        maxBuffer: 16 * 1024 * 1024,
        timeout: 900_000
      },
      (error, _stdout, stderr) => {
        if (error !== null) return reject(new Error(`${error.message}\n${stderr}`))
        resolve({
          millis: Number(process.hrtime.bigint() - started) / 1e6,
          memory: JSON.parse(readFileSync(memoryFile, "utf8")) as Memory,
          archiveMiB: statSync(out).size / 2 ** 20
        })
      }
    )
  })

export const run = async (context: Context): Promise<Section> => {
  const sizes = context.settings.quick ? [2_000, 10_000] : [100_000, 1_000_000]
  const rows: Array<Row> = []
  for (const size of sizes) {
    const emulator = await startEmulator(context.outDir, { sessions: size, auth: true })
    const dir = mkdtempSync(join(tmpdir(), "chime-proxy-bench-export-"))
    try {
      const result = await exportOnce(emulator.info.endpoint, emulator.info.voiceConnectorId, dir)
      context.log(
        `   ${label(size)}: peak heap ${result.memory.peakHeapMiB.toFixed(1)} MiB, live ` +
          `${result.memory.peakLiveHeapMiB.toFixed(1)} MiB after ${result.memory.majorCollections} major collections`
      )
      rows.push({
        contender: label(size),
        figures: {
          seconds: result.millis / 1000,
          sessionsPerSecond: size / (result.millis / 1000),
          archiveMiB: result.archiveMiB,
          peakHeapMiB: result.memory.peakHeapMiB,
          peakLiveHeapMiB: result.memory.peakLiveHeapMiB,
          maxRssMiB: result.memory.maxRssMiB
        },
        samples: [{ ...result.memory, millis: result.millis }]
      })
    } finally {
      await emulator.stop()
      rmSync(dir, { recursive: true, force: true })
    }
  }
  const smallest = label(sizes[0]!)
  const largest = label(sizes[sizes.length - 1]!)
  return {
    id: "export",
    title: "Export in constant memory",
    method:
      "`chime-proxy export --voice-connector-id ID --out FILE` of one connector of N sessions, from the emulator " +
      "program seeded with it (the account lives in the emulator's process), as a user runs it (the bin, pages of " +
      "100, signed requests). The export's process reports its peak heap (sampled every 10 ms, garbage included), " +
      "its live heap (the largest heap found just after a major collection: what it holds) and its peak resident " +
      "set when it exits. One run per size; the bound is the live heap's, which must not grow with the account.",
    columns: [
      { key: "seconds", label: "seconds", digits: 1 },
      { key: "sessionsPerSecond", label: "sessions/s", digits: 0 },
      { key: "archiveMiB", label: "archive MiB", digits: 1 },
      { key: "peakHeapMiB", label: "peak heap MiB", digits: 1 },
      { key: "peakLiveHeapMiB", label: "live heap MiB", digits: 1 },
      { key: "maxRssMiB", label: "peak RSS MiB", digits: 0 }
    ],
    rows,
    ratios: [
      ratio(
        `live heap ${sizes[sizes.length - 1]!.toLocaleString("en-US")} / ${sizes[0]!.toLocaleString("en-US")}`,
        figure(rows, largest, "peakLiveHeapMiB") / figure(rows, smallest, "peakLiveHeapMiB"),
        { comparison: "atMost", value: 1.5, text: "≤ 1.5" }
      )
    ],
    notes: []
  }
}
