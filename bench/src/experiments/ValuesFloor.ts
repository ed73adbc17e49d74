/**
 * A floor for the decoding benchmark, not a decoder: JSON.parse, then only what the data model requires of every
 * decoder and no decoder can do more cheaply, a `Redacted` for each phone number (written in place of the string).
 * Nothing is checked, no class is built, no timestamp is read. The second floor puts a plain object where each
 * `Redacted` was, to show what effect's `Redacted` costs by itself.
 */
import * as Redacted from "effect/Redacted"

/** The floor's name in the benchmark's rows. */
export const floorName = "floor: JSON.parse, then only the Redacted numbers"

/** The second floor's name in the benchmark's rows. */
export const plainFloorName = "floor, with plain objects for the numbers"

interface Parsed {
  readonly ProxySessions: ReadonlyArray<{ readonly Participants: ReadonlyArray<Record<string, unknown>> }>
}

const floorWith = (number: (value: unknown) => unknown) => (body: string): number => {
  const parsed = JSON.parse(body) as Parsed
  let made = 0
  for (const session of parsed.ProxySessions) {
    for (const participant of session.Participants) {
      participant.PhoneNumber = number(participant.PhoneNumber)
      participant.ProxyPhoneNumber = number(participant.ProxyPhoneNumber)
      made += 2
    }
  }
  return made
}

/** The floor: returns how many numbers it made. */
export const valuesFloor = floorWith(Redacted.make)

/** The floor with plain objects for the phone numbers. */
export const plainFloor = floorWith((value) => ({ value }))
