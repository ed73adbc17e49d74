/**
 * The Space-Saving sketch of heavy hitters (Metwally, Agrawal, El Abbadi, 2005): at most `capacity` counters. A key
 * not counted yet takes over the smallest counter when all are in use, inheriting its count as its `error`. So
 * every count is an upper bound, `count - error` a lower bound, and every count is exact as long as no more than
 * `capacity` distinct keys were seen. The counters are a min-heap indexed by key: O(log capacity) per key.
 */
export interface Counter {
  readonly key: string
  readonly count: number
  /** How much `count` may overstate the true count. */
  readonly error: number
}

interface MutableCounter {
  key: string
  count: number
  error: number
}

export class SpaceSaving {
  private readonly heap: Array<MutableCounter> = []
  private readonly index = new Map<string, number>()
  private evicted = false

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.heap.length
  }

  /** Whether every count is exact: no counter was ever taken over. */
  get exact(): boolean {
    return !this.evicted
  }

  /** The smallest count when every counter is in use: a key not counted may have occurred up to that often. */
  get floor(): number {
    return this.heap.length < this.capacity || this.heap.length === 0 ? 0 : this.heap[0].count
  }

  add(key: string, weight = 1, error = 0): void {
    const at = this.index.get(key)
    if (at !== undefined) {
      this.heap[at].count += weight
      this.heap[at].error += error
      this.siftDown(at)
      return
    }
    if (this.capacity <= 0) return
    if (this.heap.length < this.capacity) {
      this.heap.push({ key, count: weight, error })
      this.index.set(key, this.heap.length - 1)
      this.siftUp(this.heap.length - 1)
      return
    }
    const smallest = this.heap[0]
    this.evicted = true
    this.index.delete(smallest.key)
    this.heap[0] = { key, count: smallest.count + weight, error: smallest.count + error }
    this.index.set(key, 0)
    this.siftDown(0)
  }

  /** The counters, largest count first (ties by key). */
  top(k: number): Array<Counter> {
    return this.heap.map(({ count, error, key }) => ({ key, count, error }))
      .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      .slice(0, k)
  }

  /**
   * Merges sketches into one of `capacity` counters. A key missing from a sketch that was full may have occurred
   * there up to its floor, which is added to the key's count and error so that counts stay upper bounds.
   */
  static merge(sketches: ReadonlyArray<SpaceSaving>, capacity: number): SpaceSaving {
    const totals = new Map<string, MutableCounter>()
    for (const sketch of sketches) {
      for (const counter of sketch.heap) {
        const total = totals.get(counter.key)
        if (total === undefined) totals.set(counter.key, { ...counter })
        else {
          total.count += counter.count
          total.error += counter.error
        }
      }
    }
    for (const sketch of sketches) {
      const floor = sketch.floor
      if (floor === 0) continue
      for (const [key, total] of totals) {
        if (!sketch.index.has(key)) {
          total.count += floor
          total.error += floor
        }
      }
    }
    const merged = new SpaceSaving(capacity)
    const ranked = [...totals.values()].sort((a, b) => b.count - a.count)
    for (const counter of ranked.slice(0, capacity)) merged.add(counter.key, counter.count, counter.error)
    merged.evicted = sketches.some((sketch) => !sketch.exact) || ranked.length > capacity
    return merged
  }

  private swap(i: number, j: number): void {
    const heap = this.heap
    ;[heap[i], heap[j]] = [heap[j], heap[i]]
    this.index.set(heap[i].key, i)
    this.index.set(heap[j].key, j)
  }

  private siftUp(start: number): void {
    let i = start
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (this.heap[i].count >= this.heap[parent].count) return
      this.swap(i, parent)
      i = parent
    }
  }

  private siftDown(start: number): void {
    const heap = this.heap
    let i = start
    for (;;) {
      const left = 2 * i + 1
      const right = left + 1
      let smallest = i
      if (left < heap.length && heap[left].count < heap[smallest].count) smallest = left
      if (right < heap.length && heap[right].count < heap[smallest].count) smallest = right
      if (smallest === i) return
      this.swap(i, smallest)
      i = smallest
    }
  }
}
