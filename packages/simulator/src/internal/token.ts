/**
 * NextTokens: the key of the last session a page examined, bound to the listing it belongs to (the simulator's
 * reset generation, the voice connector's incarnation and the Status filter) and authenticated by a 64-bit keyed
 * hash under a secret derived from the simulator's seed. The hash detects truncated, altered and foreign tokens; it
 * is not a defence against an attacker.
 *
 * Format: `<base64url of a JSON array>.<16 hex digits>`: printable ASCII, at most a few hundred characters.
 */
import * as Either from "effect/Either"
import * as Encoding from "effect/Encoding"
import { hashString, hex8, mix32 } from "./prng.js"

export interface TokenKey {
  readonly first: number
  readonly second: number
}

export const makeKey = (seed: number): TokenKey => ({
  first: mix32(seed ^ 0x746f6b31),
  second: mix32(Math.imul(seed, 0x2545f491) ^ 0x746f6b32)
})

export interface Position {
  readonly generation: number
  readonly connector: number
  readonly status: string
  readonly created: number
  readonly id: string
}

const version = 1

const mac = (key: TokenKey, body: string): string =>
  hex8(hashString(key.first, body)) + hex8(hashString(key.second, `${body}\u0000${key.first}`))

export const encode = (key: TokenKey, position: Position): string => {
  const body = Encoding.encodeBase64Url(
    JSON.stringify([version, position.generation, position.connector, position.status, position.created, position.id])
  )
  return `${body}.${mac(key, body)}`
}

const isInt = (u: unknown): u is number => typeof u === "number" && Number.isSafeInteger(u)

export const decode = (key: TokenKey, token: string): Either.Either<Position, string> => {
  const dot = token.lastIndexOf(".")
  if (dot <= 0) return Either.left("it is not a token of this service")
  const body = token.slice(0, dot)
  if (token.slice(dot + 1) !== mac(key, body)) {
    return Either.left("it was altered, truncated or issued by another simulator")
  }
  const json = Encoding.decodeBase64UrlString(body)
  if (Either.isLeft(json)) return Either.left("it is not a token of this service")
  let value: unknown
  try {
    value = JSON.parse(json.right)
  } catch {
    return Either.left("it is not a token of this service")
  }
  if (
    !Array.isArray(value) || value.length !== 6 || value[0] !== version || !isInt(value[1]) || !isInt(value[2]) ||
    typeof value[3] !== "string" || typeof value[4] !== "number" || !Number.isFinite(value[4]) ||
    typeof value[5] !== "string"
  ) {
    return Either.left("it is not a token of this service")
  }
  return Either.right({
    generation: value[1],
    connector: value[2],
    status: value[3],
    created: value[4],
    id: value[5]
  })
}
