/**
 * 6. Cold start: from spawning the process to the first byte of the first page on stdout, our CLI against a minimal
 * SDK script and against the AWS CLI (when `aws` is on the PATH), each listing one session from a running emulator.
 */
import { spawn, spawnSync } from "node:child_process"
import { join } from "node:path"
import { binFile, programs, stageProgram } from "../../../scripts/pack.mjs"
import { bundle } from "../Build.js"
import { benchDir, rootDir } from "../Child.js"
import type { Context } from "../Context.js"
import { clientEnv, startEmulator } from "../EmulatorProcess.js"
import type { Sample } from "../Harness.js"
import { alternate } from "../Harness.js"
import type { Section } from "../Report.js"
import { figure, ratio, rowsOf } from "../Report.js"

const published = "ours: chime-proxy as published (npm package, scripts/pack.mjs)"
const cli = "ours: chime-proxy CLI (bin, as set up: its esbuild bundle)"
const cliBundled = "ours: chime-proxy CLI, pre-bundled by esbuild"
const sdk = "SDK: minimal script (node_modules)"
const sdkBundled = "SDK: minimal script, pre-bundled by esbuild"
const awsCli = "AWS CLI: aws chime-sdk-voice list-proxy-sessions"

/** Spawns a command and times the first byte on stdout and the exit. */
const timeCommand = (
  command: string,
  args: ReadonlyArray<string>,
  env: Record<string, string> = {}
): Promise<Sample> =>
  new Promise((resolve, reject) => {
    const start = process.hrtime.bigint()
    let firstByte: bigint | undefined
    let stdout = ""
    let stderr = ""
    const child = spawn(command, args, { cwd: rootDir, env: { ...clientEnv(), ...env } })
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      firstByte ??= process.hrtime.bigint()
      stdout += chunk
    })
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk))
    child.on("error", reject)
    child.on("close", (code) => {
      const end = process.hrtime.bigint()
      if (code !== 0 || firstByte === undefined || !stdout.includes("ProxySessionId")) {
        reject(new Error(`${command} ${args.join(" ")} exited with ${code}:\n${stderr.slice(-2000)}${stdout}`))
        return
      }
      resolve({
        firstByteMillis: Number(firstByte - start) / 1e6,
        exitMillis: Number(end - start) / 1e6
      })
    })
  })

const awsOnPath = (): boolean => spawnSync("aws", ["--version"], { stdio: "ignore" }).status === 0

export const run = async (context: Context): Promise<Section> => {
  const { settings } = context
  const build = join(context.outDir, "build")
  const cliBundle = join(build, "chime-proxy-cli.mjs")
  const sdkBundle = join(build, "sdk-one-page.mjs")
  await bundle(join(rootDir, "apps/cli/src/main.ts"), cliBundle, { minify: false })
  await bundle(join(benchDir, "src/bundle/Sdk.ts"), sdkBundle, { minify: false })
  const program = programs.find((candidate) => candidate.name === "chime-proxy")!
  const stage = await stageProgram(program, join(build, "published"))
  // Its compile cache in a directory of this run's: the warm-up run writes it, as a user's first run would.
  const publishedEnv = { NODE_COMPILE_CACHE: join(build, "compile-cache") }
  const hasAws = awsOnPath()
  const emulator = await startEmulator(context.outDir, { sessions: 100, auth: true })
  try {
    const { endpoint, voiceConnectorId } = emulator.info
    const cliArgs = [
      "list",
      "--endpoint-url",
      endpoint,
      "--region",
      "us-east-1",
      "--voice-connector-id",
      voiceConnectorId,
      "--max-items",
      "1",
      "--output",
      "json"
    ]
    const contenders = [
      {
        name: published,
        run: () =>
          timeCommand(process.execPath, [join(stage, binFile(program, "chime-proxy")), ...cliArgs], publishedEnv)
      },
      {
        name: cli,
        run: () => timeCommand(process.execPath, [join(rootDir, "apps/cli/bin/chime-proxy.mjs"), ...cliArgs])
      },
      { name: cliBundled, run: () => timeCommand(process.execPath, [cliBundle, ...cliArgs]) },
      {
        name: sdk,
        run: () =>
          timeCommand(process.execPath, [join(benchDir, "src/coldstart/sdk-one-page.mjs"), endpoint, voiceConnectorId])
      },
      { name: sdkBundled, run: () => timeCommand(process.execPath, [sdkBundle, endpoint, voiceConnectorId]) },
      ...(hasAws
        ? [{
          name: awsCli,
          run: () =>
            timeCommand("aws", [
              "chime-sdk-voice",
              "list-proxy-sessions",
              "--endpoint-url",
              endpoint,
              "--region",
              "us-east-1",
              "--voice-connector-id",
              voiceConnectorId,
              // AWS CLI v1 has no paginator for this operation, hence no --max-items.
              "--max-results",
              "1",
              "--output",
              "json"
            ])
        }]
        : [])
    ]
    const measured = await alternate(contenders, { warmup: settings.quick ? 0 : 1, rounds: settings.coldStartRuns })
    const rows = rowsOf(measured)
    const base = figure(rows, sdk, "firstByteMillis")
    return {
      id: "coldStart",
      title: "Cold start",
      method:
        `A fresh process per run, from spawn to the first byte of the page on stdout (and to exit), listing one session from the emulator on 127.0.0.1. Every contender runs ${settings.coldStartRuns} time(s) after a warm-up run that fills the OS's file cache; they take turns.`,
      columns: [
        { key: "firstByteMillis", label: "ms to first byte", digits: 0 },
        { key: "exitMillis", label: "ms to exit", digits: 0 }
      ],
      rows,
      ratios: [
        ratio("first byte: CLI / SDK script", figure(rows, published, "firstByteMillis") / base, {
          comparison: "atMost",
          value: 1,
          text: "≤ 1 (no slower)"
        }),
        ratio("exit: CLI / SDK script", figure(rows, published, "exitMillis") / figure(rows, sdk, "exitMillis"), {
          comparison: "atMost",
          value: 1,
          text: "≤ 1 (no slower)"
        }),
        ratio("first byte: the bin as set up / SDK script", figure(rows, cli, "firstByteMillis") / base),
        ratio("first byte: pre-bundled CLI / SDK script", figure(rows, cliBundled, "firstByteMillis") / base),
        ...(hasAws ? [ratio("first byte: AWS CLI / SDK script", figure(rows, awsCli, "firstByteMillis") / base)] : [])
      ],
      notes: [
        "The CLI as published is what `npm install chime-proxy` installs: one CommonJS bundle that its bin runs " +
        "through V8's code cache (scripts/cached-launch.cjs), which the warm-up run writes, as a user's first run " +
        "would; the targets are measured on it.",
        "The CLI's bin runs the esbuild bundle that set-up builds (apps/cli/dist), checked against the sources on " +
        "every start; the pre-bundled row is one single-file bundle of the same program, run directly, as a " +
        "published package would ship it.",
        ...(hasAws ? [] : ["`aws` is not on the PATH here, so the AWS CLI row is missing."])
      ]
    }
  } finally {
    await emulator.stop()
  }
}
