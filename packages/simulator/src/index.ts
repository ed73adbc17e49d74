/**
 * @since 0.1.0
 */
export * as FaultPlan from "./FaultPlan.js"

/**
 * @since 0.1.0
 */
export * as Fixture from "./Fixture.js"

/**
 * @since 0.1.0
 */
export * as Prng from "./Prng.js"

/**
 * @since 0.1.0
 */
export * as Simulator from "./Simulator.js"

/**
 * @since 0.1.0
 */
export * as SimulatorError from "./SimulatorError.js"
