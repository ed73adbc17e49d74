import * as Heap from "./heap.js"

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
  private readonly sifted: Heap.Heap<MutableCounter> = {
    items: this.heap,
    above: (a, b) => a.count < b.count,
    swap: (i, j) => {
      Heap.swapSlots(this.heap, i, j)
      for (const at of [i, j]) {
        const counter = this.heap[at]
        if (counter !== undefined) this.index.set(counter.key, at)
      }
    }
  }
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
    const smallest = this.heap[0]
    return this.heap.length < this.capacity || smallest === undefined ? 0 : smallest.count
  }

  add(key: string, weight = 1, error = 0): void {
    const at = this.index.get(key)
    const counted = at === undefined ? undefined : this.heap[at]
    if (at !== undefined && counted !== undefined) {
      counted.count += weight
      counted.error += error
      Heap.siftDown(this.sifted, at)
      return
    }
    if (this.capacity <= 0) return
    if (this.heap.length < this.capacity) {
      this.heap.push({ key, count: weight, error })
      this.index.set(key, this.heap.length - 1)
      Heap.siftUp(this.sifted, this.heap.length - 1)
      return
    }
    const smallest = this.heap[0]
    if (smallest === undefined) return
    this.evicted = true
    this.index.delete(smallest.key)
    this.heap[0] = { key, count: smallest.count + weight, error: smallest.count + error }
    this.index.set(key, 0)
    Heap.siftDown(this.sifted, 0)
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
}
