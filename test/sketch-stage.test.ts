/**
 * The select and weigh stages against straightforward definitions (the code they replaced, kept here):
 * a faster stage must give the same bytes, weights included.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lshSetOf } from '../src/cluster/features.js';
import { MODES } from '../src/cluster/modes.js';
import { buildVector, CorpusIdf, idf } from '../src/cluster/tfidf.js';
import { dfKey, storiesKey, unreserved } from '../src/sketch/df-keys.js';
import { combineHashes, fmix32, uncombineOne } from '../src/sketch/hash.js';
import { LANGUAGES, languageNumber } from '../src/text/language.js';
import { computeSignature, createPermutations, type Permutations } from '../src/sketch/minhash.js';
import { readTerms, shinglesOfReading } from '../src/sketch/reading.js';
import { shingleHashes } from '../src/sketch/shingles.js';
import { dropsBoilerplate } from '../src/text/boilerplate.js';
import type { AnalysisBatch } from '../src/stages/analyse.js';
import { createStageContext } from '../src/stages/context.js';
import { contentHashOf, selectContent, shingleFormOf, type SketchBatch } from '../src/stages/select.js';
import { INDEX, SKIP, WEIGH, weighBatch } from '../src/stages/weigh.js';
import { cutBandKeys, cutInPlace, holdsSignatures, placeWeights, rekeyBatch } from '../src/stages/band-keys.js';
import type { Mode } from '../src/types.js';
import { WEIGHT_ONE } from '../src/cluster/similarity.js';

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
  const scale = norm > 0 ? WEIGHT_ONE / Math.sqrt(norm) : 0;
  return { terms: Uint32Array.from(out), weights: Uint16Array.from(weights, (w) => Math.round(w * scale)) };
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
      names.push(
        ...sortedDistinct(
          lines
            .flat()
            .filter((t) => t % 5 === 0)
            .map((t) => (t === 0 ? 0 : fmix32(t))),
        ),
      );
      nameEnds.push(names.length);
    }
    const u32 = (a: number[]) => Uint32Array.from(a);
    return {
      count: docs.length,
      lineEnds: u32(lineEnds),
      lineHashes: u32(lineHashes),
      termEnds: u32(termEnds),
      terms: u32(terms),
      // English: the per-language counting has its own tests (./df-keys.test.ts).
      langs: new Uint8Array(docs.length),
      nameEnds: u32(nameEnds),
      names: u32(names),
      lineKeys: u32([]),
      lineCounts: u32([]),
    };
  });

/** The batch's own df, with `stories` English stories instead of those it counted. */
function idfWith(content: SketchBatch, stories: number): CorpusIdf {
  const df = new Map([...content.dfKeys].map((k, i) => [k, content.dfCounts[i] ?? 0]));
  df.set(storiesKey(0), stories);
  return new CorpusIdf(Uint32Array.from(df.keys()), Uint32Array.from(df.values()));
}

/** Document d's kept terms in reading order, the way selectContent always defined them. */
function referenceContent(batch: AnalysisBatch, d: number, boilerplate: ReadonlySet<number>): Uint32Array {
  const lineStart = d === 0 ? 0 : (batch.lineEnds[d - 1] ?? 0);
  const lines = Array.from({ length: (batch.lineEnds[d] ?? 0) - lineStart }, (_, i) => {
    const line = lineStart + i;
    return {
      hash: batch.lineHashes[line] ?? 0,
      terms: batch.terms.subarray(line === 0 ? 0 : (batch.termEnds[line - 1] ?? 0), batch.termEnds[line] ?? 0),
    };
  });
  const all = lines.flatMap((l) => [...l.terms]);
  const kept = lines.filter((l) => !boilerplate.has(l.hash)).flatMap((l) => [...l.terms]);
  return Uint32Array.from(kept.length < all.length && dropsBoilerplate(all.length, kept.length) ? kept : all);
}

/** Sorted distinct terms and their frequencies. */
function referenceCounts(terms: Uint32Array): { terms: number[]; tf: number[] } {
  const counts = new Map<number, number>();
  for (const t of terms) counts.set(t, (counts.get(t) ?? 0) + 1);
  const sorted = [...counts.keys()].sort((a, b) => a - b);
  return { terms: sorted, tf: sorted.map((t) => counts.get(t) ?? 0) };
}

const range = (ends: Uint32Array, d: number): [number, number] => [d === 0 ? 0 : (ends[d - 1] ?? 0), ends[d] ?? 0];

describe('selectContent', () => {
  it('keeps the same terms, with their frequencies, and counts document frequencies per language as a Map would', () => {
    const ctx = createStageContext({});
    const languages = fc.array(fc.integer({ min: 0, max: LANGUAGES.length - 1 }), { minLength: 12, maxLength: 12 });
    fc.assert(
      fc.property(analysisBatch, fc.subarray([0, 1, 2]), languages, (english, lines, langs) => {
        const batch = { ...english, langs: Uint8Array.from(langs.slice(0, english.count)) };
        const boilerplate = new Set(lines);
        const content = selectContent(batch, boilerplate, ctx);
        expect(content.count).toBe(batch.count);
        expect(content.langs).toEqual(batch.langs);
        const df = new Map<number, number>();
        const count = (key: number): void => void df.set(key, (df.get(key) ?? 0) + 1);
        for (let d = 0; d < batch.count; d++) {
          const expected = referenceCounts(referenceContent(batch, d, boilerplate));
          expect([...content.terms.subarray(...range(content.termEnds, d))]).toEqual(expected.terms);
          expect([...content.tf.subarray(...range(content.termEnds, d))]).toEqual(expected.tf);
          const language = batch.langs[d] ?? 0;
          for (const t of expected.terms) count(dfKey(t, language));
          if (range(content.shingleEnds, d)[1] > range(content.shingleEnds, d)[0]) count(storiesKey(language));
        }
        const keys = [...df.keys()].sort((a, b) => a - b);
        expect([...content.dfKeys]).toEqual(keys);
        expect([...content.dfCounts]).toEqual(keys.map((k) => df.get(k)));
      }),
      { numRuns: 200, seed: 9 },
    );
  });

  it.each<Mode>(['duplicate', 'rewrite', 'story'])('gives the reference shingles, near-duplicate keys and content hashes (%s)', (mode) => {
    const ctx = createStageContext({ mode, numPerm: 20 });
    const { bands, rows } = ctx.near;
    fc.assert(
      fc.property(analysisBatch, (batch) => {
        const content = selectContent(batch, new Set(), ctx);
        const byContent = new Map<string, string>();
        for (let d = 0; d < content.count; d++) {
          const reading = referenceContent(batch, d, new Set());
          const shingles = sortedDistinct(shingleHashes(reading, MODES[mode].shingleSize));
          expect(content.shingles.subarray(...range(content.shingleEnds, d))).toEqual(shingles);
          const signature = referenceSignature(shingles, ctx.perms);
          const keys = Array.from({ length: bands }, (_, b) => (shingles.length === 0 ? 0 : combineHashes(signature, b * rows, rows)));
          expect([...content.nearKeys.subarray(d * bands, (d + 1) * bands)]).toEqual(keys);
          // Same content in reading order, same 64-bit hash; a different order or content, another one.
          const hash = `${content.contentHashes[2 * d]},${content.contentHashes[2 * d + 1]}`;
          const text = reading.join(' ');
          const expected = new Uint32Array(2);
          contentHashOf(reading, expected, 0);
          expect(hash).toBe(`${expected[0]},${expected[1]}`);
          if (byContent.has(hash)) expect(byContent.get(hash)).toBe(text);
          byContent.set(hash, text);
        }
      }),
      { numRuns: 60, seed: 4 },
    );
  });

  it.each<Mode>(['duplicate', 'rewrite', 'story'])(
    'keeps the reading instead of the shingles where the linkage does not read them (%s)',
    (mode) => {
      const ctx = createStageContext({ mode });
      fc.assert(
        fc.property(analysisBatch, (batch) => {
          const content = selectContent(batch, new Set(), ctx, 'private', shingleFormOf(ctx));
          const sets = selectContent(batch, new Set(), ctx);
          expect(content.shingleEnds).toEqual(sets.shingleEnds);
          expect(sets.readingEnds.length + sets.reading.length).toBe(0);
          if (mode === 'duplicate') {
            expect(content).toEqual(sets);
            return;
          }
          expect(content.shingles.length).toBe(0);
          for (let d = 0; d < content.count; d++) {
            const terms = content.terms.subarray(...range(content.termEnds, d));
            const reading = new Uint32Array(content.reading.length);
            const length = readTerms(content.reading.subarray(...range(content.readingEnds, d)), terms, reading);
            expect(reading.subarray(0, length)).toEqual(referenceContent(batch, d, new Set()));
            expect(shinglesOfReading(reading.subarray(0, length), ctx.profile.shingleSize)).toEqual(
              sets.shingles.subarray(...range(sets.shingleEnds, d)),
            );
          }
        }),
        { numRuns: 60, seed: 5 },
      );
    },
  );

  it('gives the same sketches in shared memory, the arrays verification reads on SharedArrayBuffers', () => {
    const ctx = createStageContext({});
    fc.assert(
      fc.property(analysisBatch, (analysis) => {
        const local = selectContent(analysis, new Set(), ctx);
        const shared = selectContent(analysis, new Set(), ctx, 'shared');
        expect(shared).toEqual(local);
        for (const key of ['terms', 'tf', 'shingleEnds', 'shingles'] as const) {
          expect(shared[key].buffer).toBeInstanceOf(SharedArrayBuffer);
          expect(local[key].buffer).toBeInstanceOf(ArrayBuffer);
        }
      }),
      { numRuns: 30, seed: 1 },
    );
  });
});

describe('weighBatch', () => {
  const role = fc.constantFrom(SKIP, WEIGH, INDEX);

  it.each<Mode>(['duplicate', 'rewrite', 'story'])('gives the reference weights and LSH signatures by role (%s)', (mode) => {
    const ctx = createStageContext({ mode, numPerm: 20 });
    const profile = MODES[mode];
    fc.assert(
      fc.property(
        analysisBatch,
        fc.array(role, { minLength: 12, maxLength: 12 }),
        fc.integer({ min: 0, max: 40 }),
        (analysis, roleList, extraStories) => {
          const content: SketchBatch = selectContent(analysis, new Set(), ctx);
          const roles = Uint8Array.from(roleList.slice(0, content.count));
          const stories = content.count + extraStories;
          const df = new Map([...content.dfKeys].map((k, i) => [k, content.dfCounts[i] ?? 0]));
          const weighed = weighBatch(content, roles, idfWith(content, stories), ctx);
          expect(weighed.count).toBe(content.count);
          for (let d = 0; d < content.count; d++) {
            const weights = weighed.weights.subarray(...range(content.termEnds, d));
            const signature = weighed.signatures.subarray(d * 20, (d + 1) * 20);
            if (roles[d] === SKIP) {
              expect(weights.every((w) => w === 0)).toBe(true);
              expect(weighed.indexed[d]).toBe(0);
              continue;
            }
            const reading = referenceContent(analysis, d, new Set());
            const names = content.names.subarray(...range(content.nameEnds, d));
            const vector = referenceVector(reading, df, stories, names, profile.nameWeight);
            expect([...content.terms.subarray(...range(content.termEnds, d))]).toEqual([...vector.terms]);
            expect(weights).toEqual(vector.weights);
            const shingles = content.shingles.subarray(...range(content.shingleEnds, d));
            const lshSet = lshSetOf(profile, { shingles, vector });
            const indexed = roles[d] === INDEX && lshSet.length > 0 && shingles.length > 0;
            expect(weighed.indexed[d]).toBe(indexed ? 1 : 0);
            expect(signature).toEqual(indexed ? referenceSignature(lshSet, ctx.perms) : new Uint32Array(20));
          }
        },
      ),
      { numRuns: 60, seed: 4 },
    );
  });

  it('gives the same weights in shared memory, on a SharedArrayBuffer', () => {
    const ctx = createStageContext({});
    fc.assert(
      fc.property(analysisBatch, (analysis) => {
        const content = selectContent(analysis, new Set(), ctx);
        const roles = new Uint8Array(content.count).fill(INDEX);
        const idfs = idfWith(content, content.count);
        const local = weighBatch(content, roles, idfs, ctx);
        const shared = weighBatch(content, roles, idfs, ctx, 'shared');
        expect(shared).toEqual(local);
        expect(shared.weights.buffer).toBeInstanceOf(SharedArrayBuffer);
        expect(local.weights.buffer).toBeInstanceOf(ArrayBuffer);
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
    const keys = Uint32Array.from([0, 1, 5, 77, 2 ** 32 - 65, ...Array.from({ length: 3000 }, (_, i) => unreserved(fmix32(i + 10)))]);
    const counts = keys.map((k, i) => (i === 3 ? 150_000 : 1 + (k % 1000)));
    const idfs = new CorpusIdf(Uint32Array.of(...keys, storiesKey(0)), Uint32Array.of(...counts, documents)).forLanguage(0);
    keys.forEach((k, i) => expect(idfs.idfOf(k)).toBe(idf(counts[i] ?? 0, documents)));
    expect(idfs.idfOf(6)).toBe(idf(0, documents));
    expect(new CorpusIdf(new Uint32Array(0), new Uint32Array(0)).forLanguage(0).idfOf(0)).toBe(idf(0, 0));
  });

  it("weighs a document's terms among the stories of its language only", () => {
    const language = languageNumber('ur');
    const term = 1234;
    const idfs = new CorpusIdf(
      Uint32Array.of(term, dfKey(term, language), storiesKey(0), storiesKey(language)),
      Uint32Array.of(900, 3, 5000, 40),
    );
    expect(idfs.storiesOf(language)).toBe(40);
    expect(idfs.forLanguage(language).idfOf(term)).toBe(idf(3, 40));
    expect(idfs.forLanguage(0).idfOf(term)).toBe(idf(900, 5000));
    expect(idfs.forLanguage(languageNumber('fr')).idfOf(term)).toBe(idf(0, 0));
  });
});

describe('computeSignature', () => {
  it('equals one permutation at a time, for any slot count and the empty set', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 2 ** 32 - 1 }), { maxLength: 80 }),
        fc.integer({ min: 1, max: 70 }),
        (set, numPerm) => {
          const perms = createPermutations(numPerm, 3);
          expect(computeSignature(Uint32Array.from(set), perms)).toEqual(referenceSignature(Uint32Array.from(set), perms));
        },
      ),
      { numRuns: 200, seed: 2 },
    );
  });
});

describe('band keys', () => {
  it.each<Mode>(['duplicate', 'rewrite', 'story'])('made again from the stored weights equal those cut from weigh (%s)', (mode) => {
    const ctx = createStageContext({ mode, numPerm: 24 });
    fc.assert(
      fc.property(analysisBatch, fc.array(fc.constantFrom(SKIP, WEIGH, INDEX), { minLength: 12, maxLength: 12 }), (analysis, roleList) => {
        const content = selectContent(analysis, new Set(), ctx);
        const roles = Uint8Array.from(roleList.slice(0, content.count));
        const weighed = weighBatch(content, roles, idfWith(content, content.count + 3), ctx);
        for (const banding of [
          { bands: 8, rows: 3 },
          { bands: 6, rows: 4 },
          { bands: 1, rows: 24 },
        ]) {
          const keyed = { weights: new Uint16Array(weighed.weights.length), keys: new Uint32Array(content.count * banding.bands) };
          expect(placeWeights(weighed, keyed, 24, banding)).toBe(weighed.indexed);
          expect(keyed.weights).toEqual(weighed.weights);
          expect(keyed.keys).toEqual(cutBandKeys(weighed.signatures, weighed.indexed, 24, banding));
          expect(rekeyBatch(content, { weights: keyed.weights, indexed: weighed.indexed }, ctx, banding)).toEqual(keyed.keys);
          for (let d = 0; d < content.count; d++) {
            const row = keyed.keys.subarray(d * banding.bands, (d + 1) * banding.bands);
            if (weighed.indexed[d] !== 1) expect(row.every((k) => k === 0)).toBe(true);
            else expect(row[0]).toBe(combineHashes(weighed.signatures, d * 24, banding.rows));
          }
        }
      }),
      { numRuns: 40, seed: 9 },
    );
  });
});

describe('band keys from keys of one row', () => {
  it('undoes a combination of one value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (value) => {
        expect(uncombineOne(combineHashes([value], 0, 1))).toBe(value);
      }),
      { numRuns: 2000, seed: 3 },
    );
  });

  it('cuts the keys that the signatures give, for several bandings side by side, in place', () => {
    const numPerm = 12;
    fc.assert(
      fc.property(fc.uint32Array({ minLength: numPerm, maxLength: 8 * numPerm }), (values) => {
        const signatures = values.subarray(0, values.length - (values.length % numPerm));
        const all = new Uint8Array(signatures.length / numPerm).fill(1);
        const single = { bands: numPerm, rows: 1 };
        expect(holdsSignatures(single, numPerm)).toBe(true);
        const keys = cutBandKeys(signatures, all, numPerm, single);
        const bandings = [
          { bands: 6, rows: 2 },
          { bands: 4, rows: 3 },
          { bands: 1, rows: 12 },
        ];
        const layouts = cutInPlace(keys, numPerm, bandings);
        bandings.forEach((banding, k) => {
          expect(holdsSignatures(banding, numPerm)).toBe(false);
          const { stride, offset } = layouts[k] ?? { stride: 0, offset: 0 };
          expect(stride).toBe(11);
          const expected = cutBandKeys(signatures, all, numPerm, banding);
          for (let d = 0; d < all.length; d++)
            expect(keys.subarray(d * stride + offset, d * stride + offset + banding.bands)).toEqual(
              expected.subarray(d * banding.bands, (d + 1) * banding.bands),
            );
        });
      }),
      { numRuns: 200, seed: 2 },
    );
    expect(() =>
      cutInPlace(new Uint32Array(12), 12, [
        { bands: 12, rows: 1 },
        { bands: 6, rows: 2 },
      ]),
    ).toThrow(RangeError);
  });
});
