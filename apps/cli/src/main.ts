/**
 * The `chime-proxy` program, and its alias `chime-proxy-audit` (`chime-proxy audit`), told apart by the name of the
 * bin that started them.
 *
 * @since 0.1.0
 */
import { Runner } from "@chime-proxy/program"
import * as Effect from "effect/Effect"
import * as Backend from "./Backend.js"
import * as Command from "./Command.js"

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
