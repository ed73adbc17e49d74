/**
 * The output of `chime-proxy list-voice-connectors`, in the same five formats as the sessions' (see {@link Output}):
 * `json` in the AWS CLI's shape (`{ "VoiceConnectors": [...], "NextToken" }`), `ndjson`, `csv`, `table` and the AWS
 * CLI's `text`. A connector's members are all scalars, so every format writes the same columns, the model's members.
 *
 * @since 0.1.0
 */
import type { VoiceConnectors } from "@chime-proxy/core"
import { VoiceConnector } from "@chime-proxy/core"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import { csvField, type Format, mapWriter, plain, renderPages } from "./Output.js"

/**
 * The members of a connector, in the model's order: the columns of `csv` and `table`.
 *
 * @since 0.1.0
 * @category constants
 */
export const columns: ReadonlyArray<keyof VoiceConnector.VoiceConnectorJson> = Object.keys(
  VoiceConnector.VoiceConnector.fields
) as Array<keyof VoiceConnector.VoiceConnectorJson>

const cell = (connector: VoiceConnector.VoiceConnectorJson, key: keyof VoiceConnector.VoiceConnectorJson) => {
  const value = connector[key]
  return value === undefined ? "" : String(value)
}

interface Writer {
  readonly header: () => string
  readonly page: (connectors: ReadonlyArray<VoiceConnector.VoiceConnectorJson>) => string
  readonly footer: (nextToken: string | undefined) => string
}

const json = (): Writer => {
  let first = true
  return {
    header: () => "{\n    \"VoiceConnectors\": [",
    page: (connectors) =>
      connectors.map((connector) => {
        const separator = first ? "\n" : ",\n"
        first = false
        return separator + JSON.stringify(connector, null, 4).split("\n").map((line) => `        ${line}`).join("\n")
      }).join(""),
    footer: (nextToken) =>
      (first ? "]" : "\n    ]") +
      (nextToken === undefined ? "" : `,\n    "NextToken": ${JSON.stringify(nextToken)}`) + "\n}\n"
  }
}

const csvLine = (fields: ReadonlyArray<string>) => fields.map(csvField).join(",") + "\r\n"

// The AWS CLI's text output: one line per connector, its scalars sorted by name.
const textKeys = [...columns].sort()
const textLine = (identifier: string, values: ReadonlyArray<string>) =>
  [identifier, ...values.map(plain)].join("\t") + "\n"

const table = (): Writer => {
  let widths: ReadonlyArray<number> | undefined
  const row = (cells: ReadonlyArray<string>, sizes: ReadonlyArray<number>) =>
    cells.map((c, i) => i === cells.length - 1 ? c : c.padEnd(sizes[i] ?? 0)).join("  ").trimEnd() + "\n"
  return {
    header: () => "",
    page: (connectors) => {
      const rows = connectors.map((connector) => columns.map((key) => plain(cell(connector, key))))
      let out = ""
      if (widths === undefined && rows.length > 0) {
        const sizes = columns.map((title, i) => Math.max(title.length, ...rows.map((cells) => cells[i]?.length ?? 0)))
        widths = sizes
        out += row(columns, sizes) + row(sizes.map((size) => "-".repeat(size)), sizes)
      }
      return out + rows.map((cells) => row(cells, widths ?? [])).join("")
    },
    footer: (nextToken) =>
      (widths === undefined ? "No voice connectors.\n" : "") +
      (nextToken === undefined ? "" : `NextToken: ${nextToken}\n`)
  }
}

const writer = (format: Format): Writer => {
  switch (format) {
    case "json":
      return json()
    case "ndjson":
      return { header: () => "", page: (cs) => cs.map((c) => JSON.stringify(c) + "\n").join(""), footer: () => "" }
    case "csv":
      return {
        header: () => csvLine(columns),
        page: (cs) => cs.map((c) => csvLine(columns.map((key) => cell(c, key)))).join(""),
        footer: () => ""
      }
    case "table":
      return table()
    case "text":
      return {
        header: () => "",
        page: (cs) => cs.map((c) => textLine("VOICECONNECTORS", textKeys.map((key) => cell(c, key)))).join(""),
        footer: (nextToken) => nextToken === undefined ? "" : textLine("NEXTTOKEN", [nextToken])
      }
  }
}

const encode = Schema.encodeSync(VoiceConnector.VoiceConnector)

/**
 * Renders pages of connectors as text for stdout: the header with the first page, the footer (with the last page's
 * `nextToken`, when the format has a place for it) last.
 *
 * @since 0.1.0
 * @category rendering
 */
export const render = <E, R>(
  format: Format,
  pages: Stream.Stream<VoiceConnectors.Page, E, R>
): Stream.Stream<string, E, R> => Stream.suspend(() => renderPages(mapWriter(writer(format), encode), pages))
