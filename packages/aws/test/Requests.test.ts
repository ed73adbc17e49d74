import { AwsError, Credentials } from "@chime-proxy/aws"
import { ClientError, ProxySessions } from "@chime-proxy/core"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { at, emptyPage, fakeClient, liveLayer, sessionToken } from "./utils.js"

describe("requests", () => {
  it.effect("the URL, the query and the signed headers", () =>
    Effect.gen(function*() {
      const { client, seen } = fakeClient([emptyPage])
      yield* ProxySessions.listProxySessions({
        VoiceConnectorId: "vc 1/x",
        MaxResults: 10,
        NextToken: "a+b c",
        Status: "Open"
      }).pipe(Effect.provide(liveLayer(client, { region: "eu-west-2" })))
      assert.strictEqual(
        at(seen, 0).url.href,
        "https://voice-chime.eu-west-2.amazonaws.com/voice-connectors/vc%201%2Fx/proxy-sessions" +
          "?max-results=10&next-token=a%2Bb%20c&status=Open"
      )
      const headers = at(seen, 0).headers
      assert.match(
        headers.authorization ?? "",
        /^AWS4-HMAC-SHA256 Credential=AKIDTESTONLY0000\/19700101\/eu-west-2\/chime\/aws4_request, SignedHeaders=amz-sdk-invocation-id;amz-sdk-request;host;x-amz-content-sha256;x-amz-date;x-amz-security-token;x-amz-user-agent, Signature=[0-9a-f]{64}$/
      )
      assert.strictEqual(headers["x-amz-date"], "19700101T000000Z")
      assert.strictEqual(headers["x-amz-security-token"], sessionToken)
      assert.strictEqual(headers["amz-sdk-request"], "attempt=1; max=3")
    }))

  it.effect("a voice connector id of . or .. is refused before any I/O", () =>
    Effect.gen(function*() {
      const { client, seen } = fakeClient([emptyPage])
      for (const VoiceConnectorId of [".", ".."]) {
        const error = yield* ProxySessions.listProxySessions({ VoiceConnectorId }).pipe(
          Effect.provide(liveLayer(client)),
          Effect.flip
        )
        assert.instanceOf(error, ClientError.RequestValidationError)
        assert.strictEqual((error as ClientError.RequestValidationError).field, "VoiceConnectorId")
      }
      assert.strictEqual(seen.length, 0)
    }))

  it.effect("no credentials: a CredentialsError saying so, nothing sent, no retry", () =>
    Effect.gen(function*() {
      const { client, seen } = fakeClient([emptyPage])
      let asked = 0
      const failing = Layer.succeed(Credentials.AwsCredentials, {
        get: Effect.suspend(() => {
          asked++
          return Effect.fail(new AwsError.CredentialsError({ provider: "test", reason: "no credentials anywhere" }))
        })
      })
      const error = yield* ProxySessions.listProxySessions({ VoiceConnectorId: "vc" }).pipe(
        Effect.provide(liveLayer(client, {}, failing)),
        Effect.flip
      )
      assert.instanceOf(error, ClientError.CredentialsError)
      assert.strictEqual((error as ClientError.CredentialsError).provider, "test")
      assert.include(error.message, "no credentials anywhere")
      assert.strictEqual(seen.length, 0)
      assert.strictEqual(asked, 1)
    }))

  it.effect("a missing region fails the layer with a ConfigurationError, before any request", () =>
    Effect.gen(function*() {
      const { client, seen } = fakeClient([emptyPage])
      const error = yield* ProxySessions.listProxySessions({ VoiceConnectorId: "vc" }).pipe(
        Effect.provide(liveLayer(client, { region: "" })),
        Effect.flip
      )
      assert.instanceOf(error, AwsError.ConfigurationError)
      assert.strictEqual(seen.length, 0)
    }))

  it.effect("a request-mapping step of the given client runs before the signing step: its header is signed", () =>
    Effect.gen(function*() {
      const { client, seen } = fakeClient([emptyPage])
      const tagged = client.pipe(HttpClient.mapRequest(HttpClientRequest.setHeader("x-team", "voice")))
      yield* ProxySessions.listProxySessions({ VoiceConnectorId: "vc" }).pipe(Effect.provide(liveLayer(tagged)))
      const headers = at(seen, 0).headers
      assert.strictEqual(headers["x-team"], "voice")
      assert.match(headers.authorization ?? "", /SignedHeaders=[^,]*;x-team[;,]/)
    }))
})
