/**
 * @since 0.1.0
 */
export * as Audit from "./Audit.js"

/**
 * @since 0.1.0
 */
export * as AuditCommand from "./AuditCommand.js"

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
export * as CommonOptions from "./CommonOptions.js"

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
export * as Report from "./Report.js"

/**
 * @since 0.1.0
 */
export * as DemoCommand from "./DemoCommand.js"

/**
 * @since 0.1.0
 */
export * as AllListing from "./AllListing.js"

/**
 * @since 0.1.0
 */
export * as Help from "./Help.js"

/**
 * @since 0.1.0
 */
export * as ConnectorOutput from "./ConnectorOutput.js"

/**
 * @since 0.1.0
 */
export * as SimulatedConnectors from "./SimulatedConnectors.js"

/**
 * @since 0.1.0
 */
export * as TableFit from "./TableFit.js"

/**
 * @since 0.1.0
 */
export * as VoiceConnectorsCommand from "./VoiceConnectorsCommand.js"
