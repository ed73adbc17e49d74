/**
 * A floor for the listing benchmark, not a client to use: the least a listing on our stack does per page.
 * @effect/platform-node's node:http HttpClient with a keep-alive agent (`NodeHttp.layerHttpClient`, which the live
 * layer's NodeHttp runs on, as ours in the benchmark does), a SigV4 signature of each request (`Signer`,
 * @smithy/signature-v4 as the live layer signs), `JSON.parse` of the body, and the values the data model requires
 * (FloorPage.ts). Nothing is checked, no class is built, no stream, retry or timeout. Bundled and run with plain
 * node, in a process of its own.
 *
 * Usage: node floor-client.mjs <endpoint> <voiceConnectorId>
 */
import * as NodeHttp from "@chime-proxy/aws/NodeHttp"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Effect from "effect/Effect"
import { reportToParent } from "../Reporting.js"
import { signedRequest, tally } from "./FloorPage.js"

const program = Effect.gen(function*() {
  const client = yield* HttpClient.HttpClient
  const listing = tally()
  let token: string | undefined
  do {
    const { headers, url } = yield* signedRequest(token)
    const response = yield* client.execute(HttpClientRequest.get(url, { headers }))
    token = listing.add(yield* response.text)
  } while (token !== undefined)
  return listing.result()
}).pipe(Effect.provide(NodeHttp.layerHttpClient))

reportToParent(await Effect.runPromise(program))
