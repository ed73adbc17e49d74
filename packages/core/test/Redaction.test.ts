import { ListProxySessions, ProxySession, Wire } from "@chime-proxy/core"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Logger from "effect/Logger"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import { inspect } from "node:util"

/** The value, or a failed test when it is missing. */
const defined = <A>(value: A | undefined): A => {
  if (value === undefined) throw new Error("expected a value, found none")
  return value
}

const phone = "+12065550142"
const proxyPhone = "+12065550199"
const digits = ["2065550142", "2065550199"]

const session = Schema.decodeUnknownSync(ProxySession.ProxySession)({
  ProxySessionId: "s-1",
  Participants: [{ PhoneNumber: phone, ProxyPhoneNumber: proxyPhone }]
})

const assertNoPhone = (text: string) => {
  for (const number of digits) assert.notInclude(text, number)
}

describe("phone numbers are sensitive", () => {
  it("a caller can still read them on purpose", () => {
    const participant = defined(session.Participants?.[0])
    assert.strictEqual(Redacted.value(participant.PhoneNumber!), phone)
    assert.strictEqual(Redacted.value(participant.ProxyPhoneNumber!), proxyPhone)
  })

  it("they never show in String(x), JSON.stringify or Node's inspect", () => {
    assertNoPhone(String(defined(session.Participants?.[0]).PhoneNumber))
    assertNoPhone(`${defined(session.Participants?.[0]).ProxyPhoneNumber}`)
    assertNoPhone(JSON.stringify(session))
    assertNoPhone(inspect(session, { depth: 10 }))
    assertNoPhone(inspect(new ListProxySessions.ListProxySessionsResponse({ ProxySessions: [session] }), { depth: 10 }))
  })

  it("they never show in logs", () =>
    Effect.gen(function*() {
      const lines: Array<string> = []
      const logger = Logger.make(({ message }) => {
        lines.push(inspect(message, { depth: 10 }))
      })
      yield* Effect.log("session", session, defined(session.Participants?.[0]).PhoneNumber).pipe(
        Effect.provide(Logger.replace(Logger.defaultLogger, logger))
      )
      assert.isAbove(lines.length, 0)
      assertNoPhone(lines.join("\n"))
      const structured: Array<string> = []
      const jsonLogger = Logger.map(Logger.jsonLogger, (line) => structured.push(line))
      yield* Effect.log(session).pipe(Effect.provide(Logger.replace(Logger.defaultLogger, jsonLogger)))
      assert.isAbove(structured.length, 0)
      assertNoPhone(structured.join("\n"))
    }).pipe(Effect.runPromise))

  it("they never show in decoding errors, their messages, JSON or inspect", () => {
    const body = JSON.stringify({
      ProxySessions: [{ Participants: [{ PhoneNumber: "2065550142-not-e164", ProxyPhoneNumber: 2065550199 }] }]
    })
    const result = Wire.decodeResponse(200, body)
    assert.isTrue(Either.isLeft(result))
    const error = Either.getLeft(result).pipe((option) => option._tag === "Some" ? option.value : undefined)!
    assertNoPhone(error.message)
    assertNoPhone(String(error))
    assertNoPhone(JSON.stringify(error))
    assertNoPhone(inspect(error, { depth: 10 }))
  })

  it("they never show in a request validation error", () => {
    const result = Schema.decodeUnknownEither(ProxySession.Participant)({ PhoneNumber: 2065550142 })
    assert.isTrue(Either.isLeft(result))
    assertNoPhone(String(Either.isLeft(result) ? result.left : ""))
  })

  it("masks a number after a plus sign whatever follows it", () => {
    const error = Wire.decodeResponse(
      200,
      JSON.stringify({ ProxySessions: [{ Participants: [{ PhoneNumber: `${phone}x` }] }] })
    )
    assert.isTrue(Either.isLeft(error))
    assertNoPhone(Either.isLeft(error) ? error.left.message : "")
    assertNoPhone(JSON.stringify(Either.isLeft(error) ? error.left : ""))
  })

  it("masks numbers, not timestamps or ids", () => {
    const error = Wire.decodeError({
      status: 400,
      errorType: "RequestExpired",
      body: JSON.stringify({ message: "Signature expired: 20261130T230936Z is now earlier than 20261130T231500Z" }),
      requestId: "3f2a9c1e-0d4b-4c7a-9e55-1a2b3c4d5e6f"
    })
    assert.include(error.message, "20261130T230936Z")
    assert.include(error.message, "3f2a9c1e-0d4b-4c7a-9e55-1a2b3c4d5e6f")
  })

  it("an error body that echoes a number is masked", () => {
    const error = Wire.decodeError({
      status: 400,
      errorType: "BadRequestException",
      body: JSON.stringify({ Message: `Participant ${phone} is invalid` })
    })
    assertNoPhone(error.message)
    assertNoPhone(JSON.stringify(error))
  })
})
