import * as NodeHttp from "@chime-proxy/aws/NodeHttp"
import { ProxySessions, VoiceConnectors } from "@chime-proxy/core"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Scope from "effect/Scope"
import { connectionsClosed, testServer } from "./server.js"

describe("NodeHttp", () => {
  it.live("one kept-alive connection serves every request; the agent is destroyed with the layer's scope", () =>
    Effect.gen(function*() {
      const server = yield* testServer((request, response) => {
        response.writeHead(200, { "content-type": "application/json" })
        response.end(
          request.url?.includes("/proxy-sessions")
            ? JSON.stringify({ ProxySessions: [{ ProxySessionId: "ps-1" }] })
            : JSON.stringify({ VoiceConnectors: [{ VoiceConnectorId: "vc-1" }] })
        )
      })
      let connections = 0
      server.server.on("connection", () => connections++)
      // The server would keep an idle connection for a minute: only the client's closing ends it sooner.
      server.server.keepAliveTimeout = 60_000
      const scope = yield* Scope.make()
      const options = { region: "us-east-1", endpoint: server.url, deprecationWarning: false }
      const context = yield* Layer.buildWithScope(
        Layer.merge(NodeHttp.layerProxySessions(options), NodeHttp.layerVoiceConnectors(options)),
        scope
      )
      for (let i = 0; i < 3; i++) {
        const page = yield* ProxySessions.listProxySessions({ VoiceConnectorId: "vc" }).pipe(Effect.provide(context))
        assert.strictEqual(page.ProxySessions[0]?.ProxySessionId, "ps-1")
      }
      const connectors = yield* VoiceConnectors.listVoiceConnectors({}).pipe(Effect.provide(context))
      assert.strictEqual(connectors.VoiceConnectors[0]?.VoiceConnectorId, "vc-1")
      // The platform's default agent would have opened one connection per request.
      assert.strictEqual(connections, 1)
      assert.strictEqual(server.sockets.size, 1)
      yield* Scope.close(scope, Exit.void)
      // The client closes the connection, well before the server's minute.
      yield* connectionsClosed(server)
      assert.strictEqual(server.sockets.size, 0)
    }).pipe(Effect.scoped))
})
