#!/usr/bin/env node
// `npm start`: the CLI's first screen (`chime-proxy demo`): the simulated account's first connector as a table that
// fits the terminal (COLUMNS, or 120 when stdout is not one), and what to try next. Arguments run the CLI instead.
import { spawnSync } from "node:child_process"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
const bin = join(root, "apps", "cli", "bin", "chime-proxy.mjs")
const args = process.argv.slice(2)
const result = spawnSync(process.execPath, [
  bin,
  ...(args.length > 0 ? args : ["demo"])
], {
  cwd: root,
  stdio: "inherit"
})
process.exit(result.status ?? 1)
