import { ClientError, ListProxySessions, ProxySessionsError, ServiceError, Wire } from "@chime-proxy/core"
import { assert, describe, it } from "@effect/vitest"
import * as Arbitrary from "effect/Arbitrary"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import * as Schema from "effect/Schema"

const left = <R, L>(either: Either.Either<R, L>): L => {
  if (Either.isRight(either)) throw new Error("expected a Left")
  return either.left
}

const right = <R, L>(either: Either.Either<R, L>): R => {
  if (Either.isLeft(either)) throw new Error(`expected a Right, got ${String(either.left)}`)
  return either.right
}

describe("request encoding", () => {
  it("escapes a label as restJson1 does", () => {
    assert.strictEqual(
      Wire.escape(" %:/?#[]@!$&'()*+,;=😹"),
      "%20%25%3A%2F%3F%23%5B%5D%40%21%24%26%27%28%29%2A%2B%2C%3B%3D%F0%9F%98%B9"
    )
    assert.strictEqual(Wire.escape("AZaz09-_.~"), "AZaz09-_.~")
  })

  it("builds method, path and query, leaving absent members out", () => {
    const parts = Wire.encodeRequest(
      new ListProxySessions.ListProxySessionsRequest({ VoiceConnectorId: "a b/c" as never })
    )
    assert.deepStrictEqual(parts, { method: "GET", path: "/voice-connectors/a%20b%2Fc/proxy-sessions", query: [] })
    const full = Wire.encodeRequest(
      Schema.decodeSync(ListProxySessions.ListProxySessionsRequest)({
        VoiceConnectorId: "vc",
        MaxResults: 10,
        NextToken: "a+b=",
        Status: "InProgress"
      })
    )
    assert.deepStrictEqual(full.query, [["max-results", "10"], ["next-token", "a+b="], ["status", "InProgress"]])
    assert.strictEqual(Wire.encodeQuery(full.query), "max-results=10&next-token=a%2Bb%3D&status=InProgress")
  })

  it("decodeRequest(encodeRequest(x)) gives back x", () => {
    FastCheck.assert(
      FastCheck.property(Arbitrary.make(ListProxySessions.ListProxySessionsRequest), (request) => {
        const parts = Wire.encodeRequest(request)
        const query = Wire.encodeQuery(parts.query)
        const back = right(Wire.decodeRequest(parts.method, query === "" ? parts.path : `${parts.path}?${query}`))
        assert.deepStrictEqual(back, request)
      }),
      { numRuns: 300 }
    )
  })

  it("any label and token, in any script, survive the trip through path and query", () => {
    const text = FastCheck.string({ unit: "grapheme", minLength: 1, maxLength: 40 })
    FastCheck.assert(
      FastCheck.property(text.filter((id) => /\S/.test(id)), text, (id, token) => {
        const request = Schema.decodeSync(ListProxySessions.ListProxySessionsRequest)({
          VoiceConnectorId: id,
          NextToken: token
        })
        const parts = Wire.encodeRequest(request)
        assert.deepStrictEqual(
          right(Wire.decodeRequest("GET", `${parts.path}?${Wire.encodeQuery(parts.query)}`)),
          request
        )
      }),
      { numRuns: 300 }
    )
  })

  it("validates before any I/O, naming the field and the constraint", () =>
    Effect.gen(function*() {
      const cases: ReadonlyArray<readonly [typeof ListProxySessions.ListProxySessionsRequest.Encoded, string]> = [
        [{ VoiceConnectorId: "vc", MaxResults: 0 }, "MaxResults"],
        [{ VoiceConnectorId: "vc", MaxResults: 101 }, "MaxResults"],
        [{ VoiceConnectorId: "   " }, "VoiceConnectorId"],
        [{ VoiceConnectorId: "a".repeat(129) }, "VoiceConnectorId"],
        [{ VoiceConnectorId: "vc", NextToken: "t".repeat(65536) }, "NextToken"],
        [{ VoiceConnectorId: "vc\uD800" }, "VoiceConnectorId"]
      ]
      for (const [input, field] of cases) {
        const error = yield* Effect.flip(Wire.validateRequest(input))
        assert.instanceOf(error, ClientError.RequestValidationError)
        assert.strictEqual(error.field, field)
        assert.include(error.message, field)
      }
      const ok = yield* Wire.validateRequest({ VoiceConnectorId: "vc", MaxResults: 100, NextToken: "t".repeat(65535) })
      assert.strictEqual(ok.MaxResults, 100)
    }).pipe(Effect.runPromise))
})

describe("request decoding on a server", () => {
  const decode = (pathAndQuery: string, method = "GET") => Wire.decodeRequest(method, pathAndQuery)

  it("routes, decodes the label and ignores unknown parameters", () => {
    const request = right(decode("/voice-connectors/a%20b%2Fc/proxy-sessions?status=Closed&x-other=1&max-results=07"))
    assert.strictEqual(request.VoiceConnectorId, "a b/c")
    assert.strictEqual(request.Status, "Closed")
    assert.strictEqual(request.MaxResults, 7)
  })

  it("tells an unknown route from a wrong method", () => {
    assert.strictEqual((left(decode("/voice-connectors/vc")) as Wire.RouteMismatch)._tag, "UnknownRoute")
    assert.strictEqual((left(decode("/")) as Wire.RouteMismatch)._tag, "UnknownRoute")
    assert.strictEqual(
      (left(decode("/voice-connectors/vc/proxy-sessions", "POST")) as Wire.RouteMismatch)._tag,
      "MethodNotAllowed"
    )
  })

  it("refuses repeated, malformed and out-of-range parameters with the field named", () => {
    const field = (pathAndQuery: string) => (left(decode(pathAndQuery)) as ClientError.RequestValidationError).field
    assert.strictEqual(field("/voice-connectors/vc/proxy-sessions?max-results=1&max-results=2"), "MaxResults")
    assert.strictEqual(field("/voice-connectors/vc/proxy-sessions?max-results=abc"), "MaxResults")
    assert.strictEqual(field("/voice-connectors/vc/proxy-sessions?max-results=-1"), "MaxResults")
    assert.strictEqual(field("/voice-connectors/vc/proxy-sessions?max-results=101"), "MaxResults")
    assert.strictEqual(field("/voice-connectors/vc/proxy-sessions?max-results=99999999999999999999"), "MaxResults")
    assert.strictEqual(field("/voice-connectors/vc/proxy-sessions?status=Pending"), "Status")
    assert.strictEqual(field("/voice-connectors/%E0%A4%A/proxy-sessions"), "voiceConnectorId")
    assert.strictEqual(field("/voice-connectors/%20/proxy-sessions"), "VoiceConnectorId")
    assert.strictEqual(field(`/voice-connectors/vc/proxy-sessions?next-token=${"t".repeat(65536)}`), "NextToken")
  })

  it("parses a query once for every reader: pairs in order, decoded, the unread values left alone", () => {
    assert.deepStrictEqual(right(Wire.parseQuery("a=1&&b&a=%20x&c%3D=%3D")), [["a", "1"], ["b", ""], ["a", " x"], [
      "c=",
      "="
    ]])
    assert.deepStrictEqual(right(Wire.parseQuery("")), [])
    assert.strictEqual(left(Wire.parseQuery("%zz=1")).field, "query")
    assert.strictEqual(left(Wire.parseQuery("status=%zz")).field, "status")
    assert.deepStrictEqual(right(Wire.parseQuery("x=%zz&status=Open", (name) => name === "status")), [[
      "status",
      "Open"
    ]])
    const field = (pathAndQuery: string) => (left(decode(pathAndQuery)) as ClientError.RequestValidationError).field
    assert.strictEqual(field("/voice-connectors/vc/proxy-sessions?next-token=%zz"), "NextToken")
    assert.isTrue(Either.isRight(decode("/voice-connectors/vc/proxy-sessions?x=%zz")))
  })

  it("never throws, whatever the path", () => {
    FastCheck.assert(
      FastCheck.property(FastCheck.string({ unit: "binary", maxLength: 200 }), (junk) => {
        const result = decode(`/voice-connectors/${junk}/proxy-sessions?${junk}`)
        assert.isTrue(Either.isLeft(result) || Either.isRight(result))
      }),
      { numRuns: 500 }
    )
  })
})

describe("response codecs", () => {
  it("decodeResponse(encodeResponse(x)) gives back x, and encoding it again gives the same bytes", () => {
    const equivalent = Schema.equivalence(ListProxySessions.ListProxySessionsResponse)
    FastCheck.assert(
      FastCheck.property(Arbitrary.make(ListProxySessions.ListProxySessionsResponse), (response) => {
        const body = Wire.encodeResponse(response)
        const back = right(Wire.decodeResponse(200, body))
        assert.instanceOf(back, ListProxySessions.ListProxySessionsResponse)
        assert.isTrue(equivalent(back, response), `${body} decodes to another value`)
        assert.strictEqual(Wire.encodeResponse(back), body)
      }),
      { numRuns: 200 }
    )
  })

  it("a session encodes to the very bytes it has inside a page", () => {
    FastCheck.assert(
      FastCheck.property(Arbitrary.make(ListProxySessions.ListProxySessionsResponse), (response) => {
        const page = `{"ProxySessions":[${response.ProxySessions.map(Wire.encodeProxySession).join(",")}]`
        assert.isTrue(Wire.encodeResponse(response).startsWith(page))
      }),
      { numRuns: 200 }
    )
  })

  it("omits absent members", () => {
    const body = Wire.encodeResponse(new ListProxySessions.ListProxySessionsResponse({ ProxySessions: [] }))
    assert.strictEqual(body, "{\"ProxySessions\":[]}")
  })

  it("an empty body is an empty page; anything else unreadable is a ResponseDecodeError", () => {
    assert.deepStrictEqual(right(Wire.decodeResponse(200, "")).ProxySessions, [])
    const cases = ["<html>502 Bad Gateway</html>", "{\"ProxySessions\": [", "[]", "{\"ProxySessions\": 5}", "null"]
    for (const body of cases) {
      const error = left(Wire.decodeResponse(200, body, "req-1"))
      assert.instanceOf(error, ClientError.ResponseDecodeError)
      assert.strictEqual(error.status, 200)
      assert.strictEqual(error.requestId, "req-1")
      assert.include(error.message, "HTTP 200")
    }
  })

  it("keeps an excerpt of a huge body short", () => {
    const error = left(Wire.decodeResponse(502, "x".repeat(1_000_000)))
    assert.isBelow(error.excerpt.length, 400)
  })
})

describe("error codecs", () => {
  it("sanitises error names as the SDKs do", () => {
    assert.strictEqual(
      Wire.sanitizeErrorName("NotFoundException:http://internal.amazon.com/coral/com.amazonaws.chime/"),
      "NotFoundException"
    )
    assert.strictEqual(Wire.sanitizeErrorName("aws.protocoltests.restjson#FooError"), "FooError")
    assert.strictEqual(
      Wire.sanitizeErrorName("aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/com.amazon/"),
      "FooError"
    )
    assert.strictEqual(Wire.sanitizeErrorName("FooError,BarError"), "FooError")
  })

  it("finds the name in the header, then the body's code, then __type", () => {
    const header = Wire.decodeError({
      status: 404,
      errorType: "NotFoundException:http://internal.amazon.com/",
      body: "{\"code\":\"ThrottledClientException\",\"Message\":\"no such connector\"}"
    })
    assert.strictEqual(header._tag, "NotFoundException")
    assert.strictEqual(header.Message, "no such connector")
    const code = Wire.decodeError({ status: 429, body: "{\"code\":\"ThrottledClientException\",\"message\":\"slow\"}" })
    assert.strictEqual(code._tag, "ThrottledClientException")
    assert.strictEqual(code.Message, "slow")
    const type = Wire.decodeError({ status: 400, body: "{\"__type\":\"com.amazon#BadRequestException\"}" })
    assert.strictEqual(type._tag, "BadRequestException")
  })

  it("recognises every error of the operation and every common error by name and status", () => {
    for (const [name, ErrorClass] of Object.entries(ServiceError.operationErrors)) {
      const status = new ErrorClass({ Message: "m" }).status
      const error = Wire.decodeError({ status, errorType: name, body: "{\"Message\":\"m\",\"Code\":\"X\"}" })
      assert.strictEqual(error._tag, name)
      assert.strictEqual(error.status, status)
      assert.strictEqual(error.Code, "X")
    }
    for (const [name, status] of Object.entries(ServiceError.commonErrorStatuses)) {
      const error = Wire.decodeError({ status, errorType: name, body: "{\"message\":\"m\"}", requestId: "r" })
      assert.strictEqual(error._tag, "CommonError")
      assert.strictEqual(ServiceError.errorName(error), name)
      assert.strictEqual(error.status, status)
      assert.strictEqual(error.requestId, "r")
    }
  })

  it("keeps an unknown name with its status and message", () => {
    const error = Wire.decodeError({
      status: 418,
      errorType: "TeapotException",
      body: "{\"Message\":\"short and stout\"}"
    })
    assert.instanceOf(error, ServiceError.UnknownServiceError)
    assert.strictEqual(ServiceError.errorName(error), "TeapotException")
    assert.strictEqual(error.status, 418)
    assert.include(error.message, "short and stout")
    const nameless = Wire.decodeError({ status: 502, body: "<html>Bad Gateway</html>" })
    assert.strictEqual(ServiceError.errorName(nameless), "UnknownError")
    assert.include(nameless.Message, "Bad Gateway")
    assert.isTrue(ProxySessionsError.isTransient(nameless))
  })

  it("decodeError(encodeError(e)) gives back e", () => {
    const errors: ReadonlyArray<ServiceError.ServiceError> = [
      ...Object.values(ServiceError.operationErrors).map((ErrorClass) =>
        new ErrorClass({ Message: "message", Code: "Code" })
      ),
      ServiceError.CommonError.of("SignatureDoesNotMatch", "bad signature"),
      new ServiceError.UnknownServiceError({ errorName: "Whatever", Message: "?", status: 409 })
    ]
    for (const error of errors) {
      const wire = Wire.encodeError(error)
      assert.strictEqual(wire.headers["x-amzn-errortype"], ServiceError.errorName(error))
      const back = Wire.decodeError({
        status: wire.status,
        errorType: wire.headers["x-amzn-errortype"],
        body: wire.body
      })
      assert.deepStrictEqual({ ...back }, { ...error })
    }
  })
})
