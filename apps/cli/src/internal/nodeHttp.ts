import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as Layer from "effect/Layer"

/**
 * @effect/platform-node's HttpClient over node:http, alone: imported through this module, so that a bundle keeps it
 * without the undici client of the same module (about 0.7 MiB). Its agent keeps connections alive between requests,
 * as Node's global agent and the AWS SDK's do (`new http.Agent()`, the platform's default, opens a connection for
 * every request); the agent is destroyed with the layer's scope.
 *
 * @internal
 */
export const layerNodeHttp = NodeHttpClient.layerWithoutAgent.pipe(
  Layer.provide(NodeHttpClient.makeAgentLayer({ keepAlive: true }))
)
