#!/usr/bin/env node
// Bundles the programs with esbuild into their app's dist/, where their bins look first (scripts/launch.mjs).
// `node scripts/build-bins.mjs` builds the bundles that are missing or stale; `--force` builds them all.
// scripts/ensure-install.mjs runs it, so that `npm run setup`, `npm start` and `npm test` leave fresh bundles.
//
// Each build goes into a directory of its own, dist/<id>/ (the id hashes what went in), and dist/manifest.json, which
// the bin reads, is replaced last and atomically: a program started from the previous bundle can still load its
// chunks, and a bin never sees half a bundle.
import * as esbuild from "esbuild"
import { createHash } from "node:crypto"
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync
} from "node:fs"
import { dirname, join, relative, sep } from "node:path"
import { fileURLToPath } from "node:url"
import { freshness, manifestName, manifestVersion } from "./launch.mjs"

const defaultRoot = join(dirname(fileURLToPath(import.meta.url)), "..")

/**
 * The programs with a bin: the name of the bundle's entry and the app whose src/main.ts it bundles. The
 * `chime-proxy-audit` bin of apps/cli runs the bundle of `chime-proxy`, which tells the two apart by the bin's name.
 */
export const programs = [
  { name: "chime-proxy", app: "apps/cli" },
  { name: "chime-proxy-emulator", app: "apps/emulator" }
]

// Changing how bundles are built must make the old ones stale: this goes into every build's id.
const buildOptionsVersion = "2"

// Some CommonJS dependencies call require() for Node's own modules, which an ESM bundle must provide.
const requireShim = "import { createRequire as __chimeProxyCreateRequire } from \"node:module\";" +
  "const require = __chimeProxyCreateRequire(import.meta.url);"

const sha256 = (contents) => createHash("sha256").update(contents).digest("hex")

const toPosix = (path) => path.split(sep).join("/")

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")

// A file of the workspace as the build saw it: its stats are taken before it is read, so that an edit made while the
// build runs leaves the file newer than its record (stale) and never the other way round.
const record = (root, file) => {
  const stats = statSync(file)
  const contents = readFileSync(file)
  return { path: toPosix(relative(root, file)), size: stats.size, mtimeMs: stats.mtimeMs, contents }
}

const readManifest = (distDir) => {
  try {
    return JSON.parse(readFileSync(join(distDir, manifestName), "utf8"))
  } catch {
    return undefined
  }
}

/**
 * Bundles one program of `root` into `distDir` (default: the app's dist/): platform node, ESM, code splitting so
 * that the chunks a run does not need (the simulator, the live layer) are not loaded. Returns the manifest written.
 */
export const build = async (program, options = {}) => {
  const root = options.root ?? defaultRoot
  const distDir = options.distDir ?? join(root, program.app, "dist")
  const records = new Map()
  // Every source of the workspace that the bundle contains passes through here, so that the manifest lists exactly
  // what was compiled, hashed as it was read.
  const workspaceSources = {
    name: "chime-proxy-workspace-sources",
    setup(builder) {
      const filter = new RegExp(
        `^${escapeRegExp(root)}[\\\\/](?:packages|apps)[\\\\/][^\\\\/]+[\\\\/]src[\\\\/].*\\.ts$`
      )
      builder.onLoad({ filter }, (args) => {
        const seen = record(root, args.path)
        records.set(seen.path, seen)
        return { contents: seen.contents, loader: "ts" }
      })
    }
  }
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: { [program.name]: join(root, program.app, "src", "main.ts") },
    bundle: true,
    splitting: true,
    platform: "node",
    // Inside the workspace, packages resolve to their TypeScript sources (see docs/decisions.md).
    conditions: ["@chime-proxy/source"],
    format: "esm",
    target: "node20",
    outdir: join(distDir, "pending"),
    outExtension: { ".js": ".mjs" },
    entryNames: "[name]",
    chunkNames: "chunk-[hash]",
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: "none",
    sourcemap: false,
    banner: { js: requireShim },
    plugins: [workspaceSources],
    metafile: true,
    write: false,
    logLevel: "error"
  })
  // Resolution also depends on the workspace's manifests (exports) and on the installed versions (lockfile).
  const packageDirs = new Set([...records.keys()].map((path) => path.split("/").slice(0, 2).join("/")))
  for (const file of [...[...packageDirs].map((dir) => join(dir, "package.json")), "pnpm-lock.yaml"]) {
    const seen = record(root, join(root, file))
    records.set(seen.path, seen)
  }
  const inputs = [...records.values()].sort((a, b) => a.path.localeCompare(b.path))
  const hashed = inputs.map((input) => [input.path, input.size, input.mtimeMs, sha256(input.contents)])
  const id = sha256(JSON.stringify([buildOptionsVersion, esbuild.version, program, hashed.map((i) => [i[0], i[3]])]))
    .slice(0, 16)
  const buildDir = join(distDir, id)
  const staging = join(distDir, `${id}.${process.pid}.tmp`)
  rmSync(staging, { recursive: true, force: true })
  for (const file of result.outputFiles) {
    const target = join(staging, relative(join(distDir, "pending"), file.path))
    mkdirSync(dirname(target), { recursive: true })
    writeFileSync(target, file.contents)
  }
  // The id names the content: a directory of that name already holds the same build, which may be running.
  if (existsSync(buildDir)) {
    rmSync(staging, { recursive: true, force: true })
  } else {
    try {
      renameSync(staging, buildDir)
    } catch (error) {
      rmSync(staging, { recursive: true, force: true })
      if (!existsSync(buildDir)) throw error
    }
  }
  const previous = readManifest(distDir)
  const manifest = { version: manifestVersion, entry: `${id}/${program.name}.mjs`, inputs: hashed }
  const manifestTmp = join(distDir, `${manifestName}.${process.pid}.tmp`)
  writeFileSync(manifestTmp, JSON.stringify(manifest) + "\n")
  renameSync(manifestTmp, join(distDir, manifestName))
  // Keep the build before this one, which a running program may still load chunks from; drop the older ones.
  const keep = new Set([id, previous?.entry?.split("/")[0]])
  for (const entry of readdirSync(distDir, { withFileTypes: true })) {
    if (entry.isDirectory() && !keep.has(entry.name) && !entry.name.endsWith(".tmp")) {
      rmSync(join(distDir, entry.name), { recursive: true, force: true })
    }
  }
  return manifest
}

/** Builds the bundles of `root` that are missing or stale (all of them with `force`); returns the names built. */
export const buildStale = async (options = {}) => {
  const root = options.root ?? defaultRoot
  const built = []
  for (const program of programs) {
    const fresh = await freshness(join(root, program.app, "dist"), root)
    if (options.force === true || fresh.entry === undefined) {
      await build(program, { root })
      built.push(program.name)
    }
  }
  return built
}

const isMain = process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)
if (isMain) {
  const started = process.hrtime.bigint()
  const built = await buildStale({ force: process.argv.includes("--force") })
  const millis = Number(process.hrtime.bigint() - started) / 1e6
  process.stderr.write(
    built.length === 0
      ? "chime-proxy: the bundles of the bins are up to date\n"
      : `chime-proxy: bundled ${built.join(", ")} (${Math.round(millis)} ms)\n`
  )
}
