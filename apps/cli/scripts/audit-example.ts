/**
 * The example of docs/audit.md: the audit of `apps/cli/examples/audit-account.json`, an account in the fixture
 * format (the API's own shapes) with sessions past their expiry and not Closed, judged at its `ExportedAt`.
 *
 * Run `npm run audit-example` after changing the report: it prints the terminal report and writes
 * `docs/images/audit-example.html` and its picture, `docs/images/audit-example.png` (headless Chromium, 1280 pixels
 * wide). A test fails while the committed page differs from what the report renders.
 */
import { Fixture } from "@chime-proxy/simulator"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import { readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import * as Audit from "../src/Audit.js"
import * as Report from "../src/Report.js"
import { chromiumPath, installHint, launch } from "./chromium.js"

const root = join(import.meta.dirname, "..", "..", "..")

/** The example account, the page and the picture, from the repository's root. */
export const paths = {
  fixture: "apps/cli/examples/audit-account.json",
  html: "docs/images/audit-example.html",
  png: "docs/images/audit-example.png"
} as const

/** The audit of the example account, at its `ExportedAt`, as `chime-proxy audit` makes it. */
export const exampleReport: Effect.Effect<Audit.Report> = Effect.gen(function*() {
  const archive = yield* Effect.orDie(
    Schema.decodeUnknown(Fixture.Fixture)(JSON.parse(readFileSync(join(root, paths.fixture), "utf8")))
  )
  const now = archive.ExportedAt
  if (now === undefined) return yield* Effect.dieMessage(`${paths.fixture} has no ExportedAt`)
  const options = { now }
  const accumulators = yield* Effect.forEach(
    archive.VoiceConnectors,
    (connector) => Audit.auditStream(connector.VoiceConnectorId, Stream.fromIterable(connector.ProxySessions), options)
  )
  return Audit.combine(accumulators, options)
})

/** The instant the example is judged at. */
export const exampleNow = (report: Audit.Report): DateTime.Utc => DateTime.unsafeMake(report.now)

const main = async () => {
  const report = await Effect.runPromise(exampleReport)
  process.stdout.write(Report.text(report))
  const html = Report.html(report)
  writeFileSync(join(root, paths.html), html)
  const executablePath = chromiumPath()
  if (executablePath === undefined) {
    process.stderr.write(`Wrote ${paths.html}; the picture needs Chromium. ${installHint}\n`)
    process.exitCode = 1
    return
  }
  const browser = await launch(executablePath)
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 })
    await page.setContent(html, { waitUntil: "load" })
    await page.screenshot({ path: join(root, paths.png), fullPage: true })
  } finally {
    await browser.close()
  }
  process.stderr.write(`Wrote ${paths.html} and ${paths.png}\n`)
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) await main()
