/**
 * The SDK contender of the many-connectors benchmark: every session of several connectors with
 * `paginateListProxySessions` (pages of 100), `concurrency` connectors at a time: that many workers under one
 * `Promise.all`, each taking the next connector when it is done with one. Bundled and run with plain node, in a
 * process of its own.
 *
 * Usage: node sdk-connectors.mjs <endpoint> <concurrency> <voiceConnectorId>...
 */
import { ChimeSDKVoiceClient, paginateListProxySessions } from "@aws-sdk/client-chime-sdk-voice"
import { reportToParent, resourceFigures } from "../Reporting.js"

// The harness always passes them.
const [endpoint, concurrency, ...voiceConnectorIds] = process.argv.slice(2) as [string, string, ...Array<string>]
const client = new ChimeSDKVoiceClient({ endpoint, region: "us-east-1" })
const cpuStart = process.cpuUsage()
const start = process.hrtime.bigint()
let items = 0
let next = 0
const worker = async () => {
  while (next < voiceConnectorIds.length) {
    const voiceConnectorId = voiceConnectorIds[next++]
    const pages = paginateListProxySessions({ client, pageSize: 100 }, { VoiceConnectorId: voiceConnectorId })
    for await (const page of pages) items += page.ProxySessions?.length ?? 0
  }
}
await Promise.all(Array.from({ length: Number(concurrency) }, worker))
const seconds = Number(process.hrtime.bigint() - start) / 1e9
client.destroy()
reportToParent({ items, seconds, ...resourceFigures(cpuStart) })
