// How the bins start: the esbuild bundle that scripts/build-bins.mjs wrote into the app's dist/, when it is up to date
// with the sources it was built from; the TypeScript sources through tsx otherwise. Loading tsx and transpiling takes
// most of a second on every start; the bundle starts in a fraction of that.
//
// "Up to date" is checked against the bundle's manifest, which lists every file of the workspace that went into it
// (and the lockfile) with its size, mtime and SHA-256 as they were before the build read them. A file whose size
// differs, or whose mtime differs and whose content hashes differently, or that is gone, makes the bundle stale: an
// edited source never runs from an old bundle, and a file only touched (a checkout, an editor saving) costs a hash.
// This module stays small and imports nothing but node:fs and node:path: it is loaded on every start.
import { readFileSync, statSync } from "node:fs"
import { join, resolve } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"

// A resolve hook that adds the workspace's source condition to every resolution.
const sourceConditionHooks = "export const resolve = (specifier, context, next) => " +
  "next(specifier, { ...context, conditions: [...context.conditions, \"@chime-proxy/source\"] })"

/** The file in a dist directory that describes its bundle. */
export const manifestName = "manifest.json"

/** The version of the manifest's format; a manifest of another version is stale. */
export const manifestVersion = 1

const sameContent = async (file, sha256) => {
  const { createHash } = await import("node:crypto")
  return createHash("sha256").update(readFileSync(file)).digest("hex") === sha256
}

/**
 * Whether the bundle in `distDir` is up to date with the files under `root`: `{ entry }` (the absolute path of the
 * bundle's entry) when it is, `{ reason }` when it is not.
 */
export const freshness = async (distDir, root) => {
  let manifest
  try {
    manifest = JSON.parse(readFileSync(join(distDir, manifestName), "utf8"))
  } catch {
    return { reason: `no bundle in ${distDir}` }
  }
  if (manifest?.version !== manifestVersion || typeof manifest.entry !== "string" || !Array.isArray(manifest.inputs)) {
    return { reason: `the manifest in ${distDir} is not one this launcher reads` }
  }
  for (const input of manifest.inputs) {
    const [path, size, mtimeMs, sha256] = input
    const file = join(root, path)
    let stats
    try {
      stats = statSync(file)
    } catch {
      return { reason: `${path} is gone since the bundle was built` }
    }
    if (stats.size !== size || (stats.mtimeMs !== mtimeMs && !(await sameContent(file, sha256)))) {
      return { reason: `${path} changed since the bundle was built` }
    }
  }
  const entry = resolve(distDir, manifest.entry)
  try {
    statSync(entry)
  } catch {
    return { reason: `the bundle's entry ${entry} is missing` }
  }
  return { entry }
}

/**
 * Runs the program `name` of the app at `appDir` (a file URL of the directory that holds bin/, src/ and dist/): the
 * bundle of dist/ when fresh, else `src/main.ts` through tsx, which `loadTsx` imports from the app (so that tsx
 * resolves as the app's dependency).
 *
 * Environment: CHIME_PROXY_NO_BUNDLE=1 always runs the sources; CHIME_PROXY_BUNDLE_DIR reads the bundle from another
 * directory (tests); CHIME_PROXY_BIN_TRACE=1 says on stderr which of the two runs, and why.
 */
export const launch = async (appDir, name, loadTsx) => {
  const app = fileURLToPath(appDir)
  const root = join(app, "..", "..")
  const trace = process.env.CHIME_PROXY_BIN_TRACE === "1"
    ? (message) => process.stderr.write(`${name}: ${message}\n`)
    : () => {}
  const fresh = process.env.CHIME_PROXY_NO_BUNDLE === "1"
    ? { reason: "CHIME_PROXY_NO_BUNDLE=1" }
    : await freshness(process.env.CHIME_PROXY_BUNDLE_DIR || join(app, "dist"), root)
  if (fresh.entry !== undefined) {
    trace(`running the bundle ${fresh.entry}`)
    await import(pathToFileURL(fresh.entry).href)
    return
  }
  trace(`running the sources through tsx: ${fresh.reason}`)
  const { register } = await loadTsx()
  register()
  // The workspace's packages export their TypeScript sources under this condition (their default is the built dist/).
  const { register: registerHooks } = await import("node:module")
  registerHooks(`data:text/javascript,${encodeURIComponent(sourceConditionHooks)}`)
  await import(pathToFileURL(join(app, "src", "main.ts")).href)
}
