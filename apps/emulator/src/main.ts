/**
 * The `chime-proxy-emulator` program. SIGINT and SIGTERM interrupt it: the server stops and the process exits 0. A
 * bad option exits 2, with a message on stderr; a server that cannot start (its port taken) exits 1.
 *
 * @since 0.1.0
 */
import { Diagnostic, Runner } from "@chime-proxy/program"
import * as Effect from "effect/Effect"
import * as Cli from "./Cli.js"

const helpHint = "Run `chime-proxy-emulator --help` for the options and their values."

Runner.runMain(
  Effect.suspend(() => Cli.run(process.argv)).pipe(
    Effect.catchTags({
      StartupError: (error) => Effect.fail(new Diagnostic.Failure({ reason: error.reason })),
      InvalidOption: (error) => Effect.fail(new Diagnostic.UsageError({ reason: error.reason, hint: helpHint }))
    })
  ),
  {
    programName: Cli.programName,
    helpHint,
    usageExitCode: 2,
    interruptedExitCode: 0
  }
)
