/**
 * The report of a run: a JSON document (docs/benchmarks.json) and the Markdown page rendered from it
 * (docs/benchmarks.md).
 */
import * as os from "node:os"
import type { Measured, Sample } from "./Harness.js"

/** A column of a section's table: one figure of every row. */
export interface Column {
  readonly key: string
  readonly label: string
  /** Decimal places shown in the table; the JSON keeps every digit. */
  readonly digits: number
}

/** One contender's line in a section's table: the medians of its figures and every kept sample. */
export interface Row {
  readonly contender: string
  readonly figures: Sample
  readonly samples: ReadonlyArray<Sample>
}

/** A target of the issue, checked against a ratio. */
export interface Target {
  readonly comparison: "atLeast" | "atMost"
  readonly value: number
  readonly text: string
}

/** A ratio of two rows of the same section, measured in the same run. */
export interface Ratio {
  readonly label: string
  readonly value: number
  readonly target?: Target | undefined
  readonly met?: boolean | undefined
}

/** One of the benchmarks. */
export interface Section {
  readonly id:
    | "listing"
    | "simulator"
    | "emulator"
    | "decoding"
    | "size"
    | "coldStart"
    | "export"
    | "cli"
    | "connectors"
  readonly title: string
  /** How it is measured, in a sentence or two. */
  readonly method: string
  readonly columns: ReadonlyArray<Column>
  readonly rows: ReadonlyArray<Row>
  readonly ratios: ReadonlyArray<Ratio>
  readonly notes: ReadonlyArray<string>
}

/** The machine a run was measured on. */
export interface Machine {
  readonly cpu: string
  readonly cores: number
  readonly memoryGiB: number
  readonly node: string
  readonly platform: string
  readonly arch: string
}

/** A whole run. */
export interface Report {
  readonly date: string
  readonly quick: boolean
  readonly machine: Machine
  readonly durationSeconds: number
  readonly sections: ReadonlyArray<Section>
}

/** The section ids in the order of the issue. */
export const sectionIds: ReadonlyArray<Section["id"]> = [
  "listing",
  "simulator",
  "emulator",
  "decoding",
  "size",
  "coldStart",
  "export",
  "cli",
  "connectors"
]

/** Describes this machine. */
export const machine = (): Machine => ({
  cpu: os.cpus()[0]?.model.trim() ?? "unknown",
  cores: os.availableParallelism(),
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  platform: os.platform(),
  arch: os.arch()
})

/** Turns measured contenders into table rows. */
export const rowsOf = (measured: ReadonlyArray<Measured>): ReadonlyArray<Row> =>
  measured.map((m) => ({ contender: m.name, figures: m.medians, samples: m.samples }))

/** A ratio, checked against its target when it has one. */
export const ratio = (label: string, value: number, target?: Target): Ratio => ({
  label,
  value,
  ...(target === undefined ? {} : {
    target,
    met: Number.isFinite(value) && (target.comparison === "atLeast" ? value >= target.value : value <= target.value)
  })
})

/** The figure of a named row, NaN when the row is missing. */
export const figure = (rows: ReadonlyArray<Row>, contender: string, key: string): number =>
  rows.find((row) => row.contender === contender)?.figures[key] ?? Number.NaN

const format = (value: number | undefined, digits: number): string => {
  if (value === undefined || !Number.isFinite(value)) return "–"
  return value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits })
}

const status = (r: Ratio): string => r.met === undefined ? "" : r.met ? "met" : "**missed**"

const table = (section: Section): Array<string> => [
  `| Contender | ${section.columns.map((column) => column.label).join(" | ")} |`,
  `| --- | ${section.columns.map(() => "---:").join(" | ")} |`,
  ...section.rows.map((row) =>
    `| ${row.contender} | ${
      section.columns.map((column) => format(row.figures[column.key], column.digits)).join(" | ")
    } |`
  )
]

const ratioLines = (section: Section): Array<string> =>
  section.ratios.length === 0 ? [] : [
    "",
    "| Ratio | Value | Target | Status |",
    "| --- | ---: | --- | --- |",
    ...section.ratios.map((r) => `| ${r.label} | ${format(r.value, 2)} | ${r.target?.text ?? "–"} | ${status(r)} |`)
  ]

const howToRead = [
  "Every figure below was measured by one `npm run bench` in one process session on the machine described under",
  "*Machine*. Contenders take turns (ours, theirs, theirs, ours, …) after a warm-up round that is thrown away, and",
  "each figure is the **median** of the kept rounds; the JSON file beside this page",
  "([benchmarks.json](benchmarks.json)) keeps every sample. A ratio is always of two figures measured in the same",
  "run, so it is the number to compare across machines; the absolute figures only describe this machine, which is",
  "shared and noisy (expect a few per cent of jitter from run to run). Lower is better for times, bytes and",
  "memory; higher is better for rates. `–` marks a figure that does not apply to that row.",
  "",
  "Timings live here and only here: no test asserts anything about speed. CI runs the quick mode",
  "(bench/test/quick.test.ts) only to keep the suite from rotting: it checks that every figure is there.",
  "",
  "## Running it",
  "",
  "- `npm run bench`: every benchmark (about eight or nine minutes on this machine); rewrites this page and",
  "  [benchmarks.json](benchmarks.json). Run it on a quiet machine: other work on the same cores moves the absolute",
  "  figures, less so the ratios.",
  "- `npm run bench -- --quick`: tiny sizes and one round (well under a minute), written to `bench/out/` and never",
  "  here; its figures mean nothing.",
  "- `npm run bench -- --only listing,decoding`: some benchmarks only (ids: `listing`, `simulator`, `emulator`,",
  "  `decoding`, `size`, `coldStart`, `export`, `cli`, `connectors`), written to `bench/out/`. `--out <dir>` writes",
  "  elsewhere.",
  "- The code is in [bench/](../bench): bench/run.ts runs the sections of bench/src/sections/ in order; the clients,",
  "  servers and the load generator each run in a child process of their own, bundled by esbuild first so that no",
  "  child pays for a TypeScript loader (except the CLI's own bin, measured as users run it)."
]

/** Renders the report as Markdown. `findings` is the hand-written "What we found" section, included verbatim. */
export const markdown = (report: Report, findings: string): string => {
  const targets = report.sections.flatMap((section) =>
    section.ratios.filter((r) => r.target !== undefined).map((r) => ({ section, r }))
  )
  const lines: Array<string> = [
    "# Benchmarks",
    "",
    "<!-- Generated by `npm run bench` (bench/run.ts); edit bench/findings.md or bench/src, not this file. -->",
    "",
    "How chime-proxy compares with the official AWS SDK for JavaScript v3 (`@aws-sdk/client-chime-sdk-voice`) and",
    "with the limits of the machine, at the job users have: listing proxy sessions.",
    "",
    "## How to read this page",
    "",
    ...howToRead,
    "",
    "## Machine",
    "",
    `- CPU: ${report.machine.cpu} (${report.machine.cores} cores available), ${report.machine.memoryGiB} GiB of memory`,
    `- Node ${report.machine.node} on ${report.machine.platform}/${report.machine.arch}`,
    `- Date: ${report.date}`,
    `- Mode: ${report.quick ? "quick (tiny sizes, one round: not meaningful as figures)" : "full"}; the run took ${
      Math.round(report.durationSeconds)
    } s`,
    "",
    "## Targets",
    "",
    "| Benchmark | Figure | Value | Target | Status |",
    "| --- | --- | ---: | --- | --- |",
    ...targets.map(({ r, section }) =>
      `| ${section.title} | ${r.label} | ${format(r.value, 2)} | ${r.target?.text ?? ""} | ${status(r)} |`
    ),
    "",
    ...report.sections.flatMap((section) => [
      `## ${sectionIds.indexOf(section.id) + 1}. ${section.title}`,
      "",
      section.method,
      "",
      ...table(section),
      ...ratioLines(section),
      ...(section.notes.length > 0 ? ["", ...section.notes.map((note) => `- ${note}`)] : []),
      ""
    ])
  ]
  lines.push(findings.trim(), "")
  return lines.join("\n")
}
