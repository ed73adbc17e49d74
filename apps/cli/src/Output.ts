/**
 * The output formats of `chime-proxy list`. Every writer works page by page: nothing but the current page (and, for
 * the table, the column widths) is held, so a listing of any length streams through in constant memory, even as
 * the single JSON document of `--output json`.
 *
 * Longer than 300 lines on purpose: the five writers share their helpers (plain text, the participants, the
 * columns) and are chosen by one switch; each is a few dozen lines, and apart they would only export their helpers.
 *
 * @since 0.1.0
 */
import type { Paginator, ProxySessions } from "@chime-proxy/core"
import { ProxySession, Wire } from "@chime-proxy/core"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"

/**
 * The formats of `--output`: the AWS CLI's `json`, `text` and `table`, plus `ndjson` and `csv`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Format = Schema.Literal("json", "ndjson", "csv", "table", "text")

/**
 * @since 0.1.0
 * @category models
 */
export type Format = typeof Format.Type

/**
 * The formats, in the order the help lists them.
 *
 * @since 0.1.0
 * @category constants
 */
export const formats: ReadonlyArray<Format> = Format.literals

/**
 * Whether a format has a place on stdout for the token that resumes a listing cut short. `ndjson` and `csv` have
 * none (every line is a session), so their caller reports the token on stderr.
 *
 * @since 0.1.0
 * @category predicates
 */
export const carriesNextToken = (format: Format): boolean => format !== "ndjson" && format !== "csv"

/**
 * Writes the pages of a listing of items of any kind (sessions, connectors, their wire JSON) as text. `header` comes
 * first, then `page` for every page in order, then `footer` with the token of the last page. A writer keeps state
 * between pages (the table's widths, whether an item was written), so make a new one for every listing.
 *
 * @since 0.3.0
 * @category models
 */
export interface PageWriter<A> {
  readonly header: () => string
  /** `nextToken` is the page's own. */
  readonly page: (items: ReadonlyArray<A>, nextToken: string | undefined) => string
  readonly footer: (nextToken: string | undefined) => string
}

/**
 * Writes the pages of a listing in one format, from the wire JSON of its sessions.
 *
 * @since 0.1.0
 * @category models
 */
export interface Writer extends PageWriter<ProxySession.ProxySessionJson> {}

/**
 * A writer of other items: each item is turned into what `write` takes first.
 *
 * @since 0.3.0
 * @category combinators
 */
export const mapWriter = <A, B>(write: PageWriter<B>, f: (item: A) => B): PageWriter<A> => ({
  header: write.header,
  page: (items, nextToken) => write.page(items.map(f), nextToken),
  footer: write.footer
})

/**
 * The wire JSON of a session, with its phone numbers as plain strings: the output is the data the user asked for.
 *
 * @since 0.1.0
 * @category encoding
 */
export const encodeSession: (
  session: ProxySession.ProxySession
) => Effect.Effect<ProxySession.ProxySessionJson> = (session) =>
  Effect.orDie(Schema.encode(ProxySession.ProxySession)(session))

// Control characters would let a session's Name move the cursor or recolour the terminal, and tabs or newlines
// would break the line-oriented formats.
// eslint-disable-next-line no-control-regex
const controlCharacters = /[\u0000-\u001f\u007f-\u009f]/g

/**
 * A value for the terminal and the line-oriented formats: every control character becomes a space.
 *
 * @since 0.1.0
 * @category encoding
 */
export const plain = (value: string): string => value.replace(controlCharacters, " ")

/**
 * A cell of the table as the terminal may show it: control characters replaced by spaces.
 *
 * @since 0.1.0
 * @category rendering
 */
export const plainCell: (value: string) => string = plain

const indent = (text: string, spaces: number): string => {
  const pad = " ".repeat(spaces)
  return text.split("\n").map((line) => pad + line).join("\n")
}

// The AWS CLI's document: every item as `pretty` writes it (indented by 8), one after the other.
const jsonOf = <A>(pretty: (item: A) => string): PageWriter<A> => {
  let first = true
  return {
    header: () => "{\n    \"ProxySessions\": [",
    page: (items) => {
      let out = ""
      for (const item of items) {
        out += (first ? "\n" : ",\n") + pretty(item)
        first = false
      }
      return out
    },
    footer: (nextToken) =>
      (first ? "]" : "\n    ]") +
      (nextToken === undefined ? "" : `,\n    "NextToken": ${JSON.stringify(nextToken)}`) +
      "\n}\n"
  }
}

const json = (): Writer => jsonOf((session) => indent(JSON.stringify(session, null, 4), 8))

const ndjson = (): Writer => ({
  header: () => "",
  page: (sessions) => sessions.map((session) => JSON.stringify(session) + "\n").join(""),
  footer: () => ""
})

// A line break and `width` spaces: from a table up to 40 spaces (a session in `json` needs 20), made otherwise.
const newlines: ReadonlyArray<string> = Array.from({ length: 41 }, (_, width) => "\n" + " ".repeat(width))
const newline = (width: number): string => newlines[width] ?? "\n" + " ".repeat(width)

/**
 * `JSON.stringify(JSON.parse(compact), null, 4)` with every line indented by `base` spaces, for compact JSON as
 * `JSON.stringify` writes it (no whitespace outside strings), without building the value again: a line break after
 * every `{`, `[` and `,` outside strings and before every `}` and `]`, a space after every `:`; `{}` and `[]` stay
 * as they are.
 *
 * @since 0.3.0
 * @category encoding
 */
export const prettyJson = (compact: string, base: number): string => {
  let out = " ".repeat(base)
  let depth = 0
  let from = 0
  const length = compact.length
  for (let i = 0; i < length; i++) {
    const c = compact.charCodeAt(i)
    if (c === 34) {
      // A string: to its closing quote, over escapes.
      i++
      while (i < length) {
        const d = compact.charCodeAt(i)
        if (d === 34) break
        i += d === 92 ? 2 : 1
      }
    } else if (c === 123 || c === 91) {
      const next = compact.charCodeAt(i + 1)
      if (next === 125 || next === 93) {
        i++
      } else {
        depth++
        out += compact.slice(from, i + 1) + newline(base + 4 * depth)
        from = i + 1
      }
    } else if (c === 125 || c === 93) {
      depth--
      out += compact.slice(from, i) + newline(base + 4 * depth)
      from = i
    } else if (c === 44) {
      out += compact.slice(from, i + 1) + newline(base + 4 * depth)
      from = i + 1
    } else if (c === 58) {
      out += compact.slice(from, i + 1) + " "
      from = i + 1
    }
  }
  return out + compact.slice(from)
}

/**
 * Whether a format is written from each session's wire text alone (`json`, `ndjson`): its pages can come from
 * ProxySessionsText, with no decoded session in between.
 *
 * @since 0.3.0
 * @category predicates
 */
export const writesWireText = (format: Format): format is "json" | "ndjson" => format === "json" || format === "ndjson"

/**
 * Makes a new writer of `json` or `ndjson` from each session's wire text (the bytes of `Wire.encodeProxySession`, as a
 * ProxySessionsText page carries them), with no JSON value built in between: `ndjson` is that text and a line break,
 * `json` the same text re-indented by {@link prettyJson}. The same bytes as the writers over the wire JSON.
 *
 * @since 0.3.0
 * @category constructors
 */
export const wireTextWriter = (format: "json" | "ndjson"): PageWriter<string> =>
  format === "json" ? jsonOf((text) => prettyJson(text, 8)) : {
    header: () => "",
    page: (texts) => {
      let out = ""
      for (const text of texts) out += text + "\n"
      return out
    },
    footer: () => ""
  }

/**
 * The columns of the CSV output, in order. Participants are written `phone>proxy;phone>proxy`, capabilities
 * `Voice;SMS`, and GeoMatchParams as two columns.
 *
 * @since 0.1.0
 * @category constants
 */
export const csvColumns = [
  "VoiceConnectorId",
  "ProxySessionId",
  "Name",
  "Status",
  "ExpiryMinutes",
  "Capabilities",
  "CreatedTimestamp",
  "UpdatedTimestamp",
  "EndedTimestamp",
  "Participants",
  "NumberSelectionBehavior",
  "GeoMatchLevel",
  "GeoMatchCountry",
  "GeoMatchAreaCode"
] as const

const participantsField = (session: ProxySession.ProxySessionJson, separator: string, arrow: string): string =>
  (session.Participants ?? []).map((participant) =>
    `${participant.PhoneNumber ?? ""}${arrow}${participant.ProxyPhoneNumber ?? ""}`
  ).join(separator)

const csvRow = (session: ProxySession.ProxySessionJson): ReadonlyArray<string> => [
  session.VoiceConnectorId ?? "",
  session.ProxySessionId ?? "",
  session.Name ?? "",
  session.Status ?? "",
  session.ExpiryMinutes === undefined ? "" : String(session.ExpiryMinutes),
  (session.Capabilities ?? []).join(";"),
  session.CreatedTimestamp ?? "",
  session.UpdatedTimestamp ?? "",
  session.EndedTimestamp ?? "",
  participantsField(session, ";", ">"),
  session.NumberSelectionBehavior ?? "",
  session.GeoMatchLevel ?? "",
  session.GeoMatchParams?.Country ?? "",
  session.GeoMatchParams?.AreaCode ?? ""
]

/**
 * Quotes one CSV field as RFC 4180 asks: in double quotes, with quotes doubled, when it holds a comma, a quote or a
 * line break.
 *
 * @since 0.1.0
 * @category encoding
 */
export const csvField = (value: string): string =>
  /[",\r\n]/.test(value) ? `"${value.replaceAll("\"", "\"\"")}"` : value

const csvLine = (fields: ReadonlyArray<string>): string => fields.map(csvField).join(",") + "\r\n"

const csv = (): Writer => ({
  header: () => csvLine(csvColumns),
  page: (sessions) => sessions.map((session) => csvLine(csvRow(session))).join(""),
  footer: () => ""
})

// The AWS CLI's text output (awscli/text.py), over JSON values: a scalar is anything but an object or an array.
type Json = string | number | boolean | null | ReadonlyArray<Json> | { readonly [key: string]: Json | undefined }

const isScalar = (value: Json): boolean => value === null || typeof value !== "object"

const scalarText = (value: Json): string =>
  value === null ? "None" : typeof value === "boolean" ? (value ? "True" : "False") : plain(String(value))

const members = (object: { readonly [key: string]: Json | undefined }): Array<readonly [string, Json]> =>
  Object.keys(object).sort().flatMap((key) => {
    const value = object[key]
    return value === undefined ? [] : [[key, value] as const]
  })

const isObject = (value: Json): value is { readonly [key: string]: Json | undefined } =>
  value !== null && typeof value === "object" && !Array.isArray(value)

/**
 * Writes a JSON value as the AWS CLI's `--output text` does: the scalars of an object on one line (after its
 * identifier, upper-cased) in the order of their names, then its other members, each under its own identifier; in
 * a list of objects, every object has a column for each scalar name found in any of them, empty where it has none.
 *
 * @since 0.1.0
 * @category encoding
 */
export const awsText = (value: Json, identifier?: string, scalarKeys?: ReadonlyArray<string>): string => {
  if (Array.isArray(value)) {
    const list: ReadonlyArray<Json> = value
    if (list.length === 0) return ""
    if (list.some(isObject)) {
      const keys = [
        ...new Set(
          list.filter(isObject).flatMap((item) => members(item).filter(([, v]) => isScalar(v)).map(([k]) => k))
        )
      ].sort()
      return list.map((item) => awsText(item, identifier, keys)).join("")
    }
    const scalars = list.filter(isScalar)
    const nested = list.filter((item) => !isScalar(item))
    const flat = scalars.length === 0
      ? ""
      : identifier === undefined
      ? scalars.map(scalarText).join("\t") + "\n"
      : scalars.map((item) => `${identifier.toUpperCase()}\t${scalarText(item)}\n`).join("")
    return flat + nested.map((item) => awsText(item, identifier)).join("")
  }
  if (isObject(value)) {
    const all = members(value)
    const scalars = scalarKeys === undefined
      ? all.filter(([, v]) => isScalar(v)).map(([, v]) => scalarText(v))
      : scalarKeys.map((key) => {
        const member = value[key]
        return member === undefined ? "" : scalarText(member)
      })
    const rest = scalarKeys === undefined
      ? all.filter(([, v]) => !isScalar(v))
      : all.filter(([key]) => !scalarKeys.includes(key))
    const line = scalars.length === 0
      ? ""
      : [...(identifier === undefined ? [] : [identifier.toUpperCase()]), ...scalars].join("\t") + "\n"
    return line + rest.map(([key, member]) => awsText(member, key)).join("")
  }
  return scalarText(value) + "\n"
}

const text = (): Writer => ({
  header: () => "",
  // Each page as the AWS CLI writes a page of its paginator: its own columns.
  page: (sessions) => awsText({ ProxySessions: sessions as unknown as Json }),
  footer: (nextToken) => nextToken === undefined ? "" : awsText({ NextToken: { NextToken: nextToken } })
})

const textSingle = (): Writer => ({
  header: () => "",
  page: (sessions, nextToken) => textResponse(sessions, nextToken),
  footer: () => ""
})

/**
 * One response as the AWS CLI writes it with `--no-paginate`: its NextToken, bare, on the first line, then its
 * sessions.
 *
 * @since 0.1.0
 * @category encoding
 */
export const textResponse = (
  sessions: ReadonlyArray<ProxySession.ProxySessionJson>,
  nextToken: string | undefined
): string =>
  awsText({ ProxySessions: sessions as unknown as Json, ...(nextToken === undefined ? {} : { NextToken: nextToken }) })

interface Column {
  readonly title: string
  readonly value: (session: ProxySession.ProxySessionJson) => string
}

/**
 * The columns of the table output.
 *
 * @since 0.1.0
 * @category constants
 */
export const tableColumns: ReadonlyArray<Column> = [
  { title: "VoiceConnectorId", value: (session) => session.VoiceConnectorId ?? "" },
  { title: "ProxySessionId", value: (session) => session.ProxySessionId ?? "" },
  { title: "Status", value: (session) => session.Status ?? "" },
  { title: "Name", value: (session) => session.Name ?? "" },
  { title: "Capabilities", value: (session) => (session.Capabilities ?? []).join(",") },
  {
    title: "Expiry",
    value: (session) => session.ExpiryMinutes === undefined ? "" : `${session.ExpiryMinutes} min`
  },
  { title: "Created", value: (session) => session.CreatedTimestamp ?? "" },
  {
    title: "Geo",
    value: (session) =>
      session.GeoMatchParams === undefined
        ? ""
        : [session.GeoMatchParams.Country, session.GeoMatchParams.AreaCode].filter((part) => part !== "").join(" ")
  },
  { title: "Participants (number → proxy)", value: (session) => participantsField(session, ", ", " → ") }
]

const table = (): Writer => {
  // The widths come from the header and the first page: later pages are not held back to measure them, and a
  // longer value only pushes its row to the right, it is never cut.
  let widths: ReadonlyArray<number> | undefined
  const row = (cells: ReadonlyArray<string>, sizes: ReadonlyArray<number>): string =>
    cells.map((cell, i) => i === cells.length - 1 ? cell : cell.padEnd(sizes[i] ?? 0)).join("  ").trimEnd() + "\n"
  return {
    header: () => "",
    page: (sessions) => {
      const rows = sessions.map((session) => tableColumns.map((column) => plain(column.value(session))))
      let out = ""
      if (widths === undefined && rows.length > 0) {
        const titles = tableColumns.map((column) => column.title)
        const sizes = titles.map((title, i) => Math.max(title.length, ...rows.map((cells) => cells[i]?.length ?? 0)))
        widths = sizes
        out += row(titles, sizes) + row(sizes.map((size) => "-".repeat(size)), sizes)
      }
      const sizes = widths ?? []
      return out + rows.map((cells) => row(cells, sizes)).join("")
    },
    footer: (nextToken) =>
      (widths === undefined ? "No proxy sessions.\n" : "") +
      (nextToken === undefined ? "" : `NextToken: ${nextToken}\n`)
  }
}

/**
 * Makes a new writer for a format.
 *
 * @since 0.1.0
 * @category constructors
 */
export const writer = (format: Format, options?: RenderOptions): Writer => {
  switch (format) {
    case "json":
      return json()
    case "ndjson":
      return ndjson()
    case "csv":
      return csv()
    case "table":
      return table()
    case "text":
      return options?.singleResponse === true ? textSingle() : text()
  }
}

/**
 * How a listing is rendered.
 *
 * @since 0.1.0
 * @category models
 */
export interface RenderOptions {
  /**
   * The listing is one response (`--no-paginate`): `text` writes it as the AWS CLI writes a response, its NextToken
   * first.
   */
  readonly singleResponse?: boolean | undefined
}

/**
 * Renders a stream of pages as a stream of text for stdout, one chunk per page, the header with the first and the
 * footer last. The footer carries the `nextToken` of the last page, when the format has a place for it.
 *
 * @since 0.1.0
 * @category rendering
 */
export const render = <E, R>(
  format: Format,
  pages: Stream.Stream<ProxySessions.Page, E, R>,
  options?: RenderOptions
): Stream.Stream<string, E, R> => Stream.suspend(() => renderPages(sessionWriter(format, options), pages))

const encodeSessionSync = Schema.encodeSync(ProxySession.ProxySession)

/**
 * Makes a new writer of sessions for a format: `json` and `ndjson` write each session's wire encoding as it is;
 * the other formats write from its wire JSON.
 *
 * @since 0.3.0
 * @category constructors
 */
export const sessionWriter = (format: Format, options?: RenderOptions): PageWriter<ProxySession.ProxySession> => {
  // json and ndjson from each session's wire encoding (core's encoder, which checks the session as the schema does).
  return writesWireText(format)
    ? mapWriter(wireTextWriter(format), Wire.encodeProxySession)
    : mapWriter(writer(format, options), encodeSessionSync)
}

/**
 * Renders pages of any listing with a writer of their items: the header with the first page (so that a listing
 * whose first call fails leaves stdout empty), a chunk per page, the footer with the last page's `nextToken`. A
 * page is written in one go: no effect per item.
 *
 * @since 0.1.0
 * @category rendering
 */
export const renderPages = <A, E, R>(
  write: PageWriter<A>,
  pages: Stream.Stream<Paginator.Page<A>, E, R>
): Stream.Stream<string, E, R> =>
  Stream.suspend(() => {
    let nextToken: string | undefined
    let started = false
    const open = (text: string) => {
      if (started) return text
      started = true
      return write.header() + text
    }
    return Stream.map(pages, (page) => {
      nextToken = page.nextToken
      return open(write.page(page.items, page.nextToken))
    }).pipe(
      Stream.concat(Stream.sync(() => open(write.footer(nextToken)))),
      Stream.filter((chunk) => chunk.length > 0)
    )
  })
