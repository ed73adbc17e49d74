/**
 * Bundles with esbuild, in-process through its JS API: the client programs that the listing benchmark runs with
 * plain node (ours and the SDK's alike, so that neither pays for a TypeScript loader), and the minimal programs whose
 * size the size benchmark reports.
 */
import * as esbuild from "esbuild"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { gzipSync } from "node:zlib"

// Some CommonJS dependencies call require() for Node's own modules, which an ESM bundle must provide.
const requireShim = "import { createRequire as __benchCreateRequire } from \"node:module\";" +
  "const require = __benchCreateRequire(import.meta.url);"

/** Bundles `entry` for Node as one ESM file at `outfile`; returns its size and gzipped size in bytes. */
export const bundle = async (
  entry: string,
  outfile: string,
  options: { readonly minify: boolean }
): Promise<{ readonly bytes: number; readonly gzipBytes: number }> => {
  await esbuild.build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: "node",
    conditions: ["@chime-proxy/source"],
    format: "esm",
    target: "node20",
    minify: options.minify,
    legalComments: "none",
    banner: { js: requireShim },
    logLevel: "error"
  })
  const contents = readFileSync(outfile)
  return { bytes: contents.length, gzipBytes: gzipSync(contents, { level: 9 }).length }
}

/** The programs the benchmarks run as children, bundled like the clients so that no child pays for tsx. */
export const childPrograms = {
  simulatorListing: "src/children/SimulatorListing.ts",
  decoding: "src/children/Decoding.ts",
  emulatorServer: "src/servers/EmulatorServer.ts",
  bareServer: "src/servers/Bare.ts",
  loadGenerator: "src/load/LoadGenerator.ts"
} as const

const built = new Map<string, Promise<void>>()

/** The path of a child program's bundle in `outDir`, built on first use. */
export const childProgram = async (
  benchDir: string,
  outDir: string,
  name: keyof typeof childPrograms
): Promise<string> => {
  const outfile = join(outDir, "build", `${name}.mjs`)
  let building = built.get(outfile)
  if (building === undefined) {
    building = bundle(join(benchDir, childPrograms[name]), outfile, { minify: false }).then(() => undefined)
    built.set(outfile, building)
  }
  await building
  return outfile
}
