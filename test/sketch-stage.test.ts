/**
 * The select and sketch stages against straightforward definitions (the code they replaced, kept here):
 * a faster stage must give the same bytes, weights included.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lshSetOf } from '../src/cluster/features.js';
import { MODES } from '../src/cluster/modes.js';
import { buildVector, CorpusIdf, idf } from '../src/cluster/tfidf.js';
import { CountTable } from '../src/sketch/counts.js';
import { fmix32 } from '../src/sketch/hash.js';
import { computeSignature, createPermutations, type Permutations } from '../src/sketch/minhash.js';
import { shingleHashes } from '../src/sketch/shingles.js';
import { dropsBoilerplate } from '../src/text/boilerplate.js';
import { createSketchContext, selectContent, sketchBatch, type AnalysisBatch } from '../src/workers/stages.js';
import type { Mode } from '../src/types.js';

const sortedDistinct = (values: ArrayLike<number>): Uint32Array => Uint32Array.from(new Set(Array.from(values))).sort();

function referenceVector(terms: Uint32Array, df: ReadonlyMap<number, number>, documents: number, names: Uint32Array, factor: number) {
  const sorted = Uint32Array.from(terms).sort();
  const out: number[] = [];
  const weights: number[] = [];
  let norm = 0;
  for (let i = 0; i < sorted.length; ) {
    const t = sorted[i] ?? 0;
    let tf = 0;
    for (; sorted[i] === t; i++) tf += 1;
    let w = (1 + Math.log(tf)) * idf(df.get(t) ?? 0, documents);
    if (names.includes(t)) w *= factor;
    out.push(t);
    weights.push(w);
    norm += w * w;
  }
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  return { terms: Uint32Array.from(out), weights: Float32Array.from(weights, (w) => w * scale) };
}

function referenceSignature(set: Uint32Array, perms: Permutations): Uint32Array {
  const sig = new Uint32Array(perms.numPerm).fill(0xffffffff);
  for (const x of set) {
    for (let i = 0; i < perms.numPerm; i++) {
      let h = Math.imul(x ^ (perms.xor[i] ?? 0), perms.mul[i] ?? 1);
      h = (h ^ (h >>> 15)) >>> 0;
      if (h < (sig[i] ?? 0)) sig[i] = h;
    }
  }
  return sig;
}

/** An analysed batch: documents of lines of terms from a small vocabulary (so terms repeat and ties occur),
 * some lines shared by many documents (boilerplate candidates). */
const analysisBatch: fc.Arbitrary<AnalysisBatch> = fc
  .array(fc.array(fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 30 }), { maxLength: 6 }), { minLength: 1, maxLength: 12 })
  .map((docs) => {
    const lineEnds: number[] = [];
    const lineHashes: number[] = [];
    const termEnds: number[] = [];
    const terms: number[] = [];
    const nameEnds: number[] = [];
    const names: number[] = [];
    for (const lines of docs) {
      for (const line of lines) {
        lineHashes.push(line.length % 3);
        terms.push(...line.map((t) => (t === 0 ? 0 : fmix32(t))));
        termEnds.push(terms.length);
      }
      lineEnds.push(lineHashes.length);
      names.push(...sortedDistinct(lines.flat().filter((t) => t % 5 === 0).map((t) => (t === 0 ? 0 : fmix32(t)))));
      nameEnds.push(names.length);
    }
    const u32 = (a: number[]) => Uint32Array.from(a);
    return { count: docs.length, lineEnds: u32(lineEnds), lineHashes: u32(lineHashes), termEnds: u32(termEnds), terms: u32(terms), nameEnds: u32(nameEnds), names: u32(names), lineKeys: u32([]), lineCounts: u32([]) };
  });

/** Document d's kept terms, the way selectContent always defined them. */
function referenceContent(batch: AnalysisBatch, d: number, boilerplate: ReadonlySet<number>): Uint32Array {
  const lineStart = d === 0 ? 0 : (batch.lineEnds[d - 1] ?? 0);
  const lines = Array.from({ length: (batch.lineEnds[d] ?? 0) - lineStart }, (_, i) => {
    const line = lineStart + i;
    return { hash: batch.lineHashes[line] ?? 0, terms: batch.terms.subarray(line === 0 ? 0 : (batch.termEnds[line - 1] ?? 0), batch.termEnds[line] ?? 0) };
  });
  const all = lines.flatMap((l) => [...l.terms]);
  const kept = lines.filter((l) => !boilerplate.has(l.hash)).flatMap((l) => [...l.terms]);
  return Uint32Array.from(kept.length < all.length && dropsBoilerplate(all.length, kept.length) ? kept : all);
}

const range = (ends: Uint32Array, d: number): [number, number] => [d === 0 ? 0 : (ends[d - 1] ?? 0), ends[d] ?? 0];

describe('selectContent', () => {
  it('keeps the same terms and counts document frequencies as a Map would', () => {
    fc.assert(
      fc.property(analysisBatch, fc.subarray([0, 1, 2]), (batch, lines) => {
        const boilerplate = new Set(lines);
        const content = selectContent(batch, boilerplate);
        const df = new Map<number, number>();
        for (let d = 0; d < batch.count; d++) {
          const expected = referenceContent(batch, d, boilerplate);
          expect(content.terms.subarray(...range(content.termEnds, d))).toEqual(expected);
          for (const t of new Set(expected)) df.set(t, (df.get(t) ?? 0) + 1);
        }
        const keys = [...df.keys()].sort((a, b) => a - b);
        expect([...content.dfKeys]).toEqual(keys);
        expect([...content.dfCounts]).toEqual(keys.map((k) => df.get(k)));
      }),
      { numRuns: 200, seed: 9 },
    );
  });
});

describe('sketchBatch', () => {
  it.each<Mode>(['duplicate', 'rewrite', 'story'])('gives the reference shingles, weights and signatures (%s)', (mode) => {
    const ctx = createSketchContext({ mode, numPerm: 20 });
    fc.assert(
      fc.property(analysisBatch, fc.integer({ min: 0, max: 40 }), (analysis, extraDocuments) => {
        const content = selectContent(analysis, new Set());
        const table = new CountTable();
        table.addAll(content.dfKeys, content.dfCounts);
        const corpus = { documents: content.count + extraDocuments, df: table.freeze() };
        const features = sketchBatch(content, corpus, ctx);
        const profile = MODES[mode];
        for (let d = 0; d < content.count; d++) {
          const terms = content.terms.subarray(...range(content.termEnds, d));
          const names = content.names.subarray(...range(content.nameEnds, d));
          const shingles = sortedDistinct(shingleHashes(terms, profile.shingleSize));
          const vector = referenceVector(terms, corpus.df, corpus.documents, names, profile.nameWeight);
          expect(features.shingles.subarray(...range(features.shingleEnds, d))).toEqual(shingles);
          expect(features.vectorTerms.subarray(...range(features.vectorEnds, d))).toEqual(vector.terms);
          expect(features.vectorWeights.subarray(...range(features.vectorEnds, d))).toEqual(vector.weights);
          const lshSet = lshSetOf(profile, { shingles, vector });
          const indexed = lshSet.length > 0 && shingles.length > 0;
          expect(features.indexed[d]).toBe(indexed ? 1 : 0);
          const signature = features.signatures.subarray(d * 20, (d + 1) * 20);
          expect(signature).toEqual(indexed ? referenceSignature(lshSet, ctx.perms) : new Uint32Array(20));
        }
      }),
      { numRuns: 60, seed: 4 },
    );
  });
});

describe('sketchBatch in shared memory', () => {
  it('gives the same features, the verification arrays on SharedArrayBuffers and the rest transferable', () => {
    const ctx = createSketchContext({});
    fc.assert(
      fc.property(analysisBatch, (analysis) => {
        const content = selectContent(analysis, new Set());
        const table = new CountTable();
        table.addAll(content.dfKeys, content.dfCounts);
        const corpus = { documents: content.count, df: table.freeze() };
        const local = sketchBatch(content, corpus, ctx);
        const shared = sketchBatch(content, corpus, ctx, 'shared');
        expect(shared).toEqual(local);
        for (const key of ['shingleEnds', 'shingles', 'vectorEnds', 'vectorTerms', 'vectorWeights'] as const) {
          expect(shared[key].buffer).toBeInstanceOf(SharedArrayBuffer);
          expect(local[key].buffer).toBeInstanceOf(ArrayBuffer);
        }
        expect(shared.signatures.buffer).toBeInstanceOf(ArrayBuffer);
      }),
      { numRuns: 30, seed: 1 },
    );
  });
});

describe('buildVector', () => {
  it('equals the reference to the bit, emphasis included', () => {
    const df = new Map([...Array(50).keys()].map((t) => [t, (t * 7) % 13]));
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 80 }), { maxLength: 200 }), fc.subarray([...Array(80).keys()]), (terms, names) => {
        const hashes = Uint32Array.from(terms);
        const emphasis = { terms: Uint32Array.from(names).sort(), factor: 2 };
        const expected = referenceVector(hashes, df, 100, emphasis.terms, 2);
        expect(buildVector(hashes, df, 100, emphasis)).toEqual(expected);
      }),
      { numRuns: 200, seed: 8 },
    );
  });
});

describe('CorpusIdf', () => {
  it('gives idf(df) of every key, idf(0) of an unknown one, past the tabulated counts too', () => {
    const documents = 200_000;
    const keys = Uint32Array.from([0, 1, 5, 77, 2 ** 32 - 1, ...Array.from({ length: 3000 }, (_, i) => fmix32(i + 10))]).sort();
    const counts = keys.map((k, i) => (i === 3 ? 150_000 : 1 + (k % 1000)));
    const idfs = new CorpusIdf(keys, counts, documents);
    keys.forEach((k, i) => expect(idfs.idfOf(k)).toBe(idf(counts[i] ?? 0, documents)));
    expect(idfs.idfOf(6)).toBe(idf(0, documents));
    expect(new CorpusIdf(new Uint32Array(0), new Uint32Array(0), 3).idfOf(0)).toBe(idf(0, 3));
  });
});

describe('computeSignature', () => {
  it('equals one permutation at a time, for any slot count and the empty set', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2 ** 32 - 1 }), { maxLength: 80 }), fc.integer({ min: 1, max: 70 }), (set, numPerm) => {
        const perms = createPermutations(numPerm, 3);
        expect(computeSignature(Uint32Array.from(set), perms)).toEqual(referenceSignature(Uint32Array.from(set), perms));
      }),
      { numRuns: 200, seed: 2 },
    );
  });
});
