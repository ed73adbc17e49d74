import * as Heap from "./heap.js"

/**
 * The `capacity` smallest elements seen, by an order: a max-heap whose root is the largest element kept, so that a
 * newcomer is compared with the root once and either dropped or swapped in at O(log capacity).
 */
export class BoundedHeap<A> {
  private readonly heap: Heap.Heap<A>

  constructor(readonly capacity: number, private readonly compare: (a: A, b: A) => number) {
    const items: Array<A> = []
    this.heap = { items, above: (a, b) => compare(a, b) > 0, swap: (i, j) => Heap.swapSlots(items, i, j) }
  }

  get size(): number {
    return this.heap.items.length
  }

  offer(element: A): void {
    if (this.capacity <= 0) return
    const items = this.heap.items
    const root = items[0]
    if (items.length < this.capacity) {
      items.push(element)
      Heap.siftUp(this.heap, items.length - 1)
    } else if (root !== undefined && this.compare(element, root) < 0) {
      items[0] = element
      Heap.siftDown(this.heap, 0)
    }
  }

  /** The elements kept, smallest first. */
  sorted(): Array<A> {
    return [...this.heap.items].sort(this.compare)
  }
}
