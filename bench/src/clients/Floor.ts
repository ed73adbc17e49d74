/**
 * A floor for the listing benchmark, not a client to use: the least a listing on our stack does per page.
 * @effect/platform-node's node:http HttpClient with a keep-alive agent (`NodeHttp.layerHttpClient`, which the live
 * layer's NodeHttp runs on, as ours in the benchmark does), a SigV4 signature of each
 * request (`Signer`, @smithy/signature-v4 as the live layer signs), `JSON.parse` of the body, and the values the data
 * model requires (a `Redacted` for each phone number, a `DateTime.Utc` for each timestamp). Nothing is checked, no
 * class is built, no stream, retry or timeout. Bundled and run with plain node, in a process of its own.
 *
 * Usage: node floor-client.mjs <endpoint> <voiceConnectorId>
 */
import { Signer } from "@chime-proxy/aws"
import * as NodeHttp from "@chime-proxy/aws/NodeHttp"
import { Wire } from "@chime-proxy/core"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { reportToParent, resourceFigures } from "../Reporting.js"

// The harness always passes both.
const [endpoint, voiceConnectorId] = process.argv.slice(2) as [string, string]

interface Page {
  readonly NextToken?: string
  readonly ProxySessions: ReadonlyArray<Record<string, unknown> & { Participants: Array<Record<string, unknown>> }>
}

const credentials = {
  accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? "",
  secretAccessKey: Redacted.make(process.env.AWS_SECRET_ACCESS_KEY ?? ""),
  sessionToken: undefined,
  expiration: undefined
}

const program = Effect.gen(function*() {
  const client = yield* HttpClient.HttpClient
  // The request as core's wire codec writes it, the one rule for the operation's path and query; each page after the
  // first adds its NextToken.
  const { method, path, query: firstQuery } = Wire.encodeRequest(
    yield* Wire.validateRequest({ VoiceConnectorId: voiceConnectorId, MaxResults: 100 })
  )
  const cpuStart = process.cpuUsage()
  const start = process.hrtime.bigint()
  let items = 0
  let pages = 0
  let token: string | undefined
  do {
    const query = token === undefined ? firstQuery : [...firstQuery, [Wire.queryNames.NextToken, token] as const]
    const url = new URL(`${endpoint}${path}?${Wire.encodeQuery(query)}`)
    const headers = yield* Signer.sign({
      request: { method, url, path, query, headers: {} },
      credentials,
      region: "us-east-1",
      signingDate: new Date()
    })
    const response = yield* client.execute(HttpClientRequest.get(url, { headers }))
    const page = JSON.parse(yield* response.text) as Page
    for (const session of page.ProxySessions) {
      session.CreatedTimestamp = DateTime.unsafeMake(session.CreatedTimestamp as string)
      session.UpdatedTimestamp = DateTime.unsafeMake(session.UpdatedTimestamp as string)
      if (session.EndedTimestamp !== undefined) {
        session.EndedTimestamp = DateTime.unsafeMake(session.EndedTimestamp as string)
      }
      for (const participant of session.Participants) {
        participant.PhoneNumber = Redacted.make(participant.PhoneNumber)
        participant.ProxyPhoneNumber = Redacted.make(participant.ProxyPhoneNumber)
      }
    }
    items += page.ProxySessions.length
    pages++
    token = page.NextToken
  } while (token !== undefined)
  const seconds = Number(process.hrtime.bigint() - start) / 1e9
  return { items, pages, seconds, ...resourceFigures(cpuStart) }
}).pipe(Effect.provide(NodeHttp.layerHttpClient))

reportToParent(await Effect.runPromise(program))
