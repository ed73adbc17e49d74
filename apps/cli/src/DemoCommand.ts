/**
 * `chime-proxy demo`, the first screen of `npm start`: the simulated account's first voice connector as a table that
 * fits the terminal, a line saying the data is simulated and from which seed, and three next steps.
 *
 * @since 0.1.0
 */
import { ProxySessions } from "@chime-proxy/core"
import { Stdio } from "@chime-proxy/program"
import * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import * as Backend from "./Backend.js"
import * as CommonOptions from "./CommonOptions.js"
import * as Definition from "./internal/demoDefinition.js"
import * as ListCommand from "./ListCommand.js"
import * as Output from "./Output.js"
import * as TableFit from "./TableFit.js"

/**
 * The width of the screen when stdout is not a terminal and `COLUMNS` is not set.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultWidth = Definition.defaultWidth

/**
 * Where the docs are, for a user of the published program as for one in the repository.
 *
 * @since 0.1.0
 * @category constants
 */
export const docsUrl = "https://github.com/chime-proxy/chime-proxy/tree/main/docs"

/**
 * The narrowest screen the demo lays itself out for.
 *
 * @since 0.1.0
 * @category constants
 */
export const minimumWidth = 40

/**
 * The steps that fit the table, the least useful columns first: the connector is named above the table, so its
 * column goes; then long cells are cut, the rarely read columns left out, and the timestamps given to the minute.
 *
 * @since 0.1.0
 * @category constants
 */
export const steps: ReadonlyArray<TableFit.Step> = [
  { _tag: "Drop", title: "VoiceConnectorId" },
  { _tag: "Shorten", title: "Participants (number → proxy)", min: 28 },
  { _tag: "Shorten", title: "ProxySessionId", min: 14 },
  { _tag: "Drop", title: "Geo" },
  { _tag: "Drop", title: "Capabilities" },
  { _tag: "Compact", title: "Created", compact: (cell) => cell.replace("T", " ").slice(0, 16) },
  { _tag: "Drop", title: "Participants (number → proxy)" },
  { _tag: "Drop", title: "Expiry" },
  { _tag: "Shorten", title: "Name", min: 10 },
  { _tag: "Shorten", title: "ProxySessionId", min: 9 },
  { _tag: "Drop", title: "Created" }
]

// Words put on lines of at most `width` characters; a word longer than that keeps its own line.
const wrap = (text: string, width: number, indent = ""): Array<string> => {
  const lines: Array<string> = []
  let line = ""
  for (const word of text.split(" ")) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(line)
      line = indent + word
    } else {
      line = line === "" ? word : `${line} ${word}`
    }
  }
  if (line !== "") lines.push(line)
  return lines
}

/**
 * What the screen shows.
 *
 * @since 0.1.0
 * @category models
 */
export interface Screen {
  readonly width: number
  readonly seed: number
  readonly voiceConnectorIds: ReadonlyArray<string>
  readonly sessions: ReadonlyArray<Parameters<Output.Writer["page"]>[0][number]>
}

/**
 * The screen as lines of at most `width` characters (a command line longer than that keeps its own line, so that
 * it can be copied whole).
 *
 * @since 0.1.0
 * @category rendering
 */
export const render = (screen: Screen): string => {
  const width = Math.max(minimumWidth, screen.width)
  const [first = ""] = screen.voiceConnectorIds
  const columns = Output.tableColumns.map((column) => ({
    title: column.title,
    cells: screen.sessions.map((session) => Output.plainCell(column.value(session)))
  }))
  const fitted = TableFit.fit(columns, width, steps)
  const fitNote = TableFit.note(fitted, width)
  const { connectors, sessionsPerConnector } = ListCommand.simulatedDataset
  const lines = [
    ...wrap(
      `A simulated account (seed ${screen.seed}): ${connectors} voice connectors of ${sessionsPerConnector} ` +
        "proxy sessions, from the embedded simulator. Nothing is sent to AWS.",
      width
    ),
    "",
    ...wrap(`Voice connector ${first}, 1 of ${screen.voiceConnectorIds.length}:`, width),
    "",
    ...fitted.lines,
    ...(fitNote === undefined ? [] : ["", ...wrap(`${fitNote} The JSON output has every field.`, width)]),
    "",
    "Next:",
    ...wrap("1. This connector as JSON, the AWS CLI's shape:", width, "   "),
    `   npx chime-proxy list --simulate --voice-connector-id ${first}`,
    ...wrap("2. Start the emulator, and point the AWS CLI at it with the lines it prints:", width, "   "),
    "   npx chime-proxy-emulator",
    ...wrap("3. Read the docs (README.md, docs/cli.md, docs/emulator.md, docs/audit.md) and the help:", width, "   "),
    `   ${docsUrl}`,
    "   npx chime-proxy --help"
  ]
  return lines.join("\n") + "\n"
}

/**
 * The screen's width: `COLUMNS` when set, else the terminal's width when stdout is one, else {@link defaultWidth}.
 *
 * @since 0.1.0
 * @category getters
 */
export const screenWidth: Effect.Effect<number, never, Stdio.Stdio> = Effect.gen(function*() {
  const columns = yield* Config.option(Config.integer("COLUMNS")).pipe(Effect.orElseSucceed(() => Option.none()))
  if (Option.isSome(columns) && columns.value > 0) return columns.value
  const stdio = yield* Stdio.Stdio
  const terminal = process.stdout.columns
  return stdio.outIsTerminal && typeof terminal === "number" && terminal > 0 ? terminal : defaultWidth
})

/**
 * Lists the first connector of the simulated account and writes the screen.
 *
 * @since 0.1.0
 * @category running
 */
export const run = (
  args: { readonly seed: Option.Option<number>; readonly width: Option.Option<number> },
  provider: Backend.Provider
) =>
  Effect.gen(function*() {
    const seed = Option.getOrElse(args.seed, () => CommonOptions.defaultSeed)
    const width = Option.isSome(args.width) ? args.width.value : yield* screenWidth
    const screen = yield* Effect.gen(function*() {
      const voiceConnectorIds = yield* Backend.voiceConnectorIds
      const [first] = voiceConnectorIds
      const items = first === undefined
        ? []
        : yield* Stream.runCollect(ProxySessions.stream({ voiceConnectorId: first }))
      const sessions = yield* Effect.forEach(items, Output.encodeSession)
      return { width, seed, voiceConnectorIds, sessions }
    }).pipe(
      Effect.provide(provider({ _tag: "Simulate", seed, ...ListCommand.simulatedDataset }))
    )
    const stdio = yield* Stdio.Stdio
    yield* stdio.out(render(screen))
  })

/**
 * The `demo` command.
 *
 * @since 0.1.0
 * @category commands
 */
export const make = (provider: Backend.Provider) => Definition.command((args) => run(args, provider))
