import { assert } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { execFile } from "node:child_process"
import { join, resolve } from "node:path"

export const root = join(import.meta.dirname, "..", "..", "..")

// The element at `i`, failing the test when there is none.
export const at = <A>(items: ReadonlyArray<A>, i: number): A => {
  const item = items[i]
  assert.isDefined(item, `no element at ${i} of ${items.length}`)
  return item
}

export interface Result {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

// Spawns a bin (a path from the repository's root, or absolute) asynchronously: an emulator running in this process must go on answering.
export const runBin = (
  bin: string,
  args: ReadonlyArray<string>,
  env: Record<string, string> = {}
): Effect.Effect<Result> =>
  Effect.async<Result>((resume) => {
    const child = execFile(
      process.execPath,
      [resolve(root, bin), ...args],
      { cwd: root, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024, timeout: 50_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1
        resume(Effect.succeed({ code, stdout, stderr }))
      }
    )
    return Effect.sync(() => child.kill())
  })

export const cli = (args: ReadonlyArray<string>, env?: Record<string, string>) =>
  runBin("apps/cli/bin/chime-proxy.mjs", args, env)

// The options a help text lists: the lines of its OPTIONS section that start with an option.
export const helpOptions = (help: string): Set<string> =>
  new Set(
    help.split("\n")
      .filter((line) => /^(?:--|\(-)/.test(line))
      .flatMap((line) => [...line.matchAll(/--[a-z][a-z-]*/g)].map((match) => match[0]))
  )

// The options a page documents: the first cell of its table rows that start with an option.
export const documentedOptions = (markdown: string): Set<string> =>
  new Set(
    markdown.split("\n")
      .filter((line) => line.startsWith("| `-"))
      .flatMap((line) => [...at(line.split("|"), 1).matchAll(/--[a-z][a-z-]*/g)].map((match) => match[0]))
  )
