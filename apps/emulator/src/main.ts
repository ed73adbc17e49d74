/**
 * The `chime-proxy-emulator` program. SIGINT and SIGTERM interrupt it: the server stops and the process exits 0.
 *
 * @since 0.1.0
 */
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Cli from "./Cli.js"

Cli.run(process.argv).pipe(
  Effect.catchTag(
    "StartupError",
    (error) => Effect.zipRight(Console.error(`chime-proxy-emulator: ${error.message}`), Effect.fail(error))
  ),
  Effect.provide(NodeContext.layer),
  NodeRuntime.runMain({ disableErrorReporting: true })
)
