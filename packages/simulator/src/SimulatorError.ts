/**
 * The error of the simulator's control service: an arrangement of the world that cannot be made.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * Why a control operation failed.
 *
 * @since 0.1.0
 * @category models
 */
export const SimulatorErrorReason = Schema.Literal(
  "ConnectorNotFound",
  "ConnectorExists",
  "SessionNotFound",
  "SessionExists",
  "InvalidTransition",
  "InvalidInput"
)

/**
 * @since 0.1.0
 * @category models
 */
export type SimulatorErrorReason = typeof SimulatorErrorReason.Type

/**
 * A control operation of the simulator failed; nothing was changed.
 *
 * @since 0.1.0
 * @category errors
 */
export class SimulatorError extends Schema.TaggedError<SimulatorError>()("SimulatorError", {
  reason: SimulatorErrorReason,
  detail: Schema.String
}) {
  /** @since 0.1.0 */
  override get message() {
    return `${this.reason}: ${this.detail}`
  }
}
