// How the published `chime-proxy` starts: its bundle is one CommonJS file, compiled with V8's code cache. Most of a
// short command's time is compiling code: the bundle's top level, then each function the first time it runs. The
// first run writes, when it ends, the code V8 compiled for it (every function that ran, not only the top level, which
// is what Node's own module compile cache keeps); the next runs read it instead of compiling. V8 checks that a cache
// fits the source, the V8 version and its flags, and compiles as usual when it does not; the cache is named after the
// bundle's content, so that another build never reads it.
//
// The cache lives in a directory of this user's only, under NODE_COMPILE_CACHE or the system's temporary directory:
// it is code this process runs. NODE_DISABLE_COMPILE_CACHE=1 (Node's own switch) turns it off;
// CHIME_PROXY_BIN_TRACE=1 says on stderr whether a cache was read.
//
// pack.mjs copies this file next to the bundle, as dist/cached-launch.cjs; each bin is two lines that call launch().
// CommonJS, and so are the bins: an ES module entry point costs every start Node's ES module loader (about 5 ms), and
// so would node:module's createRequire. It requires nothing but Node's modules: it runs before anything else.
"use strict"
const {
  closeSync,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  rmSync,
  writeFileSync
} = require("node:fs")
const { tmpdir } = require("node:os")
const { join } = require("node:path")
const vm = require("node:vm")

/** The directory of the cache, or undefined when there is none to use. */
const cacheDirectory = (env = process.env) => {
  if (env.NODE_DISABLE_COMPILE_CACHE) return undefined
  const dir = join(env.NODE_COMPILE_CACHE || tmpdir(), `chime-proxy-${process.getuid?.() ?? "user"}`)
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 })
    // Not followed: a link planted in a shared temporary directory could point this process at a directory of its
    // user's own (their home) and have it write, and remove, cache files there.
    const stats = lstatSync(dir)
    // Another user's directory, or one others can write to, could hold code planted for this process to run.
    if (!stats.isDirectory()) return undefined
    if (process.getuid !== undefined && (stats.uid !== process.getuid() || (stats.mode & 0o022) !== 0)) return undefined
    return dir
  } catch {
    return undefined
  }
}

const openFile = (file) => {
  const fd = openSync(file, "r")
  return { fd, size: fstatSync(fd).size }
}

// The cache, when there is one to read.
const openCache = (file) => {
  if (file === undefined) return undefined
  try {
    return openFile(file)
  } catch {
    return undefined
  }
}

// The first `size` bytes of `buffer`, read from the file; the file is closed.
const readInto = (file, buffer) => {
  try {
    let read = 0
    while (read < file.size) {
      const n = readSync(file.fd, buffer, read, file.size - read, read)
      if (n === 0) break
      read += n
    }
    return buffer.subarray(0, read)
  } finally {
    closeSync(file.fd)
  }
}

// Written whole or not at all: a run started meanwhile reads the previous file, or none. The caches of other builds
// (an earlier version of the program) go: each is as large as the bundle.
const writeCache = (dir, id, name, data) => {
  try {
    const temporary = join(dir, `${name}.${process.pid}.tmp`)
    writeFileSync(temporary, data, { mode: 0o600 })
    renameSync(temporary, join(dir, name))
    for (const other of readdirSync(dir)) {
      if (other.endsWith(".v8") && !other.startsWith(`${id}-`)) rmSync(join(dir, other), { force: true })
    }
  } catch {
    // A cache that cannot be written costs the next run its compile time, nothing else.
  }
}

/**
 * Runs the CommonJS bundle `bundle`, a file next to this one, as Node runs a CommonJS module, through V8's code cache.
 * The file's text is the function Node wraps a module in, `(function (exports, require, module, __filename, __dirname)
 * {…\n})`, in ASCII. `id` names the bundle's build (a hash of its content).
 */
const launch = (bundle, id) => {
  const filename = join(__dirname, bundle)
  const dir = cacheDirectory()
  // V8 refuses a cache of another V8: named after its version too, so that two versions of Node do not take turns.
  const name = `${id}-${process.versions.v8}.v8`
  const cacheFile = dir === undefined ? undefined : join(dir, name)
  const source = openFile(filename)
  const cache = openCache(cacheFile)
  // One buffer for both files: the source is copied out of it into a string, then the cache is read over it. Memory a
  // process touches for the first time costs it a page fault per 4 KiB, which is much of what reading 2 MB costs.
  const buffer = Buffer.allocUnsafe(Math.max(source.size, cache?.size ?? 0))
  // The bundle is ASCII (esbuild's charset), and latin1 is read without decoding: UTF-8 would cost as much again.
  const text = readInto(source, buffer).toString("latin1")
  const cachedData = cache === undefined ? undefined : readInto(cache, buffer)
  const script = new vm.Script(
    // The text is already the function Node wraps a CommonJS module in (pack.mjs): compiled as read, not copied.
    text,
    // No import() callback: V8 loses it when it compiles a script from a code cache. The bundle has none (esbuild
    // writes them as require() calls).
    { filename, cachedData }
  )
  if (process.env.CHIME_PROXY_BIN_TRACE === "1") {
    const state = cacheFile === undefined
      ? "off"
      : cachedData === undefined
      ? "none yet"
      : script.cachedDataRejected === true
      ? "rejected"
      : "read"
    process.stderr.write(`compile cache: ${state}\n`)
  }
  if (cacheFile !== undefined && (cachedData === undefined || script.cachedDataRejected === true)) {
    // At the end of the run, the cache holds every function compiled during it.
    process.once("exit", () => writeCache(dir, id, name, script.createCachedData()))
  }
  const module = { exports: {}, filename, id: filename, loaded: false }
  // This file's require resolves as the bundle's own would: they are in the same directory.
  script.runInThisContext()(module.exports, require, module, filename, __dirname)
}

module.exports = { launch }
