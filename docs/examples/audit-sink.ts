// The audit of one connector is a Sink: feed it any stream of sessions (here a page of a fixture).
import { Audit } from "@chime-proxy/cli"
import { ProxySession } from "@chime-proxy/core"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"

const sessions = Schema.decodeUnknownSync(Schema.Array(ProxySession.ProxySession))([
  {
    ProxySessionId: "a",
    Status: "Open",
    ExpiryMinutes: 60,
    CreatedTimestamp: "2025-06-01T09:00:00Z",
    Participants: [{ PhoneNumber: "+14155550100", ProxyPhoneNumber: "+12065550199" }]
  },
  { ProxySessionId: "b", Status: "Closed", CreatedTimestamp: "2025-06-01T10:00:00Z" }
])

const program = Effect.map(
  Stream.run(
    Stream.fromIterable(sessions),
    Audit.sink("vc-1", { now: DateTime.unsafeMake("2025-06-01T12:00:00Z") })
  ),
  (accumulator) => accumulator.result()
)

Effect.runPromise(program).then((audit) => {
  console.log(audit.byStatus) // [["Closed", 1], ["Open", 1]]
  console.log(audit.pastExpiry) // 1: "a" expired at 10:00 and is still Open
  console.log(audit.topProxyNumbers) // [{ proxyNumber: "+12065550199", sessions: 1, overestimate: 0 }]
})
