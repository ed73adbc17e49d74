/**
 * 5. Size: a minimal program that lists one page and prints it, bundled by esbuild (platform node, ESM, minified,
 * code splitting), ours against the same program with the SDK. What a run loads is the entry and the chunks it
 * imports statically; a chunk reached only through `import()` is loaded on demand (ours: the credential providers
 * that the environment and the shared files do not need). The breakdown by package says where our bytes come from.
 */
import * as esbuild from "esbuild"
import { readFileSync, rmSync } from "node:fs"
import { join } from "node:path"
import { gzipSync } from "node:zlib"
import { loadedAtStart } from "../../../scripts/metafile.mjs"
import { benchDir } from "../Child.js"
import type { Context } from "../Context.js"
import type { Section } from "../Report.js"
import { figure, ratio } from "../Report.js"

const ours = "ours: AwsProxySessions.layerNode (Node's fetch)"
const oursUndici = "ours: NodeUndici.layerProxySessions (undici)"
const oursNodeHttp = "ours: NodeHttp.layerProxySessions (node:http)"
const sdk = "SDK: ChimeSDKVoiceClient"

const entries = [
  { contender: ours, entry: "src/bundle/Ours.ts", dir: "size-ours" },
  { contender: oursNodeHttp, entry: "src/bundle/OursNodeHttp.ts", dir: "size-ours-node-http" },
  { contender: oursUndici, entry: "src/bundle/OursUndici.ts", dir: "size-ours-undici" },
  { contender: sdk, entry: "src/bundle/Sdk.ts", dir: "size-sdk" }
] as const

// Some CommonJS dependencies call require() for Node's own modules, which an ESM bundle must provide.
const requireShim = "import { createRequire as __benchCreateRequire } from \"node:module\";" +
  "const require = __benchCreateRequire(import.meta.url);"

interface Measured {
  /** The bytes of the entry and of the chunks it imports statically, and of them gzipped. */
  readonly atStart: number
  readonly atStartGzip: number
  /** The bytes of every file written, the chunks loaded on demand included. */
  readonly all: number
  /** The minified bytes loaded at start, per package. */
  readonly byPackage: Map<string, number>
}

/** Bundles `entry` into `outdir` with code splitting and measures what a run loads. */
const measure = async (entry: string, outdir: string): Promise<Measured> => {
  rmSync(outdir, { recursive: true, force: true })
  const result = await esbuild.build({
    absWorkingDir: process.cwd(),
    entryPoints: [entry],
    bundle: true,
    splitting: true,
    platform: "node",
    conditions: ["@chime-proxy/source"],
    format: "esm",
    target: "node20",
    minify: true,
    legalComments: "none",
    banner: { js: requireShim },
    metafile: true,
    outdir,
    outExtension: { ".js": ".mjs" },
    logLevel: "error"
  })
  const outputs = result.metafile.outputs
  const entryFile = Object.keys(outputs).find((path) => outputs[path]!.entryPoint !== undefined)!
  const loaded = loadedAtStart(result.metafile, entryFile)
  const byPackage = new Map<string, number>()
  for (const path of loaded) {
    for (const [input, { bytesInOutput }] of Object.entries(outputs[path]!.inputs)) {
      const packages = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/g)
      const name = packages === null
        ? input.replace(/^(packages\/[^/]+|bench)\/.*$/, "$1")
        : (packages.at(-1) ?? "").slice("node_modules/".length)
      byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput)
    }
  }
  const files = [...loaded].map((path) => outputs[path]!.bytes)
  const sum = (values: ReadonlyArray<number>) => values.reduce((total, value) => total + value, 0)
  const loadedText = Buffer.concat([...loaded].map((path) => readFileSync(join(process.cwd(), path))))
  return {
    atStart: sum(files),
    atStartGzip: gzipSync(loadedText, { level: 9 }).length,
    all: sum(Object.values(outputs).map((output) => output.bytes)),
    byPackage
  }
}

const group = (name: string): string =>
  name === "effect" || name.startsWith("@effect/")
    ? "effect and @effect/platform"
    : name === "undici"
    ? "undici"
    : name.startsWith("packages/")
    ? "chime-proxy's own code"
    : name.startsWith("@aws-sdk/") || name.startsWith("@smithy/") || name.startsWith("@aws/") || name === "bowser" ||
        name === "tslib" || name === "fast-xml-parser" || name === "strnum"
    ? "AWS SDK packages (SigV4, smithy, the credential chain)"
    : "other"

const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`

export const run = async (context: Context): Promise<Section> => {
  const rows = []
  const measured = new Map<string, Measured>()
  for (const { contender, dir, entry } of entries) {
    const size = await measure(join(benchDir, entry), join(context.outDir, "build", dir))
    measured.set(contender, size)
    rows.push({
      contender,
      figures: { kib: size.atStart / 1024, gzipKib: size.atStartGzip / 1024, allKib: size.all / 1024 },
      samples: [{ bytes: size.atStart, gzipBytes: size.atStartGzip, allBytes: size.all }]
    })
  }
  const breakdown = (contender: string) => {
    const groups = new Map<string, number>()
    for (const [name, bytes] of measured.get(contender)!.byPackage) {
      groups.set(group(name), (groups.get(group(name)) ?? 0) + bytes)
    }
    return [...groups.entries()].filter(([, bytes]) => bytes >= 512).sort((a, b) => b[1] - a[1])
      .map(([name, bytes]) => `${name} ${kib(bytes)}`).join(", ")
  }
  const topPackages = (contender: string) =>
    [...measured.get(contender)!.byPackage.entries()].sort((a, b) => b[1] - a[1]).slice(0, 6)
      .map(([name, bytes]) => `${name} ${kib(bytes)}`).join(", ")
  const oursSize = measured.get(ours)!
  return {
    id: "size",
    title: "Bundle size",
    method: "A minimal program that lists one page and prints it as JSON (bench/src/bundle/), bundled by esbuild for " +
      "Node (platform node, format esm, minify, code splitting, as our own programs are built); gzip at level 9. " +
      "The first two columns are what a run loads: the entry and the chunks it imports statically. The last " +
      "counts every file, the chunks loaded on demand (through `import()`) included. The same settings for all.",
    columns: [
      { key: "kib", label: "KiB minified, loaded", digits: 1 },
      { key: "gzipKib", label: "KiB gzipped, loaded", digits: 1 },
      { key: "allKib", label: "KiB minified, all chunks", digits: 1 }
    ],
    rows,
    ratios: [
      ratio("minified bytes loaded, ours (fetch) / SDK", figure(rows, ours, "kib") / figure(rows, sdk, "kib"), {
        comparison: "atMost",
        value: 1,
        text: "≤ 1"
      }),
      ratio("gzipped bytes loaded, ours (fetch) / SDK", figure(rows, ours, "gzipKib") / figure(rows, sdk, "gzipKib")),
      ratio(
        "minified bytes of all chunks, ours (fetch) / SDK",
        figure(rows, ours, "allKib") / figure(rows, sdk, "allKib")
      ),
      ratio(
        "minified bytes loaded, ours (node:http) / SDK",
        figure(rows, oursNodeHttp, "kib") / figure(rows, sdk, "kib")
      ),
      ratio("minified bytes loaded, ours (undici) / SDK", figure(rows, oursUndici, "kib") / figure(rows, sdk, "kib"))
    ],
    notes: [
      `What a run of ours on Node's fetch loads: ${breakdown(ours)}; the largest packages: ${topPackages(ours)}.`,
      `Loaded on demand only, when neither the environment nor the shared files have the credentials: ${
        kib(oursSize.all - oursSize.atStart)
      } (the AWS SDK's credential chain: SSO, web identity, container and instance metadata, credential_process, ` +
      "STS). The SDK's bundle holds its whole chain in the one file its client loads.",
      `The node:http layer loads: ${breakdown(oursNodeHttp)}.`,
      `The undici layer loads: ${breakdown(oursUndici)}.`
    ]
  }
}
