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
