/**
 * The listing benchmark's program over `NodeUndici.layerProxySessions` (undici), beside Ours.ts's node:http: the
 * figures that say which layer to choose for one long listing (ListAll.ts).
 *
 * Usage: node ours-undici-client.mjs <endpoint> <voiceConnectorId> [pageSize] [options of the layer, as JSON]
 */
import * as NodeUndici from "@chime-proxy/aws/NodeUndici"
import { listAll } from "./ListAll.js"

await listAll(NodeUndici.layerProxySessions)
