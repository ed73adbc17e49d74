// `AwsProxySessionsText.make` is the live layer's call with each page's sessions as their wire text: the same
// requests, the same errors and, for every body, the text `Wire.encodeProxySession` writes for each session the
// ProxySessions service decodes. Its layers are those of `AwsProxySessions`, with the same options and errors.
import { AwsConfig, AwsError, AwsProxySessions, Credentials } from "@chime-proxy/aws"
import * as AwsProxySessionsText from "@chime-proxy/aws/AwsProxySessionsText"
import { ProxySessions, ProxySessionsText, Wire } from "@chime-proxy/core"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import { assert, describe, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Chunk from "effect/Chunk"
import * as Config from "effect/Config"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { testServer, verifySignature } from "./server.js"
import type { Reply } from "./utils.js"
import { accessKeyId, fakeClient, json, secretAccessKey, serviceError } from "./utils.js"

const session = {
  VoiceConnectorId: "vc-1",
  ProxySessionId: "s-1",
  Status: "Open",
  CreatedTimestamp: "2025-06-01T12:00:00.000Z",
  Participants: [{ PhoneNumber: "+12065550142", ProxyPhoneNumber: "+12065550100" }]
}

// Both services over one scripted client, as a program provides them side by side.
const both = (replies: ReadonlyArray<Reply>) => {
  const { client, seen } = fakeClient(replies)
  const layer = Layer.mergeAll(
    Layer.effect(ProxySessions.ProxySessions, AwsProxySessions.make),
    Layer.effect(ProxySessionsText.ProxySessionsText, AwsProxySessionsText.make)
  ).pipe(
    Layer.provide(Credentials.layerStatic({ accessKeyId, secretAccessKey })),
    Layer.provide(Layer.succeed(HttpClient.HttpClient, client)),
    Layer.provide(AwsConfig.layer({ region: "us-east-1", deprecationWarning: false, maxAttempts: 1 }))
  )
  return { layer, seen }
}

const input = { VoiceConnectorId: "vc-1", MaxResults: 2, NextToken: "t0" }

describe("AwsProxySessionsText.make", () => {
  it.effect("sends the same request and gives each session's wire text, for canonical pages and others", () =>
    Effect.gen(function*() {
      const bodies: ReadonlyArray<Reply> = [
        json(200, { ProxySessions: [session, { ProxySessionId: "s-2" }], NextToken: "t1" }),
        json(200, { NextToken: "t1", ProxySessions: [{ ...session, CreatedTimestamp: "2025-06-01T12:00:00Z" }] }),
        { status: 200, body: "" }
      ]
      for (const body of bodies) {
        const { layer, seen } = both([body])
        const [decoded, text] = yield* Effect.all([
          ProxySessions.listProxySessions(input),
          Effect.flatMap(ProxySessionsText.ProxySessionsText, (service) => service.listProxySessionsText(input))
        ]).pipe(Effect.provide(layer))
        assert.deepStrictEqual([...text.ProxySessions], decoded.ProxySessions.map(Wire.encodeProxySession))
        assert.strictEqual(text.NextToken, decoded.NextToken)
        assert.strictEqual(seen.length, 2)
        assert.strictEqual(seen[1]!.url.href, seen[0]!.url.href)
      }
    }))

  it.effect("fails with the same typed errors", () =>
    Effect.gen(function*() {
      const replies: ReadonlyArray<Reply> = [
        serviceError(404, "NotFoundException", "no such connector"),
        { status: 200, body: "{\"ProxySessions\":[{\"ExpiryMinutes\":0}]}" },
        { status: 200, body: "not json +12065550142" }
      ]
      for (const reply of replies) {
        const { layer } = both([reply])
        const [decoded, text] = yield* Effect.all([
          Effect.exit(ProxySessions.listProxySessions(input)),
          Effect.exit(
            Effect.flatMap(ProxySessionsText.ProxySessionsText, (service) => service.listProxySessionsText(input))
          )
        ]).pipe(Effect.provide(layer))
        assert.isTrue(Exit.isFailure(decoded) && Exit.isFailure(text))
        if (Exit.isFailure(decoded) && Exit.isFailure(text)) {
          const [a, b] = [Cause.squash(decoded.cause), Cause.squash(text.cause)] as Array<Record<string, unknown>>
          assert.strictEqual(b!._tag, a!._tag)
          assert.deepStrictEqual({ ...b }, { ...a })
          assert.strictEqual(b!.message, a!.message)
        }
      }
      const { layer, seen } = both([json(200, { ProxySessions: [] })])
      const invalid = yield* Effect.flip(
        Effect.flatMap(ProxySessionsText.ProxySessionsText, (service) =>
          service.listProxySessionsText({ VoiceConnectorId: ".." })).pipe(Effect.provide(layer))
      )
      assert.strictEqual(invalid._tag, "RequestValidationError")
      assert.strictEqual(seen.length, 0)
    }))
})

// Two pages, the second behind the first's NextToken; and the text of their sessions, as the encoder writes each.
const pages = [
  { ProxySessions: [session, { ProxySessionId: "s-2" }], NextToken: "t1" },
  { ProxySessions: [{ ...session, ProxySessionId: "s-3", CreatedTimestamp: "2025-06-01T12:00:00Z" }] }
]
const texts = pages.flatMap((page) =>
  Either.getOrThrow(Wire.decodeResponse(200, JSON.stringify(page))).ProxySessions.map(Wire.encodeProxySession)
)

interface KeyPair {
  readonly accessKeyId: string
  readonly secretAccessKey: string
}

/**
 * A node:http server on 127.0.0.1 that checks each request's SigV4 signature for the region and serves the page
 * its NextToken asks for; every request is recorded.
 */
const pagingServer = (credentials: KeyPair, region: string) =>
  Effect.gen(function*() {
    const requests: Array<{ readonly verified: boolean; readonly token: string | undefined }> = []
    const server = yield* testServer((request, response) => {
      verifySignature(request, credentials, region).then((verified) => {
        const decoded = Wire.decodeRequest(request.method ?? "", request.url ?? "")
        const token = Either.isRight(decoded) ? decoded.right.NextToken : undefined
        requests.push({ verified, token })
        response.writeHead(verified ? 200 : 403, {
          "content-type": "application/json",
          ...(verified ? {} : { "x-amzn-errortype": "SignatureDoesNotMatch" })
        })
        response.end(JSON.stringify(verified ? pages[token === "t1" ? 1 : 0] : { Message: "bad signature" }))
      })
    })
    return { requests, url: server.url }
  })

// Every session of the listing, as wire text, through the ProxySessionsText service of the context.
const listAll = Effect.flatMap(
  ProxySessionsText.ProxySessionsText,
  (service) => ProxySessionsText.paginator(service).stream({ voiceConnectorId: "vc-1" }).pipe(Stream.runCollect)
).pipe(Effect.map(Chunk.toReadonlyArray))

const staticCredentials = { accessKeyId, secretAccessKey }
const noFile = "/nonexistent/aws-config"

describe("AwsProxySessionsText layers", () => {
  it.live("layer: the options, over the given HttpClient and credentials", () =>
    Effect.gen(function*() {
      const { requests, url } = yield* pagingServer(staticCredentials, "us-east-1")
      const listed = yield* listAll.pipe(
        Effect.provide(
          AwsProxySessionsText.layer({ region: "us-east-1", endpoint: url, deprecationWarning: false }).pipe(
            Layer.provide(Credentials.layerStatic(staticCredentials)),
            Layer.provide(FetchHttpClient.layer)
          )
        )
      )
      assert.deepStrictEqual(listed, texts)
      assert.deepStrictEqual(requests, [{ verified: true, token: undefined }, { verified: true, token: "t1" }])
    }).pipe(Effect.scoped))

  it.live("layerConfig: the options read from a Config, through the ConfigProvider", () =>
    Effect.gen(function*() {
      const { requests, url } = yield* pagingServer(staticCredentials, "eu-north-1")
      const listed = yield* listAll.pipe(
        Effect.provide(
          AwsProxySessionsText.layerConfig({
            region: Config.string("MY_REGION"),
            endpoint: Config.string("MY_ENDPOINT"),
            deprecationWarning: Config.succeed(false)
          }).pipe(
            Layer.provide(Credentials.layerStatic(staticCredentials)),
            Layer.provide(FetchHttpClient.layer)
          )
        ),
        Effect.withConfigProvider(
          ConfigProvider.fromMap(
            new Map([
              ["MY_REGION", "eu-north-1"],
              ["MY_ENDPOINT", url],
              // The environment's endpoint, which the options win over: nothing listens there.
              ["AWS_ENDPOINT_URL", "http://127.0.0.1:9"],
              ["AWS_CONFIG_FILE", noFile]
            ])
          )
        )
      )
      assert.deepStrictEqual(listed, texts)
      assert.deepStrictEqual(requests, [{ verified: true, token: undefined }, { verified: true, token: "t1" }])
    }).pipe(Effect.scoped))

  it.live("layerNode: Node's fetch and the default credential chain (here, the environment's static keys)", () =>
    Effect.gen(function*() {
      const environment = {
        accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? "",
        secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? ""
      }
      const { requests, url } = yield* pagingServer(environment, "eu-west-1")
      const listed = yield* listAll.pipe(
        Effect.provide(
          AwsProxySessionsText.layerNode({ region: "eu-west-1", endpoint: url, deprecationWarning: false })
        )
      )
      assert.deepStrictEqual(listed, texts)
      assert.deepStrictEqual(requests, [{ verified: true, token: undefined }, { verified: true, token: "t1" }])
    }).pipe(Effect.scoped))

  it.live("layerNode beside AwsProxySessions.layerNode, each for its own profile, signs with its profile's keys", () =>
    Effect.gen(function*() {
      const dir = mkdtempSync(join(tmpdir(), "chime-proxy-profiles-"))
      const file = join(dir, "credentials")
      writeFileSync(
        file,
        "[one]\naws_access_key_id = AKIDPROFILEONE\naws_secret_access_key = secret-one\n" +
          "[two]\naws_access_key_id = AKIDPROFILETWO\naws_secret_access_key = secret-two\n"
      )
      // The chain reads the shared credentials file named by process.env, set for this test only.
      yield* Effect.acquireRelease(
        Effect.sync(() => {
          const previous = process.env.AWS_SHARED_CREDENTIALS_FILE
          process.env.AWS_SHARED_CREDENTIALS_FILE = file
          return previous
        }),
        (previous) =>
          Effect.sync(() => {
            if (previous === undefined) delete process.env.AWS_SHARED_CREDENTIALS_FILE
            else process.env.AWS_SHARED_CREDENTIALS_FILE = previous
          })
      )
      const keys: Array<string> = []
      const server = yield* testServer((request, response) => {
        keys.push(/Credential=([^/]+)\//.exec(request.headers.authorization ?? "")?.[1] ?? "")
        response.writeHead(200, { "content-type": "application/json" })
        response.end(JSON.stringify(pages[1]))
      })
      const options = { region: "us-east-1", endpoint: server.url, deprecationWarning: false }
      const live = Layer.merge(
        AwsProxySessions.layerNode({ ...options, profile: "one" }),
        AwsProxySessionsText.layerNode({ ...options, profile: "two" })
      )
      yield* ProxySessions.listProxySessions({ VoiceConnectorId: "vc-1" }).pipe(
        Effect.zipRight(listAll),
        Effect.provide(live)
      )
      assert.deepStrictEqual(keys, ["AKIDPROFILEONE", "AKIDPROFILETWO"])
    }).pipe(Effect.scoped))

  it.live("a bad option fails each layer with the ConfigurationError of its AwsProxySessions counterpart", () =>
    Effect.gen(function*() {
      const { requests, url } = yield* pagingServer(staticCredentials, "us-east-1")
      const needs = Layer.merge(Credentials.layerStatic(staticCredentials), FetchHttpClient.layer)
      const badOptions: ReadonlyArray<AwsConfig.Options> = [
        { region: "us-east-1", endpoint: url, useFipsEndpoint: true },
        { region: "us-east-1", endpoint: "ftp://127.0.0.1/" },
        { region: "us-east-1", endpoint: url, maxAttempts: 0 }
      ]
      const pairs = badOptions.flatMap((options) =>
        [
          [
            Layer.provide(AwsProxySessionsText.layer(options), needs),
            Layer.provide(AwsProxySessions.layer(options), needs)
          ],
          [AwsProxySessionsText.layerNode(options), AwsProxySessions.layerNode(options)]
        ] as const
      )
      const fromConfig = {
        region: Config.string("MY_REGION"),
        endpoint: Config.string("MY_ENDPOINT"),
        maxAttempts: Config.integer("MY_ATTEMPTS")
      }
      const configured = [
        Layer.provide(AwsProxySessionsText.layerConfig(fromConfig), needs),
        Layer.provide(AwsProxySessions.layerConfig(fromConfig), needs)
      ] as const
      for (const [text, decoded] of [...pairs, configured]) {
        const [textError, decodedError] = yield* Effect.all([
          Effect.flip(Layer.build(text)),
          Effect.flip(Layer.build(decoded))
        ]).pipe(
          Effect.scoped,
          Effect.withConfigProvider(
            ConfigProvider.fromMap(
              new Map([["MY_REGION", "us-east-1"], ["MY_ENDPOINT", url], ["MY_ATTEMPTS", "many"], [
                "AWS_CONFIG_FILE",
                noFile
              ]])
            )
          )
        )
        assert.instanceOf(textError, AwsError.ConfigurationError)
        assert.deepStrictEqual({ ...textError }, { ...decodedError })
        assert.strictEqual(textError.message, decodedError.message)
      }
      assert.strictEqual(requests.length, 0)
    }).pipe(Effect.scoped))
})
