import {
  ListProxySessions,
  ListVoiceConnectors,
  ProxySession,
  ProxySessions,
  ServiceError,
  VoiceConnector,
  VoiceConnectors
} from "@chime-proxy/core"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import * as Backend from "../src/Backend.js"
import { at } from "./run.js"

const statuses = ["Open", "InProgress", "Closed"] as const

// Sessions with the awkward values every format must survive: commas, quotes, line breaks, tabs, a terminal escape,
// members left out, an enumeration value this library does not know.
export const sessionJson = (connector: string, i: number): ProxySession.ProxySessionJson => {
  const base: ProxySession.ProxySessionJson = {
    VoiceConnectorId: connector,
    ProxySessionId: `${connector}-session-${String(i).padStart(3, "0")}`,
    Name: i % 5 === 0 ? `name, with "quotes"\nand a line break\tand a tab \u001b[31m #${i}` : `session ${i}`,
    Status: i % 11 === 10 ? "Suspended" : at(statuses, i % 3),
    ExpiryMinutes: 60 + i,
    Capabilities: i % 2 === 0 ? ["Voice", "SMS"] : ["Voice"],
    CreatedTimestamp: new Date(Date.UTC(2024, 0, 1, 0, i)).toISOString(),
    UpdatedTimestamp: new Date(Date.UTC(2024, 0, 1, 1, i)).toISOString(),
    Participants: [
      { PhoneNumber: `+1206555${String(1000 + i)}`, ProxyPhoneNumber: `+1206555${String(9000 + (i % 4))}` },
      { PhoneNumber: `+4420790${String(1000 + i)}`, ProxyPhoneNumber: `+1206555${String(9000 + (i % 4))}` }
    ],
    NumberSelectionBehavior: "PreferSticky",
    GeoMatchLevel: "Country",
    GeoMatchParams: { Country: "US", AreaCode: "206" }
  }
  if (i % 7 === 3) {
    const { GeoMatchParams: _g, Participants: _p, Name: _n, ...rest } = base
    return rest
  }
  return i % 3 === 2 ? { ...base, EndedTimestamp: new Date(Date.UTC(2024, 0, 2, 0, i)).toISOString() } : base
}

export const decodeSession = Schema.decodeUnknownSync(ProxySession.ProxySession)

export const dataset = (connectors: ReadonlyArray<string>, perConnector: number) =>
  new Map(connectors.map((connector) => [
    connector,
    Array.from({ length: perConnector }, (_, i) => sessionJson(connector, i))
  ]))

// A service over an in-memory dataset: NextToken is the offset of the next page, MaxResults defaults to 10.
export const makeService = (data: ReadonlyMap<string, ReadonlyArray<ProxySession.ProxySessionJson>>) => {
  let calls = 0
  const service = ProxySessions.make((request) =>
    Effect.suspend(() => {
      calls += 1
      const sessions = data.get(request.VoiceConnectorId)
      if (sessions === undefined) {
        return Effect.fail(
          new ServiceError.NotFoundException({
            Message: `Voice connector ${request.VoiceConnectorId} not found (caller +12065550100)`
          })
        )
      }
      const matching = sessions.filter((session) => request.Status === undefined || session.Status === request.Status)
      const start = request.NextToken === undefined ? 0 : Number(request.NextToken)
      const end = start + (request.MaxResults ?? 10)
      return Effect.succeed(
        new ListProxySessionsResponse({
          ProxySessions: matching.slice(start, end).map((session) => decodeSession(session)),
          ...(end < matching.length ? { NextToken: String(end) } : {})
        })
      )
    })
  )
  return { service, calls: () => calls }
}

const ListProxySessionsResponse = ListProxySessions.ListProxySessionsResponse

// The connectors of a dataset, two a page: NextToken is the offset of the next page.
export const connectorsOf = (ids: ReadonlyArray<string>): VoiceConnectors.VoiceConnectors.Service =>
  VoiceConnectors.make((request) =>
    Effect.sync(() => {
      const start = request.NextToken === undefined ? 0 : Number(request.NextToken)
      const end = start + Math.min(request.MaxResults ?? 2, 2)
      return new ListVoiceConnectors.ListVoiceConnectorsResponse({
        VoiceConnectors: ids.slice(start, end).map((VoiceConnectorId) =>
          new VoiceConnector.VoiceConnector({ VoiceConnectorId, Name: `connector ${VoiceConnectorId}` })
        ),
        ...(end < ids.length ? { NextToken: String(end) } : {})
      })
    })
  )

export const provider =
  (data: ReadonlyMap<string, ReadonlyArray<ProxySession.ProxySessionJson>>): Backend.Provider => () =>
    Layer.mergeAll(
      Layer.succeed(ProxySessions.ProxySessions, makeService(data).service),
      Layer.succeed(VoiceConnectors.VoiceConnectors, connectorsOf([...data.keys()])),
      Layer.succeed(Backend.Account, { now: DateTime.now })
    )

// An RFC 4180 parser, written apart from the writer so that the test can catch the writer's mistakes.
export const parseCsv = (text: string): Array<Array<string>> => {
  const rows: Array<Array<string>> = []
  let row: Array<string> = []
  let field = ""
  let quoted = false
  let i = 0
  while (i < text.length) {
    const c = text[i]
    if (quoted) {
      if (c === "\"" && text[i + 1] === "\"") {
        field += "\""
        i += 2
        continue
      }
      if (c === "\"") quoted = false
      else field += c
      i += 1
      continue
    }
    if (c === "\"") quoted = true
    else if (c === ",") {
      row.push(field)
      field = ""
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(field)
      rows.push(row)
      row = []
      field = ""
      i += 1
    } else field += c
    i += 1
  }
  if (field !== "" || row.length > 0) throw new Error("the CSV does not end with CRLF")
  return rows
}
