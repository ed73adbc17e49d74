import { ListProxySessions, Wire } from "@chime-proxy/core"
import { assert, describe, it } from "@effect/vitest"
import * as Arbitrary from "effect/Arbitrary"
import { encodeResponse } from "../src/internal/encode.js"

describe("the emulator's response encoder", () => {
  it.prop(
    "writes byte for byte what Wire.encodeResponse writes",
    { response: Arbitrary.make(ListProxySessions.ListProxySessionsResponse) },
    ({ response }) => {
      assert.strictEqual(encodeResponse(response), Wire.encodeResponse(response))
    },
    { fastCheck: { numRuns: 300 } }
  )
})
