/**
 * Candidates that cannot reach the threshold, told apart before they are scored. In the modes that decide
 * on the cosine (rewrite, story), by Cauchy–Schwarz cos(a, b) = Σ a_t·b_t over the terms t both hold
 * ≤ ‖a on those terms‖ · ‖b‖, and ‖b‖ = 1: the new document's vector and the candidate's term hashes are
 * enough. Scoring a candidate needs its whole vector, hence the df of all its terms (read from the store)
 * and a pass over them; most LSH candidates share only a few common terms with the new document, and
 * that work was most of `index add` after the df cache (CPU profile, 10k documents). A candidate under the
 * bound scores under the threshold, so the matches at or above it, and the best of them, are the same.
 */
import { WEIGHT_ONE } from '../cluster/similarity.js';
import { resolveParams } from '../params.js';
import type { ClusterOptions } from '../types.js';
import { sketchVector, type DocumentSketch, type IdfModel } from './engine.js';

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
    const norm = sharedNormOf(sketch, idf, options);
    const of = (terms: Uint32Array): number => norm(terms) * storedNormBound(terms.length);
    return { mayMatch: (terms) => of(terms) >= profile.threshold, of };
  };
}

/**
 * At least the stored norm of a unit vector of `terms` fixed-point weights (cluster/similarity.ts), over
 * WEIGHT_ONE: each weight is rounded by at most half a step, so ‖q‖ ≤ WEIGHT_ONE + ½·√terms (a step more
 * for the rounding of the doubles). Typically the norm is off by ~1e-5; the bound holds for any rounding.
 */
function storedNormBound(terms: number): number {
  return 1 + (0.5 * Math.sqrt(terms) + 1) / WEIGHT_ONE;
}

/** Bits of the filter a bound keeps of its document's terms: 8192, so that with a few hundred terms a
 * candidate's term is looked up in the vector only a few times in a hundred when not shared. */
const FILTER_WORDS = 256;

/** ‖a restricted to the terms given‖, for sorted terms, where a is the core's own vector of `sketch`
 * (kept: the band keys were made from it under the same model). A walk along both term lists was a tenth
 * of `index add`: most candidates share a few terms of hundreds, so each of a candidate's terms is
 * checked against a bit filter of the document's terms, and only those it lets through are searched. */
function sharedNormOf(sketch: DocumentSketch, idf: IdfModel, options: ClusterOptions): (terms: Uint32Array) => number {
  const vector = sketchVector(sketch, idf, options);
  const filter = new Int32Array(FILTER_WORDS);
  for (const term of vector.terms) {
    const word = (term >>> 5) & (FILTER_WORDS - 1);
    filter[word] = (filter[word] ?? 0) | (1 << (term & 31));
  }
  return (terms) => {
    let sum = 0;
    for (let j = 0; j < terms.length; j++) {
      const term = terms[j] ?? 0;
      if (((filter[(term >>> 5) & (FILTER_WORDS - 1)] ?? 0) & (1 << (term & 31))) === 0) continue;
      const i = indexOf(vector.terms, term);
      if (i < 0) continue;
      const w = vector.weights[i] ?? 0;
      sum += w * w;
    }
    return Math.sqrt(sum) / WEIGHT_ONE;
  };
}

/** Binary search in sorted terms; -1 when absent. */
function indexOf(terms: Uint32Array, term: number): number {
  let lo = 0;
  let hi = terms.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const at = terms[mid] ?? 0;
    if (at === term) return mid;
    if (at < term) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
