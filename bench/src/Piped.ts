/**
 * Runs a whole program as a user does, with its stdout going to a pipe that the bench drains as fast as it comes
 * (never to a file, whose disk would be part of the measure): the wall time from spawn to exit, the lines it wrote,
 * and, through a preloaded probe, the CPU time and the peak resident set of its process.
 */
import { spawn } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { benchDir, rootDir } from "./Child.js"

/** What one run of a program measured. */
export interface PipedRun {
  readonly wallMillis: number
  readonly cpuMillis: number
  readonly maxRssMiB: number
  /** The newline-terminated lines written to stdout. */
  readonly lines: number
  /** With `keep`: everything written to stdout. */
  readonly stdout: string | undefined
}

const probe = join(benchDir, "src/clients/ResourceProbe.mjs")

/**
 * Spawns `command args` in `env` with stdout on a pipe, counts the lines it writes (keeping them only with `keep`,
 * for the check that two programs printed the same sessions), and rejects unless it exits with 0.
 */
export const runPiped = (
  command: string,
  args: ReadonlyArray<string>,
  options: { readonly env: NodeJS.ProcessEnv; readonly keep?: boolean; readonly timeoutMillis?: number }
): Promise<PipedRun> =>
  new Promise((resolve, reject) => {
    const dir = mkdtempSync(join(tmpdir(), "chime-proxy-bench-piped-"))
    const resources = join(dir, "resources.json")
    const started = process.hrtime.bigint()
    const child = spawn(command, args, {
      cwd: rootDir,
      env: {
        ...options.env,
        NODE_OPTIONS: `--import ${probe}`,
        CHIME_PROXY_BENCH_RESOURCES: resources
      },
      stdio: ["ignore", "pipe", "pipe"]
    })
    let lines = 0
    const kept: Array<Buffer> = []
    let stderr = ""
    child.stdout.on("data", (chunk: Buffer) => {
      // Counting the newline bytes is all the bench does with the data while it measures.
      let at = chunk.indexOf(10)
      while (at !== -1) {
        lines++
        at = chunk.indexOf(10, at + 1)
      }
      if (options.keep === true) kept.push(chunk)
    })
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr = (stderr + chunk).slice(-8000)))
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMillis ?? 600_000)
    child.on("error", reject)
    child.on("close", (code, signal) => {
      const wallMillis = Number(process.hrtime.bigint() - started) / 1e6
      clearTimeout(timer)
      try {
        if (code !== 0) throw new Error(`${command} ${args.join(" ")} exited with ${code ?? signal}:\n${stderr}`)
        const usage = JSON.parse(readFileSync(resources, "utf8")) as { cpuMillis: number; maxRssMiB: number }
        resolve({
          wallMillis,
          cpuMillis: usage.cpuMillis,
          maxRssMiB: usage.maxRssMiB,
          lines,
          stdout: options.keep === true ? Buffer.concat(kept).toString("utf8") : undefined
        })
      } catch (error) {
        reject(error)
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    })
  })

/** The `ProxySessionId` of every line of an ndjson listing, in order. */
export const sessionIds = (ndjson: string): ReadonlyArray<string> =>
  ndjson.split("\n").filter((line) => line !== "").map((line) =>
    String((JSON.parse(line) as { ProxySessionId?: unknown }).ProxySessionId)
  )
