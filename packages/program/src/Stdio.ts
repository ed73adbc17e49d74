/**
 * The program's stdout and stderr as a service, so that the commands can be run in a test with both captured.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Ref from "effect/Ref"
import * as Schema from "effect/Schema"

/**
 * stdout was closed by the reader (`chime-proxy list … | head`): the program stops quietly.
 *
 * @since 0.1.0
 * @category errors
 */
export class StdoutClosed extends Schema.TaggedError<StdoutClosed>()("StdoutClosed", {}) {
  /** @since 0.1.0 */
  override get message() {
    return "stdout was closed"
  }
}

/**
 * @since 0.1.0
 * @category tags
 */
export class Stdio extends Context.Tag("@chime-proxy/program/Stdio")<Stdio, Stdio.Service>() {}

/**
 * @since 0.1.0
 */
export declare namespace Stdio {
  /**
   * @since 0.1.0
   * @category models
   */
  export interface Service {
    /** Writes data to stdout, waiting until it is taken (backpressure). */
    readonly out: (text: string) => Effect.Effect<void, StdoutClosed>
    /** Writes to stderr. */
    readonly err: (text: string) => Effect.Effect<void>
    /** Whether stderr is a terminal. */
    readonly errIsTerminal: boolean
    /** Whether stdout is a terminal. */
    readonly outIsTerminal: boolean
  }
}

interface WritableLike {
  write(chunk: string, callback: (error?: Error | null) => void): boolean
  on(event: "error", listener: (error: Error) => void): unknown
}

const isEpipe = (error: Error): boolean => (error as Error & { readonly code?: unknown }).code === "EPIPE"

/**
 * The process's own stdout and stderr.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerProcess: Layer.Layer<Stdio> = Layer.sync(Stdio, () => {
  const stdout: WritableLike = process.stdout
  // Without a listener, a reader that goes away (EPIPE) would crash the process instead of failing the write.
  stdout.on("error", () => {})
  const out = (text: string) =>
    Effect.async<void, StdoutClosed>((resume) => {
      stdout.write(text, (error) => {
        if (error === undefined || error === null) resume(Effect.void)
        else if (isEpipe(error)) resume(Effect.fail(new StdoutClosed()))
        else resume(Effect.die(error))
      })
    })
  return {
    out,
    err: (text) => Effect.sync(() => void process.stderr.write(text)),
    errIsTerminal: process.stderr.isTTY === true,
    outIsTerminal: process.stdout.isTTY === true
  }
})

/**
 * What a captured run wrote.
 *
 * @since 0.1.0
 * @category models
 */
export interface Captured {
  readonly stdout: Effect.Effect<string>
  readonly stderr: Effect.Effect<string>
}

/**
 * Whether to show progress: when stderr is a terminal and stdout is not. When both are the same terminal, the data
 * itself shows the progress, and a progress line would only get in its way.
 *
 * @since 0.1.0
 * @category predicates
 */
export const showsProgress = (stdio: Stdio.Service): boolean => stdio.errIsTerminal && !stdio.outIsTerminal

/**
 * A Stdio that keeps what is written, for tests; `errIsTerminal` says whether to pretend stderr is a terminal
 * (stdout never is).
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeCaptured = (
  options?: { readonly errIsTerminal?: boolean }
): Effect.Effect<readonly [Stdio.Service, Captured]> =>
  Effect.map(Effect.all([Ref.make(""), Ref.make("")]), ([out, err]) =>
    [
      {
        out: (text) => Ref.update(out, (all) => all + text),
        err: (text) => Ref.update(err, (all) => all + text),
        errIsTerminal: options?.errIsTerminal ?? false,
        outIsTerminal: false
      },
      { stdout: Ref.get(out), stderr: Ref.get(err) }
    ] as const)
