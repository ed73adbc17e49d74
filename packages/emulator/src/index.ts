/**
 * @since 0.1.0
 */
export * as Admin from "./Admin.js"

/**
 * @since 0.1.0
 */
export * as Emulator from "./Emulator.js"

/**
 * @since 0.1.0
 */
export * as SigV4Verifier from "./SigV4Verifier.js"

/**
 * @since 0.1.0
 */
export * as WireFaults from "./WireFaults.js"
