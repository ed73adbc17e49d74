// `AwsProxySessionsText.make` is the live layer's call with each page's sessions as their wire text: the same
// requests, the same errors and, for every body, the text `Wire.encodeProxySession` writes for each session the
// ProxySessions service decodes.
import { AwsConfig, AwsProxySessions, Credentials } from "@chime-proxy/aws"
import * as AwsProxySessionsText from "@chime-proxy/aws/AwsProxySessionsText"
import { ProxySessions, ProxySessionsText, Wire } from "@chime-proxy/core"
import * as HttpClient from "@effect/platform/HttpClient"
import { assert, describe, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
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
