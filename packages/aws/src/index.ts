/**
 * @since 0.1.0
 */
export * as AwsConfig from "./AwsConfig.js"

/**
 * @since 0.1.0
 */
export * as AwsError from "./AwsError.js"

/**
 * @since 0.1.0
 */
export * as AwsProxySessions from "./AwsProxySessions.js"

/**
 * @since 0.1.0
 */
export * as AwsVoiceConnectors from "./AwsVoiceConnectors.js"

/**
 * @since 0.1.0
 */
export * as Credentials from "./Credentials.js"

/**
 * @since 0.1.0
 */
export * as Endpoint from "./Endpoint.js"

/**
 * @since 0.1.0
 */
export * as Retry from "./Retry.js"

/**
 * @since 0.1.0
 */
export * as Signer from "./Signer.js"
