/**
 * The `chime-proxy-emulator` program. SIGINT and SIGTERM interrupt it: the server stops and the process exits 0. A
 * bad option, or a server that cannot start, exits 1.
 *
 * @since 0.1.0
 */
import { Diagnostic, Runner } from "@chime-proxy/program"
import * as Effect from "effect/Effect"
import * as Cli from "./Cli.js"

Runner.runMain(
  Effect.suspend(() => Cli.run(process.argv)).pipe(
    Effect.catchTag("StartupError", (error) => Effect.fail(new Diagnostic.Failure({ reason: error.reason })))
  ),
  {
    programName: Cli.programName,
    helpHint: "Run `chime-proxy-emulator --help` for the options and their values.",
    usageExitCode: 1,
    interruptedExitCode: 0
  }
)
