/**
 * The packages as a user gets them: everything that would be published is built and packed (scripts/pack.mjs),
 * checked by publint and @arethetypeswrong/cli, and installed with npm into a project outside the workspace
 * (scripts/consumer), which type-checks under the strictest settings, runs with plain node against the simulator and,
 * through the live layer, against the packed emulator program, and runs the contract suite with vitest; then again
 * with the lowest versions of the declared peer ranges, and under Node 24.
 */
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { type ChildProcess, execFile, spawn } from "node:child_process"
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs"
import { rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { packAll, type Packed, root, wrapper } from "../pack.mjs"

interface Result {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
  readonly millis: number
}

const minutes = (n: number) => n * 60_000

/** Runs a command to its end (killed after `timeout`); fails with its output unless it exits 0. */
const run = (
  command: string,
  args: ReadonlyArray<string>,
  options: { readonly cwd: string; readonly timeout?: number; readonly env?: NodeJS.ProcessEnv }
): Promise<Result> =>
  new Promise((resolve, reject) => {
    const started = Date.now()
    execFile(
      command,
      args,
      {
        cwd: options.cwd,
        encoding: "utf8",
        timeout: options.timeout ?? minutes(2),
        killSignal: "SIGKILL",
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, ...environment, ...options.env }
      },
      (error, stdout, stderr) => {
        const millis = Date.now() - started
        if (error === null) return resolve({ code: 0, stdout, stderr, millis })
        reject(
          new Error(`${command} ${args.join(" ")} failed (${String(error.code ?? error.signal)}) in ${options.cwd}:
${stdout}
${stderr}`)
        )
      }
    )
  })

// The children never reach AWS: static credentials, no instance metadata, no config files of the machine, and npm
// neither audits nor nags.
const credentials = { accessKeyId: "AKIDCONSUMERTEST", secretAccessKey: "consumer-test-secret-not-a-real-one" }
const environment: NodeJS.ProcessEnv = {
  AWS_EC2_METADATA_DISABLED: "true",
  AWS_ACCESS_KEY_ID: credentials.accessKeyId,
  AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
  AWS_REGION: "us-east-1",
  AWS_CONFIG_FILE: "/dev/null",
  AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
  npm_config_update_notifier: "false",
  npm_config_fund: "false",
  npm_config_audit: "false",
  NODE_OPTIONS: "",
  NO_COLOR: "1",
  FORCE_COLOR: "0"
}

const readJson = (file: string) => JSON.parse(readFileSync(file, "utf8"))

const manifest = (dir: string) => readJson(join(root, dir, "package.json"))

const peers: Record<string, string> = {
  ...manifest("packages/aws").peerDependencies,
  ...manifest("packages/simulator").peerDependencies
}

const peer = (name: string): string => {
  const range = peers[name]
  if (range === undefined) throw new Error(`no peer range for ${name}`)
  return range
}

/** The lowest version a declared range admits: the range is a union of caret ranges, lowest first. */
const lowest = (range: string): string => {
  const match = /^\^(\d+\.\d+\.\d+)/.exec(range.trim())
  if (match?.[1] === undefined) throw new Error(`not a caret range, lowest first: ${range}`)
  return match[1]
}

const npm = (cwd: string, args: ReadonlyArray<string>, timeout = minutes(5)) =>
  run("npm", [...args, "--no-audit", "--no-fund", "--loglevel=error"], { cwd, timeout })

let work = ""
let packed: Array<Packed> = []
/** The installs, started as soon as the tarballs exist, so that they overlap each other and the tarball checks. */
let installs: Record<"highest" | "lowest" | "node24", Promise<string>> | undefined
const installation = (which: "highest" | "lowest" | "node24"): Promise<string> => {
  if (installs === undefined) throw new Error("nothing was packed")
  return installs[which]
}
const servers: Array<ChildProcess> = []
const timings: Record<string, number> = {}

const tarball = (name: string): string => {
  const found = packed.find((entry) => entry.name === name)
  if (found === undefined) throw new Error(`${name} was not packed`)
  return `file:${found.file}`
}

/** Writes the consumer project into `dir` with these versions of the peers (ranges or exact versions). */
const project = (dir: string, versions: Record<string, string>) => {
  cpSync(join(root, "scripts", "consumer"), dir, { recursive: true })
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify(
      {
        name: "chime-proxy-consumer",
        private: true,
        type: "module",
        dependencies: {
          "@chime-proxy/aws": tarball("@chime-proxy/aws"),
          "@chime-proxy/core": tarball("@chime-proxy/core"),
          "@chime-proxy/emulator": tarball("@chime-proxy/emulator"),
          "@chime-proxy/simulator": tarball("@chime-proxy/simulator"),
          "chime-proxy": tarball("chime-proxy"),
          "chime-proxy-emulator": tarball("chime-proxy-emulator"),
          effect: versions.effect,
          "@effect/platform": versions["@effect/platform"],
          "@effect/platform-node": versions["@effect/platform-node"]
        },
        devDependencies: {
          "@effect/vitest": versions["@effect/vitest"],
          "@types/node": "20.19.43",
          typescript: "5.9.3",
          vitest: versions.vitest
        }
      },
      null,
      2
    ) + "\n"
  )
  writeFileSync(
    join(dir, "vitest.config.mjs"),
    "export default { test: { include: [\"test/**/*.test.ts\"], testTimeout: 60000 } }\n"
  )
  return dir
}

const installed = (dir: string, name: string): string =>
  readJson(join(dir, "node_modules", name, "package.json")).version

/** Starts the packed emulator program on 127.0.0.1; resolves with its URL and the id of its voice connector. */
const startEmulator = (dir: string, nodeBinary: string) =>
  new Promise<{ readonly url: string; readonly voiceConnectorId: string }>((resolve, reject) => {
    const child = spawn(nodeBinary, [
      join(dir, "node_modules", "chime-proxy-emulator", "dist", "chime-proxy-emulator.mjs"),
      "--host",
      "127.0.0.1",
      "--port",
      "0",
      "--connectors",
      "1",
      "--sessions-per-connector",
      "30",
      "--access-key-id",
      credentials.accessKeyId,
      "--secret-access-key",
      credentials.secretAccessKey
    ], { cwd: dir, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...environment } })
    servers.push(child)
    let stdout = ""
    let stderr = ""
    const timer = setTimeout(() => reject(new Error(`the emulator did not start: ${stdout}${stderr}`)), 30_000)
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk))
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)\n(\S+)\n/.exec(stdout)
      if (match?.[1] !== undefined && match[2] !== undefined) {
        clearTimeout(timer)
        resolve({ url: match[1], voiceConnectorId: match[2] })
      }
    })
    child.on("exit", (code) => {
      clearTimeout(timer)
      reject(new Error(`the emulator exited (${code}): ${stdout}${stderr}`))
    })
  })

const stopEmulators = () => {
  for (const child of servers.splice(0)) child.kill("SIGTERM")
}

/** Compiles the consumer project with tsc (the strict settings of its tsconfig.json). */
const compile = (dir: string) =>
  run(process.execPath, [join(dir, "node_modules", "typescript", "bin", "tsc"), "-p", "."], { cwd: dir })

/** Runs the compiled consumer program with `nodeBinary`: a listing from the simulator, one from the emulator. */
const runListings = async (dir: string, nodeBinary: string) => {
  const simulated = JSON.parse((await run(nodeBinary, ["out/src/main.js", "simulator"], { cwd: dir })).stdout)
  assert.deepStrictEqual({ source: simulated.source, sessions: simulated.sessions }, {
    source: "simulator",
    sessions: 2
  })
  const emulator = await startEmulator(dir, nodeBinary)
  try {
    const live = JSON.parse(
      (await run(nodeBinary, ["out/src/main.js", "live", emulator.url, emulator.voiceConnectorId], { cwd: dir }))
        .stdout
    )
    assert.deepStrictEqual({ source: live.source, sessions: live.sessions }, { source: "live", sessions: 30 })
    return { simulated, live, emulator }
  } finally {
    stopEmulators()
  }
}

describe("the published packages, installed from their tarballs into a project outside the workspace", () => {
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "chime-proxy-consumer-"))
    const started = Date.now()
    packed = await packAll(join(work, "tarballs"))
    timings.pack = Date.now() - started
    const install = async (name: "install" | "installLowest", dir: string) => {
      timings[name] = (await npm(dir, ["install"])).millis
      return dir
    }
    const highest = project(join(work, "highest"), {
      effect: peer("effect"),
      "@effect/platform": peer("@effect/platform"),
      "@effect/platform-node": peer("@effect/platform-node"),
      "@effect/vitest": peer("@effect/vitest"),
      vitest: peer("vitest")
    })
    const lowestVersions = project(join(work, "lowest"), {
      effect: lowest(peer("effect")),
      "@effect/platform": lowest(peer("@effect/platform")),
      "@effect/platform-node": lowest(peer("@effect/platform-node")),
      "@effect/vitest": lowest(peer("@effect/vitest")),
      vitest: lowest(peer("vitest"))
    })
    // Node 24 comes from the registry as a package whose bin/node runs here; in a project of its own, so that its
    // `node` bin does not shadow the one the consumer's tools run on.
    const node24 = join(work, "node24")
    const nodePackage = `node-${process.platform}-${process.arch}`
    mkdirSync(node24)
    writeFileSync(join(node24, "package.json"), "{ \"private\": true }\n")
    installs = {
      highest: install("install", highest),
      // Concurrently: one after the other, their network waits would add up. npm's cache takes concurrent installs.
      lowest: install("installLowest", lowestVersions),
      node24: npm(node24, ["install", `${nodePackage}@24`]).then(() =>
        join(node24, "node_modules", nodePackage, "bin", "node")
      )
    }
    // A failed install fails the tests that wait for it; it must not also go unhandled while they are not yet there.
    for (const promise of Object.values(installs)) promise.catch(() => {})
  }, minutes(5))

  afterAll(async () => {
    stopEmulators()
    process.stderr.write(
      `consumer test: ${
        JSON.stringify({
          timings,
          tarballs: Object.fromEntries(packed.map((entry) => [entry.name, entry.bytes]))
        })
      }\n`
    )
    // Three installs of node_modules take a while to delete on a loaded machine: asynchronously, with time to do it.
    if (work !== "") await rm(work, { recursive: true, force: true })
  }, minutes(5))

  it("ship what they should, and publint and @arethetypeswrong/cli find no error in them", async () => {
    assert.deepStrictEqual(packed.map((entry) => entry.name), [
      "@chime-proxy/core",
      "@chime-proxy/simulator",
      "@chime-proxy/emulator",
      "@chime-proxy/aws",
      "chime-proxy",
      "chime-proxy-emulator"
    ])
    for (const entry of packed) {
      const listing = (await run("tar", ["-tzf", entry.file], { cwd: work })).stdout.split("\n").filter((line) =>
        line !== ""
      )
      const files = listing.map((line) => line.replace(/^package\//, ""))
      assert.include(files, "LICENSE", entry.name)
      assert.include(files, "README.md", entry.name)
      assert.include(files, "CHANGELOG.md", entry.name)
      const stray = files.filter((file) => /(^|\/)(test|build)\/|tsconfig|\.tsbuildinfo$|\.test\./.test(file))
      assert.deepStrictEqual(stray, [], `${entry.name} ships no tests, builds or tsconfig`)
      const packedManifest = JSON.parse(
        (await run("tar", ["-xzOf", entry.file, "package/package.json"], { cwd: work })).stdout
      )
      assert.notInclude(JSON.stringify(packedManifest), "workspace:", entry.name)
      for (const field of ["version", "repository", "keywords", "engines", "license", "files"]) {
        assert.isDefined(packedManifest[field], `${entry.name} has ${field}`)
      }
      if (entry.kind === "library") {
        assert.include(files, "dist/index.js")
        assert.include(files, "dist/index.d.ts")
        assert.include(files, "dist/index.d.ts.map")
        assert.include(files, "dist/index.js.map")
        assert.include(files, "src/index.ts")
        assert.strictEqual(packedManifest.sideEffects, false)
        for (const name of ["effect", "@effect/platform", "@effect/platform-node", "vitest", "@effect/vitest"]) {
          assert.notProperty(packedManifest.dependencies ?? {}, name, `${entry.name}: ${name} is a peer`)
        }
      }
      if (entry.name === "@chime-proxy/simulator") {
        // The test runner is for the ./Contract entry alone: optional peers, and no other module imports it.
        const meta = packedManifest.peerDependenciesMeta
        assert.deepStrictEqual([meta?.vitest?.optional, meta?.["@effect/vitest"]?.optional], [true, true])
        const unpacked = join(work, "unpacked-simulator")
        mkdirSync(unpacked)
        await run("tar", ["-xzf", entry.file, "-C", unpacked], { cwd: work })
        const dist = join(unpacked, "package", "dist")
        const importers = readdirSync(dist, { recursive: true, encoding: "utf8" })
          .filter((file) => file.endsWith(".js"))
          .filter((file) => /from "(?:@effect\/)?vitest"/.test(readFileSync(join(dist, file), "utf8")))
        assert.deepStrictEqual(importers, ["Contract.js"], "only the ./Contract entry imports the test runner")
      }
      if (entry.kind === "program") {
        assert.deepStrictEqual(packedManifest.dependencies, undefined, `${entry.name} is bundled`)
        assert.deepStrictEqual(
          packedManifest.exports,
          { "./package.json": "./package.json" },
          `${entry.name} is a program`
        )
      }
      if (entry.name === "chime-proxy") {
        // Its launcher compiles the bundle's text as it is, read as latin1 (scripts/cached-launch.cjs): the function
        // Node wraps a module in, and ASCII, or strings with other characters would be read wrong.
        const text =
          (await run("tar", ["-xzOf", entry.file, "package/dist/chime-proxy.bundle.cjs"], { cwd: work })).stdout
        assert.isTrue(text.startsWith(wrapper.open), "the bundle opens the module's function")
        assert.isTrue(text.trimEnd().endsWith(wrapper.close), "the bundle closes the module's function")
        assert.isFalse(/[\u0080-\uffff]/.test(text), "the bundle is ASCII")
      }
      await run(join(root, "node_modules", ".bin", "publint"), ["run", entry.file, "--strict"], { cwd: work })
      // ESM only: the CommonJS resolutions (node10, node16 from CJS) are out of scope (docs/releasing.md).
      const attw = await run(
        join(root, "node_modules", ".bin", "attw"),
        [entry.file, "--profile", "esm-only", "--format", "json"],
        { cwd: work }
      )
      const report = JSON.parse(attw.stdout)
      if (entry.kind === "library") {
        const problems = (report.analysis?.problems ?? []) as Array<{ kind: string; resolutionKind?: string }>
        const counted = problems.filter((problem) =>
          problem.resolutionKind !== "node10" && problem.resolutionKind !== "node16-cjs"
        )
        assert.deepStrictEqual(counted, [], `attw on ${entry.name}`)
      }
    }
  }, minutes(3))

  describe("with the highest versions of the peer ranges", () => {
    let dir = ""
    let nodeBinary24 = ""

    beforeAll(async () => {
      dir = await installation("highest")
      nodeBinary24 = await installation("node24")
    }, minutes(10))

    it(
      "type-check strictly and list from the simulator and, through the live layer, the emulator program",
      async () => {
        assert.strictEqual(installed(dir, "effect").split(".")[0], "3")
        await compile(dir)
        await runListings(dir, process.execPath)
      },
      minutes(3)
    )

    it("run the programs with npx: chime-proxy lists from chime-proxy-emulator, and audits", async () => {
      const emulator = await startEmulator(dir, process.execPath)
      try {
        const listed = await run("npx", [
          "--no",
          "--",
          "chime-proxy",
          "list",
          "--voice-connector-id",
          emulator.voiceConnectorId,
          "--endpoint-url",
          emulator.url,
          "--output",
          "json"
        ], { cwd: dir })
        assert.strictEqual(JSON.parse(listed.stdout).ProxySessions.length, 30)
        // The programs say the version of the package they came in.
        const version = readJson(join(dir, "node_modules", "chime-proxy", "package.json")).version
        assert.strictEqual(
          (await run("npx", ["--no", "--", "chime-proxy", "--version"], { cwd: dir })).stdout.trim(),
          version
        )
        const emulatorVersion = await run("npx", ["--no", "--", "chime-proxy-emulator", "--version"], { cwd: dir })
        assert.strictEqual(emulatorVersion.stdout.trim(), version)
        const simulated = await run("npx", ["--no", "--", "chime-proxy", "list", "--simulate", "--output", "ndjson"], {
          cwd: dir
        })
        assert.isAbove(simulated.stdout.trim().split("\n").length, 0)
        // The audit, as a subcommand and under its alias bin: the same report.
        const audit = await run("npx", ["--no", "--", "chime-proxy", "audit", "--simulate", "--all"], { cwd: dir })
        const alias = await run("npx", ["--no", "--", "chime-proxy-audit", "--simulate", "--all"], { cwd: dir })
        assert.isAbove(audit.stdout.length, 0)
        assert.strictEqual(alias.stdout, audit.stdout)
      } finally {
        stopEmulators()
      }
    }, minutes(2))

    it("run the contract suite from @chime-proxy/simulator/Contract with vitest", async () => {
      const result = await run(process.execPath, [join(dir, "node_modules", "vitest", "vitest.mjs"), "run"], {
        cwd: dir,
        timeout: minutes(3)
      })
      // Every test passed: none failed, none skipped.
      assert.match(result.stdout, /Tests\s+\d+ passed \(\d+\)/)
    }, minutes(4))

    it("run under Node 24", async () => {
      const version = (await run(nodeBinary24, ["--version"], { cwd: dir })).stdout.trim()
      assert.match(version, /^v24\./)
      // The program compiled for Node 20 (target ES2022) runs unchanged.
      const { live, simulated } = await runListings(dir, nodeBinary24)
      assert.strictEqual(simulated.node, version)
      assert.strictEqual(live.node, version)
    }, minutes(3))
  })

  describe("with the lowest versions of the peer ranges", () => {
    let dir = ""

    beforeAll(async () => {
      dir = await installation("lowest")
    }, minutes(10))

    it("type-check strictly, list from both, and run the contract suite", async () => {
      assert.strictEqual(installed(dir, "effect"), lowest(peer("effect")))
      assert.strictEqual(installed(dir, "@effect/platform"), lowest(peer("@effect/platform")))
      assert.strictEqual(installed(dir, "@effect/platform-node"), lowest(peer("@effect/platform-node")))
      await compile(dir)
      await runListings(dir, process.execPath)
      const result = await run(process.execPath, [join(dir, "node_modules", "vitest", "vitest.mjs"), "run"], {
        cwd: dir,
        timeout: minutes(3)
      })
      assert.match(result.stdout, /Tests\s+\d+ passed \(\d+\)/)
    }, minutes(6))
  })
})
