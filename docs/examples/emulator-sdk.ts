/**
 * The official AWS SDK for JavaScript v3, pointed at the emulator started with `npx chime-proxy-emulator`.
 *
 * Run: node --conditions=@chime-proxy/source --import tsx docs/examples/emulator-sdk.ts <voice connector id>
 */
import { ChimeSDKVoiceClient, paginateListProxySessions } from "@aws-sdk/client-chime-sdk-voice"

const client = new ChimeSDKVoiceClient({
  // Or leave `endpoint` out and set AWS_ENDPOINT_URL_CHIME_SDK_VOICE=http://127.0.0.1:4599
  endpoint: process.env.CHIME_PROXY_EMULATOR_URL ?? "http://127.0.0.1:4599",
  region: "us-east-1",
  // The emulator's documented default key pair: worthless anywhere else.
  credentials: {
    accessKeyId: "AKIAEMULATOREXAMPLE1",
    secretAccessKey: "chime-proxy-emulator/EXAMPLE/secret/key0"
  }
})

const voiceConnectorId = process.argv[2] ?? "my-voice-connector"
let count = 0
for await (const page of paginateListProxySessions({ client, pageSize: 10 }, { VoiceConnectorId: voiceConnectorId })) {
  for (const session of page.ProxySessions ?? []) {
    count++
    console.log(session.ProxySessionId, session.Status, session.CreatedTimestamp?.toISOString())
  }
}
console.log(`${count} proxy sessions`)
