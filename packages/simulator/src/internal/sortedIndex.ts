/**
 * A sorted list of slots in chunks (in the manner of a B+ tree's leaves): O(log n) to find a position, O(chunk) to
 * insert or remove, and O(1) per step to walk forward. Appending in order (the common case: creation times grow
 * with the clock) is O(1).
 */

const chunkSize = 512

/** A position in the index: chunk and offset. `chunk === chunks.length` is the end. */
export interface Cursor {
  chunk: number
  offset: number
}

export class SortedIndex {
  private chunks: Array<Array<number>> = []
  private count = 0

  /** `compare(a, b)`: negative when slot a sorts before slot b. Keys are unique. */
  constructor(private readonly compare: (a: number, b: number) => number) {}

  get size(): number {
    return this.count
  }

  /** The first position whose slot is not `before`, where `before` holds for a prefix of the order. */
  seek(before: (slot: number) => boolean): Cursor {
    const chunks = this.chunks
    let low = 0
    let high = chunks.length
    while (low < high) {
      const mid = (low + high) >>> 1
      // Chunks are never empty: a chunk emptied by a removal is dropped.
      const last = chunks[mid]?.at(-1)
      if (last !== undefined && before(last)) low = mid + 1
      else high = mid
    }
    const chunk = chunks[low]
    if (chunk === undefined) return { chunk: low, offset: 0 }
    let lo = 0
    let hi = chunk.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      const slot = chunk[mid]
      if (slot !== undefined && before(slot)) lo = mid + 1
      else hi = mid
    }
    return { chunk: low, offset: lo }
  }

  first(): Cursor {
    return { chunk: 0, offset: 0 }
  }

  /** The slot at a cursor, or -1 at the end. */
  at(cursor: Cursor): number {
    return this.chunks[cursor.chunk]?.[cursor.offset] ?? -1
  }

  /** Moves a cursor one step forward. */
  advance(cursor: Cursor): void {
    cursor.offset++
    if (cursor.offset >= (this.chunks[cursor.chunk]?.length ?? 0)) {
      cursor.chunk++
      cursor.offset = 0
    }
  }

  insert(slot: number): void {
    const chunks = this.chunks
    this.count++
    const last = chunks.at(-1)
    const lastSlot = last?.at(-1)
    if (last === undefined || lastSlot === undefined) {
      chunks.push([slot])
      return
    }
    if (this.compare(lastSlot, slot) < 0) {
      if (last.length >= chunkSize) chunks.push([slot])
      else last.push(slot)
      return
    }
    const cursor = this.seek((other) => this.compare(other, slot) < 0)
    // The slot sorts before the last one, so its place is inside a chunk.
    const chunk = chunks[cursor.chunk] ?? last
    chunk.splice(cursor.offset, 0, slot)
    if (chunk.length > 2 * chunkSize) {
      chunks.splice(cursor.chunk + 1, 0, chunk.splice(chunkSize))
    }
  }

  /** Removes a slot; false when it is not in the index. */
  remove(slot: number): boolean {
    const cursor = this.seek((other) => this.compare(other, slot) < 0)
    if (this.at(cursor) !== slot) return false
    const chunk = this.chunks[cursor.chunk]
    if (chunk === undefined) return false
    chunk.splice(cursor.offset, 1)
    if (chunk.length === 0) this.chunks.splice(cursor.chunk, 1)
    this.count--
    return true
  }

  /** Every slot, in order. */
  *values(): IterableIterator<number> {
    for (const chunk of this.chunks) yield* chunk
  }
}
