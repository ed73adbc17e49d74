/**
 * Runs a command-line program the way every chime-proxy program runs: stdout for data only; diagnostics, logs and
 * progress on stderr, masked; plain text when the output is not a terminal; exit status 0 on success, 2 for a usage
 * error, 1 for an error of the service, the network or the configuration (130 when interrupted).
 *
 * @since 0.1.0
 */
import * as ValidationError from "@effect/cli/ValidationError"
import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import * as NodePath from "@effect/platform-node/NodePath"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import type { FileSystem } from "@effect/platform/FileSystem"
import type { Path } from "@effect/platform/Path"
import * as PlatformTerminal from "@effect/platform/Terminal"
import * as Cause from "effect/Cause"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Inspectable from "effect/Inspectable"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as Scope from "effect/Scope"
import * as Diagnostic from "./Diagnostic.js"
import * as Stdio from "./Stdio.js"
import * as Terminal from "./Terminal.js"

/**
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** The name diagnostics start with. */
  readonly programName: string
  /** The line that follows a usage error of @effect/cli, pointing at the help. */
  readonly helpHint: string
  /** The exit status of a usage error of @effect/cli (default 2). */
  readonly usageExitCode?: number
  /** The exit status when the program is interrupted, by SIGINT or SIGTERM (default 130). */
  readonly interruptedExitCode?: number
  /**
   * Exit as soon as the program is done, once stdout and stderr have taken what was written, rather than when
   * Node's event loop is empty: a short-lived command then does not wait for V8's work in the background (a garbage
   * collection started near the end) nor for handles a library left open. For commands; a server leaves it off.
   */
  readonly exitWhenDone?: boolean
}

// @effect/cli asks every run for a Terminal, and uses it to prompt (`--wizard`). @effect/platform-node's opens stdin
// and loads node:readline when it is made, which costs a start 2 to 5 ms: it is made, in the layer's scope, when a
// method is first called.
const layerTerminal: Layer.Layer<PlatformTerminal.Terminal> = Layer.scoped(
  PlatformTerminal.Terminal,
  Effect.gen(function*() {
    const scope = yield* Effect.scope
    const terminal = yield* Effect.cached(
      Effect.promise(() => import("@effect/platform-node/NodeTerminal")).pipe(
        Effect.flatMap((NodeTerminal) => NodeTerminal.make()),
        Scope.extend(scope)
      )
    )
    return PlatformTerminal.Terminal.of({
      columns: Effect.flatMap(terminal, (t) => t.columns),
      rows: Effect.flatMap(terminal, (t) => t.rows),
      isTTY: Effect.flatMap(terminal, (t) => t.isTTY),
      readInput: Effect.flatMap(terminal, (t) => t.readInput),
      readLine: Effect.flatMap(terminal, (t) => t.readLine),
      display: (text) => Effect.flatMap(terminal, (t) => t.display(text))
    })
  })
)

// Calls `exit` once stdout and stderr have written out everything before it: a write's callback runs after the
// writes queued ahead of it, or with an error when the stream is gone.
const afterStdio = (exit: () => void): void => {
  process.stdout.write("", () => process.stderr.write("", exit))
}

/**
 * The exit status of a run: its diagnostic written to stderr first.
 *
 * @since 0.1.0
 * @category running
 */
export const exitCode = <E, R>(
  program: Effect.Effect<void, E, R>,
  options: Options
): Effect.Effect<number, never, R | Stdio.Stdio> => {
  const fail = (diagnostic: Diagnostic.Diagnostic) =>
    Effect.flatMap(
      Stdio.Stdio,
      (stdio) => Effect.as(stdio.err(Diagnostic.format(options.programName, diagnostic)), diagnostic.exitCode)
    )
  return program.pipe(
    Effect.as(0),
    Effect.catchAll((error) => {
      if (ValidationError.isValidationError(error)) {
        // @effect/cli has explained the problem on stderr already.
        return Effect.flatMap(
          Stdio.Stdio,
          (stdio) => Effect.as(stdio.err(`  ${options.helpHint}\n`), options.usageExitCode ?? 2)
        )
      }
      if (error instanceof Stdio.StdoutClosed) return Effect.succeed(0)
      return fail(Diagnostic.describe(error))
    }),
    Effect.catchAllCause((cause) =>
      fail({ exitCode: 1, lines: ["internal error, please report it:", ...Cause.pretty(cause).split("\n")] })
    )
  )
}

// eslint-disable-next-line no-control-regex
const ansi = /\u001b\[[0-9;]*m/g

/**
 * A Console whose output has no colour when its stream is not a terminal, and whose errors (the usage errors of
 * @effect/cli, which quote the command line) start with the program's name, are masked and escaped: they lose
 * their colour, so that no escape sequence of the command line gets through.
 *
 * @since 0.1.0
 * @category console
 */
export const plainConsole = (console: Console.Console, programName: string): Console.Console => {
  const plain = (stream: { readonly isTTY?: boolean }) => (args: ReadonlyArray<unknown>) =>
    stream.isTTY === true ? args : args.map((arg) => typeof arg === "string" ? arg.replace(ansi, "") : arg)
  const out = plain(process.stdout)
  // A line break in @effect/cli's message may be the command line's own: escaped like the rest.
  const safe = (text: string) => Terminal.safeLine(text.replace(ansi, ""))
  return {
    ...console,
    log: (...args) => console.log(...out(args)),
    error: (...args) =>
      console.error(
        ...args.map((arg, i) =>
          typeof arg === "string" ? (i === 0 ? `${programName}: ${safe(arg.trim())}` : safe(arg)) : arg
        )
      )
  }
}

/**
 * A logger that writes one masked and escaped line per message to stderr, so that logs (such as the live layer's end-of-support
 * notice) never reach stdout.
 *
 * @since 0.1.0
 * @category logging
 */
export const stderrLogger = (programName: string): Layer.Layer<never> =>
  Logger.replace(
    Logger.defaultLogger,
    Logger.make(({ logLevel, message }) => {
      const parts = Array.isArray(message) ? message : [message]
      const text = parts.map((part) => typeof part === "string" ? part : Inspectable.toStringUnknown(part)).join(" ")
      process.stderr.write(`${programName}: ${logLevel.label.toLowerCase()}: ${Terminal.safeLine(text)}\n`)
    })
  )

/**
 * Runs a program on Node with the process's stdio, and exits with its status.
 *
 * @since 0.1.0
 * @category running
 */
export const runMain = <E>(
  program: Effect.Effect<void, E, FileSystem | Path | PlatformTerminal.Terminal | Stdio.Stdio>,
  options: Options
): void =>
  NodeRuntime.runMain(
    Console.consoleWith((console) =>
      Effect.withConsole(exitCode(program, options), plainConsole(console, options.programName))
    ).pipe(
      Effect.tap((code) => Effect.sync(() => process.exitCode = code)),
      Effect.provide(
        Layer.mergeAll(
          NodeFileSystem.layer,
          NodePath.layer,
          layerTerminal,
          Stdio.layerProcess,
          stderrLogger(options.programName)
        )
      )
    ),
    {
      disableErrorReporting: true,
      disablePrettyLogger: true,
      teardown: (exit, onExit) => {
        if (Exit.isFailure(exit)) onExit(Cause.isInterruptedOnly(exit.cause) ? options.interruptedExitCode ?? 130 : 1)
        else {
          const code = typeof process.exitCode === "number" ? process.exitCode : 0
          onExit(code)
          if (options.exitWhenDone === true) afterStdio(() => process.exit(code))
        }
      }
    }
  )
