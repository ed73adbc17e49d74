/**
 * What every benchmark is given: the mode, the sizes that go with it, where to write, and how to say what it does.
 */

/** The sizes and rounds of a run. Quick mode keeps every benchmark but makes it tiny. */
export interface Settings {
  readonly quick: boolean
  /** Warm-up and kept rounds of the alternating benchmarks. */
  readonly warmup: number
  readonly rounds: number
  /** Kept rounds of the two slowest benchmarks: listing and the emulator's load. */
  readonly listingRounds: number
  readonly loadRounds: number
  /** Fresh-process runs of each store size of the simulator benchmark. */
  readonly simulatorRounds: number
  /** Sessions on the connector of the listing benchmark. */
  readonly listingSessions: number
  /** Store sizes of the simulator benchmark. */
  readonly simulatorSizes: ReadonlyArray<number>
  /** Sessions listed in each simulator child before it measures, so that the first size is not charged for the JIT. */
  readonly simulatorWarmup: number
  /** Length of one load-generator run, and its concurrent connections. */
  readonly loadMillis: number
  readonly loadConnections: number
  /** Time spent on each contender in each round of the decoding benchmark. */
  readonly decodeMillis: number
  /** Runs of each cold-start contender. */
  readonly coldStartRuns: number
}

/** The settings of a full run and of a quick one. */
export const settings = (quick: boolean): Settings =>
  quick
    ? {
      quick,
      warmup: 0,
      rounds: 1,
      listingRounds: 1,
      loadRounds: 1,
      simulatorRounds: 1,
      listingSessions: 300,
      simulatorSizes: [10_000, 20_000, 40_000],
      simulatorWarmup: 1_000,
      loadMillis: 300,
      loadConnections: 4,
      decodeMillis: 30,
      coldStartRuns: 1
    }
    : {
      quick,
      warmup: 1,
      rounds: 5,
      listingRounds: 4,
      loadRounds: 3,
      simulatorRounds: 3,
      listingSessions: 100_000,
      simulatorSizes: [10_000, 100_000, 1_000_000],
      simulatorWarmup: 5_000,
      loadMillis: 4_000,
      loadConnections: 32,
      decodeMillis: 400,
      coldStartRuns: 7
    }

/** What a benchmark receives. */
export interface Context {
  readonly settings: Settings
  /** Where builds and scratch files go (bench/out, or the directory given with --out). */
  readonly outDir: string
  readonly log: (message: string) => void
}
