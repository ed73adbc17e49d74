/**
 * Generated data: the members of a generated session (all derived from one 32-bit number), voice connector ids, and
 * bulk datasets. Every value is drawn from a seeded Prng, so that the same seed gives the same world.
 */
import { ProxySession } from "@chime-proxy/core"
import * as Redacted from "effect/Redacted"
import { Prng } from "./prng.js"
import { type Connector, minute, type NewSession, type Template } from "./store.js"

const areaCodes = ["206", "212", "303", "312", "415", "503", "512", "617", "702", "919"] as const
const adjectives = ["amber", "brisk", "calm", "dapper", "eager", "fond", "gentle", "hazel", "ivory", "jolly"] as const
const nouns = [
  "harbor",
  "meadow",
  "river",
  "summit",
  "canyon",
  "prairie",
  "grove",
  "lagoon",
  "ridge",
  "valley"
] as const
const capabilitySets: ReadonlyArray<ReadonlyArray<ProxySession.Capability>> = [["Voice"], ["SMS"], ["Voice", "SMS"]]
/** The expiries of generated sessions, in minutes. */
export const generatedExpiries = [30, 60, 120, 240, 480, 720, 1440, 2880, 4320, 10080] as const

/** A fictional North American number: 555-0100 to 555-0199 are reserved for fiction. */
const phoneNumber = (prng: Prng, area: string) => `+1${area}55501${String(prng.int(100)).padStart(2, "0")}`

/** The members of a generated session, all derived from its 32-bit `gen`. */
export const generateTemplate = (gen: number): Required<Template> => {
  const prng = new Prng(gen, 0x7e)
  const area = prng.pick(areaCodes)
  const participant = () =>
    new ProxySession.Participant({
      PhoneNumber: Redacted.make(phoneNumber(prng, prng.pick(areaCodes))),
      ProxyPhoneNumber: Redacted.make(phoneNumber(prng, area))
    }, true)
  return {
    Name: `${prng.pick(adjectives)}-${prng.pick(nouns)}-${prng.int(10000)}`,
    Capabilities: prng.pick(capabilitySets),
    Participants: [participant(), participant()],
    NumberSelectionBehavior: prng.int(2) === 0 ? "PreferSticky" : "AvoidSticky",
    GeoMatchLevel: prng.int(2) === 0 ? "Country" : "AreaCode",
    GeoMatchParams: new ProxySession.GeoMatchParams({ Country: "US", AreaCode: area }, true)
  }
}

/** 21 or 22 lowercase letters and digits, like a real voice connector id. */
export const generateConnectorId = (prng: Prng): string => {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
  const length = 21 + prng.int(2)
  let id = ""
  for (let i = 0; i < length; i++) id += alphabet[prng.int(alphabet.length)]
  return id
}

/**
 * Fills a connector with `count` generated sessions: creation times strictly increasing, 1 to 200 ms apart, the last
 * one `now`; a share of them InProgress or Closed by then.
 */
export const fillGenerated = (connector: Connector, prng: Prng, count: number, now: number): void => {
  const offsets = new Float64Array(count)
  let total = 0
  for (let i = 0; i < count; i++) {
    total += 1 + prng.int(200)
    offsets[i] = total
  }
  const start = now - total
  connector.insertMany(count, (i): NewSession => {
    const created = start + (offsets[i] ?? 0)
    const gen = prng.next()
    const expiry = prng.pick(generatedExpiries)
    const fate = prng.float()
    const when = prng.float()
    const span = Math.min(created + expiry * minute, now) - created
    const at = created + Math.floor(when * span)
    const called = span > 0 && fate >= 0.4 && fate < 0.75
    const closed = span > 0 && fate >= 0.75
    return {
      id: undefined,
      created,
      updated: called || closed ? at : created,
      expiry,
      called,
      closedAt: closed ? at : Number.NaN,
      gen,
      custom: undefined
    }
  })
}
