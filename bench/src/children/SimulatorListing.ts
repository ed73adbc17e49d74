/**
 * The child of the simulator benchmark: seeds one connector with `size` sessions in a fresh process, measures the
 * heap the store takes, then lists every session in pages of 100 through the ProxySessions service and times each
 * page.
 *
 * Usage: node --expose-gc simulatorListing.mjs <size> <warm-up size>
 */
import { ProxySessions } from "@chime-proxy/core"
import { Simulator } from "@chime-proxy/simulator"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { median } from "../Harness.js"
import { peakRssMiB, reportToParent } from "../Reporting.js"

const size = Number(process.argv[2])
const warmupSize = Number(process.argv[3] ?? 5_000)
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {})

const settledHeap = () => {
  gc()
  gc()
  return process.memoryUsage().heapUsed
}

const listAll = (simulator: Simulator.Simulator, voiceConnectorId: string, onPage: (items: number) => void) =>
  Stream.runForEach(
    ProxySessions.paginator(simulator.proxySessions).pages({ voiceConnectorId, pageSize: 100 }),
    (page) => Effect.sync(() => onPage(page.items.length))
  )

// A store of a few sessions weighs less than the heap's own noise (code, caches freed by a GC): the weight per session
// is measured on at least this many, in a simulator of its own, whatever the size listed.
const memorySampleSize = Math.max(size, 200_000)

const measureBytesPerSession = Effect.gen(function*() {
  const sample = yield* Simulator.make({ seed: 9 })
  const before = settledHeap()
  yield* sample.control.seed({ seed: 9, connectors: 1, sessionsPerConnector: memorySampleSize })
  const bytesPerSession = (settledHeap() - before) / memorySampleSize
  // Kept reachable until the heap was read.
  yield* sample.control.reset()
  return bytesPerSession
})

const program = Effect.gen(function*() {
  const bytesPerSession = yield* measureBytesPerSession
  const simulator = yield* Simulator.make({ seed: 7 })
  // A small connector listed first warms the code up, so that the first size is not charged for the JIT.
  const [warmup] = yield* simulator.control.seed({ seed: 8, connectors: 1, sessionsPerConnector: warmupSize })
  if (warmup === undefined) return yield* Effect.dieMessage("seeding made no voice connector")
  yield* listAll(simulator, warmup, () => {})
  const seedStart = process.hrtime.bigint()
  const [voiceConnectorId] = yield* simulator.control.seed({ seed: 7, connectors: 1, sessionsPerConnector: size })
  if (voiceConnectorId === undefined) return yield* Effect.dieMessage("seeding made no voice connector")
  const seedMillis = Number(process.hrtime.bigint() - seedStart) / 1e6
  const pageMicros: Array<number> = []
  let items = 0
  let last = process.hrtime.bigint()
  const start = last
  yield* listAll(simulator, voiceConnectorId, (count) => {
    const now = process.hrtime.bigint()
    pageMicros.push(Number(now - last) / 1e3)
    last = now
    items += count
  })
  const listMillis = Number(process.hrtime.bigint() - start) / 1e6
  if (items !== size) throw new Error(`listed ${items} sessions of ${size}`)
  return {
    sessions: size,
    seedMillis,
    bytesPerSession,
    listMillis,
    pages: pageMicros.length,
    meanPageMicros: (listMillis * 1000) / pageMicros.length,
    medianPageMicros: median(pageMicros),
    peakRssMiB: peakRssMiB()
  }
})

reportToParent(await Effect.runPromise(program))
