// The SDK peer of `chime-proxy list --all --concurrency N --output ndjson`, as a user would write it: plain
// JavaScript, the SDK from node_modules. Every connector of the account (paginateListVoiceConnectors), then `N`
// workers under Promise.all, each paging one connector after another (pages of 100); each connector's sessions are
// written together, one JSON line each, in the order of the connectors, as soon as the connectors before it are done.
// Usage: node SdkAllNdjson.mjs <endpoint> <concurrency>
import {
  ChimeSDKVoiceClient,
  paginateListProxySessions,
  paginateListVoiceConnectors
} from "@aws-sdk/client-chime-sdk-voice"

const [endpoint, concurrency] = process.argv.slice(2)
const client = new ChimeSDKVoiceClient({ endpoint, region: "us-east-1" })
const ids = []
for await (const page of paginateListVoiceConnectors({ client }, {})) {
  for (const connector of page.VoiceConnectors ?? []) ids.push(connector.VoiceConnectorId)
}
const texts = new Array(ids.length)
let next = 0
let written = 0
const worker = async () => {
  while (next < ids.length) {
    const index = next++
    let text = ""
    for await (const page of paginateListProxySessions({ client, pageSize: 100 }, { VoiceConnectorId: ids[index] })) {
      for (const session of page.ProxySessions ?? []) text += JSON.stringify(session) + "\n"
    }
    texts[index] = text
    while (written < ids.length && texts[written] !== undefined) {
      process.stdout.write(texts[written])
      texts[written++] = ""
    }
  }
}
await Promise.all(Array.from({ length: Number(concurrency) }, worker))
client.destroy()
