/** Everything verification needs of one document, kept in typed arrays. */
import { cosine, setOverlap, type SparseVector } from './similarity.js';
import type { PairFeatures } from './modes.js';

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
