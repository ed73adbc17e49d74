/**
 * Deterministic randomness and hashing, the same on every machine: sfc32 seeded through splitmix32, murmur3's
 * finaliser, and a keyed Feistel permutation of 32-bit integers.
 */

/** splitmix32: spreads a seed over 32 bits. */
const splitmix32 = (state: number): [next: number, value: number] => {
  const next = (state + 0x9e3779b9) | 0
  let z = next
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
  return [next, (z ^ (z >>> 16)) >>> 0]
}

/** murmur3's 32-bit finaliser. */
export const mix32 = (x: number): number => {
  let h = x | 0
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b)
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
  return (h ^ (h >>> 16)) >>> 0
}

/** Folds a number (any float, e.g. a seed given by a user) into 32 bits. */
const fold = (n: number): number => {
  if (Number.isSafeInteger(n)) {
    const low = n % 0x100000000
    const high = Math.floor(n / 0x100000000)
    return mix32(mix32(low) ^ high)
  }
  return hashString(0x5eed, String(n))
}

/** A 32-bit hash of a string, keyed by a seed (murmur3-like over UTF-16 code units). */
export const hashString = (seed: number, text: string): number => {
  let h = seed | 0
  for (let i = 0; i < text.length; i++) {
    let k = Math.imul(text.charCodeAt(i), 0xcc9e2d51)
    k = Math.imul((k << 15) | (k >>> 17), 0x1b873593)
    h ^= k
    h = (Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64) | 0
  }
  return mix32(h ^ text.length)
}

/** A small fast PRNG (sfc32). Its whole state is four 32-bit integers. */
export class Prng {
  private a: number
  private b: number
  private c: number
  private d: number

  constructor(seed: number, stream = 0) {
    let state = fold(seed) ^ mix32(stream + 0x632be5ab)
    const word = () => {
      const [next, value] = splitmix32(state)
      state = next
      return value
    }
    this.a = word()
    this.b = word()
    this.c = word()
    this.d = word() | 1
    for (let i = 0; i < 12; i++) this.next()
  }

  /** The next unsigned 32-bit integer. */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0
    this.d = (this.d + 1) | 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) | 0
    this.c = (this.c << 21) | (this.c >>> 11)
    this.c = (this.c + t) | 0
    return t >>> 0
  }

  /** A float in [0, 1). */
  float(): number {
    return this.next() / 0x100000000
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n)
  }

  /** An item of a non-empty list. */
  pick<A>(items: ReadonlyArray<A>): A {
    const item = items[this.int(items.length)]
    if (item === undefined) throw new Error("Prng.pick: the list is empty")
    return item
  }
}

const round = (key: number, r: number, half: number): number =>
  mix32((half ^ key ^ Math.imul(r, 0x9e3779b9)) >>> 0)
  & 0xffff

/** A keyed permutation of the 32-bit integers (a 4-round Feistel network on 16-bit halves). */
export const permute = (key: number, x: number): number => {
  let left = (x >>> 16) & 0xffff
  let right = x & 0xffff
  for (let r = 0; r < 4; r++) {
    const next = left ^ round(key, r, right)
    left = right
    right = next
  }
  return ((left << 16) | right) >>> 0
}

/** The inverse of {@link permute}. */
export const unpermute = (key: number, y: number): number => {
  let left = (y >>> 16) & 0xffff
  let right = y & 0xffff
  for (let r = 3; r >= 0; r--) {
    const previous = right ^ round(key, r, left)
    right = left
    left = previous
  }
  return ((left << 16) | right) >>> 0
}

/** Eight lowercase hex digits. */
export const hex8 = (n: number): string => (n >>> 0).toString(16).padStart(8, "0")
