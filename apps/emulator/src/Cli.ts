/**
 * The `chime-proxy-emulator` command: the HTTP emulator of ListProxySessions as a program. Its first line on stdout
 * is `chime-proxy emulator listening on http://HOST:PORT`, followed by the ids of the voice connectors it serves,
 * one per line; it runs until SIGINT or SIGTERM.
 *
 * @since 0.1.0
 */
import { Admin, Emulator, SigV4Verifier, WireFaults } from "@chime-proxy/emulator"
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

/**
 * An option has a value the program cannot use: the message names the option. The program exits with 2, as for
 * any usage error.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidOption extends Schema.TaggedError<InvalidOption>()("InvalidOption", {
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
    Options.withDescription("Accept requests without verifying their signature, on the admin routes too")
  ),
  noAdmin: Options.boolean("no-admin").pipe(
    Options.withDescription("Serve no admin route under /_chime-proxy/")
  )
}

type Config = Command.Command.ParseConfig<typeof options>

const flags: Readonly<Record<string, string>> = {
  throttleRate: "--throttle-rate",
  failureRate: "--failure-rate",
  resetRate: "--reset-rate",
  latencyMillis: "--latency-ms",
  seed: "--seed",
  connectors: "--connectors",
  sessionsPerConnector: "--sessions-per-connector"
}

/** The first issue of a parse error, prefixed with the flag it concerns. */
const invalidOption = (prefix: string) => (error: ParseResult.ParseError) => {
  const issue = ParseResult.ArrayFormatter.formatErrorSync(error)[0]
  const flag = issue === undefined || issue.path.length === 0 ? "" : flags[String(issue.path[0])] ?? ""
  return new InvalidOption({ reason: `${prefix}${flag === "" ? "" : `${flag}: `}${issue?.message ?? "invalid"}` })
}

const decodeSeedRequest = Schema.decodeUnknown(Admin.SeedRequest)

const maxPort = 65535
const regionPattern = /^[a-z0-9]+(-[a-z0-9]+)*$/
const accessKeyIdPattern = /^[A-Za-z0-9]+$/

/** The errors of `listen` that come from the address given, rather than from the machine's state. */
const badAddressCodes = new Set(["ENOTFOUND", "EAI_AGAIN", "EAI_NONAME", "EADDRNOTAVAIL", "EINVAL", "EAFNOSUPPORT"])

const decodeWireFaults = Schema.decodeUnknown(WireFaults.WireFaults)

const readFixture = (path: string) =>
  Effect.flatMap(FileSystem.FileSystem, (fs) => fs.readFileString(path)).pipe(
    Effect.mapError((error) => new StartupError({ reason: `Cannot read the fixture ${path}: ${error.message}` })),
    Effect.flatMap((text) =>
      Effect.try({
        try: (): unknown => JSON.parse(text),
        catch: () => new InvalidOption({ reason: `--fixture: the file ${path} is not JSON` })
      })
    )
  )

const isLoopback = (host: string) => host === "::1" || host === "localhost" || /^127\.\d+\.\d+\.\d+$/.test(host)

/** What a listener on a non-loopback address exposes, to whoever can reach it. */
const exposure = (emulator: Emulator.Emulator.Service, admin: boolean, ownSecret: boolean) => {
  const credentials = ownSecret
    ? "the emulator's credentials"
    : "the emulator's default credentials, which are public (give --secret-access-key)"
  const signed = emulator.auth ? `signed with ${credentials}` : "without any credentials (--no-auth)"
  return `listening on ${emulator.host}, not a loopback address: whoever reaches port ${emulator.port} can list ` +
    `every proxy session with its phone numbers${
      admin ? ", and read, replace and reset the world, its faults and its clock through /_chime-proxy/," : ""
    } ${signed}.`
}

const serve = (config: Config) =>
  Effect.gen(function*() {
    const check = (valid: boolean, reason: string) => valid ? Effect.void : Effect.fail(new InvalidOption({ reason }))
    yield* check(
      Number.isSafeInteger(config.port) && config.port >= 0 && config.port <= maxPort,
      `--port must be an integer from 0 to ${maxPort}, not ${config.port}`
    )
    yield* check(config.host.trim() !== "", "--host must not be empty")
    yield* check(regionPattern.test(config.region), `--region must be a region name such as ${Emulator.defaultRegion}`)
    yield* check(accessKeyIdPattern.test(config.accessKeyId), "--access-key-id must be letters and digits only")
    yield* check(
      Option.match(config.secretAccessKey, { onNone: () => true, onSome: (secret) => Redacted.value(secret) !== "" }),
      "--secret-access-key must not be empty"
    )
    const connectors = Option.getOrElse(config.connectors, () => Option.isSome(config.fixture) ? 0 : defaultConnectors)
    // The rules of the admin route's seed request, so that the program and the route refuse the same values.
    const seedRequest = yield* decodeSeedRequest({
      seed: config.seed,
      connectors,
      sessionsPerConnector: config.sessionsPerConnector
    }).pipe(Effect.mapError(invalidOption("")))
    const wireFaults = yield* decodeWireFaults({
      seed: config.seed,
      throttleRate: config.throttleRate,
      failureRate: config.failureRate,
      resetRate: config.resetRate,
      latencyMillis: config.latencyMs
    }).pipe(Effect.mapError(invalidOption("Invalid fault options: ")))
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
      admin: !config.noAdmin,
      wireFaults,
      simulator: { seed: config.seed }
    })
    yield* Effect.gen(function*() {
      const control = yield* Simulator.SimulatorControl
      if (Option.isSome(fixture)) {
        yield* Effect.mapError(
          control.loadFixture(fixture.value),
          (error) => new InvalidOption({ reason: `--fixture: ${error.message}` })
        )
      }
      if (seedRequest.connectors > 0) yield* control.seed(seedRequest)
      const emulator = yield* Emulator.Emulator
      if (!isLoopback(emulator.host)) {
        yield* Effect.logWarning(exposure(emulator, !config.noAdmin, Option.isSome(config.secretAccessKey)))
      }
      const ids = yield* control.listVoiceConnectors()
      yield* Console.log([`chime-proxy emulator listening on ${emulator.url}`, ...ids].join("\n"))
      return yield* Effect.never
    }).pipe(
      Effect.provide(layer),
      Effect.catchTag("ServeError", (error) => {
        const reason = `Cannot listen on ${config.host}:${config.port}: ${
          error.cause instanceof Error ? error.cause.message : "the server failed to start"
        }`
        const code = error.cause instanceof Error ? (error.cause as NodeJS.ErrnoException).code : undefined
        return Effect.fail(
          code !== undefined && badAddressCodes.has(code)
            ? new InvalidOption({ reason: `--host: ${reason}` })
            : new StartupError({ reason })
        )
      })
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
