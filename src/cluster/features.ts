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
  // The count-th highest weight: terms above it are in, and of those at it the lowest hashes (terms are
  // sorted by hash, so the first ones met). The same set as sorting by (weight desc, hash), without it.
  const bar = Float32Array.from(weights).sort()[terms.length - count] ?? Number.NaN;
  if (!Number.isNaN(bar) && !weights.some(Number.isNaN)) {
    let atBar = count;
    for (const w of weights) if (w > bar) atBar -= 1;
    const out = new Uint32Array(count);
    let n = 0;
    for (let i = 0; i < terms.length; i++) {
      const w = weights[i] ?? 0;
      if (w > bar || (w === bar && atBar-- > 0)) out[n++] = terms[i] ?? 0;
    }
    return out;
  }
  const order = Array.from(vector.terms.keys()).sort(
    (a, b) => (vector.weights[b] ?? 0) - (vector.weights[a] ?? 0) || (vector.terms[a] ?? 0) - (vector.terms[b] ?? 0),
  );
  return Uint32Array.from(order.slice(0, count), (i) => vector.terms[i] ?? 0).sort();
}

/** The set MinHash-LSH sketches for candidate generation, as the mode says. */
export function lshSetOf(profile: ModeProfile, features: DocumentFeatures): Uint32Array {
  switch (profile.lshSet) {
    case 'shingles':
      return features.shingles;
    case 'top-terms':
      return topTerms(features.vector, profile.lshTopTerms);
    case 'terms':
      return features.vector.terms;
  }
}
