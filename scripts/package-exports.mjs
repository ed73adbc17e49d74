#!/usr/bin/env node
// Writes the `exports` of the library packages from their public modules (every `src/*.ts`, one entry each, as
// effect's own packages do), so that a module added or renamed is exported, and checked by publint and attw, without a
// hand-kept list. `node scripts/package-exports.mjs` rewrites the manifests; `--check` only says which are stale
// (the consumer test runs it).
//
// Each entry resolves to the built dist/ under the standard conditions, and to the TypeScript sources under the
// workspace's own condition, which tsconfig's customConditions, vitest, esbuild and `node --conditions` honour inside
// the repository (see docs/decisions.md).
import { readdirSync, readFileSync, realpathSync, writeFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")

/** The export condition under which the workspace's packages resolve to their sources. */
export const sourceCondition = "@chime-proxy/source"

/** The published library packages. */
export const libraries = ["packages/core", "packages/simulator", "packages/emulator", "packages/aws"]

const entry = (module) => ({
  [sourceCondition]: `./src/${module}.ts`,
  types: `./dist/${module}.d.ts`,
  import: `./dist/${module}.js`,
  default: `./dist/${module}.js`
})

/** The `exports` a library at `dir` should have. */
export const exportsOf = (dir) => {
  const modules = readdirSync(join(root, dir, "src"))
    .filter((file) => file.endsWith(".ts") && !file.endsWith(".d.ts"))
    .map((file) => file.slice(0, -".ts".length))
    .filter((module) => module !== "index")
    .sort()
  return {
    ".": entry("index"),
    ...Object.fromEntries(modules.map((module) => [`./${module}`, entry(module)])),
    "./package.json": "./package.json",
    "./internal/*": null
  }
}

/** The libraries whose manifest's exports differ from their modules. */
export const stale = () =>
  libraries.filter((dir) => {
    const manifest = JSON.parse(readFileSync(join(root, dir, "package.json"), "utf8"))
    return JSON.stringify(manifest.exports) !== JSON.stringify(exportsOf(dir))
  })

const isMain = process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)
if (isMain) {
  const found = stale()
  if (process.argv.includes("--check")) {
    if (found.length > 0) {
      process.stderr.write(`exports out of date in ${found.join(", ")}: run node scripts/package-exports.mjs\n`)
      process.exit(1)
    }
  } else {
    for (const dir of found) {
      const file = join(root, dir, "package.json")
      const manifest = JSON.parse(readFileSync(file, "utf8"))
      manifest.exports = exportsOf(dir)
      writeFileSync(file, JSON.stringify(manifest, null, 2) + "\n")
      process.stderr.write(`exports rewritten in ${dir}\n`)
    }
  }
}
