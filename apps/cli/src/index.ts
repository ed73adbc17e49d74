/**
 * @since 0.1.0
 */
export * as Backend from "./Backend.js"

/**
 * @since 0.1.0
 */
export * as Command from "./Command.js"

/**
 * @since 0.1.0
 */
export * as Diagnostic from "./Diagnostic.js"

/**
 * @since 0.1.0
 */
export * as ListCommand from "./ListCommand.js"

/**
 * @since 0.1.0
 */
export * as Output from "./Output.js"

/**
 * @since 0.1.0
 */
export * as Progress from "./Progress.js"

/**
 * @since 0.1.0
 */
export * as Runner from "./Runner.js"

/**
 * @since 0.1.0
 */
export * as Stdio from "./Stdio.js"
