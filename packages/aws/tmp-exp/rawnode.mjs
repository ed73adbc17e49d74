import http from "node:http"
import { readFileSync } from "node:fs"
const info = JSON.parse(readFileSync("/tmp/exp/emu.info", "utf8"))
const agent = new http.Agent({ keepAlive: true })
const url = new URL(`${info.endpoint}/voice-connectors/${info.voiceConnectorId}/proxy-sessions?max-results=100`)
const one = () => new Promise((resolve) => http.get(url, { agent }, (res) => { const c = []; res.on("data", (d) => c.push(d)); res.on("end", () => resolve(Buffer.concat(c).toString())) }))
await one()
const c0 = process.cpuUsage(); const t0 = performance.now()
for (let i = 0; i < 1000; i++) await one()
const c = process.cpuUsage(c0)
console.log("rawnode x1000 wall", (performance.now() - t0).toFixed(0), "cpu", ((c.user + c.system) / 1000).toFixed(0))
agent.destroy()
