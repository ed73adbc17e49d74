/**
 * 4. Decoding: a page of 100 sessions with every member, decoded with our schemas (`Wire.decodeResponse`: JSON.parse,
 * then the ListProxySessionsResponse schema with every constraint, open enums, Redacted phone numbers and DateTimes)
 * against JSON.parse alone.
 */
import { childProgram } from "../Build.js"
import { benchDir, runNode } from "../Child.js"
import type { DecodingSettings } from "../children/Decoding.js"
import type { Context } from "../Context.js"
import { floorName, plainFloorName } from "../experiments/ValuesFloor.js"
import type { Measured } from "../Harness.js"
import type { Section } from "../Report.js"
import { figure, ratio, rowsOf } from "../Report.js"

export const run = async (context: Context): Promise<Section> => {
  const { settings } = context
  const childSettings: DecodingSettings = {
    decodeMillis: settings.decodeMillis,
    warmup: settings.warmup,
    rounds: settings.rounds
  }
  const { bodyBytes, measured } = await runNode<{ measured: ReadonlyArray<Measured>; bodyBytes: number }>([
    "--expose-gc",
    await childProgram(benchDir, context.outDir, "decoding"),
    JSON.stringify(childSettings)
  ])
  const rows = rowsOf(measured)
  const ours = figure(rows, "ours: Wire.decodeResponse", "microsPerPage")
  const json = figure(rows, "JSON.parse", "microsPerPage")
  const floor = figure(rows, floorName, "microsPerPage")
  return {
    id: "decoding",
    title: "Decoding a page",
    method: `A page of 100 sessions with all 13 members and two participants each (${
      bodyBytes.toLocaleString("en-US")
    } bytes of JSON), decoded in a loop for ${settings.decodeMillis} ms per contender per round, in a fresh process of its own (bundled, plain node), each contender's turn starting from a collected heap: in the bench process the figure followed the state of its heap. "Schema only" decodes the already-parsed object, to show where the time goes.`,
    columns: [
      { key: "microsPerPage", label: "µs per page", digits: 1 },
      { key: "pagesPerSecond", label: "pages/s", digits: 0 }
    ],
    rows,
    ratios: [
      ratio("time ours / JSON.parse", ours / json, { comparison: "atMost", value: 3, text: "≤ 3" }),
      ratio("time floor / JSON.parse", floor / json),
      ratio("time floor with plain objects / JSON.parse", figure(rows, plainFloorName, "microsPerPage") / json),
      ratio("time ours / floor", ours / floor)
    ],
    notes: [
      "The floors (bench/src/experiments/ValuesFloor.ts) are not decoders: JSON.parse, then only what the data " +
      "model requires of any decoder, a `Redacted` for each of the 400 phone numbers of the page, with nothing " +
      "checked, no class built and no timestamp read; the second puts a plain object where each `Redacted` was. Ours " +
      "over the floor is what our checks, classes and timestamps cost; the floor over JSON.parse is what effect's " +
      "`Redacted` costs (an entry in one global WeakMap each)."
    ]
  }
}
