import { ProxySessions } from "@chime-proxy/core"
import { Fixture, Simulator } from "@chime-proxy/simulator"
import { Effect, Stream } from "effect"
import { readFileSync } from "node:fs"

// The open sessions of a connector as they were when the archive was taken, whatever the date today.
export const openSessions = (path: string, voiceConnectorId: string) =>
  Effect.flatMap(
    Fixture.parse(readFileSync(path, "utf8"), path),
    (archive) =>
      Stream.runCollect(ProxySessions.stream({ voiceConnectorId, status: "Open" })).pipe(
        Effect.provide(Simulator.layerFixture(archive))
      )
  )
