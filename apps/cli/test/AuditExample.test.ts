import { Fixture } from "@chime-proxy/simulator"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import { existsSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { exampleReport, paths } from "../scripts/audit-example.js"
import * as Report from "../src/Report.js"
import { root } from "./run.js"

describe("the example account of docs/audit.md", () => {
  it.effect("has sessions past their expiry and not Closed, and a fortnight of days to chart", () =>
    Effect.gen(function*() {
      const report = yield* exampleReport
      assert.strictEqual(report.now, "2025-06-15T12:00:00.000Z")
      assert.strictEqual(report.total.sessions, 150)
      assert.strictEqual(report.total.pastExpiry, 22)
      assert.strictEqual(report.total.pastExpirySample.length, 10)
      assert.strictEqual(report.total.createdPerDay.length, 15)
      // It is a fixture of the API's shapes: the simulator loads it as it is.
      const json: unknown = JSON.parse(readFileSync(join(root, paths.fixture), "utf8"))
      const fixture = yield* Schema.decodeUnknown(Fixture.Fixture)(json)
      assert.strictEqual(fixture.VoiceConnectors.length, 2)
    }))

  it.effect("the page and the picture in docs/images are the report as it renders today", () =>
    Effect.gen(function*() {
      const html = Report.html(yield* exampleReport)
      assert.isTrue(existsSync(join(root, paths.png)), `${paths.png} is missing: run \`npm run audit-example\``)
      assert.strictEqual(
        readFileSync(join(root, paths.html), "utf8"),
        html,
        `the report changed: run \`npm run audit-example\` to render ${paths.html} and ${paths.png} again`
      )
      const docs = readFileSync(join(root, "docs", "audit.md"), "utf8")
      assert.include(docs, "](images/audit-example.png)")
      assert.include(docs, paths.fixture)
    }))
})
