/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import type { Browser } from "playwright-core"
import { exampleReport } from "../scripts/audit-example.js"
import { chromiumPath, installHint, launch } from "../scripts/chromium.js"
import * as Report from "../src/Report.js"

// In CI, a missing browser is a failure: `.ci/run` installs it. On a developer's machine the test says how to get it.
const executablePath = chromiumPath()
const inCi = process.env["CI"] === "true"
if (executablePath === undefined && !inCi) {
  process.stderr.write(`The HTML report's browser test is skipped: no Chromium. ${installHint}\n`)
}

interface Layout {
  readonly pageOverflow: number
  readonly tables: ReadonlyArray<{ readonly overflow: number; readonly beyondParent: number }>
  readonly figures: ReadonlyArray<{ readonly title: string; readonly marks: number; readonly overflow: number }>
  readonly emptySections: ReadonlyArray<string>
  readonly wrapped: ReadonlyArray<string>
  readonly bodyWidth: number
  readonly widestChart: number
}

// Measured in the page: overflows in pixels (0 when none), the headings whose section is empty, the ids and
// timestamps laid out on more than one line.
const measure = (): Layout => {
  const width = window.innerWidth
  const tables = [...document.querySelectorAll("table")].map((table) => ({
    overflow: Math.max(0, table.scrollWidth - table.clientWidth),
    beyondParent: Math.max(
      0,
      table.getBoundingClientRect().right - (table.parentElement?.getBoundingClientRect().right ?? width)
    )
  }))
  const figures = [...document.querySelectorAll("figure")].map((figure) => {
    const svg = figure.querySelector("svg")
    return {
      title: figure.querySelector("figcaption")?.textContent ?? "",
      marks: svg === null ? 0 : svg.querySelectorAll("rect").length,
      overflow: svg === null ? 0 : Math.max(0, svg.getBoundingClientRect().right - figure.getBoundingClientRect().right)
    }
  })
  const emptySections = [...document.querySelectorAll("h2, h3")].filter((heading) => {
    const next = heading.nextElementSibling
    return next === null || (next.textContent ?? "").trim() === "" && next.querySelector("svg") === null
  }).map((heading) => heading.textContent ?? "")
  const wrapped = [...document.querySelectorAll("td.id")].filter((cell) => {
    const range = document.createRange()
    range.selectNodeContents(cell)
    const lines = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)))
    return lines.size > 1
  }).map((cell) => cell.textContent ?? "")
  return {
    pageOverflow: Math.max(0, document.documentElement.scrollWidth - width),
    tables,
    figures,
    emptySections,
    wrapped,
    bodyWidth: document.body.getBoundingClientRect().width,
    widestChart: Math.max(...[...document.querySelectorAll("figure")].map((f) => f.getBoundingClientRect().width))
  }
}

const layoutAt = async (browser: Browser, html: string, width: number): Promise<Layout> => {
  const page = await browser.newPage({ viewport: { width, height: 900 } })
  try {
    await page.setContent(html, { waitUntil: "load" })
    // Every connector's section open, so that they are measured too.
    await page.evaluate(() => document.querySelectorAll("details").forEach((details) => details.open = true))
    return await page.evaluate(measure)
  } finally {
    await page.close()
  }
}

describe("the HTML report in headless Chromium", () => {
  it.live.skipIf(executablePath === undefined && !inCi)(
    "fits 1280 and 800 pixels: no table overflows, every section has content",
    () =>
      Effect.gen(function*() {
        assert.isDefined(executablePath, `CI needs Chromium for this test. ${installHint}`)
        const html = Report.html(yield* exampleReport)
        const browser = yield* Effect.promise(() => launch(executablePath!))
        try {
          for (const width of [1280, 800]) {
            const layout = yield* Effect.promise(() => layoutAt(browser, html, width))
            const at = `at ${width} pixels`
            assert.strictEqual(layout.pageOverflow, 0, `the page scrolls sideways ${at}`)
            assert.isAtLeast(layout.tables.length, 3)
            layout.tables.forEach((table, i) => {
              assert.strictEqual(table.overflow, 0, `table ${i} overflows ${at}`)
              assert.strictEqual(table.beyondParent, 0, `table ${i} is wider than its box ${at}`)
            })
            // Charts: by status, capability, country, proxy numbers and per day, for the total and each connector.
            assert.strictEqual(layout.figures.length, 15)
            for (const figure of layout.figures) {
              assert.isAbove(figure.marks, 0, `${figure.title} is empty ${at}`)
              assert.strictEqual(figure.overflow, 0, `${figure.title} overflows ${at}`)
            }
            assert.deepStrictEqual(layout.emptySections, [], `sections without content ${at}`)
            assert.deepStrictEqual(layout.wrapped, [], `ids or timestamps on two lines ${at}`)
            // The report uses the page: its widest chart spans the body, not a third of it.
            assert.isAbove(layout.widestChart, layout.bodyWidth * 0.9, at)
          }
        } finally {
          yield* Effect.promise(() => browser.close())
        }
      }),
    120_000
  )
})
