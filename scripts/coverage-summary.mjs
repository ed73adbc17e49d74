// Prints the line and branch coverage of each package and app from vitest's coverage/coverage-summary.json (written
// by `vitest run --coverage`), and writes it to coverage/packages.txt.
import { existsSync, readFileSync, writeFileSync } from "node:fs"
import { join, relative } from "node:path"

const root = join(import.meta.dirname, "..")
const file = join(root, "coverage", "coverage-summary.json")
if (!existsSync(file)) {
  process.stderr.write("no coverage/coverage-summary.json: run vitest with --coverage first\n")
  process.exit(1)
}
const summary = JSON.parse(readFileSync(file, "utf8"))
const totals = new Map()
for (const [path, metrics] of Object.entries(summary)) {
  if (path === "total") continue
  const [group, name] = relative(root, path).split("/")
  const key = `${group}/${name}`
  const total = totals.get(key) ?? { lines: [0, 0], branches: [0, 0] }
  total.lines[0] += metrics.lines.covered
  total.lines[1] += metrics.lines.total
  total.branches[0] += metrics.branches.covered
  total.branches[1] += metrics.branches.total
  totals.set(key, total)
}
const percent = ([covered, total]) => total === 0 ? "   -  " : `${(100 * covered / total).toFixed(1).padStart(5)}%`
const lines = ["package             lines   branches"]
for (const [key, total] of [...totals].sort(([a], [b]) => a.localeCompare(b))) {
  lines.push(`${key.padEnd(18)} ${percent(total.lines)}  ${percent(total.branches)}`)
}
lines.push(
  `${"all".padEnd(18)} ${percent([summary.total.lines.covered, summary.total.lines.total])}  ${
    percent([summary.total.branches.covered, summary.total.branches.total])
  }`
)
const text = lines.join("\n") + "\n"
writeFileSync(join(root, "coverage", "packages.txt"), text)
process.stdout.write(`\nCoverage per package (coverage/packages.txt):\n${text}`)
