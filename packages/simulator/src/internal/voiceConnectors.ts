/**
 * Voice connectors as ListVoiceConnectors returns them: the model's members of a connector (generated from the seed
 * and the connector's id, or given by a fixture or the control), and the pages of the listing, ordered by id, behind
 * NextTokens authenticated as the sessions' are.
 */
import { ListVoiceConnectors, ServiceError, VoiceConnector } from "@chime-proxy/core"
import * as DateTime from "effect/DateTime"
import * as Either from "effect/Either"
import { hashString, Prng } from "./prng.js"
import * as Token from "./token.js"

const regions = VoiceConnector.VoiceConnectorAwsRegion.literals
const adjectives = ["north", "south", "east", "west", "main", "backup", "edge", "core", "branch", "lab"] as const
const nouns = [
  "trunk",
  "gateway",
  "office",
  "contact-center",
  "pbx",
  "carrier",
  "relay",
  "sip",
  "voice",
  "proxy"
] as const

/** The account the simulator's ARNs name. */
export const accountId = "123456789012"

/** The members a connector may be given, besides its id. */
export type Attributes = Omit<
  Exclude<ConstructorParameters<typeof VoiceConnector.VoiceConnector>[0], void | undefined>,
  "VoiceConnectorId"
>

/**
 * The members of a generated connector: drawn from the simulator's seed and the connector's id only, so that they do
 * not depend on the order connectors were made in; its timestamps are its creation.
 */
export const generateAttributes = (seed: number, id: string, created: number): Attributes => {
  const prng = new Prng(hashString(seed | 0, id), 0x7c)
  const region = prng.pick(regions)
  const at = DateTime.unsafeMake(created)
  return {
    AwsRegion: region,
    Name: `${prng.pick(adjectives)}-${prng.pick(nouns)}-${prng.int(1000)}`,
    OutboundHostName: `${id}.voiceconnector.chime.aws`,
    RequireEncryption: prng.int(4) !== 0,
    CreatedTimestamp: at,
    UpdatedTimestamp: at,
    VoiceConnectorArn: `arn:aws:chime:${region}:${accountId}:vc/${id}`,
    NetworkType: prng.int(3) === 0 ? "DUAL_STACK" : "IPV4_ONLY"
  }
}

/** A connector as ListVoiceConnectors returns it. */
export const toVoiceConnector = (id: string, attributes: Attributes): VoiceConnector.VoiceConnector =>
  new VoiceConnector.VoiceConnector({ VoiceConnectorId: id, ...attributes }, true)

/** What tells a token of ListVoiceConnectors from a session's: no connector has incarnation 0. */
const listing = { connector: 0, status: "ListVoiceConnectors" } as const

/** The page of ListVoiceConnectors a request asks for, over the ids sorted. */
export const pageOf = (
  ids: ReadonlyArray<string>,
  connector: (id: string) => VoiceConnector.VoiceConnector,
  request: ListVoiceConnectors.ListVoiceConnectorsRequest,
  context: { readonly tokenKey: Token.TokenKey; readonly generation: number; readonly defaultPageSize: number }
): Either.Either<ListVoiceConnectors.ListVoiceConnectorsResponse, ServiceError.ServiceError> => {
  let start = 0
  if (request.NextToken !== undefined && request.NextToken !== "") {
    const position = Token.decode(context.tokenKey, request.NextToken)
    if (Either.isLeft(position)) {
      return Either.left(new ServiceError.BadRequestException({ Message: `Invalid next-token: ${position.left}` }))
    }
    const { generation, id, status } = position.right
    if (
      generation !== context.generation || position.right.connector !== listing.connector || status !== listing.status
    ) {
      return Either.left(
        new ServiceError.BadRequestException({
          Message: "Invalid next-token: it belongs to another listing (operation or simulator state)"
        })
      )
    }
    // The first id after the last one listed: connectors made or deleted since move nothing already listed.
    let low = 0
    let high = ids.length
    while (low < high) {
      const mid = (low + high) >>> 1
      if ((ids[mid] ?? "") <= id) low = mid + 1
      else high = mid
    }
    start = low
  }
  const end = Math.min(start + (request.MaxResults ?? context.defaultPageSize), ids.length)
  const page = ids.slice(start, end)
  const last = page[page.length - 1]
  return Either.right(
    new ListVoiceConnectors.ListVoiceConnectorsResponse({
      VoiceConnectors: page.map(connector),
      ...(end < ids.length && last !== undefined
        ? {
          NextToken: Token.encode(context.tokenKey, {
            generation: context.generation,
            ...listing,
            created: 0,
            id: last
          })
        }
        : {})
    }, true)
  )
}
