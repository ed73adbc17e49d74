// npm run mutation [module…]: Stryker over each module of stryker/modules.mjs (all of them by default), one after
// another, each with only its own test files. Incremental: a re-run after a small change tests only what changed.
import { spawnSync } from "node:child_process"
import { modules } from "../stryker/modules.mjs"

const wanted = process.argv.slice(2)
const unknown = wanted.filter((name) => !(name in modules))
if (unknown.length > 0) {
  process.stderr.write(`unknown module ${unknown.join(", ")}: one of ${Object.keys(modules).join(", ")}\n`)
  process.exit(2)
}
let status = 0
for (const name of wanted.length > 0 ? wanted : Object.keys(modules)) {
  process.stdout.write(`\n== mutation testing: ${name}\n`)
  const run = spawnSync("npx", ["stryker", "run", "stryker/stryker.config.mjs"], {
    stdio: "inherit",
    env: { ...process.env, STRYKER_MODULE: name }
  })
  if (run.status !== 0) status = run.status ?? 1
}
process.exit(status)
