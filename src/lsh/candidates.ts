/**
 * Candidate pairs from LSH band keys, in bounded work and without dropping anything.
 *
 * Each band is sorted once (a stable radix sort of rows by key) and each run of equal keys (a bucket) gives
 * pairs. A bucket of up to MAX_BUCKET documents gives all its pairs; a pair is emitted only in the first
 * band where the two collide in such a bucket, so no set of seen pairs is needed. A larger bucket (thousands
 * of versions of one release, a template that survived boilerplate removal) would make the pair count
 * quadratic, so each of its members is paired with the bucket's first LEADERS members instead: every
 * member is still verified, against a few leaders, and the linkage joins those that pass. Nothing is
 * dropped; large buckets are counted and reported.
 */
import { U32List } from '../u32-list.js';

export const MAX_BUCKET = 256;
export const LEADERS = 16;

export interface CandidateResult {
  /** Pairs (i < j) of document numbers, flattened: [i0, j0, i1, j1, ...], sorted, distinct. */
  pairs: Uint32Array;
  /** Buckets larger than MAX_BUCKET, resolved against leaders. */
  largeBuckets: number;
  largestBucket: number;
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

/**
 * Calls `visit` with every bucket of two or more rows, band by band: `rows` is a view of the bucket's row
 * numbers in increasing order (valid during the call only). `keys` holds `bands` keys per row.
 */
export function forEachBucket(
  keys: Uint32Array,
  count: number,
  bands: number,
  visit: (rows: Uint32Array, band: number, key: number) => void,
): void {
  const column = new Uint32Array(count);
  for (let band = 0; band < bands; band++) {
    for (let p = 0; p < count; p++) column[p] = keys[p * bands + band] ?? 0;
    const order = sortByKey(column, count);
    for (let start = 0; start < count; ) {
      const key = column[order[start] ?? 0] ?? 0;
      let end = start + 1;
      while (end < count && column[order[end] ?? 0] === key) end += 1;
      if (end - start >= 2) visit(order.subarray(start, end), band, key);
      start = end;
    }
  }
}

/**
 * `keys` holds `bands` keys per row; `docs[row]` is the row's document number (rows in increasing document
 * order). Returns the candidate pairs of document numbers, or undefined as soon as there are more than
 * `limit` (the caller then takes more rows per band).
 */
export function findCandidates(
  keys: Uint32Array,
  docs: Uint32Array,
  bands: number,
  limit = Number.POSITIVE_INFINITY,
): CandidateResult | undefined {
  const pairs = new U32List();
  // Keys of the buckets each band resolved against leaders: sharing one of those is no earlier emission.
  const large: Array<Set<number>> = Array.from({ length: bands }, () => new Set<number>());
  let largestBucket = 0;
  let over = false;
  const emittedEarlier = (x: number, y: number, band: number): boolean => {
    for (let b = 0; b < band; b++) {
      const key = keys[x * bands + b] ?? 0;
      if (key === keys[y * bands + b] && large[b]?.has(key) !== true) return true;
    }
    return false;
  };
  const emit = (x: number, y: number): void => {
    pairs.pushOne(docs[x] ?? 0);
    pairs.pushOne(docs[y] ?? 0);
  };
  forEachBucket(keys, docs.length, bands, (rows, band, key) => {
    if (over) return;
    const size = rows.length;
    largestBucket = Math.max(largestBucket, size);
    if (size > MAX_BUCKET) {
      large[band]?.add(key);
      for (let l = 0; l < LEADERS; l++) for (let y = l + 1; y < size; y++) emit(rows[l] ?? 0, rows[y] ?? 0);
    } else {
      for (let x = 0; x < size; x++) {
        for (let y = x + 1; y < size; y++) {
          const px = rows[x] ?? 0;
          const py = rows[y] ?? 0;
          if (!emittedEarlier(px, py, band)) emit(px, py);
        }
      }
    }
    if (pairs.length / 2 > limit) over = true;
  });
  if (over) return undefined;
  const largeBuckets = large.reduce((sum, set) => sum + set.size, 0);
  return { pairs: sortPairs(orderPairs(pairs.data.subarray(0, pairs.length))), largeBuckets, largestBucket };
}

/** Puts the smaller document number first in each pair. */
function orderPairs(flat: Uint32Array): Uint32Array {
  for (let p = 0; p < flat.length; p += 2) {
    const a = flat[p] ?? 0;
    const b = flat[p + 1] ?? 0;
    if (a > b) {
      flat[p] = b;
      flat[p + 1] = a;
    }
  }
  return flat;
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

export interface BudgetedCandidates extends CandidateResult {
  bands: number;
  rows: number;
}

/**
 * Candidate pairs from MinHash signatures of `numPerm` slots, banded `bands` × `rows`; `keysFor(b, r)`
 * gives b keys of r slots per row. With a finite `budget`, a run whose background overlap would make the
 * pair count grow with n² gets more rows per band (r + 1, as many bands as the signature holds) until the
 * pairs fit. Decided from the data alone, so every worker count makes the same choice.
 */
export function findCandidatesWithin(
  keysFor: (bands: number, rows: number) => Uint32Array,
  docs: Uint32Array,
  numPerm: number,
  bands: number,
  rows: number,
  budget: number,
): BudgetedCandidates {
  for (let r = rows; ; r++) {
    const b = r === rows ? bands : Math.floor(numPerm / r);
    const last = r >= numPerm;
    const found = findCandidates(keysFor(b, r), docs, b, last ? Number.POSITIVE_INFINITY : budget);
    if (found !== undefined) return { ...found, bands: b, rows: r };
  }
}
