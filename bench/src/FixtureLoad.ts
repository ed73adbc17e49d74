/**
 * Large fixtures: the time to load a fixture of N sessions into the simulator and the longest the event loop waited
 * meanwhile (perf_hooks' monitorEventLoopDelay), then, through the emulator (auth off), the fixture saved by
 * `GET /_chime-proxy/fixture` and posted back, with the longest wait of a listing made every 20 ms meanwhile, and
 * whether the round trip gives the same bytes. Run it with
 * `npx tsx --conditions=@chime-proxy/source bench/src/FixtureLoad.ts 100000` (a million sessions want
 * `node --max-old-space-size=12000 --import tsx --conditions=@chime-proxy/source bench/src/FixtureLoad.ts 1000000`).
 *
 * Wall-clock time is measured here, in a script, on purpose: tests never assert on time.
 */
import { Emulator } from "@chime-proxy/emulator"
import { Simulator } from "@chime-proxy/simulator"
import * as Effect from "effect/Effect"
import { createHash } from "node:crypto"
import * as Http from "node:http"
import { monitorEventLoopDelay } from "node:perf_hooks"
import { pathToFileURL } from "node:url"

interface Answer {
  readonly status: number
  readonly chunks: ReadonlyArray<Buffer>
  readonly headers: Http.IncomingHttpHeaders
}

const request = (port: number, method: string, path: string, body?: ReadonlyArray<Buffer>) =>
  new Promise<Answer>((resolve, reject) => {
    const outgoing = Http.request({ host: "127.0.0.1", port, method, path }, (response) => {
      const chunks: Array<Buffer> = []
      response.on("data", (chunk: Buffer) => chunks.push(chunk))
      response.on("end", () => resolve({ status: response.statusCode ?? 0, chunks, headers: response.headers }))
      response.on("error", reject)
    })
    outgoing.on("error", reject)
    let i = 0
    const pump = (): void => {
      while (body !== undefined && i < body.length) {
        if (!outgoing.write(body[i++]!)) {
          outgoing.once("drain", pump)
          return
        }
      }
      outgoing.end()
    }
    pump()
  })

const sha256 = (chunks: ReadonlyArray<Buffer>) => {
  const hash = createHash("sha256")
  for (const chunk of chunks) hash.update(chunk)
  return hash.digest("hex")
}

/** Lists a page every 20 ms until `work` is done: the longest a listing waited for its answer, in milliseconds. */
const whileListing = async <A>(port: number, voiceConnectorId: string, work: Promise<A>) => {
  let done = false
  let longest = 0
  let listings = 0
  const loop = (async () => {
    while (!done) {
      const started = performance.now()
      const page = await request(port, "GET", `/voice-connectors/${voiceConnectorId}/proxy-sessions?max-results=10`)
      if (page.status !== 200) throw new Error(`a listing answered ${page.status}`)
      longest = Math.max(longest, performance.now() - started)
      listings++
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  })()
  const value = await work
  done = true
  await loop
  return { value, longestListingMillis: Math.round(longest), listings }
}

/** The longest wait of the event loop while `work` runs, in milliseconds, and its time. */
const stalls = async <A>(work: () => Promise<A>) => {
  const delay = monitorEventLoopDelay({ resolution: 10 })
  delay.enable()
  await new Promise((resolve) => setTimeout(resolve, 50))
  const started = performance.now()
  const value = await work()
  const millis = Math.round(performance.now() - started)
  await new Promise((resolve) => setTimeout(resolve, 50))
  delay.disable()
  return { value, millis, longestStallMillis: Math.round(delay.max / 1e6) }
}

const progress = (step: string) => process.stderr.write(`fixture-load: ${step}\n`)

/** The figures for a fixture of `sessions` sessions in one voice connector. */
export const measureFixtureLoad = (sessions: number) =>
  Effect.gen(function*() {
    const source = yield* Simulator.make({ seed: 1, startTime: "2025-01-10T12:00:00Z" })
    yield* source.control.seed({ seed: 7, connectors: 1, sessionsPerConnector: sessions })
    // The saved fixture is plain JSON data already (a million sessions are more than one string can hold).
    const json: unknown = yield* source.control.saveFixture()
    yield* source.control.reset()
    const target = yield* Simulator.make({ seed: 1 })
    progress("loading into the simulator")
    const load = yield* Effect.promise(() => stalls(() => Effect.runPromise(target.control.loadFixture(json))))
    yield* target.control.reset()

    const emulator = yield* Emulator.make({ auth: false })
    const control = yield* Simulator.SimulatorControl
    const [connector] = yield* control.seed({ seed: 7, connectors: 1, sessionsPerConnector: sessions })
    return yield* Effect.promise(async () => {
      // Warm: the routes' code compiled, the first listing's caches filled.
      await request(emulator.port, "GET", `/voice-connectors/${connector!}/proxy-sessions?max-results=10`)
      await request(emulator.port, "GET", "/_chime-proxy/health")
      progress("GET /_chime-proxy/fixture")
      const saved = await stalls(() =>
        whileListing(emulator.port, connector!, request(emulator.port, "GET", "/_chime-proxy/fixture"))
      )
      progress("POST /_chime-proxy/fixture")
      const posted = await stalls(() =>
        whileListing(
          emulator.port,
          connector!,
          request(emulator.port, "POST", "/_chime-proxy/fixture", saved.value.value.chunks)
        )
      )
      if (posted.value.value.status !== 200) throw new Error(Buffer.concat(posted.value.value.chunks).toString())
      const again = await request(emulator.port, "GET", "/_chime-proxy/fixture")
      return {
        sessions,
        load: { millis: load.millis, longestStallMillis: load.longestStallMillis },
        save: {
          MiB: Math.round(saved.value.value.chunks.reduce((size, chunk) => size + chunk.length, 0) / 2 ** 20),
          transferEncoding: saved.value.value.headers["transfer-encoding"],
          millis: saved.millis,
          longestStallMillis: saved.longestStallMillis,
          longestListingMillis: saved.value.longestListingMillis
        },
        post: {
          millis: posted.millis,
          longestStallMillis: posted.longestStallMillis,
          longestListingMillis: posted.value.longestListingMillis,
          listings: posted.value.listings
        },
        roundTripIdentical: sha256(again.chunks) === sha256(saved.value.value.chunks)
      }
    })
  }).pipe(
    Effect.scoped,
    Effect.provide(Simulator.layer({ seed: 1, startTime: "2025-01-10T12:00:00Z" }))
  )

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const sessions = Number(process.argv[2] ?? 100_000)
  Effect.runPromise(measureFixtureLoad(sessions)).then(
    (figures) => process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`),
    (error) => {
      process.stderr.write(`${String(error)}\n`)
      process.exitCode = 1
    }
  )
}
