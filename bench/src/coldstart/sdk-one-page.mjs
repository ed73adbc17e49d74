// The minimal SDK script of the cold-start benchmark, as a user would write it: plain JavaScript, run with plain
// node, the SDK loaded from node_modules. It lists one session and prints the page as JSON.
// Usage: node sdk-one-page.mjs <endpoint> <voiceConnectorId>
import { ChimeSDKVoiceClient, ListProxySessionsCommand } from "@aws-sdk/client-chime-sdk-voice"

const [endpoint, voiceConnectorId] = process.argv.slice(2)
const client = new ChimeSDKVoiceClient({ endpoint, region: "us-east-1" })
const page = await client.send(new ListProxySessionsCommand({ VoiceConnectorId: voiceConnectorId, MaxResults: 1 }))
process.stdout.write(`${JSON.stringify({ ProxySessions: page.ProxySessions, NextToken: page.NextToken })}\n`)
client.destroy()
