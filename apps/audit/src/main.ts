/**
 * The `chime-proxy-audit` program.
 *
 * @since 0.1.0
 */
import { Runner } from "@chime-proxy/cli"
import * as Command from "@effect/cli/Command"
import * as Effect from "effect/Effect"
import * as AuditCommand from "./AuditCommand.js"

Runner.runMain(
  Effect.suspend(() =>
    Command.run(AuditCommand.command, { name: AuditCommand.programName, version: "0.1.0" })(process.argv)
  ),
  {
    programName: AuditCommand.programName,
    helpHint: "Run `chime-proxy-audit --help` for the options and their values."
  }
)
