#!/usr/bin/env node
// Installs the workspace when node_modules is missing or older than the manifests or the lockfile, so that
// `npm start` and `npm test` work on a fresh clone with only Node and npm. pnpm comes through npx, pinned.
import { execFileSync } from "node:child_process"
import { createHash } from "node:crypto"
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
const pnpm = "pnpm@10.34.9"
const stampFile = join(root, "node_modules", ".chime-proxy-install")

const manifests = () => {
  const files = ["package.json", "pnpm-lock.yaml", "pnpm-workspace.yaml"]
  for (const group of ["packages", "apps"]) {
    for (const entry of readdirSync(join(root, group)).sort()) files.push(join(group, entry, "package.json"))
  }
  files.push(join("bench", "package.json"), join("docs", "package.json"))
  return files.filter((file) => existsSync(join(root, file)))
}

const fingerprint = () => {
  const hash = createHash("sha256")
  hash.update(process.version)
  for (const file of manifests()) hash.update(file).update("\0").update(readFileSync(join(root, file))).update("\0")
  return hash.digest("hex")
}

const wanted = fingerprint()
const current = existsSync(stampFile) ? readFileSync(stampFile, "utf8").trim() : ""
if (current !== wanted) {
  process.stderr.write("chime-proxy: installing the workspace (pnpm, frozen lockfile)...\n")
  execFileSync("npx", ["-y", pnpm, "install", "--frozen-lockfile", "--reporter=append-only"], {
    cwd: root,
    stdio: ["ignore", process.stderr, "inherit"],
    env: { ...process.env, npm_config_update_notifier: "false" }
  })
  writeFileSync(stampFile, wanted + "\n")
}

// The bins run esbuild bundles of the programs when those are up to date with the sources (scripts/launch.mjs), and
// the TypeScript sources through tsx otherwise: bundle the stale ones, so that every start after a setup is fast.
// esbuild is imported here, once the workspace is installed. A source that does not compile leaves its bundle stale:
// the bin then runs the sources, and tsx reports the error where it is.
try {
  const { buildStale } = await import("./build-bins.mjs")
  const built = await buildStale()
  if (built.length > 0) process.stderr.write(`chime-proxy: bundled ${built.join(", ")}\n`)
} catch (error) {
  process.stderr.write(`chime-proxy: the bins run their sources through tsx, bundling failed: ${String(error)}\n`)
}
