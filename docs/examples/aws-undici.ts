import * as NodeUndici from "@chime-proxy/aws/NodeUndici"
import { Layer } from "effect"

// The same two services over undici.
const Live = Layer.merge(NodeUndici.layerProxySessions(), NodeUndici.layerVoiceConnectors())

export { Live }
