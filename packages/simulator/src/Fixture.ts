/**
 * Fixtures: a simulator's world as JSON, in the API's own shapes, so that real responses can be pasted in, and the
 * archives `chime-proxy export` writes, which are fixtures with the instant they were taken:
 *
 * ```json
 * { "ExportedAt": "2025-01-31T12:00:00.000Z",
 *   "VoiceConnectors": [ { "VoiceConnectorId": "…", "Name": "…", <the other members of a VoiceConnector as
 *     ListVoiceConnectors returns it, all optional>, "ProxySessions": [ <a ProxySession as ListProxySessions returns
 *     it> ] } ],
 *   "Export": { "Complete": true, "VoiceConnectors": [ { "VoiceConnectorId": "…", "Complete": true, "ProxySessions": 1 } ] } }
 * ```
 *
 * A fixture is replayed at its instant: loading it sets the simulator's time to `ExportedAt` (or, without one, to its
 * latest timestamp), where every listing gives back what it records.
 *
 * @since 0.1.0
 */
import { ProxySession, Redaction, VoiceConnector } from "@chime-proxy/core"
import * as DateTime from "effect/DateTime"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import { makeDecoder, renderPath } from "./internal/fixtureDecode.js"
import { locate } from "./internal/jsonLocate.js"

/**
 * A fixture could not be loaded. `path` names the bad value, as in `VoiceConnectors[0].ProxySessions[2].Status`;
 * for a text that is not JSON (truncated, malformed), `line` and `column` say where it goes wrong too, and `source`
 * names the file when there is one. Nothing was changed.
 *
 * @since 0.1.0
 * @category errors
 */
export class FixtureError extends Schema.TaggedError<FixtureError>()("FixtureError", {
  path: Schema.String,
  reason: Schema.String,
  source: Schema.optional(Schema.String),
  line: Schema.optional(Schema.Number),
  column: Schema.optional(Schema.Number)
}) {
  /** @since 0.1.0 */
  override get message() {
    const source = this.source === undefined ? "" : ` ${this.source}`
    const position = this.line === undefined ? "" : ` line ${this.line}, column ${this.column ?? 1},`
    return `Invalid fixture${source} at${position} ${this.path === "" ? "(root)" : this.path}: ${this.reason}`
  }
}

const { VoiceConnectorId: _, ...connectorMembers } = VoiceConnector.VoiceConnector.fields

/**
 * One voice connector of a fixture: its id, the other members of a VoiceConnector as ListVoiceConnectors returns it
 * (all optional), and its proxy sessions. A connector has exactly the members it was given, as a session does: one
 * given with its id alone, as in the fixtures of earlier versions, is listed with its id alone.
 *
 * @since 0.1.0
 * @category schemas
 */
export const FixtureVoiceConnector = Schema.Struct({
  VoiceConnectorId: ProxySession.VoiceConnectorId,
  ...connectorMembers,
  ProxySessions: Schema.optionalWith(Schema.Array(ProxySession.ProxySession), { default: () => [] })
})

/**
 * What an export records of one connector: whether all its sessions were listed, how many were, and the error that
 * stopped it when one did.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ExportedVoiceConnector = Schema.Struct({
  VoiceConnectorId: ProxySession.VoiceConnectorId,
  Complete: Schema.Boolean,
  ProxySessions: Schema.NonNegativeInt,
  Error: Schema.optional(Schema.String)
})

/**
 * The record of an export, at the end of its archive: `Complete` only when every connector is.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ExportRecord = Schema.Struct({
  Complete: Schema.Boolean,
  VoiceConnectors: Schema.Array(ExportedVoiceConnector)
})

/**
 * The record of an export.
 *
 * @since 0.1.0
 * @category models
 */
export type ExportRecord = typeof ExportRecord.Type

/**
 * A fixture. Members it does not know (at the top, in a connector, in a session) are kept by the simulator and
 * saved back unchanged.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Fixture = Schema.Struct({
  ExportedAt: Schema.optionalWith(ProxySession.Timestamp, { exact: true }),
  VoiceConnectors: Schema.Array(FixtureVoiceConnector),
  Export: Schema.optionalWith(ExportRecord, { exact: true })
}).annotations({ identifier: "Fixture" })

/**
 * A decoded fixture.
 *
 * @since 0.1.0
 * @category models
 */
export type Fixture = typeof Fixture.Type

/**
 * A fixture as JSON, as `saveFixture` returns it and `loadFixture` accepts it.
 *
 * @since 0.1.0
 * @category models
 */
export type FixtureJson = typeof Fixture.Encoded

const decoder = makeDecoder({
  fixture: Fixture,
  connector: FixtureVoiceConnector,
  error: (path, reason) => new FixtureError({ path, reason })
})

/**
 * Decodes and checks a fixture: every constraint of the model, plus what a simulator needs (every session has a
 * `ProxySessionId`, unique in its voice connector, and a `CreatedTimestamp`; connector ids are unique). The error
 * names the path of the first bad value. Phone numbers never appear in the error.
 *
 * @since 0.1.0
 * @category decoding
 */
export const decode = (json: unknown): Either.Either<Fixture, FixtureError> =>
  Either.map(decoder(json).result(), ({ fixture }) => fixture)

/**
 * Where the replay of a fixture starts: its `ExportedAt`, or, when it has none (responses pasted by hand), its latest
 * timestamp; `undefined` for a fixture with no timestamp at all.
 *
 * @since 0.1.0
 * @category anchoring
 */
export const anchor = (
  fixture: Fixture
): { readonly instant: DateTime.Utc; readonly from: "ExportedAt" | "LatestTimestamp" } | undefined => {
  if (fixture.ExportedAt !== undefined) return { instant: fixture.ExportedAt, from: "ExportedAt" }
  let latest = Number.NEGATIVE_INFINITY
  for (const connector of fixture.VoiceConnectors) {
    for (const session of connector.ProxySessions) {
      for (const at of [session.CreatedTimestamp, session.UpdatedTimestamp, session.EndedTimestamp]) {
        if (at !== undefined) latest = Math.max(latest, DateTime.toEpochMillis(at))
      }
    }
  }
  return Number.isFinite(latest) ? { instant: DateTime.unsafeMake(latest), from: "LatestTimestamp" } : undefined
}

/**
 * How a fixture was loaded: its connectors, the instant it records (which the simulator's time was set to, unless a
 * start time was given) and where that instant came from, the connectors its export record says are incomplete, and
 * a notice to show the user when there is something to know (no `ExportedAt`, an incomplete export).
 *
 * @since 0.1.0
 * @category models
 */
export interface Loaded {
  readonly voiceConnectorIds: ReadonlyArray<ProxySession.VoiceConnectorId>
  readonly recordedAt: DateTime.Utc | undefined
  readonly anchoredBy: "startTime" | "ExportedAt" | "LatestTimestamp" | "Clock"
  readonly now: DateTime.Utc
  readonly incomplete: ReadonlyArray<ProxySession.VoiceConnectorId>
  readonly notice: string | undefined
}

/**
 * Parses a fixture's text. A text that is not JSON (truncated, malformed) fails with the line, the column and the
 * path of the document where it goes wrong; `source` (a file name) is named in the error.
 *
 * @since 0.1.0
 * @category decoding
 */
export const parse = (text: string, source?: string): Either.Either<unknown, FixtureError> => {
  try {
    return Either.right(JSON.parse(text) as unknown)
  } catch {
    const problem = locate(text)
    return Either.left(
      new FixtureError({
        path: problem === undefined ? "" : renderPath(problem.path),
        reason: problem === undefined ? "is not JSON" : `not JSON: ${problem.reason}`,
        ...(source === undefined ? {} : { source }),
        ...(problem === undefined ? {} : { line: problem.line, column: problem.column })
      })
    )
  }
}

/**
 * The largest fixture text loaded when the JavaScript heap can hold `heapLimitBytes`: a text takes several times its
 * size once parsed, so a fixture may take an eighth of the heap.
 *
 * @since 0.1.0
 * @category limits
 */
export const maxBytesFor = (heapLimitBytes: number): number => Math.floor(heapLimitBytes / 8)

/**
 * Refuses a fixture of `bytes` before it is read, when it is larger than `limit` (see {@link maxBytesFor}).
 *
 * @since 0.1.0
 * @category limits
 */
export const checkSize = (bytes: number, limit: number, source?: string): Either.Either<void, FixtureError> =>
  bytes <= limit ? Either.void : Either.left(
    new FixtureError({
      path: "",
      reason: `the fixture is ${Redaction.byteCount(bytes)}, more than the ${Redaction.byteCount(limit)} this ` +
        "process can load in memory (raise Node's --max-old-space-size, or split the archive by connector)",
      ...(source === undefined ? {} : { source })
    })
  )

/**
 * Encodes a fixture as JSON.
 *
 * @since 0.1.0
 * @category encoding
 */
export const encode = (fixture: Fixture): FixtureJson => Schema.encodeSync(Fixture)(fixture)
