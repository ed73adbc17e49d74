/**
 * 4. Decoding: a page of 100 sessions with every member, decoded with our schemas (`Wire.decodeResponse`: JSON.parse,
 * then the ListProxySessionsResponse schema with every constraint, open enums, Redacted phone numbers and DateTimes)
 * against JSON.parse alone.
 */
import { ListProxySessions, Wire } from "@chime-proxy/core"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import type { Context } from "../Context.js"
import { pageBody } from "../Dataset.js"
import * as FastDecode from "../experiments/FastDecode.js"
import { alternate, timePerCall } from "../Harness.js"
import type { Section } from "../Report.js"
import { figure, ratio, rowsOf } from "../Report.js"

const decodeParsed = Schema.decodeUnknownEither(ListProxySessions.ListProxySessionsResponse)
const encode = Schema.encodeSync(ListProxySessions.ListProxySessionsResponse)

const experimentName = "experiment: the same checks and values, hand-written"

export const run = async (context: Context): Promise<Section> => {
  const { settings } = context
  const body = pageBody(100)
  const parsed: unknown = JSON.parse(body)
  const check = Wire.decodeResponse(200, body)
  if (Either.isLeft(check) || check.right.ProxySessions.length !== 100) {
    throw new Error(`the benchmark page does not decode: ${Either.isLeft(check) ? check.left.message : "short"}`)
  }
  const experiment = FastDecode.decode(body)
  if (experiment === undefined || JSON.stringify(encode(experiment)) !== JSON.stringify(encode(check.right))) {
    throw new Error("the hand-written experiment does not decode the page as Wire.decodeResponse does")
  }
  let sink = 0
  const contender = (name: string, fn: () => number) => ({
    name,
    run: () => {
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
    contender(experimentName, () => FastDecode.decode(body)?.ProxySessions.length ?? 0)
  ], settings)
  if (sink === 0) throw new Error("nothing was decoded")
  const rows = rowsOf(measured)
  const ours = figure(rows, "ours: Wire.decodeResponse", "microsPerPage")
  const json = figure(rows, "JSON.parse", "microsPerPage")
  return {
    id: "decoding",
    title: "Decoding a page",
    method: `A page of 100 sessions with all 13 members and two participants each (${
      body.length.toLocaleString("en-US")
    } bytes of JSON), decoded in a loop for ${settings.decodeMillis} ms per contender per round, in the bench process. "Schema only" decodes the already-parsed object, to show where the time goes.`,
    columns: [
      { key: "microsPerPage", label: "µs per page", digits: 1 },
      { key: "pagesPerSecond", label: "pages/s", digits: 0 }
    ],
    rows,
    ratios: [
      ratio("time ours / JSON.parse", ours / json, { comparison: "atMost", value: 3, text: "≤ 3" }),
      ratio("time experiment / JSON.parse", figure(rows, experimentName, "microsPerPage") / json)
    ],
    notes: [
      "The experiment (bench/src/experiments/FastDecode.ts) is not part of the library: it checks the same " +
      "constraints by hand and builds the very same values (checked here against `Wire.decodeResponse`), to " +
      "separate the cost of interpreting the schema from the cost of the values themselves: 400 `Redacted` phone " +
      "numbers, 300 `DateTime.Utc` and 400 Schema class instances per page."
    ]
  }
}
