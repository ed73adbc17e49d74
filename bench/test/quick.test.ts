import { assert, describe, it } from "@effect/vitest"
import { execFile } from "node:child_process"
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import type { Report } from "../src/Report.js"
import { sectionIds } from "../src/Report.js"

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..")

const runQuick = (out: string) =>
  new Promise<void>((resolve, reject) => {
    execFile(
      process.execPath,
      ["--conditions=@chime-proxy/source", "--import", "tsx", join(root, "bench", "run.ts"), "--quick", "--out", out],
      { cwd: root, maxBuffer: 64 * 1024 * 1024 },
      (error, _stdout, stderr) => (error === null ? resolve() : reject(new Error(`${error.message}\n${stderr}`)))
    )
  })

// The quick suite only keeps the benchmarks from rotting: it checks that every figure is there and is a number,
// never how fast anything is.
describe("npm run bench -- --quick", () => {
  it("reports every figure of every benchmark and leaves the docs alone", { timeout: 360_000 }, async () => {
    const out = mkdtempSync(join(tmpdir(), "chime-proxy-bench-"))
    const docsBefore = existsSync(join(root, "docs", "benchmarks.json"))
      ? readFileSync(join(root, "docs", "benchmarks.json"), "utf8")
      : undefined
    try {
      await runQuick(out)
      const report = JSON.parse(readFileSync(join(out, "benchmarks.json"), "utf8")) as Report
      assert.isTrue(report.quick)
      assert.deepStrictEqual(report.sections.map((section) => section.id), [...sectionIds])
      for (const section of report.sections) {
        assert.isAtLeast(section.rows.length, 2, `${section.id} compares at least two contenders`)
        assert.isAtLeast(section.ratios.length, 1, `${section.id} has a ratio`)
        for (const row of section.rows) {
          for (const column of section.columns) {
            const value = row.figures[column.key]
            assert.isTrue(
              value !== undefined && Number.isFinite(value) && value > 0,
              `${section.id} / ${row.contender} / ${column.key} is a positive number (got ${value})`
            )
          }
        }
        for (const r of section.ratios) {
          assert.isTrue(Number.isFinite(r.value) && r.value > 0, `${section.id} / ${r.label} is a positive number`)
          if (r.target !== undefined) {
            assert.isBoolean(r.met, `${section.id} / ${r.label} is checked against its target`)
          }
        }
      }
      // The two programs of the end-to-end benchmarks: ours from the published bundle against the SDK's script.
      const byId = (id: string) => report.sections.find((section) => section.id === id)
      const cli = byId("cli")
      assert.deepStrictEqual(cli?.rows.map((row) => row.contender.split(":")[0]), ["ours", "SDK"])
      assert.deepStrictEqual(cli?.columns.map((column) => column.key), [
        "seconds",
        "sessionsPerSecond",
        "cpuMillis",
        "cpuMicrosPerSession",
        "maxRssMiB"
      ])
      assert.strictEqual(cli?.ratios[0]?.target?.value, 1.5)
      const connectors = byId("connectors")
      assert.strictEqual(connectors?.rows.length, 4, "library and program rows, ours and the SDK's")
      assert.strictEqual(connectors?.ratios[0]?.target?.value, 1.5)
      const page = readFileSync(join(out, "benchmarks.md"), "utf8")
      for (const [index, section] of report.sections.entries()) {
        assert.include(page, `## ${index + 1}. ${section.title}`)
      }
      assert.include(page, report.machine.node)
      const docsAfter = existsSync(join(root, "docs", "benchmarks.json"))
        ? readFileSync(join(root, "docs", "benchmarks.json"), "utf8")
        : undefined
      assert.strictEqual(docsAfter, docsBefore, "--quick never rewrites docs/benchmarks.json")
    } finally {
      rmSync(out, { recursive: true, force: true })
    }
  })
})
