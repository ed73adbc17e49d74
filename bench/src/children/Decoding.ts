/**
 * The child of the decoding benchmark: the contenders decode the same page in turn, in a fresh process of their own.
 * In the bench process the figure depended on what had run before it (3 to 9 times JSON.parse for the same code):
 * every decoded page adds 400 entries to effect's global `Redacted` WeakMap, whose cost in the young generation's
 * collections follows the heap's state, not the decoder.
 *
 * Usage: node --expose-gc decoding.mjs '{"decodeMillis":…,"warmup":…,"rounds":…}'
 */
import { ListProxySessions, Wire } from "@chime-proxy/core"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import { pageBody } from "../Dataset.js"
import { floorName, plainFloor, plainFloorName, valuesFloor } from "../experiments/ValuesFloor.js"
import { alternate, timePerCall } from "../Harness.js"
import { reportToParent } from "../Reporting.js"

/** What the section passes to its child. */
export interface DecodingSettings {
  readonly decodeMillis: number
  readonly warmup: number
  readonly rounds: number
}

const settings = JSON.parse(process.argv[2] ?? "{}") as DecodingSettings
const decodeParsed = Schema.decodeUnknownEither(ListProxySessions.ListProxySessionsResponse)

const body = pageBody(100)
const parsed: unknown = JSON.parse(body)
const check = Wire.decodeResponse(200, body)
if (Either.isLeft(check) || check.right.ProxySessions.length !== 100) {
  throw new Error(`the benchmark page does not decode: ${Either.isLeft(check) ? check.left.message : "short"}`)
}
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {})
let sink = 0
const contender = (name: string, fn: () => number) => ({
  name,
  run: () => {
    // Each contender starts from a collected heap: what the one before left (the Redacted WeakMap's entries above
    // all) is not charged to it; its own garbage is.
    gc()
    const { calls, nsPerCall } = timePerCall(() => (sink += fn()), settings.decodeMillis)
    return Promise.resolve({ microsPerPage: nsPerCall / 1000, pagesPerSecond: 1e9 / nsPerCall, calls })
  }
})
const measured = await alternate([
  contender("JSON.parse", () => (JSON.parse(body) as { ProxySessions: Array<unknown> }).ProxySessions.length),
  contender("ours: Wire.decodeResponse", () => {
    const result = Wire.decodeResponse(200, body)
    return Either.isRight(result) ? result.right.ProxySessions.length : 0
  }),
  contender("ours: schema only (already parsed)", () => {
    const result = decodeParsed(parsed, { errors: "first" })
    return Either.isRight(result) ? result.right.ProxySessions.length : 0
  }),
  contender(floorName, () => valuesFloor(body)),
  contender(plainFloorName, () => plainFloor(body))
], settings)
if (sink === 0) throw new Error("nothing was decoded")
reportToParent({ measured, bodyBytes: body.length })
