/**
 * 8. The CLI end to end: `chime-proxy list --output ndjson` of every session of one connector from the emulator (in a
 * process of its own, SigV4 checked), the whole program from spawn to exit, run as the published `chime-proxy`
 * package runs it (the bundle scripts/pack.mjs builds), against a ten-line script on the official SDK that prints the
 * same sessions one JSON line each. Both write to a pipe the bench drains.
 */
import { join } from "node:path"
import { binFile, programs, stageProgram } from "../../../scripts/pack.mjs"
import { benchDir } from "../Child.js"
import type { Context } from "../Context.js"
import { clientEnv, startEmulator } from "../EmulatorProcess.js"
import type { Sample } from "../Harness.js"
import { alternate } from "../Harness.js"
import { runPiped, sessionIds } from "../Piped.js"
import type { Section } from "../Report.js"
import { figure, ratio, rowsOf } from "../Report.js"

const ours = "ours: chime-proxy list --output ndjson (published bundle)"
const sdk = "SDK: paginateListProxySessions, JSON.stringify per session"

/** Builds the published `chime-proxy` program, as scripts/pack.mjs stages it, and returns its bin's bundle. */
export const publishedProgram = async (outDir: string): Promise<string> => {
  const program = programs.find((p) => p.name === "chime-proxy")
  if (program === undefined) throw new Error("scripts/pack.mjs publishes no chime-proxy program")
  const stage = await stageProgram(program, join(outDir, "build", "chime-proxy-program"))
  return join(stage, binFile(program, "chime-proxy"))
}

export const run = async (context: Context): Promise<Section> => {
  const sessions = context.settings.quick ? 2_000 : 100_000
  const cli = await publishedProgram(context.outDir)
  const sdkScript = join(benchDir, "src/clients/SdkNdjson.mjs")
  context.log(`   seeding the emulator with ${sessions} sessions`)
  const emulator = await startEmulator(context.outDir, { sessions, auth: true })
  try {
    const { endpoint, voiceConnectorId } = emulator.info
    const commands: Record<string, ReadonlyArray<string>> = {
      [ours]: [
        cli,
        "list",
        "--endpoint-url",
        endpoint,
        "--voice-connector-id",
        voiceConnectorId,
        "--page-size",
        "100",
        "--output",
        "ndjson"
      ],
      [sdk]: [sdkScript, endpoint, voiceConnectorId]
    }
    // Once each before measuring (which also fills the OS's file cache): both print the same sessions in the same
    // order.
    const printed = await Promise.all(
      [ours, sdk].map(async (name) => {
        const result = await runPiped(process.execPath, commands[name]!, { env: clientEnv(), keep: true })
        return sessionIds(result.stdout ?? "")
      })
    )
    const [oursIds, sdkIds] = printed as [ReadonlyArray<string>, ReadonlyArray<string>]
    if (oursIds.length !== sessions || sdkIds.length !== sessions || oursIds.some((id, i) => id !== sdkIds[i])) {
      throw new Error(
        `the two programs printed different sessions: ${oursIds.length} and ${sdkIds.length} lines of ${sessions}`
      )
    }
    const contender = (name: string) => ({
      name,
      run: async (): Promise<Sample> => {
        const result = await runPiped(process.execPath, commands[name]!, { env: clientEnv() })
        if (result.lines !== sessions) throw new Error(`${name} printed ${result.lines} lines of ${sessions}`)
        return {
          seconds: result.wallMillis / 1000,
          sessionsPerSecond: sessions / (result.wallMillis / 1000),
          cpuMillis: result.cpuMillis,
          cpuMicrosPerSession: (result.cpuMillis * 1000) / sessions,
          maxRssMiB: result.maxRssMiB
        }
      }
    })
    const measured = await alternate(
      [contender(ours), contender(sdk)],
      { warmup: 0, rounds: context.settings.quick ? 1 : 5 },
      (round, name, sample) => context.log(`   round ${round}: ${name} ${(sample.seconds ?? Number.NaN).toFixed(2)} s`)
    )
    const rows = rowsOf(measured)
    return {
      id: "cli",
      title: "The CLI end to end",
      method: `\`chime-proxy list --voice-connector-id ID --page-size 100 --output ndjson\` of one connector holding ${
        sessions.toLocaleString("en-US")
      } sessions, from the emulator on 127.0.0.1 (a process of its own, SigV4 checked on every request), run with plain node from the bundle scripts/pack.mjs builds for the published \`chime-proxy\` package, against a ten-line script on the SDK (bench/src/clients/SdkNdjson.mjs, the SDK from node_modules) that pages with \`paginateListProxySessions\` (pages of 100) and writes \`JSON.stringify\` of each session on a line of its own. The whole process is timed, from spawn to exit; its stdout is a pipe that the bench drains and counts the lines of (no file, no disk). CPU time and peak RSS are the process's own, read by a preloaded probe at exit. Both print the same sessions in the same order (checked once before measuring); they take turns, and each figure is the median of the rounds.`,
      columns: [
        { key: "seconds", label: "seconds, spawn to exit", digits: 2 },
        { key: "sessionsPerSecond", label: "sessions/s", digits: 0 },
        { key: "cpuMillis", label: "CPU ms", digits: 0 },
        { key: "cpuMicrosPerSession", label: "CPU µs per session", digits: 1 },
        { key: "maxRssMiB", label: "peak RSS MiB", digits: 1 }
      ],
      rows,
      ratios: [
        ratio(
          "sessions/s ours / SDK",
          figure(rows, ours, "sessionsPerSecond") / figure(rows, sdk, "sessionsPerSecond"),
          {
            comparison: "atLeast",
            value: 1.5,
            text: "≥ 1.5"
          }
        ),
        ratio("CPU ours / SDK", figure(rows, ours, "cpuMillis") / figure(rows, sdk, "cpuMillis")),
        ratio("peak RSS ours / SDK", figure(rows, ours, "maxRssMiB") / figure(rows, sdk, "maxRssMiB"))
      ],
      notes: [
        "The emulator serves both alike and its time per page is part of both wall times; on a machine of two cores it " +
        "also competes with the program for the CPU."
      ]
    }
  } finally {
    await emulator.stop()
  }
}
