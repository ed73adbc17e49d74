// The edges of the wire codecs that the round trips of Wire.test.ts do not reach: the exact messages and fields of
// every refusal, the route's anchors, the digits a max-results may have, error bodies of every odd shape and the
// error-name rules of the SDKs. Written for the mutants Stryker found surviving (npm run mutation -- wire).
import {
  ClientError,
  ListProxySessions,
  ProxySession,
  ServiceError,
  VoiceConnectorsWire,
  Wire
} from "@chime-proxy/core"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"

const left = <R, L>(either: Either.Either<R, L>): L => {
  if (Either.isRight(either)) throw new Error("expected a Left")
  return either.left
}

const right = <R, L>(either: Either.Either<R, L>): R => {
  if (Either.isLeft(either)) throw new Error(`expected a Right, got ${String(either.left)}`)
  return either.right
}

const path = "/voice-connectors/vc/proxy-sessions"

const refusal = (pathAndQuery: string) => {
  const error = left(Wire.decodeRequest("GET", pathAndQuery))
  assert.instanceOf(error, ClientError.RequestValidationError)
  return { field: error.field, constraint: error.constraint }
}

describe("wire names", () => {
  it("names every request member as the wire does, the label included", () => {
    assert.deepStrictEqual({ ...Wire.wireNames }, {
      VoiceConnectorId: "voiceConnectorId",
      MaxResults: "max-results",
      NextToken: "next-token",
      Status: "status"
    })
  })
})

describe("request refusals, field and constraint", () => {
  it("a lone surrogate is refused as not well-formed Unicode, in any member", () =>
    Effect.gen(function*() {
      for (const input of [{ VoiceConnectorId: "vc\uDC00" }, { VoiceConnectorId: "vc", NextToken: "\uD800t" }]) {
        const error = yield* Effect.flip(Wire.validateRequest(input))
        assert.deepStrictEqual(
          { field: error.field, constraint: error.constraint },
          { field: Object.keys(input).at(-1)!, constraint: "must be well-formed Unicode" }
        )
      }
    }).pipe(Effect.runPromise))

  it("a label or a value that is not percent-encoding names its member; a name that is not names the query", () => {
    assert.deepStrictEqual(refusal("/voice-connectors/%E0%A4%A/proxy-sessions"), {
      field: "voiceConnectorId",
      constraint: "is not valid percent-encoding"
    })
    assert.deepStrictEqual(refusal(`${path}?next-token=%zz`), {
      field: "NextToken",
      constraint: "is not valid percent-encoding"
    })
    assert.deepStrictEqual(refusal(`${path}?%zz=1`), { field: "query", constraint: "is not valid percent-encoding" })
  })

  it("a request that is not even an object is refused as a whole", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Wire.validateRequest("vc" as never))
      assert.strictEqual(error.field, "request")
      assert.include(error.constraint, "Expected ListProxySessionsRequest")
    }).pipe(Effect.runPromise))

  it("a parameter given twice is refused, named by its member", () => {
    assert.deepStrictEqual(refusal(`${path}?status=Open&status=Open`), {
      field: "Status",
      constraint: "must be given at most once"
    })
  })

  it("max-results is only plain decimal digits: no sign, space, exponent, hexadecimal or fraction", () => {
    for (const value of ["%205", "5%20", "+5", "-1", "1e1", "0x10", "1.0", "5a", "a5", "", "1234567890"]) {
      assert.deepStrictEqual(refusal(`${path}?max-results=${value}`), {
        field: "MaxResults",
        constraint: "MaxResults must be an integer from 1 to 100"
      }, value)
    }
    // Digits out of range are refused by the schema, with the same message.
    for (const value of ["0", "101", "999999999"]) {
      assert.deepStrictEqual(refusal(`${path}?max-results=${value}`), {
        field: "MaxResults",
        constraint: "MaxResults must be an integer from 1 to 100"
      }, value)
    }
    for (const [value, number] of [["1", 1], ["100", 100], ["000000042", 42]] as const) {
      assert.strictEqual(right(Wire.decodeRequest("GET", `${path}?max-results=${value}`)).MaxResults, number)
    }
  })

  it("an empty query, or one of empty pairs, is no parameter at all", () => {
    for (const target of [path, `${path}?`, `${path}?&&`]) {
      const request = right(Wire.decodeRequest("GET", target))
      assert.deepStrictEqual({ ...request }, { VoiceConnectorId: "vc" })
    }
    assert.deepStrictEqual(right(Wire.parseQuery("&")), [])
  })
})

describe("routes", () => {
  it("the route is the whole path: nothing before it, nothing after it but one slash", () => {
    for (
      const target of [
        `/x${path}`,
        `x${path}`,
        `${path}/x`,
        `${path}//`,
        `${path}x`,
        "/voice-connectors/a/b/proxy-sessions"
      ]
    ) {
      const error = left(Wire.decodeRequest("GET", target)) as Wire.RouteMismatch
      assert.instanceOf(error, Wire.UnknownRoute, target)
      assert.strictEqual(error.message, "The requested route does not exist")
    }
    assert.strictEqual(right(Wire.decodeRequest("GET", `${path}/`)).VoiceConnectorId, "vc")
    assert.strictEqual(right(Wire.decodeRequest("GET", `${path}/?status=Open`)).Status, "Open")
  })

  it("a wrong method is named in the message", () => {
    const error = left(Wire.decodeRequest("DELETE", path)) as Wire.RouteMismatch
    assert.instanceOf(error, Wire.MethodNotAllowed)
    assert.strictEqual(error.message, "The method DELETE is not allowed on this route")
  })
})

describe("response codecs at their edges", () => {
  const session = Schema.decodeSync(ProxySession.ProxySession)({
    VoiceConnectorId: "vc",
    ProxySessionId: "ps",
    Status: "Open",
    Participants: [{ PhoneNumber: "+15125550142" }]
  })

  it("an empty or blank body is a page of no sessions", () => {
    for (const body of ["", "  \n"]) {
      const page = right(Wire.decodeResponse(200, body))
      assert.instanceOf(page, ListProxySessions.ListProxySessionsResponse)
      assert.deepStrictEqual(page.ProxySessions, [])
      assert.isUndefined(page.NextToken)
    }
  })

  it("a session of a subclass, which the fast encoder leaves to the schema, is encoded all the same", () => {
    class Tagged extends ProxySession.ProxySession {}
    const sub = new Tagged({ ...session })
    const expected =
      "{\"VoiceConnectorId\":\"vc\",\"ProxySessionId\":\"ps\",\"Status\":\"Open\",\"Participants\":[{\"PhoneNumber\":\"+15125550142\"}]}"
    assert.strictEqual(Wire.encodeProxySession(session), expected)
    assert.strictEqual(Wire.encodeProxySession(sub), expected)
    const page = new ListProxySessions.ListProxySessionsResponse({ ProxySessions: [sub], NextToken: "n" })
    assert.strictEqual(Wire.encodeResponse(page), `{"ProxySessions":[${expected}],"NextToken":"n"}`)
  })

  it("a body that is not a JSON object, or not a page, is refused with the reason and where", () => {
    const reason = (body: string) => left(Wire.decodeResponse(200, body)).reason
    assert.strictEqual(reason("<html>"), "the body is not JSON")
    for (const body of ["5", "\"page\"", "true", "null", "[]", "[{}]"]) {
      assert.strictEqual(reason(body), "the body is not a JSON object", body)
    }
    assert.strictEqual(
      reason("{\"ProxySessions\":[{\"Status\":5}]}"),
      "ProxySessions.0.Status: Status must be one of Open, InProgress, Closed"
    )
    assert.strictEqual(
      reason("{\"ProxySessions\":5}"),
      "ProxySessions: Expected ReadonlyArray<(ProxySession (Encoded side) <-> ProxySession)>, actual 5"
    )
  })

  it("a page the fast decoder leaves to the schema is decoded by the schema", () => {
    const body = "{\"ProxySessions\":[{\"ProxySessionId\":\"s-1\",\"Status\":\"Open\"}],\"NextToken\":\"n\"}"
    const fast = right(Wire.decodeResponse(200, body))
    // A member name on Object.prototype makes the fast decoder step aside (see FastCodecs.test.ts).
    Object.defineProperty(Object.prototype, "Name", { value: "inherited", configurable: true, enumerable: false })
    try {
      const slow = right(Wire.decodeResponse(200, body))
      assert.instanceOf(slow, ListProxySessions.ListProxySessionsResponse)
      assert.isTrue(Schema.equivalence(ListProxySessions.ListProxySessionsResponse)(slow, fast))
      assert.strictEqual(slow.ProxySessions[0]?.ProxySessionId, "s-1")
      assert.strictEqual(slow.NextToken, "n")
    } finally {
      delete (Object.prototype as Record<string, unknown>).Name
    }
  })

  it("the same body rules hold for an operation without a fast decoder (ListVoiceConnectors)", () => {
    assert.deepStrictEqual(right(VoiceConnectorsWire.decodeResponse(200, "")).VoiceConnectors, [])
    const page = right(VoiceConnectorsWire.decodeResponse(200, "{\"VoiceConnectors\":[{\"Name\":\"a\"}]}"))
    assert.strictEqual(page.VoiceConnectors[0]?.Name, "a")
    const error = left(VoiceConnectorsWire.decodeResponse(200, "{\"VoiceConnectors\":[{\"Name\":5}]}", "r"))
    assert.strictEqual(error.reason, "VoiceConnectors.0.Name: Expected string, actual 5")
    assert.strictEqual(error.requestId, "r")
  })

  it("an invalid value built without validation is refused by the schema, not written", () => {
    const bad = new ListProxySessions.ListProxySessionsResponse({ ProxySessions: [], NextToken: 5 as never }, true)
    assert.throws(() => Wire.encodeResponse(bad))
    const badSession = new ProxySession.ProxySession({ ExpiryMinutes: 0 }, true)
    assert.throws(() => Wire.encodeProxySession(badSession))
  })
})

describe("error codecs at their edges", () => {
  it("an error is written with a JSON content type, and without a Code when it has none", () => {
    const error = new ServiceError.NotFoundException({ Message: "no such connector" })
    assert.deepStrictEqual(Wire.encodeError(error), {
      status: 404,
      headers: { "content-type": "application/json", "x-amzn-errortype": "NotFoundException" },
      body: "{\"Message\":\"no such connector\"}"
    })
    const coded = new ServiceError.NotFoundException({ Message: "m", Code: "C" })
    assert.strictEqual(Wire.encodeError(coded).body, "{\"Code\":\"C\",\"Message\":\"m\"}")
  })

  it("error names are cleaned as the SDKs clean them", () => {
    const cases: ReadonlyArray<readonly [string, string]> = [
      ["  FooError  ", "FooError"],
      ["FooError", "FooError"],
      ["Foo , Bar", "Foo"],
      ["Foo : http://x", "Foo"],
      ["a,b:c", "a"],
      ["a:b,c", "a"],
      ["ns#Foo#Bar", "Foo"],
      [" ns# Foo ", "Foo"],
      ["ns#", ""],
      [",Foo", ""],
      [":Foo", ""],
      ["#Foo", "Foo"],
      ["F", "F"],
      ["ns#Foo,Bar", "Foo"],
      ["ns#Foo:Bar", "Foo"],
      ["ns:x#Foo", "ns"]
    ]
    for (const [raw, name] of cases) assert.strictEqual(Wire.sanitizeErrorName(raw), name, raw)
  })

  it("reads only string and number members, whatever else the body holds", () => {
    const decode = (body: string, errorType?: string) => Wire.decodeError({ status: 500, body, errorType })
    for (const body of ["null", "5", "\"text\"", "[]", "true"]) {
      const error = decode(body)
      assert.strictEqual(ServiceError.errorName(error), "UnknownError", body)
      assert.strictEqual(error.Message, "", body)
    }
    const objectMessage = decode("{\"Message\":{\"x\":1},\"message\":\"the real one\",\"Code\":[1]}", "Teapot")
    assert.strictEqual(objectMessage.Message, "the real one")
    assert.isUndefined(objectMessage.Code)
    const numbers = decode("{\"Message\":42,\"Code\":7}", "NotFoundException")
    assert.strictEqual(numbers.Message, "42")
    assert.strictEqual(numbers.Code, "7")
    assert.strictEqual(
      ServiceError.errorName(decode("{\"code\":false,\"__type\":\"ns#NotFoundException\"}")),
      "NotFoundException"
    )
  })

  it("a body that is not JSON is the message, masked; a JSON body without one, or a blank body, has none", () => {
    const decode = (body: string) => Wire.decodeError({ status: 502, body }).Message
    assert.strictEqual(decode("Bad Gateway for +1 512 555 0142"), "Bad Gateway for <redacted>")
    assert.strictEqual(decode("   "), "")
    assert.strictEqual(decode(""), "")
    assert.strictEqual(decode("{\"code\":\"X\"}"), "")
    assert.strictEqual(decode("{}"), "")
  })
})
