/**
 * Stage 3, weigh: with the corpus's idf known, each version's TF-IDF weights (aligned with its sketch's
 * terms) and, for the versions the linkage compares, the LSH band keys of the mode's set. Exact copies are
 * skipped: they are their first copy, at score 1.
 */
import { lshSetOf } from '../cluster/features.js';
import { writeWeights, type CorpusIdf } from '../cluster/tfidf.js';
import { computeSignature } from '../sketch/minhash.js';
import type { StageContext } from './context.js';
import { rangeOf, type Memory } from './workspace.js';
import type { SketchBatch } from './select.js';

/** What weigh does with a document. */
export const SKIP = 0;
/** Weights only: a version that belongs to a near-duplicate group led by another document. */
export const WEIGH = 1;
/** Weights and LSH keys: the version that stands for its group in the linkage. */
export const INDEX = 2;

export interface WeightBatch {
  count: number;
  /** TF-IDF weight of each term of the sketch batch, fixed point (0 for skipped documents). */
  weights: Uint16Array;
  /** `numPerm` MinHash slots per document of the mode's LSH set; meaningful where `indexed` is 1. The bands
   * are cut from them on the main thread (corpus.ts), which may need more rows per band on a large run. */
  signatures: Uint32Array;
  indexed: Uint8Array;
}

export function weighBatch(
  batch: SketchBatch,
  roles: Uint8Array,
  idfs: CorpusIdf,
  ctx: StageContext,
  memory: Memory = 'private',
): WeightBatch {
  const { profile, perms } = ctx;
  const weights = new Uint16Array(
    memory === 'shared' ? new SharedArrayBuffer(2 * batch.terms.length) : new ArrayBuffer(2 * batch.terms.length),
  );
  const signatures = new Uint32Array(batch.count * perms.numPerm);
  const indexed = new Uint8Array(batch.count);
  for (let d = 0; d < batch.count; d++) {
    const role = roles[d] ?? SKIP;
    if (role === SKIP) continue;
    const [from, to] = rangeOf(batch.termEnds, d);
    const [n0, n1] = rangeOf(batch.nameEnds, d);
    const terms = batch.terms.subarray(from, to);
    const vector = { terms, weights: weights.subarray(from, to) };
    writeWeights(terms, batch.tf.subarray(from, to), idfs.forLanguage(batch.langs[d] ?? 0), vector.weights, {
      terms: batch.names.subarray(n0, n1),
      factor: profile.nameWeight,
    });
    if (role !== INDEX) continue;
    const [s0, s1] = rangeOf(batch.shingleEnds, d);
    const shingles = batch.shingles.subarray(s0, s1);
    const lshSet = lshSetOf(profile, { shingles, vector });
    if (lshSet.length === 0 || s1 === s0) continue;
    // Classic permutations, not one-permutation hashing: on LSH sets of a few hundred terms a quarter of
    // the one-permutation bins are empty and the densified copies are correlated, which tripled the
    // background pairs colliding in multi-row bands (README "Performance and memory").
    computeSignature(lshSet, perms, signatures.subarray(d * perms.numPerm, (d + 1) * perms.numPerm));
    indexed[d] = 1;
  }
  return { count: batch.count, weights, signatures, indexed };
}
