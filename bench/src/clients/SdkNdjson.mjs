// The SDK peer of the CLI end-to-end benchmark, as a user would write it: plain JavaScript, run with plain node, the
// SDK loaded from node_modules. Every session of a connector in pages of 100, one JSON line each on stdout.
// Usage: node SdkNdjson.mjs <endpoint> <voiceConnectorId>
import { ChimeSDKVoiceClient, paginateListProxySessions } from "@aws-sdk/client-chime-sdk-voice"

const [endpoint, voiceConnectorId] = process.argv.slice(2)
const client = new ChimeSDKVoiceClient({ endpoint, region: "us-east-1" })
for await (const page of paginateListProxySessions({ client, pageSize: 100 }, { VoiceConnectorId: voiceConnectorId })) {
  for (const session of page.ProxySessions ?? []) process.stdout.write(JSON.stringify(session) + "\n")
}
client.destroy()
