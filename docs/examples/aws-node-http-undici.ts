import * as NodeHttp from "@chime-proxy/aws/NodeHttp"
import * as NodeUndici from "@chime-proxy/aws/NodeUndici"
import { Layer } from "effect"

// The same two services over node:http, and over undici.
const LiveHttp = Layer.merge(NodeHttp.layerProxySessions(), NodeHttp.layerVoiceConnectors())
const LiveUndici = Layer.merge(NodeUndici.layerProxySessions(), NodeUndici.layerVoiceConnectors())

export { LiveHttp, LiveUndici }
