/**
 * The measuring discipline of every benchmark: a warm-up round that is thrown away, then several rounds in which the
 * contenders take turns (a, b, a, b, …) so that a noisy neighbour slows them alike, and the median of each figure.
 */

/** One measurement of one contender: named figures. */
export type Sample = Readonly<Record<string, number>>

/** A contender: a name and one measured run. */
export interface Contender {
  readonly name: string
  readonly run: () => Promise<Sample>
}

/** How many rounds to run, after how many warm-up rounds. */
export interface Rounds {
  readonly warmup: number
  readonly rounds: number
}

/** The median of some numbers (the mean of the middle two for an even count); NaN when there are none. */
export const median = (values: ReadonlyArray<number>): number => {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  const at = (index: number) => sorted[index] ?? Number.NaN
  return sorted.length % 2 === 1 ? at(middle) : (at(middle - 1) + at(middle)) / 2
}

/** The samples of one contender, and the median of each figure. */
export interface Measured {
  readonly name: string
  readonly samples: ReadonlyArray<Sample>
  readonly medians: Sample
}

const mediansOf = (samples: ReadonlyArray<Sample>): Sample => {
  const names = new Set(samples.flatMap((sample) => Object.keys(sample)))
  const result: Record<string, number> = {}
  for (const name of names) {
    result[name] = median(samples.map((sample) => sample[name]).filter((value) => value !== undefined))
  }
  return result
}

/**
 * Runs the contenders in turn: `warmup` rounds that are discarded, then `rounds` rounds that are kept. The order
 * within a round alternates (a, b then b, a) so that neither contender always runs first.
 */
export const alternate = async (
  contenders: ReadonlyArray<Contender>,
  rounds: Rounds,
  onRound?: (round: number, name: string, sample: Sample) => void
): Promise<ReadonlyArray<Measured>> => {
  const samples = new Map<string, Array<Sample>>(contenders.map((contender) => [contender.name, []]))
  for (let round = 0; round < rounds.warmup + rounds.rounds; round++) {
    const order = round % 2 === 0 ? contenders : [...contenders].reverse()
    for (const contender of order) {
      const sample = await contender.run()
      if (round >= rounds.warmup) samples.get(contender.name)!.push(sample)
      onRound?.(round - rounds.warmup, contender.name, sample)
    }
  }
  return contenders.map((contender) => {
    const kept = samples.get(contender.name)!
    return { name: contender.name, samples: kept, medians: mediansOf(kept) }
  })
}

/**
 * Times a synchronous function over and over for about `millis` milliseconds and returns the nanoseconds per call.
 * The clock is read once per batch, not once per call, so that reading it costs nothing measurable.
 */
export const timePerCall = (
  fn: () => unknown,
  millis: number
): { readonly nsPerCall: number; readonly calls: number } => {
  let batch = 1
  let calls = 0
  const start = process.hrtime.bigint()
  const deadline = start + BigInt(Math.round(millis * 1e6))
  let now = start
  while (now < deadline) {
    for (let i = 0; i < batch; i++) fn()
    calls += batch
    now = process.hrtime.bigint()
    if (now - start < 10_000_000n) batch *= 2
  }
  return { nsPerCall: Number(now - start) / calls, calls }
}

/** Milliseconds since `start` (a `process.hrtime.bigint()` reading). */
export const millisSince = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6
