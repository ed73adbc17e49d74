/**
 * The time of one page of ListProxySessions on the simulator, at 10,000 and at 1,000,000 sessions in one voice
 * connector. Run it with `npx tsx --conditions=@chime-proxy/source bench/src/PageTime.ts`; the bench's Simulator section imports
 * {@link measurePageTime}.
 *
 * Wall-clock time is measured here, in a script, on purpose: tests never assert on time.
 */
import { ProxySessions } from "@chime-proxy/core"
import { Simulator } from "@chime-proxy/simulator"
import * as Effect from "effect/Effect"
import { pathToFileURL } from "node:url"
import { median } from "./Harness.js"

/** The figures of one size. Times are in milliseconds. */
export interface PageTime {
  readonly sessions: number
  /** The time to seed the connector. */
  readonly seedMillis: number
  /** The median time of one page of `pageSize` sessions, without a filter, walking from the start. */
  readonly pageMillis: number
  /** The median time of one page with the Status filter `Open`. */
  readonly filteredPageMillis: number
  /** The median time of the pages around the middle of the listing, reached by paging. */
  readonly deepPageMillis: number
  readonly pageSize: number
  readonly pages: number
}

/** Times `pages` consecutive pages from `startToken`; returns the times and the token after them. */
const walk = (
  voiceConnectorId: string,
  options: { pageSize: number; pages: number; status?: "Open"; startToken?: string | undefined }
) =>
  Effect.gen(function*() {
    const times: Array<number> = []
    let token = options.startToken
    for (let i = 0; i < options.pages; i++) {
      const started = performance.now()
      const page = yield* ProxySessions.listProxySessions({
        VoiceConnectorId: voiceConnectorId,
        MaxResults: options.pageSize,
        ...(options.status === undefined ? {} : { Status: options.status }),
        ...(token === undefined ? {} : { NextToken: token })
      })
      times.push(performance.now() - started)
      token = page.NextToken
      if (token === undefined) break
    }
    return { times, token }
  })

/**
 * Measures the page time at each size (default 10,000 and 1,000,000 sessions), each in a fresh simulator.
 *
 * @since 0.1.0
 */
export const measurePageTime = (
  options: { readonly sizes?: ReadonlyArray<number>; readonly pageSize?: number; readonly pages?: number } = {}
): Effect.Effect<ReadonlyArray<PageTime>> =>
  Effect.forEach(options.sizes ?? [10_000, 1_000_000], (sessions) => {
    const pageSize = options.pageSize ?? 100
    const pages = options.pages ?? 50
    return Effect.gen(function*() {
      const control = yield* Simulator.SimulatorControl
      const seedStarted = performance.now()
      const [voiceConnectorId] = yield* control.seed({ seed: 1, connectors: 1, sessionsPerConnector: sessions })
      if (voiceConnectorId === undefined) return yield* Effect.dieMessage("seeding made no voice connector")
      const seedMillis = performance.now() - seedStarted
      // Warm up the JIT on the first pages before measuring.
      yield* walk(voiceConnectorId, { pageSize, pages: 20 })
      const plain = yield* walk(voiceConnectorId, { pageSize, pages })
      const filtered = yield* walk(voiceConnectorId, { pageSize, pages, status: "Open" })
      // Skip to the middle with the largest pages, then measure there.
      const skip = yield* walk(voiceConnectorId, { pageSize: 100, pages: Math.floor(sessions / 200) })
      const deep = yield* walk(voiceConnectorId, { pageSize, pages, startToken: skip.token })
      return {
        sessions,
        seedMillis,
        pageMillis: median(plain.times),
        filteredPageMillis: median(filtered.times),
        deepPageMillis: median(deep.times),
        pageSize,
        pages
      }
    }).pipe(Effect.orDie, Effect.provide(Simulator.layer()))
  })

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  Effect.runPromise(measurePageTime()).then((results) => {
    console.log(`node ${process.version}, ${new Date().toISOString()}`)
    console.table(results.map((result) => ({
      sessions: result.sessions,
      "seed (ms)": result.seedMillis.toFixed(0),
      [`page of ${result.pageSize} (ms)`]: result.pageMillis.toFixed(3),
      "page, Status=Open (ms)": result.filteredPageMillis.toFixed(3),
      "page mid-listing (ms)": result.deepPageMillis.toFixed(3)
    })))
  })
}
