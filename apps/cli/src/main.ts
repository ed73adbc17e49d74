/**
 * The `chime-proxy` program, and its alias `chime-proxy-audit` (`chime-proxy audit`), told apart by the name of the
 * bin that started them.
 *
 * @since 0.1.0
 */
import { Runner } from "@chime-proxy/program"
import * as Effect from "effect/Effect"
import * as v8 from "node:v8"
import * as Backend from "./Backend.js"
import * as Command from "./Command.js"
import v8Flags from "./v8Flags.json" with { type: "json" }

// Node's fetch (which asks the emulator for its time) parses HTTP with llhttp compiled to WebAssembly. V8 re-compiles
// its hot functions with its optimising compiler on background threads, and Node waits for those compilations before
// the process may exit: 50 to 150 ms after the last output of a short run. The baseline compiler's code parses a
// response's headers in microseconds, which no run of this program notices: `--liftoff-only`. The published bins set
// the same flags before they compile the bundle (scripts/pack.mjs reads this file), as V8 takes a code cache only under
// the flags it was made with.
for (const flag of v8Flags) v8.setFlagsFromString(flag)

const program = Command.programOf(process.argv[1])

Runner.runMain(
  Effect.suspend(() =>
    program === Command.programName
      ? Command.run(Backend.layer)(process.argv)
      : Command.runAudit(Backend.layer)(process.argv)
  ),
  {
    programName: program,
    // A command is done when its output is written: waiting for the event loop to empty costs a start tens of
    // milliseconds (a collection V8 began near the end, the HTTP agent's sockets closing).
    exitWhenDone: true,
    helpHint: program === Command.programName
      ? "Run `chime-proxy list --help` or `chime-proxy audit --help` for the options and their values."
      : "Run `chime-proxy-audit --help` for the options and their values."
  }
)
