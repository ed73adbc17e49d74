/**
 * The minimal program of the size benchmark on the node:http layer (`NodeHttp.layerProxySessions`), otherwise the same
 * as Ours.ts.
 *
 * Usage: node ours-node-http-one-page.mjs <endpoint> <voiceConnectorId>
 */
import * as NodeHttp from "@chime-proxy/aws/NodeHttp"
import { ListProxySessions, ProxySessions } from "@chime-proxy/core"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"

// The harness always passes both.
const [endpoint, voiceConnectorId] = process.argv.slice(2) as [string, string]

const program = ProxySessions.listProxySessions({ VoiceConnectorId: voiceConnectorId, MaxResults: 100 }).pipe(
  Effect.flatMap(Schema.encode(ListProxySessions.ListProxySessionsResponse)),
  Effect.map((page) => process.stdout.write(`${JSON.stringify(page)}\n`)),
  Effect.provide(NodeHttp.layerProxySessions({ endpoint, region: "us-east-1", deprecationWarning: false }))
)

Effect.runPromise(program).catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`)
  process.exit(1)
})
