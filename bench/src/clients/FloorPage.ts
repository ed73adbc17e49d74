/**
 * What the listing benchmark's floors share (Floor.ts, FloorEffect.ts, FloorNode.ts): the operation's requests as
 * core's wire codec writes them, their signature, and what is done with each body, `JSON.parse` and the values the
 * data model requires of any client, made in place. The floors differ only in how a request goes out and its body
 * comes back, so that their rows measure that.
 */
import * as Signer from "@chime-proxy/aws/Signer"
import { Wire } from "@chime-proxy/core"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { resourceFigures } from "../Reporting.js"

interface Page {
  readonly NextToken?: string
  readonly ProxySessions: ReadonlyArray<Record<string, unknown> & { Participants: Array<Record<string, unknown>> }>
}

// The harness always passes both.
const [endpoint, voiceConnectorId] = process.argv.slice(2) as [string, string]

const { method, path, query: firstQuery } = Wire.encodeRequest(
  Effect.runSync(Wire.validateRequest({ VoiceConnectorId: voiceConnectorId, MaxResults: 100 }))
)

/** The page's request, pages of 100: the first page's, or one after it, which adds the NextToken. */
export const pageRequest = (token: string | undefined) => {
  const query = token === undefined ? firstQuery : [...firstQuery, [Wire.queryNames.NextToken, token] as const]
  return { method, path, query, url: new URL(`${endpoint}${path}?${Wire.encodeQuery(query)}`) }
}

/** The service and region every floor signs for: the live layer's signing name, the benchmark's region. */
export const scope = { service: Signer.signingName, region: "us-east-1" } as const

/** The environment's static credentials. */
export const credentials = {
  accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? "",
  secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? ""
}

const signingCredentials = {
  accessKeyId: credentials.accessKeyId,
  secretAccessKey: Redacted.make(credentials.secretAccessKey),
  sessionToken: undefined,
  expiration: undefined
}

/** The page's URL and its headers, signed as the live layer signs (`Signer`, @smithy/signature-v4). */
export const signedRequest = (token: string | undefined) => {
  const { method, path, query, url } = pageRequest(token)
  return Effect.map(
    Signer.sign({
      request: { method, url, path, query, headers: {} },
      credentials: signingCredentials,
      region: scope.region,
      signingDate: new Date()
    }),
    (headers) => ({ url, headers })
  )
}

/**
 * Counts the listing from the first request on: `add` parses a page's body, puts in place the values the data model
 * requires (a `DateTime.Utc` for each timestamp, a `Redacted` for each phone number, nothing checked, no class) and
 * returns the next page's token; `result` is what the harness reads.
 */
export const tally = () => {
  const cpuStart = process.cpuUsage()
  const start = process.hrtime.bigint()
  let items = 0
  let pages = 0
  return {
    add: (body: string): string | undefined => {
      const page = JSON.parse(body) as Page
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
      return page.NextToken
    },
    result: () => ({
      items,
      pages,
      seconds: Number(process.hrtime.bigint() - start) / 1e9,
      ...resourceFigures(cpuStart)
    })
  }
}

/** A response's body, gathered from its chunks. */
export const gather = (response: NodeJS.ReadableStream, done: (body: string) => void): void => {
  const chunks: Array<Buffer> = []
  response.on("data", (chunk: Buffer) => chunks.push(chunk))
  response.on("end", () => done(Buffer.concat(chunks).toString("utf8")))
}
