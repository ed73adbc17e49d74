/**
 * A floor for the listing benchmark, not a client to use: the least any Effect program does per page, whatever its
 * HTTP client. Floor.ts with @effect/platform's HttpClient taken out: each request is one `Effect.async` around
 * node:http's `http.get` (a keep-alive agent, the body gathered from its chunks), in an `Effect.gen` loop, with the
 * same signature, `JSON.parse` and required values (FloorPage.ts). No URL checks, no interruption, no error mapping,
 * no maximum body: nothing a library could leave out. Bundled and run with plain node, in a process of its own.
 *
 * Usage: node floor-effect-client.mjs <endpoint> <voiceConnectorId>
 */
import * as Effect from "effect/Effect"
import * as Http from "node:http"
import { reportToParent } from "../Reporting.js"
import { gather, signedRequest, tally } from "./FloorPage.js"

const agent = new Http.Agent({ keepAlive: true })

const bodyOf = (url: URL, headers: Record<string, string>) =>
  Effect.async<string, Error>((resume) => {
    Http.get(url, { agent, headers }, (response) => gather(response, (body) => resume(Effect.succeed(body))))
      .on("error", (error) => resume(Effect.fail(error)))
  })

const program = Effect.gen(function*() {
  const listing = tally()
  let token: string | undefined
  do {
    const { headers, url } = yield* signedRequest(token)
    token = listing.add(yield* bodyOf(url, headers))
  } while (token !== undefined)
  return listing.result()
})

const result = await Effect.runPromise(program)
agent.destroy()
reportToParent(result)
