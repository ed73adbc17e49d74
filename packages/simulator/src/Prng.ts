/**
 * Seeded randomness, the same on every machine: the one generator behind the simulator's generated data and fault
 * plans and the emulator's wire faults, and the one schema of a rate (a probability per call). The same seed gives
 * the same draws, so a run that went wrong can be replayed.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as internal from "./internal/prng.js"

/**
 * A seeded pseudo-random generator (sfc32, seeded through splitmix32). It is mutable: each draw moves it on.
 *
 * @since 0.1.0
 * @category models
 */
export interface Prng {
  /** The next unsigned 32-bit integer. */
  readonly next: () => number
  /** A float in [0, 1). */
  readonly float: () => number
  /** An integer in [0, n). */
  readonly int: (n: number) => number
}

/**
 * Makes a generator from a seed (any number) and a stream, so that generators of one seed used for different
 * purposes draw independent sequences.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (seed: number, stream = 0): Prng => {
  const prng = new internal.Prng(seed, stream)
  return { next: () => prng.next(), float: () => prng.float(), int: (n) => prng.int(n) }
}

/**
 * A rate: the probability, from 0 to 1, that a call draws a given outcome.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Rate = Schema.Number.pipe(
  Schema.between(0, 1, { message: () => "a rate must be a number from 0 to 1" })
).annotations({ identifier: "Rate" })

/**
 * Draws one outcome of several, each with its rate (which together are at most 1); `otherwise` when none is drawn.
 * One float is drawn whatever the rates, so that a call's fate depends only on its place in the sequence.
 *
 * @since 0.1.0
 * @category draws
 */
export const choose = <A, B>(
  prng: Prng,
  outcomes: ReadonlyArray<readonly [rate: number, outcome: A]>,
  otherwise: B
): A | B => {
  const u = prng.float()
  let threshold = 0
  for (const [rate, outcome] of outcomes) {
    threshold += rate
    if (u < threshold) return outcome
  }
  return otherwise
}
