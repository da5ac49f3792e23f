/**
 * TF-IDF vectors over content terms. Document frequencies come from the run itself, smoothed with a
 * prior of PRIOR_DOCUMENTS pseudo-documents that contain no term: on five articles about one story every
 * story word is in every document, and a plain idf would weigh them all near zero (the scores would
 * collapse); with the prior, idf only separates terms once the corpus is large enough to say something.
 */
import type { SparseVector } from './similarity.js';

export const PRIOR_DOCUMENTS = 50;


export function idf(documentFrequency: number, documents: number): number {
  return Math.log((documents + PRIOR_DOCUMENTS) / (documentFrequency + 1));
}

/** Terms whose weight is multiplied, and by how much (story mode: names and numbers). */
export interface Emphasis {
  /** Sorted distinct term hashes. */
  readonly terms: Uint32Array;
  readonly factor: number;
}

function contains(sorted: Uint32Array, value: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const x = sorted[mid] ?? 0;
    if (x === value) return true;
    if (x < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** Unit-length vector with sublinear tf (1 + ln tf) × smoothed idf. `termHashes` in reading order. */
export function buildVector(
  termHashes: Uint32Array,
  documentFrequencies: ReadonlyMap<number, number>,
  documents: number,
  emphasis?: Emphasis,
): SparseVector {
  const sorted = Uint32Array.from(termHashes).sort();
  const terms: number[] = [];
  const weights: number[] = [];
  let norm = 0;
  for (let i = 0; i < sorted.length; ) {
    const t = sorted[i] ?? 0;
    let tf = 0;
    while (i < sorted.length && sorted[i] === t) {
      tf += 1;
      i += 1;
    }
    let w = (1 + Math.log(tf)) * idf(documentFrequencies.get(t) ?? 0, documents);
    if (emphasis !== undefined && contains(emphasis.terms, t)) w *= emphasis.factor;
    terms.push(t);
    weights.push(w);
    norm += w * w;
  }
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  return { terms: Uint32Array.from(terms), weights: Float32Array.from(weights, (w) => w * scale) };
}
