import {
  ClientError,
  ListVoiceConnectors,
  ProxySession,
  ServiceError,
  VoiceConnector,
  VoiceConnectors,
  VoiceConnectorsWire,
  Wire
} from "@chime-proxy/core"
import { assert, describe, it } from "@effect/vitest"
import * as Arbitrary from "effect/Arbitrary"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"

const left = <R, L>(either: Either.Either<R, L>): L => {
  if (Either.isRight(either)) throw new Error("expected a Left")
  return either.left
}

const right = <R, L>(either: Either.Either<R, L>): R => {
  if (Either.isLeft(either)) throw new Error(`expected a Right, got ${String(either.left)}`)
  return either.right
}

const roundTrips = <A, I>(name: string, schema: Schema.Schema<A, I>) =>
  it(`${name}: decode(encode(x)) equals x through JSON`, () => {
    const encode = Schema.encodeSync(schema)
    const decode = Schema.decodeUnknownSync(schema)
    const equivalent = Schema.equivalence(schema)
    FastCheck.assert(
      FastCheck.property(Arbitrary.make(schema), (value) => {
        const wire = JSON.stringify(encode(value))
        const back = decode(JSON.parse(wire))
        assert.strictEqual(JSON.stringify(encode(back)), wire)
        assert.isTrue(equivalent(back, value), `${name} changed on the way back`)
      }),
      { numRuns: 200 }
    )
  })

const accepts = <A, I>(schema: Schema.Schema<A, I>, value: unknown) =>
  Either.isRight(Schema.decodeUnknownEither(schema)(value))

describe("VoiceConnector schemas", () => {
  roundTrips("NonEmptyString", VoiceConnector.NonEmptyString)
  roundTrips("VoiceConnectorName", VoiceConnector.VoiceConnectorName)
  roundTrips("ResponseVoiceConnectorAwsRegion", VoiceConnector.ResponseVoiceConnectorAwsRegion)
  roundTrips("ResponseVoiceConnectorIntegrationType", VoiceConnector.ResponseVoiceConnectorIntegrationType)
  roundTrips("ResponseNetworkType", VoiceConnector.ResponseNetworkType)
  roundTrips("VoiceConnector", VoiceConnector.VoiceConnector)
  roundTrips("ListVoiceConnectorsRequest", ListVoiceConnectors.ListVoiceConnectorsRequest)
  roundTrips("ListVoiceConnectorsResponse", ListVoiceConnectors.ListVoiceConnectorsResponse)

  it("Name: 1 and 256 characters of the pattern pass; empty, 257, and other characters fail", () => {
    assert.isTrue(accepts(VoiceConnector.VoiceConnectorName, "a"))
    assert.isTrue(accepts(VoiceConnector.VoiceConnectorName, "Az09 _.-"))
    assert.isTrue(accepts(VoiceConnector.VoiceConnectorName, "n".repeat(256)))
    assert.isFalse(accepts(VoiceConnector.VoiceConnectorName, ""))
    assert.isFalse(accepts(VoiceConnector.VoiceConnectorName, "n".repeat(257)))
    for (const bad of ["a/b", "é", "a\nb", "a:b", "a,b"]) {
      assert.isFalse(accepts(VoiceConnector.VoiceConnectorName, bad), bad)
    }
  })

  it("VoiceConnectorId and VoiceConnectorArn: blank strings fail, any visible character passes", () => {
    assert.isTrue(accepts(VoiceConnector.NonEmptyString, " a "))
    assert.isTrue(accepts(VoiceConnector.NonEmptyString, "x".repeat(1000)))
    assert.isFalse(accepts(VoiceConnector.NonEmptyString, ""))
    assert.isFalse(accepts(VoiceConnector.NonEmptyString, " \t\n"))
    assert.isFalse(accepts(VoiceConnector.VoiceConnector, { VoiceConnectorArn: " " }))
  })

  it("MaxResults: 1 and 100 pass; 0, 101, 1.5 and '5' fail", () => {
    const request = (MaxResults: unknown) => ({ MaxResults })
    assert.isTrue(accepts(ListVoiceConnectors.ListVoiceConnectorsRequest, request(1)))
    assert.isTrue(accepts(ListVoiceConnectors.ListVoiceConnectorsRequest, request(100)))
    for (const bad of [0, 101, 1.5, "5", Number.NaN]) {
      assert.isFalse(accepts(ListVoiceConnectors.ListVoiceConnectorsRequest, request(bad)), String(bad))
    }
  })

  it("enumerations are open: an unknown region, integration or network type is kept and written back", () => {
    const json = {
      VoiceConnectorId: "vc1",
      AwsRegion: "mars-north-1",
      IntegrationType: "SOMETHING_NEW",
      NetworkType: "IPV6_ONLY",
      RequireEncryption: true,
      CreatedTimestamp: "2024-01-02T03:04:05.678Z"
    }
    const decoded = Schema.decodeUnknownSync(VoiceConnector.VoiceConnector)(json)
    assert.instanceOf(decoded.AwsRegion, ProxySession.UnknownEnumValue)
    assert.instanceOf(decoded.IntegrationType, ProxySession.UnknownEnumValue)
    assert.instanceOf(decoded.NetworkType, ProxySession.UnknownEnumValue)
    assert.deepStrictEqual(Schema.encodeSync(VoiceConnector.VoiceConnector)(decoded), json)
    const known = Schema.decodeUnknownSync(VoiceConnector.VoiceConnector)({ AwsRegion: "eu-west-2" })
    assert.strictEqual(known.AwsRegion, "eu-west-2")
  })

  it("wrongly typed members fail", () => {
    assert.isFalse(accepts(VoiceConnector.VoiceConnector, { RequireEncryption: "true" }))
    assert.isFalse(accepts(VoiceConnector.VoiceConnector, { CreatedTimestamp: "yesterday" }))
    assert.isFalse(accepts(VoiceConnector.VoiceConnector, { AwsRegion: 1 }))
    assert.isFalse(accepts(ListVoiceConnectors.ListVoiceConnectorsResponse, { VoiceConnectors: {} }))
  })

  it("the operation's six errors are known errors with the model's statuses", () => {
    assert.strictEqual(ListVoiceConnectors.errorNames.length, 6)
    assert.notInclude(ListVoiceConnectors.errorNames, "NotFoundException")
    for (const name of ListVoiceConnectors.errorNames) {
      const error = ServiceError.make(name)
      assert.strictEqual(ServiceError.errorName(error), name)
      assert.strictEqual(error.status, ServiceError.operationErrorStatuses[name])
    }
  })
})

describe("ListVoiceConnectors on the wire", () => {
  it("builds GET /voice-connectors with its query, leaving absent members out", () => {
    assert.deepStrictEqual(
      VoiceConnectorsWire.encodeRequest(new ListVoiceConnectors.ListVoiceConnectorsRequest({})),
      { method: "GET", path: "/voice-connectors", query: [] }
    )
    const parts = VoiceConnectorsWire.encodeRequest(
      new ListVoiceConnectors.ListVoiceConnectorsRequest({ MaxResults: 7, NextToken: "a+b=" })
    )
    assert.strictEqual(Wire.encodeQuery(parts.query), "max-results=7&next-token=a%2Bb%3D")
  })

  it("decodeRequest(encodeRequest(x)) gives back x", () => {
    FastCheck.assert(
      FastCheck.property(Arbitrary.make(ListVoiceConnectors.ListVoiceConnectorsRequest), (request) => {
        const parts = VoiceConnectorsWire.encodeRequest(request)
        const query = Wire.encodeQuery(parts.query)
        const back = right(
          VoiceConnectorsWire.decodeRequest(parts.method, query === "" ? parts.path : `${parts.path}?${query}`)
        )
        assert.deepStrictEqual(back, request)
      }),
      { numRuns: 300 }
    )
  })

  it("routes only /voice-connectors, tells a wrong method, refuses repeated and bad parameters", () => {
    assert.deepStrictEqual(right(VoiceConnectorsWire.decodeRequest("GET", "/voice-connectors/?x=1")), {
      ...new ListVoiceConnectors.ListVoiceConnectorsRequest({})
    })
    assert.strictEqual(
      left(VoiceConnectorsWire.decodeRequest("GET", "/voice-connectors/vc/proxy-sessions"))._tag,
      "UnknownRoute"
    )
    assert.strictEqual(left(VoiceConnectorsWire.decodeRequest("POST", "/voice-connectors"))._tag, "MethodNotAllowed")
    const repeated = left(VoiceConnectorsWire.decodeRequest("GET", "/voice-connectors?next-token=a&next-token=b"))
    assert.deepInclude(repeated, { field: "NextToken", constraint: "must be given at most once" })
    for (const bad of ["0", "101", "1.5", "x", "-1", ""]) {
      const error = left(VoiceConnectorsWire.decodeRequest("GET", `/voice-connectors?max-results=${bad}`))
      assert.deepInclude(error, { _tag: "RequestValidationError", field: "MaxResults" }, bad)
    }
    assert.deepInclude(left(VoiceConnectorsWire.decodeRequest("GET", "/voice-connectors?next-token=%E0%A4%A")), {
      field: "NextToken"
    })
    // ListProxySessions' decoder leaves this route alone, so a server can try both.
    assert.strictEqual(left(Wire.decodeRequest("GET", "/voice-connectors"))._tag, "UnknownRoute")
  })

  it("decodeResponse(encodeResponse(x)) gives back x", () => {
    FastCheck.assert(
      FastCheck.property(Arbitrary.make(ListVoiceConnectors.ListVoiceConnectorsResponse), (response) => {
        const body = VoiceConnectorsWire.encodeResponse(response)
        const back = right(VoiceConnectorsWire.decodeResponse(200, body))
        assert.strictEqual(VoiceConnectorsWire.encodeResponse(back), body)
      }),
      { numRuns: 200 }
    )
  })

  it("an empty body is an empty page; anything else unreadable is a ResponseDecodeError", () => {
    assert.deepStrictEqual(right(VoiceConnectorsWire.decodeResponse(200, "")).VoiceConnectors, [])
    assert.deepStrictEqual(right(VoiceConnectorsWire.decodeResponse(200, "{}")).VoiceConnectors, [])
    for (const body of ["<html>", "[]", "null", "{\"VoiceConnectors\":[{\"Name\":\"\"}]}"]) {
      const error = left(VoiceConnectorsWire.decodeResponse(200, body, "rid"))
      assert.strictEqual(error._tag, "ResponseDecodeError")
      assert.strictEqual(error.requestId, "rid")
    }
  })

  it("validates a request before any I/O, naming the field", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(VoiceConnectorsWire.validateRequest({ MaxResults: 0 }))
      assert.deepInclude(error, { _tag: "RequestValidationError", field: "MaxResults" })
      const surrogate = yield* Effect.flip(VoiceConnectorsWire.validateRequest({ NextToken: "\uD800" }))
      assert.strictEqual(surrogate.field, "NextToken")
    }).pipe(Effect.runSync))
})

const connectors = (count: number) =>
  Array.from({ length: count }, (_, i) => new VoiceConnector.VoiceConnector({ VoiceConnectorId: `vc-${i}` }))

/** An in-memory account: the token is the offset of the next page. */
const account = (source: ReadonlyArray<VoiceConnector.VoiceConnector>, calls: Array<unknown> = []) =>
  VoiceConnectors.make((request) =>
    Effect.sync(() => {
      calls.push(request)
      const offset = request.NextToken === undefined ? 0 : Number(request.NextToken)
      const end = Math.min(offset + (request.MaxResults ?? 10), source.length)
      return new ListVoiceConnectors.ListVoiceConnectorsResponse({
        VoiceConnectors: source.slice(offset, end),
        ...(end < source.length ? { NextToken: String(end) } : {})
      })
    })
  )

const collect = <A, E>(stream: Stream.Stream<A, E>) => Effect.runPromise(Stream.runCollect(stream)).then(Chunk.toArray)

describe("VoiceConnectors service", () => {
  it("the generic paginator lists every connector once, for any size and page size", async () => {
    await FastCheck.assert(
      FastCheck.asyncProperty(FastCheck.nat(250), FastCheck.integer({ min: 1, max: 100 }), async (count, pageSize) => {
        const source = connectors(count)
        const items = await collect(VoiceConnectors.paginator(account(source)).stream({ pageSize }))
        assert.deepStrictEqual(items.map((c) => c.VoiceConnectorId), source.map((c) => c.VoiceConnectorId))
      }),
      { numRuns: 50 }
    )
  })

  it("maxItems cuts the listing and its token resumes exactly there", async () => {
    const source = connectors(23)
    const service = account(source)
    const first = await collect(VoiceConnectors.paginator(service).pages({ pageSize: 10, maxItems: 15 }))
    const resume = first[first.length - 1]?.nextToken
    assert.isDefined(resume)
    const rest = await collect(VoiceConnectors.paginator(service).stream({ pageSize: 10, startingToken: resume }))
    assert.deepStrictEqual(
      [...first.flatMap((page) => page.items), ...rest].map((c) => c.VoiceConnectorId),
      source.map((c) => c.VoiceConnectorId)
    )
  })

  it("an account with no connectors is one empty page", async () => {
    const pages = await collect(VoiceConnectors.paginator(account([])).pages({}))
    assert.deepStrictEqual(pages.map((page) => page.items.length), [0])
  })

  it("bad options fail with a RequestValidationError before any call", async () => {
    const calls: Array<unknown> = []
    const service = account(connectors(3), calls)
    for (const options of [{ pageSize: 0 }, { pageSize: 101 }, { maxItems: 0 }, { prefetch: -1 }]) {
      const exit = await Effect.runPromiseExit(Stream.runCollect(VoiceConnectors.paginator(service).pages(options)))
      assert.isTrue(exit._tag === "Failure", JSON.stringify(options))
    }
    const invalid = await Effect.runPromise(Effect.flip(service.listVoiceConnectors({ MaxResults: 500 })))
    assert.instanceOf(invalid, ClientError.RequestValidationError)
    assert.deepStrictEqual(calls, [])
  })

  it("a service that repeats its token fails with a PaginationLoopError", async () => {
    const looping: VoiceConnectors.VoiceConnectors.Service = {
      listVoiceConnectors: () =>
        Effect.succeed(new ListVoiceConnectors.ListVoiceConnectorsResponse({ VoiceConnectors: [], NextToken: "t" }))
    }
    const error = await Effect.runPromise(Effect.flip(Stream.runDrain(VoiceConnectors.paginator(looping).pages({}))))
    assert.strictEqual(error._tag, "PaginationLoopError")
  })

  it.effect("the accessors use the service of the context", () =>
    Effect.gen(function*() {
      const page = yield* VoiceConnectors.listVoiceConnectors({ MaxResults: 2 })
      assert.strictEqual(page.VoiceConnectors.length, 2)
      assert.strictEqual(page.NextToken, "2")
      const all = yield* Stream.runCollect(VoiceConnectors.stream({ pageSize: 3 }))
      assert.strictEqual(Chunk.size(all), 7)
      const pages = yield* Stream.runCollect(VoiceConnectors.pages({ pageSize: 3 }))
      assert.strictEqual(Chunk.size(pages), 3)
    }).pipe(Effect.provide(Layer.succeed(VoiceConnectors.VoiceConnectors, account(connectors(7))))))
})
