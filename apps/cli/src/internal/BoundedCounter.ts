/**
 * Counts by key, for at most `maxKeys` distinct keys; any further key is counted under {@link other}. Statuses and
 * capabilities are open enumerations, so a misbehaving service could send any number of distinct values: the
 * counter stays bounded whatever arrives.
 */
export const other = "(other)"

export class BoundedCounter {
  private readonly counts = new Map<string, number>()

  constructor(readonly maxKeys: number) {}

  get size(): number {
    return this.counts.size
  }

  add(key: string, weight = 1): void {
    const counted = this.counts.has(key) || this.counts.size < this.maxKeys ? key : other
    this.counts.set(counted, (this.counts.get(counted) ?? 0) + weight)
  }

  /** The counts, largest first (ties by key). */
  entries(): Array<readonly [string, number]> {
    return [...this.counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
  }
}
