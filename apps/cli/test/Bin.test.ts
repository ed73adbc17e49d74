import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync
} from "node:fs"
import { createRequire } from "node:module"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { build, programs } from "../../../scripts/build-bins.mjs"
import type { Manifest } from "../../../scripts/launch.mjs"
import { freshness, manifestName } from "../../../scripts/launch.mjs"
import { cli, root, runBin } from "./run.js"

const tempDir = Effect.acquireRelease(
  Effect.sync(() => mkdtempSync(join(tmpdir(), "chime-proxy-bin-"))),
  (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
)

const write = (file: string, contents: string) => {
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, contents)
}

const greeter = (greeting: string) => `export const greet = (name: string): string => \`${greeting}, \${name}\`\n`

// A workspace of one app and one package, with the real bin of the CLI (renamed) and the real launcher: what the
// launcher decides can be watched by editing its sources, without touching the repository's.
const fakeWorkspace = (dir: string) => {
  write(join(dir, "pnpm-lock.yaml"), "lockfileVersion: '9.0'\n")
  write(join(dir, "packages/greet/package.json"), "{ \"name\": \"greet\", \"type\": \"module\" }\n")
  write(join(dir, "packages/greet/src/index.ts"), greeter("hello"))
  write(join(dir, "apps/hello/package.json"), "{ \"name\": \"hello\", \"type\": \"module\" }\n")
  write(
    join(dir, "apps/hello/src/main.ts"),
    "import { greet } from \"../../../packages/greet/src/index.js\"\n\nprocess.stdout.write(`${greet(\"you\")}\\n`)\n"
  )
  const bin = readFileSync(join(root, "apps/cli/bin/chime-proxy.mjs"), "utf8").replaceAll(
    "\"chime-proxy\"",
    "\"hello\""
  )
  write(join(dir, "apps/hello/bin/hello.mjs"), bin)
  cpSync(join(root, "scripts/launch.mjs"), join(dir, "scripts/launch.mjs"))
  // The bin imports tsx as the app's dependency.
  const tsx = dirname(createRequire(join(root, "apps/cli/package.json")).resolve("tsx/package.json"))
  mkdirSync(join(dir, "node_modules"), { recursive: true })
  symlinkSync(tsx, join(dir, "node_modules/tsx"), "dir")
  return { name: "hello", app: "apps/hello" }
}

const trace = { CHIME_PROXY_BIN_TRACE: "1" }

describe("the bins run a bundle only while it is up to date", () => {
  it.scoped("a fresh bundle runs; an edited source runs through tsx until the next build; a touch is no edit", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      const program = fakeWorkspace(dir)
      const dist = join(dir, "apps/hello/dist")
      const bin = join(dir, "apps/hello/bin/hello.mjs")
      const first = yield* Effect.promise(() => build(program, { root: dir }))
      assert.deepStrictEqual(first.inputs.map((input) => input[0]), [
        "apps/hello/package.json",
        "apps/hello/src/main.ts",
        "packages/greet/package.json",
        "packages/greet/src/index.ts",
        "pnpm-lock.yaml"
      ])
      const entry = join(dist, first.entry)
      assert.deepStrictEqual(yield* Effect.promise(() => freshness(dist, dir)), { entry })

      const bundled = yield* runBin(bin, [], trace)
      assert.strictEqual(bundled.code, 0, bundled.stderr)
      assert.strictEqual(bundled.stdout, "hello, you\n")
      assert.strictEqual(bundled.stderr, `hello: running the bundle ${entry}\n`)

      // Touched, not changed (a checkout, an editor saving): the content's hash still matches.
      const source = join(dir, "packages/greet/src/index.ts")
      const later = new Date(statSync(source).mtimeMs + 60_000)
      utimesSync(source, later, later)
      assert.deepStrictEqual(yield* Effect.promise(() => freshness(dist, dir)), { entry })

      // Edited, even to the same size and back in time: the sources run, never the old bundle.
      writeFileSync(source, greeter("howdy"))
      utimesSync(source, new Date(0), new Date(0))
      const edited = yield* runBin(bin, [], trace)
      assert.strictEqual(edited.code, 0, edited.stderr)
      assert.strictEqual(edited.stdout, "howdy, you\n")
      assert.strictEqual(
        edited.stderr,
        "hello: running the sources through tsx: packages/greet/src/index.ts changed since the bundle was built\n"
      )

      // The next build is fresh again; the build before it stays for a program still running from it.
      const second = yield* Effect.promise(() => build(program, { root: dir }))
      assert.notStrictEqual(second.entry, first.entry)
      const rebuilt = yield* runBin(bin, [], trace)
      assert.strictEqual(rebuilt.stdout, "howdy, you\n")
      assert.strictEqual(rebuilt.stderr, `hello: running the bundle ${join(dist, second.entry)}\n`)
      const third = yield* Effect.promise(() => build(program, { root: dir }))
      assert.strictEqual(third.entry, second.entry, "the same sources give the same build")
      writeFileSync(source, greeter("hi"))
      yield* Effect.promise(() => build(program, { root: dir }))
      assert.deepStrictEqual(
        readdirSync(dist).filter((name) => name !== manifestName).length,
        2,
        "the current build and the one before"
      )

      // A new dependency (the lockfile), a file gone, no manifest, a manifest of another format: all stale.
      write(join(dir, "pnpm-lock.yaml"), "lockfileVersion: '9.0'\n# changed\n")
      assert.include((yield* Effect.promise(() => freshness(dist, dir))).reason, "pnpm-lock.yaml changed")
      yield* Effect.promise(() => build(program, { root: dir }))
      const manifestOfApp = readFileSync(join(dir, "apps/hello/package.json"))
      rmSync(join(dir, "apps/hello/package.json"))
      assert.include((yield* Effect.promise(() => freshness(dist, dir))).reason, "apps/hello/package.json is gone")
      writeFileSync(join(dir, "apps/hello/package.json"), manifestOfApp)
      write(join(dist, manifestName), "{ \"version\": 0 }")
      assert.include((yield* Effect.promise(() => freshness(dist, dir))).reason, "not one this launcher reads")
      rmSync(join(dist, manifestName))
      assert.include((yield* Effect.promise(() => freshness(dist, dir))).reason, "no bundle")
      const off = yield* runBin(bin, [], { ...trace, CHIME_PROXY_NO_BUNDLE: "1" })
      assert.strictEqual(off.stdout, "hi, you\n")
      assert.include(off.stderr, "CHIME_PROXY_NO_BUNDLE=1")
    }))

  it.scoped("the bundled CLI prints byte for byte what the sources print", () =>
    Effect.gen(function*() {
      const dist = yield* tempDir
      const cliProgram = programs.find((program) => program.name === "chime-proxy")!
      const manifest: Manifest = yield* Effect.promise(() => build(cliProgram, { distDir: dist }))
      // Both backends are in the bundle (as chunks loaded on demand): editing either makes it stale.
      assert.isTrue(manifest.inputs.some(([path]) => path === "packages/simulator/src/index.ts"))
      assert.isTrue(manifest.inputs.some(([path]) => path === "packages/aws/src/index.ts"))
      const args = ["list", "--simulate", "--output", "json", "--page-size", "9"]
      const [bundled, sources] = yield* Effect.all([
        cli(args, { ...trace, CHIME_PROXY_BUNDLE_DIR: dist }),
        cli(args, { ...trace, CHIME_PROXY_NO_BUNDLE: "1" })
      ], { concurrency: 2 })
      assert.strictEqual(bundled.code, 0, bundled.stderr)
      assert.strictEqual(sources.code, 0, sources.stderr)
      assert.strictEqual(bundled.stderr, `chime-proxy: running the bundle ${join(dist, manifest.entry)}\n`)
      assert.strictEqual(sources.stderr, "chime-proxy: running the sources through tsx: CHIME_PROXY_NO_BUNDLE=1\n")
      assert.strictEqual(JSON.parse(bundled.stdout).ProxySessions.length, 75)
      assert.strictEqual(bundled.stdout, sources.stdout)
    }))
})
