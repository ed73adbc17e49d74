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
