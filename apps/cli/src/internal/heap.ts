/**
 * The sifting of a binary heap stored in an array, shared by {@link BoundedHeap} and the Space-Saving sketch: `above`
 * says whether an element belongs nearer the root than another, `swap` exchanges two slots (the sketch also moves
 * its index of keys).
 */
export interface Heap<A> {
  readonly items: Array<A>
  readonly above: (a: A, b: A) => boolean
  readonly swap: (i: number, j: number) => void
}

const isAbove = <A>(heap: Heap<A>, i: number, j: number): boolean => {
  const a = heap.items[i]
  const b = heap.items[j]
  return a !== undefined && b !== undefined && heap.above(a, b)
}

/** Exchanges two slots of an array. */
export const swapSlots = <A>(items: Array<A>, i: number, j: number): void => {
  const a = items[i]
  const b = items[j]
  if (a === undefined || b === undefined) return
  items[i] = b
  items[j] = a
}

/** Moves the element at `start` up until its parent belongs above it. */
export const siftUp = <A>(heap: Heap<A>, start: number): void => {
  let i = start
  while (i > 0) {
    const parent = (i - 1) >> 1
    if (!isAbove(heap, i, parent)) return
    heap.swap(i, parent)
    i = parent
  }
}

/** Moves the element at `start` down until it belongs above both its children. */
export const siftDown = <A>(heap: Heap<A>, start: number): void => {
  let i = start
  for (;;) {
    const left = 2 * i + 1
    const right = left + 1
    let top = i
    if (left < heap.items.length && isAbove(heap, left, top)) top = left
    if (right < heap.items.length && isAbove(heap, right, top)) top = right
    if (top === i) return
    heap.swap(i, top)
    i = top
  }
}
