/**
 * Everything verification needs of one document, kept in typed arrays, and the set a mode sketches for
 * LSH. The batch stages that build them from analysed text are in workers/stages.ts.
 */
import { cosine, setOverlap, type SparseVector } from './similarity.js';
import type { ModeProfile, PairFeatures } from './modes.js';

export interface DocumentFeatures {
  /** Sorted distinct verification shingles. */
  readonly shingles: Uint32Array;
  /** TF-IDF vector over content terms. */
  readonly vector: SparseVector;
}

export interface PairMeasures extends PairFeatures {
  /** Share of a's shingles found in b, and of b's in a. */
  aInB: number;
  bInA: number;
}

export function measurePair(a: DocumentFeatures, b: DocumentFeatures): PairMeasures {
  const overlap = setOverlap(a.shingles, b.shingles);
  return { ...overlap, cosine: cosine(a.vector, b.vector) };
}

/** The `count` highest-weighted terms of a vector, sorted by hash (ties broken by hash for determinism). */
export function topTerms(vector: SparseVector, count: number): Uint32Array {
  const { terms, weights } = vector;
  if (terms.length <= count) return Uint32Array.from(terms).sort();
  if (count <= 0) return new Uint32Array(0);
  // The count-th highest weight: terms above it are in, and of those at it the lowest hashes (terms are
  // sorted by hash, so the first ones met). The same set as sorting by (weight desc, hash), without it.
  const bar = kthSmallest(weights, terms.length - count);
  let atBar = count;
  for (let i = 0; i < weights.length; i++) if ((weights[i] ?? 0) > bar) atBar -= 1;
  const out = new Uint32Array(count);
  let n = 0;
  for (let i = 0; i < terms.length; i++) {
    const w = weights[i] ?? 0;
    if (w > bar || (w === bar && atBar-- > 0)) out[n++] = terms[i] ?? 0;
  }
  return out;
}

let selection = new Uint16Array(256);

/**
 * The value at position k of `values` sorted ascending, by quickselect on a copy (Wirth's
 * partition around a median of three): linear time, where sorting a copy was a sixth of the sketch stage.
 */
function kthSmallest(values: Uint16Array, k: number): number {
  if (selection.length < values.length) selection = new Uint16Array(2 * values.length);
  const a = selection;
  a.set(values);
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const pivot = medianOfThree(a[lo] ?? 0, a[(lo + hi) >>> 1] ?? 0, a[hi] ?? 0);
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((a[i] ?? 0) < pivot) i += 1;
      while ((a[j] ?? 0) > pivot) j -= 1;
      if (i <= j) {
        const t = a[i] ?? 0;
        a[i++] = a[j] ?? 0;
        a[j--] = t;
      }
    }
    // Now a[lo..j] <= pivot <= a[i..hi], and everything strictly between j and i equals the pivot.
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return pivot;
  }
  return a[k] ?? 0;
}

function medianOfThree(x: number, y: number, z: number): number {
  if (x < y) return y < z ? y : x < z ? z : x;
  return x < z ? x : y < z ? z : y;
}

/** The set MinHash-LSH sketches for candidate generation, as the mode says. */
export function lshSetOf(profile: ModeProfile, features: DocumentFeatures): Uint32Array {
  switch (profile.lshSet) {
    case 'shingles':
      return features.shingles;
    case 'top-terms':
      return topTerms(features.vector, profile.lshTopTerms);
  }
}
