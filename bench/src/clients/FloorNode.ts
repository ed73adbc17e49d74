/**
 * A floor for the listing benchmark, not a client to use: the same work as FloorEffect.ts with no effect runtime at
 * all, a loop of `await`s as the SDK runs. Each request is signed by @smithy/signature-v4 (the SDK's signer) and
 * sent with node:http's `http.get` over a keep-alive agent; `JSON.parse` and the required values are FloorPage.ts's.
 * Bundled and run with plain node, in a process of its own.
 *
 * Usage: node floor-node-client.mjs <endpoint> <voiceConnectorId>
 */
import { Hash } from "@smithy/hash-node"
import { SignatureV4 } from "@smithy/signature-v4"
import * as Http from "node:http"
import { reportToParent } from "../Reporting.js"
import { credentials, gather, pageRequest, scope, tally } from "./FloorPage.js"

const agent = new Http.Agent({ keepAlive: true })
const signer = new SignatureV4({ ...scope, sha256: Hash.bind(null, "sha256"), credentials })

const bodyOf = (url: URL, headers: Record<string, string>) =>
  new Promise<string>((resolve, reject) => {
    Http.get(url, { agent, headers }, (response) => gather(response, resolve)).on("error", reject)
  })

const listing = tally()
let token: string | undefined
do {
  const { method, path, query, url } = pageRequest(token)
  const signed = await signer.sign({
    method,
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path,
    query: Object.fromEntries(query),
    headers: { host: url.host }
  })
  token = listing.add(await bodyOf(url, signed.headers))
} while (token !== undefined)
const result = listing.result()
agent.destroy()
reportToParent(result)
