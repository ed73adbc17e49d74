/**
 * Child processes: every client contender runs in a process of its own so that its CPU time and peak memory are its
 * own. A child reports one JSON line prefixed with {@link marker}; a server child announces its port the same way.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { marker } from "./Reporting.js"

/** The bench package's directory. */
export const benchDir = join(dirname(fileURLToPath(import.meta.url)), "..")

/** The repository's root. */
export const rootDir = join(benchDir, "..")

/**
 * The node arguments that load TypeScript through tsx (resolved from the root, every child's directory), with the
 * workspace's packages resolved to their sources.
 */
export const tsxImport = (): ReadonlyArray<string> => ["--conditions=@chime-proxy/source", "--import", "tsx"]

const collect = (child: ChildProcess) => {
  let stdout = ""
  let stderr = ""
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk))
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk))
  return { stdout: () => stdout, stderr: () => stderr }
}

/** Runs `node <args>` to the end (in `env`, else the bench's environment) and returns the result it reported. */
export const runNode = <A>(
  args: ReadonlyArray<string>,
  options: { readonly env?: NodeJS.ProcessEnv; readonly timeoutMillis?: number } = {}
): Promise<A> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: rootDir,
      env: options.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"]
    })
    const output = collect(child)
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMillis ?? 300_000)
    child.on("error", reject)
    child.on("close", (code, signal) => {
      clearTimeout(timer)
      const line = output.stdout().split("\n").find((l) => l.startsWith(marker))
      if (code !== 0 || line === undefined) {
        reject(
          new Error(
            `node ${args.join(" ")} exited with ${code ?? signal}:\n${output.stderr().slice(-4000)}${
              output.stdout().slice(-2000)
            }`
          )
        )
        return
      }
      resolve(JSON.parse(line.slice(marker.length)) as A)
    })
  })

/** A server running in a child process until stopped. */
export interface ServerChild<A> {
  readonly info: A
  readonly pid: number
  readonly stop: () => Promise<void>
}

/** Starts `node <args>`, waits for the line it reports once it listens, and keeps it running. */
export const startNode = <A>(
  args: ReadonlyArray<string>,
  options: { readonly env?: NodeJS.ProcessEnv; readonly timeoutMillis?: number } = {}
): Promise<ServerChild<A>> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: rootDir,
      env: options.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"]
    })
    const output = collect(child)
    let started = false
    const closed = new Promise<void>((done) => child.on("close", () => done()))
    const fail = (why: string) => {
      child.kill("SIGKILL")
      reject(new Error(`node ${args.join(" ")} ${why}:\n${output.stderr().slice(-4000)}`))
    }
    const timer = setTimeout(() => fail("did not start in time"), options.timeoutMillis ?? 300_000)
    child.on("error", reject)
    child.on("close", (code) => {
      if (!started) {
        clearTimeout(timer)
        fail(`exited with ${code} before it started`)
      }
    })
    child.stdout!.on("data", () => {
      if (started) return
      const line = output.stdout().split("\n").find((l) => l.startsWith(marker))
      if (line === undefined) return
      started = true
      clearTimeout(timer)
      resolve({
        info: JSON.parse(line.slice(marker.length)) as A,
        pid: child.pid!,
        stop: () => {
          child.kill("SIGTERM")
          const force = setTimeout(() => child.kill("SIGKILL"), 5000)
          return closed.then(() => clearTimeout(force))
        }
      })
    })
  })
