/**
 * Our contender of the listing benchmark: every session of a connector over `NodeHttp.layerProxySessions` (node:http),
 * the layer of ours that spends the least CPU and memory on one long listing (ListAll.ts).
 *
 * Usage: node ours-client.mjs <endpoint> <voiceConnectorId> [pageSize] [options of the layer, as JSON]
 */
import * as NodeHttp from "@chime-proxy/aws/NodeHttp"
import { listAll } from "./ListAll.js"

await listAll(NodeHttp.layerProxySessions)
