/**
 * Candidates that cannot reach the threshold, told apart before they are scored. In the modes that decide
 * on the cosine (rewrite, story), by Cauchy–Schwarz cos(a, b) = Σ a_t·b_t over the terms t both hold
 * ≤ ‖a on those terms‖ · ‖b‖, and ‖b‖ = 1: the new document's vector and the candidate's term hashes are
 * enough. Scoring a candidate needs its whole vector, hence the df of all its terms (read from the store)
 * and a pass over them; most LSH candidates share only a few common terms with the new document, and
 * that work was most of `index add` after the df cache (CPU profile, 10k documents). A candidate under the
 * bound scores under the threshold, so the matches at or above it, and the best of them, are the same.
 */
import { resolveParams } from '../params.js';
import type { ClusterOptions } from '../types.js';
import { sketchVector, type DocumentSketch, type IdfModel, type SparseVector } from './engine.js';

/** Float32 weights: a unit vector's stored norm may exceed 1 by a few ulps; the bound allows for it. */
const SLACK = 1 + 1e-4;

export interface CosineBound {
  /** False when a document with these (sorted) terms certainly scores under the threshold against the
   * document the bound was made for. */
  mayMatch(terms: Uint32Array): boolean;
  /** The bound itself: at least the cosine of the two (Infinity where the mode does not decide on it). */
  of(terms: Uint32Array): number;
}

export const ALWAYS: CosineBound = { mayMatch: () => true, of: () => Number.POSITIVE_INFINITY };

/** Makes the bound of a new document under the batch's idf (any model holding its terms' df). */
export function cosineBounds(options: ClusterOptions): (sketch: DocumentSketch, idf: IdfModel) => CosineBound {
  const { profile } = resolveParams(options);
  if (profile.decidesOn !== 'cosine') return () => ALWAYS;
  return (sketch, idf) => {
    // The core's own vector, kept: the band keys were made from it under the same model.
    const vector = sketchVector(sketch, idf, options);
    const of = (terms: Uint32Array): number => SLACK * sharedNorm(vector, terms);
    return { mayMatch: (terms) => of(terms) >= profile.threshold, of };
  };
}

/** ‖a restricted to the terms in `terms`‖ (both sorted). */
function sharedNorm(a: SparseVector, terms: Uint32Array): number {
  let i = 0;
  let j = 0;
  let sum = 0;
  while (i < a.terms.length && j < terms.length) {
    const x = a.terms[i] ?? 0;
    const y = terms[j] ?? 0;
    if (x === y) {
      const w = a.weights[i] ?? 0;
      sum += w * w;
      i += 1;
      j += 1;
    } else if (x < y) i += 1;
    else j += 1;
  }
  return Math.sqrt(sum);
}
