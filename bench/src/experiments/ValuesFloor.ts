/**
 * A floor for the decoding benchmark, not a decoder: JSON.parse, then only the values the data model requires of
 * every decoder, a `Redacted` for each phone number and a `DateTime.Utc` for each timestamp. Nothing is checked, no
 * class is built, the timestamps are not even read. The second floor is the same with a plain object in place of
 * each `Redacted`, to show what effect's `Redacted` costs by itself.
 */
import * as DateTime from "effect/DateTime"
import * as Redacted from "effect/Redacted"

/** The floor's name in the benchmark's rows. */
export const floorName = "floor: JSON.parse, then only the Redacted numbers and DateTimes"

/** The second floor's name in the benchmark's rows. */
export const plainFloorName = "floor, with plain objects for the numbers"

interface Parsed {
  readonly ProxySessions: ReadonlyArray<{
    readonly EndedTimestamp?: string
    readonly Participants: ReadonlyArray<{ readonly PhoneNumber: string; readonly ProxyPhoneNumber: string }>
  }>
}

const floorWith = (number: (value: string) => unknown) => (body: string): number => {
  const parsed = JSON.parse(body) as Parsed
  const values: Array<unknown> = []
  for (const session of parsed.ProxySessions) {
    values.push(DateTime.unsafeMake(0), DateTime.unsafeMake(1))
    if (session.EndedTimestamp !== undefined) values.push(DateTime.unsafeMake(2))
    for (const participant of session.Participants) {
      values.push(number(participant.PhoneNumber), number(participant.ProxyPhoneNumber))
    }
  }
  return values.length
}

/** The floor: returns how many values it made. */
export const valuesFloor = floorWith(Redacted.make)

/** The floor with plain objects for the phone numbers. */
export const plainFloor = floorWith((value) => ({ value }))
