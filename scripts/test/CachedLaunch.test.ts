/**
 * The launcher of the published `chime-proxy` (scripts/cached-launch.cjs): a CommonJS bundle run through V8's code
 * cache, which the first run writes and the next ones read, in a directory of the user's own only.
 */
import { assert, describe, it } from "@effect/vitest"
import { execFile } from "node:child_process"
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync
} from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { wrapper } from "../pack.mjs"

const launcher = fileURLToPath(new URL("../cached-launch.cjs", import.meta.url))

// A program as the bundle is one (pack.mjs): CommonJS, with require, __filename and module, an import() written as a
// require(), its text wrapped in the function Node wraps a module in. With the argument `late`, it runs a function no
// run without it compiled: V8 compiles that one from the text the launcher read, not from the cache.
const bundleOf = (padding: string) =>
  wrapper.open + [
    "const path = require(\"node:path\")",
    "const late = () => \"late\" + \"ly\"",
    "Promise.resolve().then(() => require(\"node:os\")).then((os) => {",
    "  const argument = process.argv.at(-1)",
    "  process.stdout.write(`${path.basename(__filename)} ${typeof module.exports} ${typeof os.EOL} ${argument}\\n`)",
    "  if (argument === \"late\") process.stdout.write(`${late()} ${String(late)}\\n`)",
    "})",
    padding
  ].join("\n") + wrapper.close

const setUp = (padding = "") => {
  const dir = mkdtempSync(join(tmpdir(), "chime-proxy-cached-launch-"))
  mkdirSync(join(dir, "dist"))
  writeFileSync(join(dir, "dist", "program.bundle.cjs"), bundleOf(padding))
  copyFileSync(launcher, join(dir, "dist", "cached-launch.cjs"))
  writeFileSync(
    join(dir, "dist", "program.cjs"),
    "require(\"./cached-launch.cjs\").launch(\"program.bundle.cjs\", \"program-1\")\n"
  )
  return dir
}

const run = (dir: string, env: Record<string, string> = {}, argument = "argument") =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [join(dir, "dist", "program.cjs"), argument],
      {
        encoding: "utf8",
        timeout: 30_000,
        env: { ...process.env, NODE_COMPILE_CACHE: join(dir, "cache"), CHIME_PROXY_BIN_TRACE: "1", ...env }
      },
      (error, stdout, stderr) =>
        resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : -1, stdout, stderr })
    )
  })

const cacheDir = (dir: string) => join(dir, "cache", `chime-proxy-${process.getuid?.() ?? "user"}`)
const cacheFile = (dir: string) => join(cacheDir(dir), `program-1-${process.versions.v8}.v8`)

const expected = "program.bundle.cjs object string argument\n"

describe("cached-launch.cjs", () => {
  it("runs the bundle as a CommonJS module; the first run writes the cache, the next one reads it", async () => {
    const dir = setUp()
    try {
      const first = await run(dir)
      assert.strictEqual(first.code, 0, first.stderr)
      assert.strictEqual(first.stdout, expected)
      assert.strictEqual(first.stderr, "compile cache: none yet\n")
      assert.isTrue(existsSync(cacheFile(dir)))
      const second = await run(dir)
      assert.strictEqual(second.stdout, expected)
      assert.strictEqual(second.stderr, "compile cache: read\n")
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 60_000)

  it(
    "compiles the text as read, for a bundle over 1 MB too (as the published one is): the cache read over it changes nothing",
    async () => {
      // Node makes a string of over 1 MB outside V8's heap; the launcher reads the cache into the buffer it read the
      // text from, so the string must be a copy.
      const dir = setUp(`/*${"x".repeat(1_200_000)}*/`)
      try {
        assert.strictEqual((await run(dir)).stderr, "compile cache: none yet\n")
        const late = await run(dir, {}, "late")
        assert.strictEqual(late.code, 0, late.stderr)
        assert.strictEqual(late.stderr, "compile cache: read\n")
        assert.strictEqual(late.stdout, "program.bundle.cjs object string late\nlately () => \"late\" + \"ly\"\n")
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    },
    60_000
  )

  it("a cache V8 refuses is compiled past and written again; the caches of other builds go", async () => {
    const dir = setUp()
    try {
      await run(dir)
      const earlierBuild = join(cacheDir(dir), `program-0-${process.versions.v8}.v8`)
      writeFileSync(earlierBuild, "an earlier build's cache")
      writeFileSync(cacheFile(dir), "not a cache")
      const refused = await run(dir)
      assert.strictEqual(refused.stdout, expected)
      assert.strictEqual(refused.stderr, "compile cache: rejected\n")
      assert.isFalse(existsSync(earlierBuild))
      const again = await run(dir)
      assert.strictEqual(again.stderr, "compile cache: read\n")
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 60_000)

  it("NODE_DISABLE_COMPILE_CACHE=1 turns it off; a directory others can write to is not used", async () => {
    const dir = setUp()
    try {
      const disabled = await run(dir, { NODE_DISABLE_COMPILE_CACHE: "1" })
      assert.strictEqual(disabled.stdout, expected)
      assert.strictEqual(disabled.stderr, "compile cache: off\n")
      assert.isFalse(existsSync(join(dir, "cache")))
      if (process.getuid !== undefined) {
        const shared = join(dir, "cache", `chime-proxy-${process.getuid()}`)
        mkdirSync(shared, { recursive: true })
        chmodSync(shared, 0o777)
        const open = await run(dir)
        assert.strictEqual(open.stdout, expected)
        assert.strictEqual(open.stderr, "compile cache: off\n")
        assert.isFalse(existsSync(cacheFile(dir)))
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 60_000)
  it("a link in place of its directory is not followed: nothing is written or removed where it points", async () => {
    const dir = setUp()
    try {
      // A directory of this user's own (as their home would be), with a file a cache sweep would remove.
      const target = join(dir, "home")
      mkdirSync(target)
      writeFileSync(join(target, "keep.v8"), "not a cache")
      mkdirSync(join(dir, "cache"))
      symlinkSync(target, cacheDir(dir))
      const linked = await run(dir)
      assert.strictEqual(linked.stdout, expected)
      assert.strictEqual(linked.stderr, "compile cache: off\n")
      assert.deepStrictEqual(readdirSync(target), ["keep.v8"])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 60_000)
})
