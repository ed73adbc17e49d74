/**
 * The `capacity` smallest elements seen, by an order: a max-heap whose root is the largest element kept, so that a
 * newcomer is compared with the root once and either dropped or swapped in at O(log capacity).
 */
export class BoundedHeap<A> {
  private readonly heap: Array<A> = []

  constructor(readonly capacity: number, private readonly compare: (a: A, b: A) => number) {}

  get size(): number {
    return this.heap.length
  }

  offer(element: A): void {
    if (this.capacity <= 0) return
    const heap = this.heap
    if (heap.length < this.capacity) {
      heap.push(element)
      this.siftUp(heap.length - 1)
    } else if (this.compare(element, heap[0]) < 0) {
      heap[0] = element
      this.siftDown(0)
    }
  }

  /** The elements kept, smallest first. */
  sorted(): Array<A> {
    return [...this.heap].sort(this.compare)
  }

  private siftUp(start: number): void {
    const heap = this.heap
    let i = start
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (this.compare(heap[i], heap[parent]) <= 0) return
      ;[heap[i], heap[parent]] = [heap[parent], heap[i]]
      i = parent
    }
  }

  private siftDown(start: number): void {
    const heap = this.heap
    let i = start
    for (;;) {
      const left = 2 * i + 1
      const right = left + 1
      let largest = i
      if (left < heap.length && this.compare(heap[left], heap[largest]) > 0) largest = left
      if (right < heap.length && this.compare(heap[right], heap[largest]) > 0) largest = right
      if (largest === i) return
      ;[heap[i], heap[largest]] = [heap[largest], heap[i]]
      i = largest
    }
  }
}
