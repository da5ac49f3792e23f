/**
 * Corpus-wide counts keyed by 32-bit hashes (document frequencies of terms, documents per line) on
 * typed arrays. A JS Map holds at most 2^24 entries and costs ~80 bytes per entry; at 10M documents the
 * distinct lines alone exceed that, so counting uses open addressing on Uint32Arrays (8 bytes per slot)
 * and the result is frozen into sorted arrays that read like a ReadonlyMap.
 */
import { sortUint32 } from './sort.js';

const EMPTY_KEY = 0;
const MAX_LOAD = 0.6;

/** Counts per 32-bit key. Key 0 is kept aside, so the table needs no separate occupancy array. */
export class CountTable {
  private keys = new Uint32Array(1 << 12);
  private counts = new Uint32Array(1 << 12);
  private used = 0;
  private zero = 0;

  get size(): number {
    return this.used + (this.zero > 0 ? 1 : 0);
  }

  add(key: number, by = 1): void {
    if (key === EMPTY_KEY) {
      this.zero += by;
      return;
    }
    if (this.used + 1 > this.keys.length * MAX_LOAD) this.grow();
    const mask = this.keys.length - 1;
    let slot = Math.imul(key, 0x9e3779b1) >>> 0;
    for (;;) {
      slot &= mask;
      const k = this.keys[slot] ?? EMPTY_KEY;
      if (k === key) {
        this.counts[slot] = (this.counts[slot] ?? 0) + by;
        return;
      }
      if (k === EMPTY_KEY) {
        this.keys[slot] = key;
        this.counts[slot] = by;
        this.used += 1;
        return;
      }
      slot += 1;
    }
  }

  /** Adds every (key, count) pair of two parallel arrays. */
  addAll(keys: Uint32Array, counts: Uint32Array): void {
    for (let i = 0; i < keys.length; i++) this.add(keys[i] ?? 0, counts[i] ?? 0);
  }

  private grow(): void {
    const { keys, counts } = this;
    this.keys = new Uint32Array(keys.length * 2);
    this.counts = new Uint32Array(keys.length * 2);
    this.used = 0;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i] ?? EMPTY_KEY;
      if (k !== EMPTY_KEY) this.add(k, counts[i] ?? 0);
    }
  }

  /** The counts as sorted arrays; entries below `min` are dropped. Keys go straight into a typed array
   * for the radix sort: a number[] and the native sort were most of a corpus-wide freeze. */
  freeze(min = 1): FrequencyTable {
    const kept = new Uint32Array(this.size);
    let n = 0;
    if (this.zero > 0 && this.zero >= min) kept[n++] = 0;
    for (let i = 0; i < this.keys.length; i++) {
      const k = this.keys[i] ?? EMPTY_KEY;
      if (k !== EMPTY_KEY && (this.counts[i] ?? 0) >= min) kept[n++] = k;
    }
    const keys = sortUint32(n === kept.length ? kept : kept.slice(0, n));
    const counts = new Uint32Array(n);
    for (let i = 0; i < n; i++) counts[i] = this.get(keys[i] ?? 0);
    return new FrequencyTable(keys, counts);
  }

  get(key: number): number {
    if (key === EMPTY_KEY) return this.zero;
    const mask = this.keys.length - 1;
    let slot = Math.imul(key, 0x9e3779b1) >>> 0;
    for (;;) {
      slot &= mask;
      const k = this.keys[slot] ?? EMPTY_KEY;
      if (k === key) return this.counts[slot] ?? 0;
      if (k === EMPTY_KEY) return 0;
      slot += 1;
    }
  }
}

/** Open addressing for `writeDistinct`, reused: a slot is taken when its stamp is the current call's, so
 * nothing is cleared between calls. */
let seenKeys = new Uint32Array(1 << 10);
let seenStamps = new Uint32Array(1 << 10);
let stamp = 0;

/**
 * Writes the distinct values of `values` to `out` from `at`, in the order first met; returns the new end.
 * A document's distinct terms for its document frequencies: the batch sorts them all together anyway,
 * so a sort per document (it cost more than this) is not needed.
 */
export function writeDistinct(values: Uint32Array, out: Uint32Array, at: number): number {
  let bits = 4;
  while (1 << bits < 2 * values.length) bits += 1;
  if (seenKeys.length < 1 << bits) {
    seenKeys = new Uint32Array(1 << bits);
    seenStamps = new Uint32Array(1 << bits);
    stamp = 0;
  }
  if (stamp === 0xffffffff) {
    seenStamps.fill(0);
    stamp = 0;
  }
  stamp += 1;
  const mask = (1 << bits) - 1;
  const shift = 32 - bits;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? 0;
    let slot = Math.imul(v, 0x9e3779b1) >>> shift;
    for (; seenStamps[slot] === stamp; slot = (slot + 1) & mask) if (seenKeys[slot] === v) break;
    if (seenStamps[slot] === stamp) continue;
    seenStamps[slot] = stamp;
    seenKeys[slot] = v;
    out[at++] = v;
  }
  return at;
}

/** Each distinct value of a sorted array with the length of its run: a count without a hash table. */
export function countSorted(sorted: Uint32Array): { keys: Uint32Array; counts: Uint32Array } {
  let runs = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) runs += 1;
  const keys = new Uint32Array(runs);
  const counts = new Uint32Array(runs);
  let run = -1;
  for (let i = 0; i < sorted.length; i++) {
    const v = sorted[i] ?? 0;
    if (run < 0 || v !== keys[run]) keys[++run] = v;
    counts[run] = (counts[run] ?? 0) + 1;
  }
  return { keys, counts };
}

/** Sorted keys with their counts, read-only; the arrays can live on a SharedArrayBuffer. */
export class FrequencyTable implements ReadonlyMap<number, number> {
  constructor(
    readonly sortedKeys: Uint32Array,
    readonly counts: Uint32Array,
  ) {}

  get size(): number {
    return this.sortedKeys.length;
  }

  /** A binary search: the hot lookups (idf while sketching) go through tfidf.ts's CorpusIdf table instead. */
  private indexOf(key: number): number {
    let lo = 0;
    let hi = this.sortedKeys.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const k = this.sortedKeys[mid] ?? 0;
      if (k === key) return mid;
      if (k < key) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  get(key: number): number | undefined {
    const i = this.indexOf(key);
    return i < 0 ? undefined : this.counts[i];
  }

  has(key: number): boolean {
    return this.indexOf(key) >= 0;
  }

  forEach(callback: (value: number, key: number, map: ReadonlyMap<number, number>) => void): void {
    for (const [k, v] of this.entries()) callback(v, k, this);
  }

  *entries(): MapIterator<[number, number]> {
    for (let i = 0; i < this.sortedKeys.length; i++) yield [this.sortedKeys[i] ?? 0, this.counts[i] ?? 0];
  }

  *keys(): MapIterator<number> {
    yield* this.sortedKeys;
  }

  *values(): MapIterator<number> {
    yield* this.counts;
  }

  [Symbol.iterator](): MapIterator<[number, number]> {
    return this.entries();
  }
}
