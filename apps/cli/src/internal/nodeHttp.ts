import { layer } from "@effect/platform-node/NodeHttpClient"

/**
 * @effect/platform-node's HttpClient over node:http, alone: imported through this module, so that a bundle keeps it
 * without the undici client of the same module (about 0.7 MiB).
 *
 * @internal
 */
export const layerNodeHttp = layer
