/**
 * `npm run bench`: every benchmark, one after the other, in one process session. Writes docs/benchmarks.md and
 * docs/benchmarks.json, or with `--quick` tiny sizes to bench/out/ (or `--out <dir>`), which never dirties the docs.
 * `--only <id,id>` runs some sections only (ids: listing, simulator, emulator, decoding, size, coldStart, export,
 * cli, connectors), writing to
 * bench/out/ as well. `--out <dir>` writes there instead of bench/out/ or docs/. `--render` only rewrites
 * docs/benchmarks.md from docs/benchmarks.json and bench/findings.md (after editing the findings).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { benchDir, rootDir } from "./src/Child.js"
import type { Context } from "./src/Context.js"
import { settings } from "./src/Context.js"
import type { Report, Section } from "./src/Report.js"
import { machine, markdown, sectionIds } from "./src/Report.js"
import * as CliListing from "./src/sections/CliListing.js"
import * as ColdStart from "./src/sections/ColdStart.js"
import * as Decoding from "./src/sections/Decoding.js"
import * as EmulatorLoad from "./src/sections/EmulatorLoad.js"
import * as Export from "./src/sections/Export.js"
import * as Listing from "./src/sections/Listing.js"
import * as ManyConnectors from "./src/sections/ManyConnectors.js"
import * as Simulator from "./src/sections/Simulator.js"
import * as Size from "./src/sections/Size.js"

const sections: Record<Section["id"], (context: Context) => Promise<Section>> = {
  listing: Listing.run,
  simulator: Simulator.run,
  emulator: EmulatorLoad.run,
  decoding: Decoding.run,
  size: Size.run,
  coldStart: ColdStart.run,
  export: Export.run,
  cli: CliListing.run,
  connectors: ManyConnectors.run
}

const argument = (name: string): string | undefined => {
  const index = process.argv.indexOf(name)
  return index === -1 ? undefined : process.argv[index + 1]
}

/** `--render`: rewrites docs/benchmarks.md from docs/benchmarks.json and bench/findings.md, measuring nothing. */
const render = () => {
  const docs = join(rootDir, "docs")
  const report = JSON.parse(readFileSync(join(docs, "benchmarks.json"), "utf8")) as Report
  writeFileSync(join(docs, "benchmarks.md"), markdown(report, readFileSync(join(benchDir, "findings.md"), "utf8")))
  process.stdout.write(`rewrote ${join(docs, "benchmarks.md")} from benchmarks.json\n`)
}

const main = async () => {
  if (process.argv.includes("--render")) return render()
  const quick = process.argv.includes("--quick")
  const outArgument = argument("--out")
  const only = argument("--only")?.split(",")
  const outDir = outArgument ?? join(benchDir, "out")
  // Only a full run of every benchmark may replace the figures of the docs.
  const docsDir = quick || outArgument !== undefined || only !== undefined ? outDir : join(rootDir, "docs")
  mkdirSync(outDir, { recursive: true })
  const started = process.hrtime.bigint()
  const context: Context = {
    settings: settings(quick),
    outDir,
    log: (message) => process.stdout.write(`${message}\n`)
  }
  const done: Array<Section> = []
  for (const id of sectionIds) {
    if (only !== undefined && !only.includes(id)) continue
    context.log(`== ${id}`)
    const sectionStart = process.hrtime.bigint()
    const result = await sections[id](context)
    context.log(`   (${(Number(process.hrtime.bigint() - sectionStart) / 1e9).toFixed(1)} s)`)
    done.push(result)
    for (const row of result.rows) context.log(`   ${row.contender}: ${JSON.stringify(row.figures)}`)
    for (const r of result.ratios) {
      context.log(`   ${r.label} = ${r.value.toFixed(3)}${r.met === undefined ? "" : r.met ? " (met)" : " (MISSED)"}`)
    }
  }
  const report: Report = {
    date: new Date().toISOString(),
    quick,
    machine: machine(),
    durationSeconds: Number(process.hrtime.bigint() - started) / 1e9,
    sections: done
  }
  const findings = readFileSync(join(benchDir, "findings.md"), "utf8")
  writeFileSync(join(docsDir, "benchmarks.json"), JSON.stringify(report, null, 2) + "\n")
  writeFileSync(join(docsDir, "benchmarks.md"), markdown(report, findings))
  context.log(`wrote ${join(docsDir, "benchmarks.md")} and benchmarks.json in ${report.durationSeconds.toFixed(0)} s`)
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`)
  process.exit(1)
})
