/**
 * @since 0.1.0
 */
export * as ClientError from "./ClientError.js"

/**
 * @since 0.1.0
 */
export * as ListProxySessions from "./ListProxySessions.js"

/**
 * @since 0.1.0
 */
export * as Paginator from "./Paginator.js"

/**
 * @since 0.1.0
 */
export * as ProxySession from "./ProxySession.js"

/**
 * @since 0.1.0
 */
export * as ProxySessions from "./ProxySessions.js"

/**
 * @since 0.1.0
 */
export * as ProxySessionsError from "./ProxySessionsError.js"

/**
 * @since 0.3.0
 */
export * as ProxySessionsText from "./ProxySessionsText.js"

/**
 * @since 0.1.0
 */
export * as ServiceError from "./ServiceError.js"

/**
 * @since 0.1.0
 */
export * as Wire from "./Wire.js"

/**
 * @since 0.1.0
 */
export * as Redaction from "./Redaction.js"

/**
 * @since 0.1.0
 */
export * as ListVoiceConnectors from "./ListVoiceConnectors.js"

/**
 * @since 0.1.0
 */
export * as VoiceConnector from "./VoiceConnector.js"

/**
 * @since 0.1.0
 */
export * as VoiceConnectors from "./VoiceConnectors.js"

/**
 * @since 0.1.0
 */
export * as VoiceConnectorsWire from "./VoiceConnectorsWire.js"
