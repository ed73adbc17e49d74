/**
 * Fixtures: a simulator's world as JSON, in the API's own shapes, so that real responses can be pasted in:
 *
 * ```json
 * { "VoiceConnectors": [ { "VoiceConnectorId": "…", "Name": "…", <the other members of a VoiceConnector as
 *   ListVoiceConnectors returns it, all optional>, "ProxySessions": [ <a ProxySession as ListProxySessions returns
 *   it> ] } ] }
 * ```
 *
 * @since 0.1.0
 */
import { ProxySession, VoiceConnector } from "@chime-proxy/core"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"

/**
 * A fixture could not be loaded. `path` names the bad value, as in `VoiceConnectors[0].ProxySessions[2].Status`.
 * Nothing was changed.
 *
 * @since 0.1.0
 * @category errors
 */
export class FixtureError extends Schema.TaggedError<FixtureError>()("FixtureError", {
  path: Schema.String,
  reason: Schema.String
}) {
  /** @since 0.1.0 */
  override get message() {
    return `Invalid fixture at ${this.path === "" ? "(root)" : this.path}: ${this.reason}`
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
 * A fixture.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Fixture = Schema.Struct({
  VoiceConnectors: Schema.Array(FixtureVoiceConnector)
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

const renderPath = (path: ReadonlyArray<PropertyKey>): string =>
  path.reduce<string>(
    (out, key) => typeof key === "number" ? `${out}[${key}]` : out === "" ? String(key) : `${out}.${String(key)}`,
    ""
  )

const check = (fixture: Fixture): Either.Either<Fixture, FixtureError> => {
  const connectors = new Set<string>()
  for (const [c, connector] of fixture.VoiceConnectors.entries()) {
    const at = `VoiceConnectors[${c}]`
    if (connectors.has(connector.VoiceConnectorId)) {
      return Either.left(new FixtureError({ path: `${at}.VoiceConnectorId`, reason: "duplicate voice connector id" }))
    }
    connectors.add(connector.VoiceConnectorId)
    const sessions = new Set<string>()
    for (const [s, session] of connector.ProxySessions.entries()) {
      const sessionAt = `${at}.ProxySessions[${s}]`
      if (session.VoiceConnectorId !== undefined && session.VoiceConnectorId !== connector.VoiceConnectorId) {
        return Either.left(
          new FixtureError({
            path: `${sessionAt}.VoiceConnectorId`,
            reason: "differs from the voice connector that holds the session"
          })
        )
      }
      if (session.ProxySessionId === undefined) {
        return Either.left(new FixtureError({ path: `${sessionAt}.ProxySessionId`, reason: "is missing" }))
      }
      if (sessions.has(session.ProxySessionId)) {
        return Either.left(
          new FixtureError({ path: `${sessionAt}.ProxySessionId`, reason: "duplicate proxy session id" })
        )
      }
      sessions.add(session.ProxySessionId)
      if (session.CreatedTimestamp === undefined) {
        return Either.left(new FixtureError({ path: `${sessionAt}.CreatedTimestamp`, reason: "is missing" }))
      }
    }
  }
  return Either.right(fixture)
}

const decodeSchema = Schema.decodeUnknownEither(Fixture)

/**
 * Decodes and checks a fixture: every constraint of the model, plus what a simulator needs (every session has a
 * `ProxySessionId`, unique in its voice connector, and a `CreatedTimestamp`; connector ids are unique). The error
 * names the path of the first bad value. Phone numbers never appear in the error.
 *
 * @since 0.1.0
 * @category decoding
 */
export const decode = (json: unknown): Either.Either<Fixture, FixtureError> => {
  const decoded = decodeSchema(json, { errors: "first", onExcessProperty: "ignore" })
  if (Either.isLeft(decoded)) {
    const issue = ParseResult.ArrayFormatter.formatErrorSync(decoded.left)[0]
    return Either.left(
      new FixtureError({
        path: issue === undefined ? "" : renderPath(issue.path),
        reason: issue === undefined ? "is invalid" : issue.message
      })
    )
  }
  return check(decoded.right)
}

/**
 * Encodes a fixture as JSON.
 *
 * @since 0.1.0
 * @category encoding
 */
export const encode = (fixture: Fixture): FixtureJson => Schema.encodeSync(Fixture)(fixture)
