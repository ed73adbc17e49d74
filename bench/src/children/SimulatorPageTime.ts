/**
 * The simulator's own page-time measurement (bench/src/PageTime.ts) at one size, in a fresh
 * process: the median page at the start, with a Status filter, and in the middle of the listing. Run through tsx,
 * not bundled: that module runs its own report when it is the entry point, which a bundle would make it.
 *
 * Usage: node --conditions=@chime-proxy/source --import tsx SimulatorPageTime.ts <size>
 */
import * as Effect from "effect/Effect"
import { measurePageTime } from "../PageTime.js"
import { reportToParent } from "../Reporting.js"

const [result] = await Effect.runPromise(measurePageTime({ sizes: [Number(process.argv[2])], pageSize: 100 }))
reportToParent(result)
