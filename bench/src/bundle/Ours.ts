/**
 * The minimal program of the size benchmark, with chime-proxy: the live layer as a user gets it (default credential
 * chain, Node's fetch), one page listed and printed as the service's JSON.
 *
 * Usage: node ours-one-page.mjs <endpoint> <voiceConnectorId>
 */
import { AwsProxySessions } from "@chime-proxy/aws"
import { ListProxySessions, ProxySessions } from "@chime-proxy/core"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"

// The harness always passes both.
const [endpoint, voiceConnectorId] = process.argv.slice(2) as [string, string]

const program = ProxySessions.listProxySessions({ VoiceConnectorId: voiceConnectorId, MaxResults: 100 }).pipe(
  Effect.flatMap(Schema.encode(ListProxySessions.ListProxySessionsResponse)),
  Effect.map((page) => process.stdout.write(`${JSON.stringify(page)}\n`)),
  Effect.provide(AwsProxySessions.layerNode({ endpoint, region: "us-east-1", deprecationWarning: false }))
)

Effect.runPromise(program).catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`)
  process.exit(1)
})
