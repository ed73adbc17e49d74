/**
 * 5. Size: a minimal program that lists one page and prints it, bundled by esbuild (platform node, ESM, minified,
 * everything bundled), ours against the same program with the SDK. The breakdown by package says where our bytes
 * come from.
 */
import * as esbuild from "esbuild"
import { join } from "node:path"
import { bundle } from "../Build.js"
import { benchDir } from "../Child.js"
import type { Context } from "../Context.js"
import type { Section } from "../Report.js"
import { figure, ratio } from "../Report.js"

const entries = [
  { contender: "ours: live layer (layerNode)", entry: "src/bundle/Ours.ts", file: "ours-one-page.mjs" },
  { contender: "SDK: ChimeSDKVoiceClient", entry: "src/bundle/Sdk.ts", file: "sdk-one-page.mjs" }
] as const

/** The bytes a minified bundle of `entry` takes per package, largest first. */
const breakdown = async (entry: string): Promise<Array<readonly [string, number]>> => {
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    platform: "node",
    conditions: ["@chime-proxy/source"],
    format: "esm",
    target: "node20",
    minify: true,
    metafile: true,
    write: false,
    outfile: "breakdown.mjs",
    logLevel: "error"
  })
  const byPackage = new Map<string, number>()
  for (const output of Object.values(result.metafile.outputs)) {
    for (const [path, input] of Object.entries(output.inputs)) {
      const packages = path.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/g)
      const name = packages === null
        ? path.replace(/^(packages\/[^/]+|bench)\/.*$/, "$1")
        : (packages.at(-1) ?? "").slice("node_modules/".length)
      byPackage.set(name, (byPackage.get(name) ?? 0) + input.bytesInOutput)
    }
  }
  return [...byPackage.entries()].sort((a, b) => b[1] - a[1])
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
    ? "AWS SDK packages (credential chain, SigV4, smithy)"
    : "other"

export const run = async (context: Context): Promise<Section> => {
  const rows = []
  for (const { contender, entry, file } of entries) {
    const size = await bundle(join(benchDir, entry), join(context.outDir, "build", file), { minify: true })
    rows.push({
      contender,
      figures: { kib: size.bytes / 1024, gzipKib: size.gzipBytes / 1024 },
      samples: [{ bytes: size.bytes, gzipBytes: size.gzipBytes }]
    })
  }
  const groups = new Map<string, number>()
  for (const [name, bytes] of await breakdown(join(benchDir, entries[0].entry))) {
    groups.set(group(name), (groups.get(group(name)) ?? 0) + bytes)
  }
  const ours = figure(rows, entries[0].contender, "kib")
  const sdk = figure(rows, entries[1].contender, "kib")
  return {
    id: "size",
    title: "Bundle size",
    method: "A minimal program that lists one page and prints it as JSON (bench/src/bundle/), bundled with esbuild's " +
      "defaults for Node (platform node, format esm, minify, everything bundled, no tree-shaking tricks); gzip " +
      "at level 9 for the second column. The same settings for both.",
    columns: [
      { key: "kib", label: "KiB minified", digits: 1 },
      { key: "gzipKib", label: "KiB gzipped", digits: 1 }
    ],
    rows,
    ratios: [
      ratio("minified bytes ours / SDK", ours / sdk, { comparison: "atMost", value: 0.5, text: "≤ 0.5" }),
      ratio(
        "gzipped bytes ours / SDK",
        figure(rows, entries[0].contender, "gzipKib") / figure(rows, entries[1].contender, "gzipKib")
      )
    ],
    notes: [
      `Where our minified bytes come from: ${
        [...groups.entries()].filter(([, bytes]) => bytes >= 512).sort((a, b) => b[1] - a[1]).map(([name, bytes]) =>
          `${name} ${(bytes / 1024).toFixed(0)} KiB`
        ).join(", ")
      }.`
    ]
  }
}
