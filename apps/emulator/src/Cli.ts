/**
 * The `chime-proxy-emulator` command: the HTTP emulator of ListProxySessions as a program. Its first line on stdout
 * is `chime-proxy emulator listening on http://HOST:PORT`, followed by the ids of the voice connectors it serves,
 * one per line; it runs until SIGINT or SIGTERM.
 *
 * @since 0.1.0
 */
import { Emulator, SigV4Verifier, WireFaults } from "@chime-proxy/emulator"
import { Simulator } from "@chime-proxy/simulator"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as FileSystem from "@effect/platform/FileSystem"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import packageJson from "../package.json" with { type: "json" }

/**
 * The name of the program.
 *
 * @since 0.1.0
 * @category constants
 */
export const programName = "chime-proxy-emulator"

/**
 * The port the program listens on unless told otherwise.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultPort = 4599

/**
 * The number of voice connectors seeded when neither `--connectors` nor `--fixture` is given.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultConnectors = 1

/**
 * The number of sessions seeded per voice connector unless `--sessions-per-connector` says otherwise.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultSessionsPerConnector = 25

/**
 * The program could not start. The message says why, without any secret.
 *
 * @since 0.1.0
 * @category errors
 */
export class StartupError extends Schema.TaggedError<StartupError>()("StartupError", {
  reason: Schema.String
}) {
  /** @since 0.1.0 */
  override get message() {
    return this.reason
  }
}

// A probability of a wire fault, none by default.
const rate = (name: string, fault: string) =>
  Options.float(name).pipe(Options.withDefault(0), Options.withDescription(`Probability (0 to 1) of ${fault}`))

const options = {
  host: Options.text("host").pipe(
    Options.withDefault(Emulator.defaultHost),
    Options.withDescription("The address to listen on (the loopback interface by default)")
  ),
  port: Options.integer("port").pipe(
    Options.withDefault(defaultPort),
    Options.withDescription("The port to listen on; 0 picks a free one")
  ),
  region: Options.text("region").pipe(
    Options.withDefault(Emulator.defaultRegion),
    Options.withDescription("The region of the credential scope")
  ),
  accessKeyId: Options.text("access-key-id").pipe(
    Options.withDefault(SigV4Verifier.defaultCredential.accessKeyId),
    Options.withDescription("The access key id accepted (default: the documented emulator pair)")
  ),
  secretAccessKey: Options.redacted("secret-access-key").pipe(
    Options.optional,
    Options.withDescription("The secret access key of that key id (default: the documented emulator pair)")
  ),
  fixture: Options.file("fixture", { exists: "yes" }).pipe(
    Options.optional,
    Options.withDescription("A fixture file (JSON) to load: { \"VoiceConnectors\": [...] }")
  ),
  seed: Options.integer("seed").pipe(
    Options.withDefault(0),
    Options.withDescription("The seed of the generated data and of the random faults")
  ),
  connectors: Options.integer("connectors").pipe(
    Options.optional,
    Options.withDescription(`Voice connectors to generate (default ${defaultConnectors}, or 0 with --fixture)`)
  ),
  sessionsPerConnector: Options.integer("sessions-per-connector").pipe(
    Options.withDefault(defaultSessionsPerConnector),
    Options.withDescription("Proxy sessions to generate per voice connector")
  ),
  throttleRate: rate("throttle-rate", "a 429 ThrottledClientException"),
  failureRate: rate("failure-rate", "a 500 ServiceFailureException or 503 ServiceUnavailableException"),
  resetRate: rate("reset-rate", "a connection dropped without an answer"),
  latencyMs: Options.integer("latency-ms").pipe(
    Options.withDefault(0),
    Options.withDescription("Milliseconds to wait before answering each request")
  ),
  noAuth: Options.boolean("no-auth").pipe(
    Options.withDescription("Accept requests without verifying their signature")
  )
}

type Config = Command.Command.ParseConfig<typeof options>

const flags: Readonly<Record<string, string>> = {
  throttleRate: "--throttle-rate",
  failureRate: "--failure-rate",
  resetRate: "--reset-rate",
  latencyMillis: "--latency-ms",
  seed: "--seed"
}

const decodeWireFaults = Schema.decodeUnknown(WireFaults.WireFaults)

const readFixture = (path: string) =>
  Effect.flatMap(FileSystem.FileSystem, (fs) => fs.readFileString(path)).pipe(
    Effect.mapError((error) => new StartupError({ reason: `Cannot read the fixture ${path}: ${error.message}` })),
    Effect.flatMap((text) =>
      Effect.try({
        try: (): unknown => JSON.parse(text),
        catch: () => new StartupError({ reason: `The fixture ${path} is not JSON` })
      })
    )
  )

const serve = (config: Config) =>
  Effect.gen(function*() {
    const count = (name: string, value: number) =>
      Number.isSafeInteger(value) && value >= 0
        ? Effect.void
        : Effect.fail(new StartupError({ reason: `--${name} must be a non-negative integer` }))
    yield* count("port", config.port)
    yield* count("sessions-per-connector", config.sessionsPerConnector)
    yield* Option.match(config.connectors, { onNone: () => Effect.void, onSome: (n) => count("connectors", n) })
    const wireFaults = yield* decodeWireFaults({
      seed: config.seed,
      throttleRate: config.throttleRate,
      failureRate: config.failureRate,
      resetRate: config.resetRate,
      latencyMillis: config.latencyMs
    }).pipe(
      Effect.mapError((error) => {
        const issue = ParseResult.ArrayFormatter.formatErrorSync(error)[0]
        const flag = issue === undefined || issue.path.length === 0 ? "" : flags[String(issue.path[0])] ?? ""
        return new StartupError({
          reason: `Invalid fault options: ${flag === "" ? "" : `${flag}: `}${issue?.message ?? "invalid"}`
        })
      })
    )
    const fixture = Option.isSome(config.fixture)
      ? Option.some(yield* readFixture(config.fixture.value))
      : Option.none()
    const secretAccessKey = Option.match(config.secretAccessKey, {
      onNone: () => SigV4Verifier.defaultCredential.secretAccessKey,
      onSome: (secret) => Redacted.value(secret)
    })
    const layer = Emulator.layerSimulator({
      host: config.host,
      port: config.port,
      region: config.region,
      credentials: [{ accessKeyId: config.accessKeyId, secretAccessKey }],
      auth: !config.noAuth,
      wireFaults,
      simulator: { seed: config.seed }
    })
    yield* Effect.gen(function*() {
      const control = yield* Simulator.SimulatorControl
      if (Option.isSome(fixture)) {
        yield* Effect.mapError(
          control.loadFixture(fixture.value),
          (error) => new StartupError({ reason: error.message })
        )
      }
      const connectors = Option.getOrElse(config.connectors, () => Option.isSome(fixture) ? 0 : defaultConnectors)
      if (connectors > 0) {
        yield* control.seed({ seed: config.seed, connectors, sessionsPerConnector: config.sessionsPerConnector })
      }
      const emulator = yield* Emulator.Emulator
      const ids = yield* control.listVoiceConnectors()
      yield* Console.log([`chime-proxy emulator listening on ${emulator.url}`, ...ids].join("\n"))
      return yield* Effect.never
    }).pipe(
      Effect.provide(layer),
      Effect.catchTag("ServeError", (error) =>
        Effect.fail(
          new StartupError({
            reason: `Cannot listen on ${config.host}:${config.port}: ${
              error.cause instanceof Error ? error.cause.message : "the server failed to start"
            }`
          })
        ))
    )
  })

/**
 * The command.
 *
 * @since 0.1.0
 * @category commands
 */
export const command = Command.make(programName, options, serve).pipe(
  Command.withDescription(
    "Serves a simulator of Amazon Chime SDK Voice ListProxySessions over HTTP, for the AWS SDKs and the AWS CLI"
  )
)

/**
 * Runs the command with the arguments of a process (`process.argv`).
 *
 * @since 0.1.0
 * @category commands
 */
export const run = Command.run(command, { name: programName, version: packageJson.version })
