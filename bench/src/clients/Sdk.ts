/**
 * The SDK contender of the listing benchmark: every session of a connector with `paginateListProxySessions`, pages of
 * 100, credentials from the environment. Bundled and run with plain node, in a process of its own.
 *
 * Usage: node sdk-client.mjs <endpoint> <voiceConnectorId>
 */
import { ChimeSDKVoiceClient, paginateListProxySessions } from "@aws-sdk/client-chime-sdk-voice"
import { reportToParent, resourceFigures } from "../Reporting.js"

// The harness always passes both.
const [endpoint, voiceConnectorId] = process.argv.slice(2) as [string, string]
const client = new ChimeSDKVoiceClient({ endpoint, region: "us-east-1" })
const cpuStart = process.cpuUsage()
const start = process.hrtime.bigint()
let items = 0
let pages = 0
for await (const page of paginateListProxySessions({ client, pageSize: 100 }, { VoiceConnectorId: voiceConnectorId })) {
  items += page.ProxySessions?.length ?? 0
  pages++
}
const seconds = Number(process.hrtime.bigint() - start) / 1e9
client.destroy()
reportToParent({ items, pages, seconds, ...resourceFigures(cpuStart) })
