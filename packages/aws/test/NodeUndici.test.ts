import * as NodeUndici from "@chime-proxy/aws/NodeUndici"
import { ProxySessions } from "@chime-proxy/core"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Scope from "effect/Scope"
import { connectionsClosed, testServer } from "./server.js"

describe("NodeUndici", () => {
  it.live("the layer's connection pool is closed with its scope: the kept-alive connection ends at once", () =>
    Effect.gen(function*() {
      const server = yield* testServer((_, response) => {
        response.writeHead(200, { "content-type": "application/json" })
        response.end(JSON.stringify({ ProxySessions: [{ ProxySessionId: "ps-1" }] }))
      })
      // The server would keep an idle connection for a minute: only the client's closing ends it sooner.
      server.server.keepAliveTimeout = 60_000
      const scope = yield* Scope.make()
      const context = yield* Layer.buildWithScope(
        NodeUndici.layerProxySessions({ region: "us-east-1", endpoint: server.url, deprecationWarning: false }),
        scope
      )
      const page = yield* ProxySessions.listProxySessions({ VoiceConnectorId: "vc" }).pipe(Effect.provide(context))
      assert.strictEqual(page.ProxySessions[0]?.ProxySessionId, "ps-1")
      assert.strictEqual(server.sockets.size, 1)
      yield* Scope.close(scope, Exit.void)
      // The client closes the connection, well before the server's minute.
      yield* connectionsClosed(server)
      assert.strictEqual(server.sockets.size, 0)
    }).pipe(Effect.scoped))
})
