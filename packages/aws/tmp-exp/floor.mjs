// Floor experiment: plain node:http + smithy SigV4, sequential pages, write ndjson
import http from "node:http"
import { SignatureV4 } from "@smithy/signature-v4"
import { Hash } from "@smithy/hash-node"
const [endpoint, vc] = process.argv.slice(2)
const url = new URL(endpoint)
const agent = new http.Agent({ keepAlive: true })
const signer = new SignatureV4({ service: "chime", region: "us-east-1", sha256: Hash.bind(null, "sha256"),
  credentials: { accessKeyId: process.env.AWS_ACCESS_KEY_ID, secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY } })
const get = (token) => new Promise(async (resolve, reject) => {
  const query = { "max-results": "100" }
  if (token) query["next-token"] = token
  const req = { method: "GET", protocol: "http:", hostname: url.hostname, port: url.port, path: `/voice-connectors/${vc}/proxy-sessions`, query, headers: { host: url.host } }
  const signed = await signer.sign(req)
  const qs = new URLSearchParams(query).toString()
  const r = http.request({ agent, host: url.hostname, port: url.port, method: "GET", path: `${req.path}?${qs}`, headers: signed.headers }, (res) => {
    const chunks = []
    res.on("data", (c) => chunks.push(c))
    res.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")))
  })
  r.on("error", reject)
  r.end()
})
let token
do {
  const body = await get(token)
  const json = JSON.parse(body)
  token = json.NextToken
  let out = ""
  for (const s of json.ProxySessions) out += JSON.stringify(s) + "\n"
  process.stdout.write(out)
} while (token)
agent.destroy()
