#!/usr/bin/env node
// `npm start`: the CLI listing proxy sessions from the embedded simulator, as a table.
import { spawnSync } from "node:child_process"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
const bin = join(root, "apps", "cli", "bin", "chime-proxy.mjs")
const args = process.argv.slice(2)
const result = spawnSync(process.execPath, [
  bin,
  ...(args.length > 0 ? args : ["list", "--simulate", "--output", "table"])
], {
  cwd: root,
  stdio: "inherit"
})
process.exit(result.status ?? 1)
