/**
 * @since 0.1.0
 */
export * as Diagnostic from "./Diagnostic.js"

/**
 * @since 0.1.0
 */
export * as Runner from "./Runner.js"

/**
 * @since 0.1.0
 */
export * as Stdio from "./Stdio.js"

/**
 * @since 0.1.0
 */
export * as Terminal from "./Terminal.js"
