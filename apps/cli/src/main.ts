/**
 * The `chime-proxy` program.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Backend from "./Backend.js"
import * as Command from "./Command.js"
import * as Runner from "./Runner.js"

Runner.runMain(Effect.suspend(() => Command.run(Backend.layer)(process.argv)), {
  programName: Command.programName,
  helpHint: "Run `chime-proxy list --help` for the options and their values."
})
