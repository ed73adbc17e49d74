/**
 * The admin routes of the emulator: control over HTTP, for tests written in any language. They live under
 * {@link prefix}, which no AWS route can start with (AWS routes start with `/voice-connectors`), and answer JSON;
 * errors are AWS-shaped (`X-Amzn-ErrorType`, `{ "Code", "Message" }`). With authentication on, every route but
 * `GET /health` and `GET /voice-connectors` takes a request signed with SigV4 and the emulator's credentials, the
 * body included; whatever the authentication, a request with an `Origin` header, or with a `Host` that is not the
 * listening address, is refused with a 403.
 *
 * | Method | Path | Body | Answer |
 * | --- | --- | --- | --- |
 * | GET | `/_chime-proxy/health` | | `{ status, now, region, auth, voiceConnectors, wireFaults }` |
 * | GET | `/_chime-proxy/voice-connectors` | | `{ VoiceConnectorIds }` |
 * | POST | `/_chime-proxy/reset` | | `{ reset: true }`: no connector, no session, no fault |
 * | GET | `/_chime-proxy/fixture` | | the world as a fixture (in chunks when it is larger than one) |
 * | POST | `/_chime-proxy/fixture` | a fixture | `{ VoiceConnectorIds }`, all or nothing |
 * | POST | `/_chime-proxy/seed` | {@link SeedRequest} | `{ VoiceConnectorIds }` |
 * | GET | `/_chime-proxy/faults` | | `{ wire }` |
 * | POST | `/_chime-proxy/faults` | {@link FaultsRequest} | `{ wire }` |
 * | DELETE | `/_chime-proxy/faults` | | `{ wire }`: every fault cleared |
 * | GET | `/_chime-proxy/clock` | | `{ now }` |
 * | POST | `/_chime-proxy/clock/advance` | {@link ClockAdvanceRequest} | `{ now }` |
 * | POST | `/_chime-proxy/clock/set` | {@link ClockSetRequest} | `{ now }` |
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { WireFaults } from "./WireFaults.js"

/**
 * The prefix of every admin route.
 *
 * @since 0.1.0
 * @category constants
 */
export const prefix = "/_chime-proxy"

/**
 * The most sessions one `POST /_chime-proxy/seed` may create.
 *
 * @since 0.1.0
 * @category constants
 */
export const maxSeededSessions = 1_000_000

/**
 * The body of `POST /_chime-proxy/seed`: adds `connectors` voice connectors of `sessionsPerConnector` proxy sessions
 * each, drawn from `seed`; at most {@link maxSeededSessions} sessions in all.
 *
 * @since 0.1.0
 * @category schemas
 */
export class SeedRequest extends Schema.Class<SeedRequest>("SeedRequest")(
  Schema.Struct({
    seed: Schema.Int,
    connectors: Schema.Int.pipe(Schema.between(0, 1000)),
    sessionsPerConnector: Schema.Int.pipe(Schema.between(0, maxSeededSessions))
  }).pipe(
    // A request must not be able to exhaust the emulator's memory.
    Schema.filter((request) =>
      request.connectors * request.sessionsPerConnector <= maxSeededSessions ||
      `connectors × sessionsPerConnector must be at most ${maxSeededSessions}`
    )
  )
) {}

/**
 * The body of `POST /_chime-proxy/clock/advance`: moves the clock forward by `millis`.
 *
 * @since 0.1.0
 * @category schemas
 */
export class ClockAdvanceRequest extends Schema.Class<ClockAdvanceRequest>("ClockAdvanceRequest")({
  millis: Schema.Int.pipe(Schema.nonNegative())
}) {}

/**
 * The body of `POST /_chime-proxy/clock/set`: sets the clock to an ISO 8601 instant.
 *
 * @since 0.1.0
 * @category schemas
 */
export class ClockSetRequest extends Schema.Class<ClockSetRequest>("ClockSetRequest")({
  iso: Schema.DateTimeUtc
}) {}

/**
 * The body of `POST /_chime-proxy/faults`: the wire faults of the emulator, the fault plan of the simulator, or
 * both. A member left out is left as it is.
 *
 * @since 0.1.0
 * @category schemas
 */
export class FaultsRequest extends Schema.Class<FaultsRequest>("FaultsRequest")({
  wire: Schema.optionalWith(WireFaults, { exact: true }),
  simulator: Schema.optionalWith(Schema.Unknown, { exact: true })
}) {}
