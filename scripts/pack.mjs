#!/usr/bin/env node
// Builds and packs everything that would be published, as tarballs in one directory:
// - the library packages (packages/*): a clean `tsc -b tsconfig.build.json` into their dist/, then `pnpm pack`, which
//   turns `workspace:` ranges into real versions;
// - the programs (`chime-proxy`, `chime-proxy-emulator`): each bundled by esbuild into one directory with a manifest
//   of its own (its name on npm, its bins, no dependencies: the bundle holds them), then `npm pack`.
//
// `node scripts/pack.mjs <dir>` writes the tarballs to <dir> and prints their names and sizes as JSON. The consumer
// test (scripts/test/Consumer.test.ts) and the release flow (docs/releasing.md) both go through here.
import { execFile } from "node:child_process"
import { createHash } from "node:crypto"
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync
} from "node:fs"
import { dirname, join, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { libraries, sourceCondition, stale } from "./package-exports.mjs"

export const root = join(dirname(fileURLToPath(import.meta.url)), "..")

const pnpm = "pnpm@10.34.9"

/**
 * The programs published on npm: the npm package, the workspace app it is built from, and its bins (name: entry).
 * The bins are the app's own, so that `npx <package>` runs the program named like the package.
 */
export const programs = [
  {
    name: "chime-proxy",
    app: "apps/cli",
    // One program under two names: it tells them apart by the name of the file it was started from.
    bins: { "chime-proxy": "src/main.ts", "chime-proxy-audit": "src/main.ts" },
    keywords: ["aws", "chime", "chime-sdk-voice", "proxy-sessions", "cli", "effect"],
    // One CommonJS file, dist/chime-proxy.bundle.cjs, that the bins run through V8's code cache
    // (scripts/cached-launch.cjs), so that a start after the first compiles next to nothing.
    compileCache: { bundle: "chime-proxy.bundle", entry: "src/main.ts" }
  },
  {
    name: "chime-proxy-emulator",
    app: "apps/emulator",
    bins: { "chime-proxy-emulator": "src/main.ts" },
    keywords: ["aws", "chime", "chime-sdk-voice", "proxy-sessions", "emulator", "mock-server", "testing"]
  }
]

// Asynchronous, so that a caller's event loop (a vitest worker's) keeps running while the builds do.
const run = (command, args, options) =>
  new Promise((resolve, reject) => {
    execFile(command, args, {
      encoding: "utf8",
      timeout: 300_000,
      killSignal: "SIGKILL",
      maxBuffer: 64 * 1024 * 1024,
      ...options,
      env: { ...process.env, npm_config_update_notifier: "false", npm_config_fund: "false", ...options?.env }
    }, (error, stdout, stderr) => {
      if (error === null) return resolve(stdout)
      reject(
        new Error(`${command} ${args.join(" ")} failed in ${options?.cwd ?? "."}: ${error.message}\n${stdout}${stderr}`)
      )
    })
  })

const readJson = (file) => JSON.parse(readFileSync(file, "utf8"))

/** Builds the libraries' dist/ from scratch, so that no file of a removed module is shipped. */
export const buildLibraries = async () => {
  const missing = stale()
  if (missing.length > 0) {
    throw new Error(`exports out of date in ${missing.join(", ")}: run node scripts/package-exports.mjs`)
  }
  for (const dir of libraries) {
    rmSync(join(root, dir, "dist"), { recursive: true, force: true })
    rmSync(join(root, dir, "build", "dist.tsbuildinfo"), { force: true })
  }
  await run(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-b", "tsconfig.build.json"], {
    cwd: root
  })
}

// Some CommonJS dependencies call require() for Node's own modules, which an ESM bundle must provide.
const banner = "#!/usr/bin/env node\n" +
  "import { createRequire as __chimeProxyCreateRequire } from \"node:module\";" +
  "const require = __chimeProxyCreateRequire(import.meta.url);"

/** What the code-cache bundle's text is wrapped in (scripts/cached-launch.cjs compiles it as it is). */
export const wrapper = { open: "(function (exports, require, module, __filename, __dirname) {", close: "\n})" }

/**
 * How esbuild bundles a program for npm, into `outdir`: one ESM file per bin and chunks shared between them, so that
 * what a run does not need (another command's implementation, the simulator, the credential providers of other
 * environments) stays in chunks loaded with `import()` when it is needed. apps/cli/test/Bundle.test.ts reads the
 * metafile of these options.
 */
export const buildOptions = (program, outdir) => {
  const common = {
    absWorkingDir: root,
    bundle: true,
    platform: "node",
    conditions: [sourceCondition],
    target: "node20.19",
    outdir,
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: "none",
    logLevel: "error"
  }
  if (program.compileCache !== undefined) {
    // CommonJS, which vm.Script compiles with a code cache (Node 20 has no such thing for ES modules). The modules
    // reached only through import() are still evaluated only when imported.
    return {
      ...common,
      entryPoints: { [program.compileCache.bundle]: join(root, program.app, program.compileCache.entry) },
      format: "cjs",
      // Every import() a require(): V8 loses a script's import() callback when it compiles it from a code cache.
      supported: { "dynamic-import": false },
      // The file is the function Node wraps a CommonJS module in, so that the launcher compiles its text as read, with
      // no copy of 1.8 MB to join it to a wrapper; ASCII, so that it reads it as latin1, which needs no decoding.
      banner: { js: wrapper.open },
      footer: { js: wrapper.close },
      charset: "ascii",
      outExtension: { ".js": ".cjs" }
    }
  }
  return {
    ...common,
    entryPoints: Object.fromEntries(
      Object.entries(program.bins).map(([bin, entry]) => [bin, join(root, program.app, entry)])
    ),
    splitting: true,
    format: "esm",
    outExtension: { ".js": ".mjs" },
    entryNames: "[name].main",
    chunkNames: "chunk-[hash]",
    banner: { js: banner }
  }
}

/**
 * A bin's file in a program's package: CommonJS for the code-cache program (an ES module entry point would load
 * Node's ES module loader at every start, scripts/cached-launch.cjs), an ES module otherwise.
 */
export const binFile = (program, bin) => `dist/${bin}.${program.compileCache === undefined ? "mjs" : "cjs"}`

/** Bundles one program into `stage` with the manifest it is published with; returns the stage. */
export const stageProgram = async (program, stage) => {
  const esbuild = await import("esbuild")
  const app = readJson(join(root, program.app, "package.json"))
  rmSync(stage, { recursive: true, force: true })
  mkdirSync(stage, { recursive: true })
  await esbuild.build(buildOptions(program, join(stage, "dist")))
  if (program.compileCache !== undefined) {
    const { bundle } = program.compileCache
    copyFileSync(join(root, "scripts", "cached-launch.cjs"), join(stage, "dist", "cached-launch.cjs"))
    // The cache is named after the bundle's content and the launcher's: another build never reads it.
    const id = createHash("sha256").update(readFileSync(join(stage, "dist", `${bundle}.cjs`)))
      .update(readFileSync(join(stage, "dist", "cached-launch.cjs"))).digest("hex").slice(0, 32)
    for (const bin of Object.keys(program.bins)) {
      writeFileSync(
        join(stage, binFile(program, bin)),
        `#!/usr/bin/env node\nrequire("./cached-launch.cjs").launch("${bundle}.cjs", "${bundle}-${id}")\n`,
        { mode: 0o755 }
      )
    }
  } else {
    // Each bin turns on Node's compile cache (22.1+; Node 20 has none) before it imports the bundle, so that a start
    // after the first reads the compiled code of every chunk instead of compiling it again.
    for (const bin of Object.keys(program.bins)) {
      writeFileSync(
        join(stage, binFile(program, bin)),
        "#!/usr/bin/env node\nimport * as NodeModule from \"node:module\"\nNodeModule.enableCompileCache?.()\n" +
          `await import("./${bin}.main.mjs")\n`,
        { mode: 0o755 }
      )
    }
  }
  const manifest = {
    name: program.name,
    version: app.version,
    description: app.description,
    keywords: program.keywords,
    homepage: `https://github.com/chime-proxy/chime-proxy/tree/main/${program.app}#readme`,
    bugs: { url: "https://github.com/chime-proxy/chime-proxy/issues" },
    repository: { type: "git", url: "git+https://github.com/chime-proxy/chime-proxy.git", directory: program.app },
    license: app.license,
    type: "module",
    // A program, not a library: nothing in it is for import (chime-proxy's bundle is not even a module, but a script
    // its launcher compiles), and tools that read a package's files as modules read only what it exports.
    exports: { "./package.json": "./package.json" },
    engines: { node: ">=20.19" },
    bin: Object.fromEntries(Object.keys(program.bins).map((bin) => [bin, binFile(program, bin)])),
    files: ["dist", "README.md", "LICENSE", "CHANGELOG.md"]
  }
  writeFileSync(join(stage, "package.json"), JSON.stringify(manifest, null, 2) + "\n")
  for (const file of ["README.md", "LICENSE", "CHANGELOG.md"]) {
    const source = join(root, program.app, file)
    if (existsSync(source)) copyFileSync(source, join(stage, file))
  }
  return stage
}

/**
 * Builds and packs every published package into `outDir`; returns `{ name, kind, file, bytes }` per tarball.
 * `stageDir` holds the programs' staged packages (default: `outDir/stage`).
 */
export const packAll = async (outDir, options = {}) => {
  const out = resolve(outDir)
  // Apart, because `@chime-proxy/emulator` and `chime-proxy-emulator` pack to the same file name.
  const dirs = { library: join(out, "packages"), program: join(out, "programs") }
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true })
  await buildLibraries()
  const packed = []
  const pack = async (kind, name, command, args, cwd) => {
    const before = new Set(readdirSync(dirs[kind]))
    await run(command, [...args, "--pack-destination", dirs[kind]], { cwd })
    const created = readdirSync(dirs[kind]).filter((file) => file.endsWith(".tgz") && !before.has(file))
    if (created.length !== 1) throw new Error(`packing ${name} made ${created.length} new tarballs in ${dirs[kind]}`)
    const file = join(dirs[kind], created[0])
    packed.push({ name, kind, file, bytes: statSync(file).size })
  }
  for (const dir of libraries) {
    // The build above is fresh: the packages' prepack would only find it up to date.
    const name = readJson(join(root, dir, "package.json")).name
    await pack("library", name, "npx", ["-y", pnpm, "pack", "--config.ignore-scripts=true"], join(root, dir))
  }
  const stageDir = options.stageDir ?? join(out, "stage")
  for (const program of programs) {
    const stage = await stageProgram(program, join(stageDir, program.name))
    await pack("program", program.name, "npm", ["pack", "--ignore-scripts"], stage)
  }
  return packed
}

const isMain = process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)
if (isMain) {
  const outDir = process.argv[2]
  if (outDir === undefined) {
    process.stderr.write("usage: node scripts/pack.mjs <directory for the tarballs>\n")
    process.exit(2)
  }
  const packed = await packAll(outDir)
  process.stdout.write(JSON.stringify(packed, null, 2) + "\n")
}
