/**
 * The minimal program of the size benchmark, with the official SDK: one page listed and printed as JSON.
 *
 * Usage: node sdk-one-page.mjs <endpoint> <voiceConnectorId>
 */
import { ChimeSDKVoiceClient, ListProxySessionsCommand } from "@aws-sdk/client-chime-sdk-voice"

// The harness always passes both.
const [endpoint, voiceConnectorId] = process.argv.slice(2) as [string, string]
const client = new ChimeSDKVoiceClient({ endpoint, region: "us-east-1" })

client.send(new ListProxySessionsCommand({ VoiceConnectorId: voiceConnectorId, MaxResults: 100 })).then(
  (page) => {
    process.stdout.write(`${JSON.stringify({ ProxySessions: page.ProxySessions, NextToken: page.NextToken })}\n`)
    client.destroy()
  },
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`)
    process.exit(1)
  }
)
