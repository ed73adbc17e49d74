import { assert, describe, it } from "@effect/vitest"
import * as Hints from "../src/Hints.js"

describe("Hints", () => {
  it("quotes ids for the shell and never writes a raw control character", () => {
    const text = Hints.lines({
      url: "http://127.0.0.1:4599",
      region: "us-east-1",
      auth: true,
      accessKeyId: "AKID",
      secretAccessKey: undefined,
      voiceConnectorIds: ["it's\u001b[31mred"]
    })
    // eslint-disable-next-line no-control-regex
    assert.notMatch(text, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/)
    assert.include(text, "--voice-connector-id $'it\\'s\\x1b[31mred'")
    const plain = Hints.lines({ ...hintsBase, voiceConnectorIds: ["a b"] })
    assert.include(plain, "--voice-connector-id 'a b'")
  })
})

const hintsBase = {
  url: "http://127.0.0.1:4599",
  region: "us-east-1",
  auth: false,
  accessKeyId: "AKID",
  secretAccessKey: undefined
} as const
