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

import { missedAbove } from './params.js';

export const MAX_BUCKET = 256;
export const LEADERS = 16;

export interface CandidateResult {
  /** Pairs (i < j) of document numbers, flattened: [i0, j0, i1, j1, ...], sorted, distinct. */
  pairs: Uint32Array;
  /** Buckets larger than MAX_BUCKET, resolved against leaders. */
  largeBuckets: number;
  largestBucket: number;
}

/** Arrays of one sort, made once per scan: made per band they were 500 MB of garbage at a million documents
 * that the main thread, allocating little else, was slow to collect. */
interface SortScratch {
  order: Uint32Array;
  low: Uint32Array;
  lowKeys: Uint32Array;
  counts: Uint32Array;
}

/** Below this many rows a band is sorted by comparison: the counting sort's two passes over 65,536 counts
 * cost ~0.3 ms a band whatever the rows, which was four fifths of a run of a few documents (~25 ms). */
const SMALL_SORT = 4096;

/** Positions 0..n-1 ordered by key, stable: two 16-bit counting-sort passes. `sorted` gets the keys in that
 * order. The keys travel with the positions, so that every pass reads in sequence (reading them through
 * the order was most of the candidate stage's time at a million documents). */
function sortByKey(keys: Uint32Array, n: number, sorted: Uint32Array, scratch: SortScratch): Uint32Array {
  const { order, low, lowKeys, counts } = scratch;
  if (n < SMALL_SORT) return sortSmall(keys, n, sorted, order);
  counts.fill(0);
  for (let i = 0; i < n; i++) {
    const digit = (keys[i] ?? 0) & 0xffff;
    counts[digit + 1] = (counts[digit + 1] ?? 0) + 1;
  }
  for (let d = 1; d <= 65536; d++) counts[d] = (counts[d] ?? 0) + (counts[d - 1] ?? 0);
  for (let i = 0; i < n; i++) {
    const key = keys[i] ?? 0;
    const digit = key & 0xffff;
    const at = counts[digit] ?? 0;
    low[at] = i;
    lowKeys[at] = key;
    counts[digit] = at + 1;
  }
  counts.fill(0);
  for (let i = 0; i < n; i++) {
    const digit = (keys[i] ?? 0) >>> 16;
    counts[digit + 1] = (counts[digit + 1] ?? 0) + 1;
  }
  for (let d = 1; d <= 65536; d++) counts[d] = (counts[d] ?? 0) + (counts[d - 1] ?? 0);
  for (let i = 0; i < n; i++) {
    const key = lowKeys[i] ?? 0;
    const digit = key >>> 16;
    const at = counts[digit] ?? 0;
    order[at] = low[i] ?? 0;
    sorted[at] = key;
    counts[digit] = at + 1;
  }
  return order;
}

/** sortByKey for a few rows: each (key, position) packed in one double (key · SMALL_SORT + position, exact
 * below 2^44), so that a numeric sort orders by key and then by position, as the stable counting sort does. */
function sortSmall(keys: Uint32Array, n: number, sorted: Uint32Array, order: Uint32Array): Uint32Array {
  const packed = new Float64Array(n);
  for (let i = 0; i < n; i++) packed[i] = (keys[i] ?? 0) * SMALL_SORT + i;
  packed.sort();
  for (let i = 0; i < n; i++) {
    const value = packed[i] ?? 0;
    const position = value % SMALL_SORT;
    order[i] = position;
    sorted[i] = (value - position) / SMALL_SORT;
  }
  return order;
}

/** Where row p's keys are: from `keys[p * stride + offset]` on (several bandings may share an array). */
export interface KeyLayout {
  stride: number;
  offset: number;
}

/**
 * Calls `visit` with every bucket of two or more rows, band by band: `rows` is a view of the bucket's row
 * numbers in increasing order (valid during the call only). `keys` holds `bands` keys per row (where
 * `layout` says). A visit that returns false stops the scan (no later band is sorted).
 */
export function forEachBucket(
  keys: Uint32Array,
  count: number,
  bands: number,
  visit: (rows: Uint32Array, band: number, key: number) => unknown,
  layout: KeyLayout = { stride: bands, offset: 0 },
): void {
  const { stride, offset } = layout;
  const column = new Uint32Array(count);
  const sorted = new Uint32Array(count);
  const scratch = {
    order: new Uint32Array(count),
    low: new Uint32Array(count),
    lowKeys: new Uint32Array(count),
    counts: new Uint32Array(65537),
  };
  for (let band = 0; band < bands; band++) {
    for (let p = 0; p < count; p++) column[p] = keys[p * stride + offset + band] ?? 0;
    const order = sortByKey(column, count, sorted, scratch);
    for (let start = 0; start < count; ) {
      const key = sorted[start] ?? 0;
      let end = start + 1;
      while (end < count && sorted[end] === key) end += 1;
      if (end - start >= 2 && visit(order.subarray(start, end), band, key) === false) return;
      start = end;
    }
  }
}

/** What a scan over its limit tells: how many of its first bands gave no more pairs than the limit. */
export interface Overflow {
  fittingBands: number;
}

/**
 * `keys` holds `bands` keys per row; `docs[row]` is the row's document number (rows in increasing document
 * order). Returns the candidate pairs of document numbers or, as soon as there are more than `limit`, how
 * many of the first bands gave no more than `prefixLimit` (the caller then takes those bands or more rows
 * per band: `afterOverflow`).
 *
 * Two scans: the first counts the pairs and stops at the limit, the second writes them into an array of
 * that size. A banding over the limit then writes nothing (it wrote up to the budget, 220 MB at a million
 * documents, left for a collector that the main thread seldom runs), and the pairs kept take what they need.
 */
export function findCandidates(
  keys: Uint32Array,
  docs: Uint32Array,
  bands: number,
  limit = Number.POSITIVE_INFINITY,
  layout: KeyLayout = { stride: bands, offset: 0 },
  prefixLimit = limit,
): CandidateResult | Overflow {
  const counted = scanPairs(keys, docs, bands, layout, limit, prefixLimit);
  if (!('pairs' in counted)) return counted;
  const packed = new Float64Array(counted.pairs);
  scanPairs(keys, docs, bands, layout, Number.POSITIVE_INFINITY, 0, packed);
  return { pairs: unpackSorted(packed), largeBuckets: counted.largeBuckets, largestBucket: counted.largestBucket };
}

/** findCandidates without a limit. */
export function findAllCandidates(
  keys: Uint32Array,
  docs: Uint32Array,
  bands: number,
  layout: KeyLayout = { stride: bands, offset: 0 },
): CandidateResult {
  const found = findCandidates(keys, docs, bands, Number.POSITIVE_INFINITY, layout);
  if (!('pairs' in found)) throw new RangeError('a scan without a limit overflowed');
  return found;
}

interface Scan {
  /** Pairs emitted, repeats between large buckets included. */
  pairs: number;
  largeBuckets: number;
  largestBucket: number;
}

/** Emits the pairs of every band (into `out` when given, packed as i·2^26 + j, i < j: exact for up to
 * 2^26 = 67M documents); once more than `limit` are emitted, stops and tells how many whole bands gave no
 * more than `prefixLimit`. */
function scanPairs(
  keys: Uint32Array,
  docs: Uint32Array,
  bands: number,
  layout: KeyLayout,
  limit: number,
  prefixLimit: number,
  out?: Float64Array,
): Scan | Overflow {
  const { stride, offset } = layout;
  // Bands 0..band-1 are whole when band `band`'s first bucket comes: they fit if the count is in the limit.
  let fittingBands = 0;
  let scanning = -1;
  // Keys of the buckets each band resolved against leaders: sharing one of those is no earlier emission.
  const large: Array<Set<number>> = Array.from({ length: bands }, () => new Set<number>());
  let largestBucket = 0;
  let emitted = 0;
  const emittedEarlier = (x: number, y: number, band: number): boolean => {
    for (let b = 0; b < band; b++) {
      const key = keys[x * stride + offset + b] ?? 0;
      if (key === keys[y * stride + offset + b] && large[b]?.has(key) !== true) return true;
    }
    return false;
  };
  const emit = (x: number, y: number): void => {
    if (out !== undefined) {
      const a = docs[x] ?? 0;
      const b = docs[y] ?? 0;
      out[emitted] = a < b ? a * 0x4000000 + b : b * 0x4000000 + a;
    }
    emitted += 1;
  };
  forEachBucket(
    keys,
    docs.length,
    bands,
    (rows, band, key) => {
      if (band !== scanning) {
        scanning = band;
        if (emitted <= prefixLimit) fittingBands = band;
      }
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
      return emitted <= limit;
    },
    layout,
  );
  if (emitted > limit) return { fittingBands };
  return { pairs: emitted, largeBuckets: large.reduce((sum, set) => sum + set.size, 0), largestBucket };
}

/** Sorts packed pairs in place and rewrites them, distinct, as pairs of 32-bit numbers over the same bytes
 * (the w-th distinct pair overwrites packed value w, which was read before: w is never past the value read). */
function unpackSorted(packed: Float64Array): Uint32Array {
  packed.sort();
  const out = new Uint32Array(packed.buffer, packed.byteOffset, 2 * packed.length);
  let write = 0;
  // The value before is kept aside: its slot may already hold unpacked numbers.
  let previous = -1;
  for (let p = 0; p < packed.length; p++) {
    const v = packed[p] ?? 0;
    if (v === previous) continue;
    previous = v;
    out[write++] = Math.floor(v / 0x4000000);
    out[write++] = v % 0x4000000;
  }
  return out.subarray(0, write);
}

export interface BudgetedCandidates extends CandidateResult {
  bands: number;
  rows: number;
}

/** Every pair of `docs` (ascending document numbers), as findCandidates gives them: what a small run
 * verifies instead of the pairs LSH proposes (corpus.ts `verifiesAllPairs`). */
export function allPairs(docs: Uint32Array): CandidateResult {
  const n = docs.length;
  const pairs = new Uint32Array(n * (n - 1));
  let at = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      pairs[at++] = docs[i] ?? 0;
      pairs[at++] = docs[j] ?? 0;
    }
  }
  return { pairs, largeBuckets: 0, largestBucket: 0 };
}

/** `bands` keys of `rows` signature slots each. */
export interface Banding {
  bands: number;
  rows: number;
}

/** The banding to try when `rows` per band gave more pairs than the budget: one row more, as many bands
 * of them as the signature holds. */
export function moreRows(rows: number, numPerm: number): Banding {
  return { bands: Math.floor(numPerm / (rows + 1)), rows: rows + 1 };
}

/** The most pairs a banding may give: the budget, except at the last banding (one band of every slot). */
export function limitAt(banding: Banding, numPerm: number, budget: number): number {
  return banding.rows >= numPerm ? Number.POSITIVE_INFINITY : budget;
}

/**
 * The banding to scan after `banding` gave more pairs than the budget, with `fittingBands` of its first
 * bands within the prefix limit: those bands, or one row more per band (moreRows), whichever misses less
 * above `threshold` (the area above it under 1 − P(candidate | s): params.ts `missedAbove`). One row more
 * cuts the pairs by the background's overlap, often to a small part of the budget: story mode among 20,000
 * other articles went from 2 rows a band (over 2M pairs) to 3 × 42 (0.16M) and lost a third of its event
 * pairs, which share few top terms; 2 rows × the bands that fit 2M keep them. The first bands of a banding
 * are keys it has cut already: taking them costs two scans of those bands (count, then write).
 */
export function afterOverflow(
  banding: Banding,
  fittingBands: number,
  numPerm: number,
  threshold: number,
): { banding: Banding; prefix: boolean } {
  const next = moreRows(banding.rows, numPerm);
  const prefix = { bands: fittingBands, rows: banding.rows };
  if (fittingBands > 0 && missedAbove(threshold, prefix.bands, prefix.rows) < missedAbove(threshold, next.bands, next.rows)) {
    return { banding: prefix, prefix: true };
  }
  return { banding: next, prefix: false };
}

/** How many candidate pairs a run may verify. */
export interface CandidateLimits {
  /** The most pairs a banding may give. */
  budget: number;
  /** The most pairs the first bands of a banding over the budget may give when they are taken instead of one
   * row more (`afterOverflow`); 0: never. */
  prefix: number;
  /** The Jaccard on the sketched sets that candidate generation aims to catch (the mode's). */
  threshold: number;
}

/** What a scan of `banding` (its keys where `layout` says) leads to: its candidates, those of its first
 * bands (`afterOverflow`), or the banding to scan next. The one rule of the calling thread and the workers. */
export function settleBanding(
  found: CandidateResult | Overflow,
  keys: Uint32Array,
  docs: Uint32Array,
  banding: Banding,
  layout: KeyLayout,
  numPerm: number,
  threshold: number,
): BudgetedCandidates | { next: Banding } {
  if ('pairs' in found) return { ...found, ...banding };
  const after = afterOverflow(banding, found.fittingBands, numPerm, threshold);
  if (after.prefix) return { ...findAllCandidates(keys, docs, after.banding.bands, layout), ...after.banding };
  return { next: after.banding };
}

/**
 * Candidate pairs from MinHash signatures of `numPerm` slots, banded `first.bands` × `first.rows`;
 * `keysFor(b, r)` gives b keys of r slots per row. A run whose background overlap would make the pair count
 * grow with n² gets fewer bands or more rows per band (`afterOverflow`) until the pairs fit the budget.
 * Decided from the data alone, so every worker count makes the same choice.
 */
export function findCandidatesWithin(
  keysFor: (bands: number, rows: number) => Uint32Array,
  docs: Uint32Array,
  numPerm: number,
  first: Banding,
  limits: CandidateLimits,
): BudgetedCandidates {
  for (let banding = first; ; ) {
    const keys = keysFor(banding.bands, banding.rows);
    const layout = { stride: banding.bands, offset: 0 };
    const found = findCandidates(keys, docs, banding.bands, limitAt(banding, numPerm, limits.budget), layout, limits.prefix);
    const settled = settleBanding(found, keys, docs, banding, layout, numPerm, limits.threshold);
    if (!('next' in settled)) return settled;
    banding = settled.next;
  }
}
