/**
 * Stage 4, verify: exact scores of document pairs, read in place from the batches (shared memory on
 * worker threads: every worker reads every batch without a copy).
 */
import type { PairMeasures } from '../cluster/features.js';
import type { PairFeatures } from '../cluster/modes.js';
import { cosineOfRanges, intersectionSize, overlapOfCounts, setOverlap, type SetOverlap } from '../cluster/similarity.js';
import { commonShingles, readTerms, shinglesOfReading } from '../sketch/reading.js';
import { termTable } from './term-table.js';
import { rangeOf, room } from './workspace.js';

/** What verification reads of a document batch: its sketch arrays and, once weighed, its weights. */
export interface VerifyBatch {
  count: number;
  termEnds: Uint32Array;
  terms: Uint32Array;
  /** Empty when the mode does not weigh (duplicate mode decides on shingles). */
  weights: Uint16Array;
  shingleEnds: Uint32Array;
  /** Empty once the shingles are dropped for the reading (src/sketch/reading.ts). */
  shingles: Uint32Array;
  readingEnds: Uint32Array;
  reading: Uint8Array;
}

/** Documents numbered from 0 over all batches of `batchSize`. */
export interface VerifySource {
  readonly batches: readonly VerifyBatch[];
  readonly batchSize: number;
  /** Terms per shingle, to make the shingles again from a reading. */
  readonly shingleSize: number;
}

function locate(source: VerifySource, doc: number): [VerifyBatch, number] {
  const batch = source.batches[Math.floor(doc / source.batchSize)];
  if (batch === undefined) throw new RangeError(`document ${doc} is in no batch`);
  return [batch, doc % source.batchSize];
}

function cosineOf(source: VerifySource, i: number, j: number): number {
  const [a, di] = locate(source, i);
  const [b, dj] = locate(source, j);
  if (a.weights.length === 0 || b.weights.length === 0) return 0;
  const [a0, a1] = rangeOf(a.termEnds, di);
  const [b0, b1] = rangeOf(b.termEnds, dj);
  return cosineOfRanges(a.terms, a.weights, a0, a1, b.terms, b.weights, b0, b1);
}

function shinglesOfDoc(source: VerifySource, doc: number): Uint32Array {
  const [batch, d] = locate(source, doc);
  if (holdsReading(batch)) return shinglesOfReading(readingOf(batch, d, 'reading-a'), source.shingleSize);
  const [from, to] = rangeOf(batch.shingleEnds, d);
  return batch.shingles.subarray(from, to);
}

/** A document's sorted distinct shingles, its own copy (made again from its reading where the batch holds
 * that instead). */
export function shinglesOf(source: VerifySource, doc: number): Uint32Array {
  return Uint32Array.from(shinglesOfDoc(source, doc));
}

/** Whether the batch holds its documents' readings instead of their shingles (src/sketch/reading.ts). */
function holdsReading(batch: VerifyBatch): boolean {
  return batch.shingles.length === 0 && batch.readingEnds.length > 0;
}

/** Document d's content terms in reading order, in a working array of that name. */
function readingOf(batch: VerifyBatch, d: number, name: string): Uint32Array {
  const [t0, t1] = rangeOf(batch.termEnds, d);
  const [r0, r1] = rangeOf(batch.readingEnds, d);
  const reading = room(name, r1 - r0);
  return reading.subarray(0, readTerms(batch.reading.subarray(r0, r1), batch.terms.subarray(t0, t1), reading));
}

function jaccardOf(source: VerifySource, i: number, j: number): number {
  const a = shinglesOfDoc(source, i);
  const b = shinglesOfDoc(source, j);
  if (a.length === 0 || b.length === 0) return 0;
  const common = intersectionSize(a, b);
  return common / (a.length + b.length - common);
}

/** Jaccard and containment of two documents' shingles, from one intersection. */
export function overlapOf(source: VerifySource, i: number, j: number): SetOverlap {
  const [a, di] = locate(source, i);
  const [b, dj] = locate(source, j);
  if (!holdsReading(a) || !holdsReading(b)) return setOverlap(shinglesOfDoc(source, i), shinglesOfDoc(source, j));
  const sizeA = rangeOf(a.shingleEnds, di);
  const sizeB = rangeOf(b.shingleEnds, dj);
  const common = commonShingles(readingOf(a, di, 'reading-a'), readingOf(b, dj, 'reading-b'), source.shingleSize);
  return overlapOfCounts(common, sizeA[1] - sizeA[0], sizeB[1] - sizeB[0]);
}

/** The mode's deciding score of a pair: only that measure is computed (it is most of a large run). */
export function scoreOf(source: VerifySource, decidesOn: keyof PairFeatures, i: number, j: number): number {
  if (decidesOn === 'cosine') return cosineOf(source, i, j);
  if (decidesOn === 'jaccard') return jaccardOf(source, i, j);
  return measureOf(source, i, j).containment;
}

/** Every measure of a pair, for reports. */
export function measureOf(source: VerifySource, i: number, j: number): PairMeasures {
  return { ...overlapOf(source, i, j), cosine: cosineOf(source, i, j) };
}

/** Scores of pairs [i0, j0, i1, j1, …]. */
export function scorePairs(source: VerifySource, decidesOn: keyof PairFeatures, pairs: Uint32Array): Float64Array {
  if (decidesOn === 'cosine') return cosinesOfPairs(source, pairs);
  const scores = new Float64Array(pairs.length / 2);
  for (let p = 0; p < scores.length; p++) scores[p] = scoreOf(source, decidesOn, pairs[2 * p] ?? 0, pairs[2 * p + 1] ?? 0);
  return scores;
}

/**
 * Cosines of pairs, the first document's terms held in a TermTable while its pairs follow one another
 * (candidate pairs come sorted by their first document: ~15 a document at a million). Each pair then costs
 * a probe per term of the second document instead of a merge of two sorted lists, whose unpredictable
 * branch was most of verification. The common terms are met in the second document's order, which is the
 * merge's (both lists ascend), so the products are summed in the same order and give the same float.
 */
function cosinesOfPairs(source: VerifySource, pairs: Uint32Array): Float64Array {
  const scores = new Float64Array(pairs.length / 2);
  const table = termTable();
  let held = -1;
  for (let p = 0; p < scores.length; p++) {
    const i = pairs[2 * p] ?? 0;
    const j = pairs[2 * p + 1] ?? 0;
    const [b, dj] = locate(source, j);
    if (b.weights.length === 0) continue;
    if (i !== held) {
      const [a, di] = locate(source, i);
      const [a0, a1] = rangeOf(a.termEnds, di);
      table.hold(a.terms, a.weights, a0, a1);
      held = i;
    }
    const [b0, b1] = rangeOf(b.termEnds, dj);
    scores[p] = table.cosine(b.terms, b.weights, b0, b1);
  }
  return scores;
}
