/**
 * The LSH band index. Each indexed document contributes one 32-bit key per band (its band's slots
 * combined into a number, never a string); keys live in one growing Uint32Array, ~4 bytes per band per
 * document, instead of a Map of arrays per band (~2.5 KB per document at 1M documents).
 *
 * Candidate pairs are the pairs that share a key in some band. Each band is sorted once (a stable
 * radix sort of document positions by key) and runs of equal keys are expanded into pairs; a pair is
 * emitted only in the first band where the two documents collide, so no set of seen pairs is needed.
 *
 * A bucket that everyone falls into (a shared template that survived boilerplate removal, thousands of
 * empty reprints) would make the pair count quadratic, so buckets larger than `maxBucket` are not
 * expanded into pairs; they are counted and reported instead.
 */
import { combineHashes } from '../sketch/hash.js';
import { U32List } from '../u32-list.js';

export interface CandidateResult {
  /** Pairs (i < j) of document indexes, flattened: [i0, j0, i1, j1, ...], sorted by i then j. */
  pairs: Uint32Array;
  /** Buckets that exceeded the cap and were not expanded. */
  cappedBuckets: number;
}

/** The band keys of a signature: one combined hash per band of `rows` slots. */
export function bandKeys(signature: Uint32Array, bands: number, rows: number, out = new Uint32Array(bands), at = 0): Uint32Array {
  for (let band = 0; band < bands; band++) out[at + band] = combineHashes(signature, band * rows, rows);
  return out;
}

/** Positions 0..n-1 ordered by key, stable: two 16-bit counting-sort passes. */
function sortByKey(keys: Uint32Array, n: number): Uint32Array {
  let order = new Uint32Array(n);
  let next = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const counts = new Uint32Array(65537);
  for (const shift of [0, 16]) {
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const digit = ((keys[order[i] ?? 0] ?? 0) >>> shift) & 0xffff;
      counts[digit + 1] = (counts[digit + 1] ?? 0) + 1;
    }
    for (let d = 1; d <= 65536; d++) counts[d] = (counts[d] ?? 0) + (counts[d - 1] ?? 0);
    for (let i = 0; i < n; i++) {
      const position = order[i] ?? 0;
      const digit = ((keys[position] ?? 0) >>> shift) & 0xffff;
      const at = counts[digit] ?? 0;
      next[at] = position;
      counts[digit] = at + 1;
    }
    [order, next] = [next, order];
  }
  return order;
}

export class BandIndex {
  private readonly docs = new U32List();
  private readonly keys = new U32List();

  constructor(
    readonly bands: number,
    readonly rows: number,
  ) {}

  get size(): number {
    return this.docs.length;
  }

  /** Documents must be added in increasing order of their index. */
  add(doc: number, signature: Uint32Array): void {
    this.addKeys(doc, bandKeys(signature, this.bands, this.rows));
  }

  addKeys(doc: number, keys: ArrayLike<number>): void {
    this.docs.push([doc]);
    this.keys.push(keys);
  }

  /**
   * Candidate pairs, or undefined as soon as there are more than `limit` distinct pairs (the caller
   * then coarsens the bands; see `mergeBands`).
   */
  candidates(maxBucket: number, limit = Number.POSITIVE_INFINITY): CandidateResult | undefined {
    const n = this.docs.length;
    const { bands } = this;
    const keys = this.keys.data;
    const docs = this.docs.data;
    const bandKeyList = new Uint32Array(n);
    const pairs = new U32List();
    // Keys of the buckets each band left unexpanded: sharing one of those is no earlier collision.
    const capped: Array<Set<number>> = [];
    const collidedEarlier = (x: number, y: number, band: number): boolean => {
      for (let b = 0; b < band; b++) {
        const key = keys[x * bands + b] ?? 0;
        if (key === keys[y * bands + b] && capped[b]?.has(key) !== true) return true;
      }
      return false;
    };
    for (let band = 0; band < bands; band++) {
      const cappedKeys = new Set<number>();
      capped.push(cappedKeys);
      for (let p = 0; p < n; p++) bandKeyList[p] = keys[p * bands + band] ?? 0;
      const order = sortByKey(bandKeyList, n);
      for (let start = 0; start < n; ) {
        const key = bandKeyList[order[start] ?? 0];
        let end = start + 1;
        while (end < n && bandKeyList[order[end] ?? 0] === key) end += 1;
        if (end - start > maxBucket) cappedKeys.add(key ?? 0);
        else {
          for (let x = start; x < end; x++) {
            const px = order[x] ?? 0;
            for (let y = x + 1; y < end; y++) {
              const py = order[y] ?? 0;
              if (collidedEarlier(px, py, band)) continue;
              pairs.pushOne(docs[px] ?? 0);
              pairs.pushOne(docs[py] ?? 0);
            }
          }
          if (pairs.length / 2 > limit) return undefined;
        }
        start = end;
      }
    }
    const cappedBuckets = capped.reduce((sum, set) => sum + set.size, 0);
    return { pairs: sortPairs(pairs.data.subarray(0, pairs.length)), cappedBuckets };
  }

  /** The same documents banded as `bands` × `rows`, each new band combining `rows` consecutive keys of
   * this index. From an index of one-row bands (the signatures themselves) this is exactly the index
   * the signatures banded that way would give. */
  withBands(bands: number, rows: number): BandIndex {
    if (rows === this.rows && bands === this.bands) return this;
    const factor = rows / this.rows;
    if (!Number.isInteger(factor) || bands * factor > this.bands) throw new RangeError(`cannot derive ${bands} × ${rows} bands from ${this.bands} × ${this.rows}`);
    const derived = new BandIndex(bands, rows);
    const keys = new Uint32Array(bands);
    for (let p = 0; p < this.docs.length; p++) {
      const row = this.keys.data.subarray(p * this.bands, (p + 1) * this.bands);
      for (let b = 0; b < bands; b++) keys[b] = combineHashes(row, b * factor, factor);
      derived.addKeys(this.docs.data[p] ?? 0, keys);
    }
    return derived;
  }
}

/** Pairs sorted by (i, j), duplicates removed; each pair as i·2^26 + j, exact in a float64 for up to
 * 2^26 (67M) documents. Duplicates only arise when one document was indexed twice (two sketches). */
export function sortPairs(flat: Uint32Array): Uint32Array {
  const count = flat.length / 2;
  const packed = new Float64Array(count);
  for (let p = 0; p < count; p++) packed[p] = (flat[2 * p] ?? 0) * 0x4000000 + (flat[2 * p + 1] ?? 0);
  packed.sort();
  const out = new Uint32Array(count * 2);
  let write = 0;
  for (let p = 0; p < count; p++) {
    const v = packed[p] ?? 0;
    if (p > 0 && v === packed[p - 1]) continue;
    out[write++] = Math.floor(v / 0x4000000);
    out[write++] = v % 0x4000000;
  }
  return out.slice(0, write);
}
