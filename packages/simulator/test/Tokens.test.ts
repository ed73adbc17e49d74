// The simulator's NextTokens (src/internal/token.ts) on their own: every field comes back, every kind of damage is
// refused with the reason a client is told, and a token whose hash is right but whose content is not what this
// simulator writes (another version, a hand-made one) is refused instead of read. The listing-level checks are in
// Pagination.test.ts and Service.test.ts; these are the edges a mutant moves (npm run mutation -- tokens).
import { assert, describe, it } from "@effect/vitest"
import * as Either from "effect/Either"
import * as Encoding from "effect/Encoding"
import * as FastCheck from "effect/FastCheck"
import { hashString, hex8 } from "../src/internal/prng.js"
import * as Token from "../src/internal/token.js"

const key = Token.makeKey(42)
const position: Token.Position = { generation: 3, connector: 7, status: "Open", created: 1_717_243_200_123, id: "ps-1" }

const notOurs = "it is not a token of this service"
const altered = "it was altered, truncated or issued by another simulator"

/**
 * A token of the documented format (`<base64url of the body>.<16 hex digits>`) with a correct keyed hash over any
 * body: the two 32-bit halves, the second keyed with the first key and bound to it.
 */
const forge = (body: string, k: Token.TokenKey = key): string =>
  `${body}.${hex8(hashString(k.first, body))}${hex8(hashString(k.second, `${body}\u0000${k.first}`))}`

const forgeJson = (json: string): string => forge(Encoding.encodeBase64Url(json))

const reason = (token: string, k: Token.TokenKey = key): string => {
  const decoded = Token.decode(k, token)
  if (Either.isRight(decoded)) throw new Error(`expected a refusal, got ${JSON.stringify(decoded.right)}`)
  return decoded.left
}

describe("simulator tokens", () => {
  it("a token gives back its position, every field of it", () => {
    const token = Token.encode(key, position)
    assert.match(token, /^[A-Za-z0-9_-]+\.[0-9a-f]{16}$/)
    assert.deepStrictEqual(Token.decode(key, token), Either.right(position))
    // The forger writes what the simulator writes: the format above is the one the decoder checks.
    assert.strictEqual(forge(token.slice(0, token.lastIndexOf("."))), token)
  })

  it("any position survives the trip", () => {
    FastCheck.assert(
      FastCheck.property(
        FastCheck.record({
          generation: FastCheck.maxSafeInteger(),
          connector: FastCheck.maxSafeInteger(),
          status: FastCheck.string(),
          created: FastCheck.double({ noNaN: true, noDefaultInfinity: true }),
          id: FastCheck.string({ unit: "binary" })
        }),
        FastCheck.integer(),
        (p, seed) => {
          const k = Token.makeKey(seed)
          // -0 is written as 0 by JSON.
          assert.deepStrictEqual(Token.decode(k, Token.encode(k, p)), Either.right({ ...p, created: p.created + 0 }))
        }
      ),
      { numRuns: 200 }
    )
  })

  it("each seed has its own key: a token of another seed is refused", () => {
    const keys = [0, 1, 2, 42, -1, 2 ** 31, 0x746f6b31].map(Token.makeKey)
    for (const [i, a] of keys.entries()) {
      for (const [j, b] of keys.entries()) {
        const token = Token.encode(a, position)
        if (i === j) assert.isTrue(Either.isRight(Token.decode(b, token)))
        else assert.strictEqual(reason(token, b), altered, `${i} ${j}`)
      }
      // Both halves of a key are used, and differ from each other and from the other keys'.
      assert.notStrictEqual(a.first, a.second)
    }
    assert.strictEqual(new Set(keys.flatMap((k) => [k.first, k.second])).size, keys.length * 2)
  })

  it("a token without a body, or without a dot, is not a token", () => {
    const token = Token.encode(key, position)
    const mac = token.slice(token.lastIndexOf(".") + 1)
    for (const bad of ["", ".", `.${mac}`, token.replace(".", ""), "abc", mac]) {
      assert.strictEqual(reason(bad), notOurs, bad)
    }
  })

  it("any change, truncation or extension is caught by the hash", () => {
    const token = Token.encode(key, position)
    const dot = token.lastIndexOf(".")
    const changes = [
      token.slice(0, -1),
      `${token}0`,
      `${token.slice(0, -1)}${token.endsWith("0") ? "1" : "0"}`,
      token.slice(1),
      `A${token}`,
      `${token.slice(0, dot - 1)}${token[dot - 1] === "A" ? "B" : "A"}${token.slice(dot)}`,
      token.toUpperCase(),
      `${token.slice(0, dot)}.${"0".repeat(16)}`,
      `${token.slice(0, dot)}.`,
      // Only the second half wrong, then only the first.
      `${token.slice(0, dot + 9)}${token.slice(dot + 9).split("").reverse().join("")}`,
      `${token.slice(0, dot + 1)}${"0".repeat(8)}${token.slice(dot + 9)}`
    ]
    for (const changed of changes) {
      if (changed === token) continue
      assert.strictEqual(reason(changed), altered, changed)
    }
  })

  it("a hash that is right over content this simulator never writes is still refused", () => {
    // Not base64url, not JSON, not an array, the wrong length or version, and each field of the wrong kind.
    assert.strictEqual(reason(forge("!!!")), notOurs)
    const bodies = [
      "not json",
      "{\"version\":1}",
      "null",
      "[]",
      "[1,3,7,\"Open\",0]",
      "[1,3,7,\"Open\",0,\"ps\",\"extra\"]",
      "[2,3,7,\"Open\",0,\"ps\"]",
      "[\"1\",3,7,\"Open\",0,\"ps\"]",
      "[1,3.5,7,\"Open\",0,\"ps\"]",
      "[1,\"3\",7,\"Open\",0,\"ps\"]",
      "[1,9007199254740992,7,\"Open\",0,\"ps\"]",
      "[1,3,7.5,\"Open\",0,\"ps\"]",
      "[1,3,null,\"Open\",0,\"ps\"]",
      "[1,3,7,5,0,\"ps\"]",
      "[1,3,7,null,0,\"ps\"]",
      "[1,3,7,\"Open\",\"0\",0]",
      "[1,3,7,\"Open\",null,\"ps\"]",
      "[1,3,7,\"Open\",1e999,\"ps\"]",
      "[1,3,7,\"Open\",-1e999,\"ps\"]",
      "[1,3,7,\"Open\",0,5]",
      "[1,3,7,\"Open\",0,null]"
    ]
    for (const body of bodies) assert.strictEqual(reason(forgeJson(body)), notOurs, body)
    // And the same forger's token of a well-formed body is read: it is the content that was refused above.
    assert.deepStrictEqual(
      Token.decode(key, forgeJson("[1,3,7,\"Open\",0.5,\"ps\"]")),
      Either.right({ generation: 3, connector: 7, status: "Open", created: 0.5, id: "ps" })
    )
    assert.deepStrictEqual(
      Token.decode(key, forgeJson("[1,-3,0,\"\",-1,\"\"]")),
      Either.right({ generation: -3, connector: 0, status: "", created: -1, id: "" })
    )
  })

  it("a dot inside the body does not confuse the reader: the hash is after the last one", () => {
    const token = forgeJson("[1,3,7,\"Open\",0,\"ps\"]")
    assert.isTrue(Either.isRight(Token.decode(key, token)))
    assert.strictEqual(reason(`x.${token}`), altered)
  })
})
