import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cosine, intersectionSize, setOverlap, WEIGHT_ONE } from '../src/cluster/similarity.js';
import { buildVector, IDF_CAP, idf, PRIOR_STORIES } from '../src/cluster/tfidf.js';
import { topTerms } from '../src/cluster/features.js';

const sorted = (xs: number[]): Uint32Array => Uint32Array.from(new Set(xs)).sort();

describe('setOverlap', () => {
  it('computes Jaccard and both containments by hand', () => {
    const a = sorted([1, 2, 3, 4]);
    const b = sorted([3, 4, 5]);
    expect(intersectionSize(a, b)).toBe(2);
    expect(setOverlap(a, b)).toEqual({ jaccard: 2 / 5, containment: 2 / 3, aInB: 2 / 4, bInA: 2 / 3 });
  });

  it('is 0 against an empty set', () => {
    expect(setOverlap(sorted([]), sorted([1]))).toEqual({ jaccard: 0, containment: 0, aInB: 0, bInA: 0 });
  });

  it('Jaccard is symmetric and within [0, 1]', () => {
    const set = fc.uniqueArray(fc.integer({ min: 0, max: 50 }), { minLength: 1 }).map(sorted);
    fc.assert(
      fc.property(set, set, (a, b) => {
        const ab = setOverlap(a, b);
        const ba = setOverlap(b, a);
        return ab.jaccard === ba.jaccard && ab.jaccard >= 0 && ab.jaccard <= 1 && ab.containment >= ab.jaccard;
      }),
    );
  });
});

describe('TF-IDF cosine', () => {
  const df = new Map<number, number>([
    [1, 1],
    [2, 1],
    [3, 5],
  ]);

  it('weights terms by (1 + ln tf) × ln((N + K) / (df + 1)), unit length, in 16-bit fixed point', () => {
    const v = buildVector(Uint32Array.from([1, 1, 3]), df, 10);
    const w1 = (1 + Math.log(2)) * Math.log((10 + PRIOR_STORIES) / 2);
    const w3 = idf(5, 10);
    const norm = Math.hypot(w1, w3);
    expect([...v.terms]).toEqual([1, 3]);
    expect(v.weights[0]).toBe(Math.round((w1 / norm) * WEIGHT_ONE));
    expect(v.weights[1]).toBe(Math.round((w3 / norm) * WEIGHT_ONE));
  });

  it('scores within a rounding step of the real-valued cosine, and never above 1', () => {
    const vectors = fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 4 })), { minLength: 1, maxLength: 60 });
    fc.assert(
      fc.property(vectors, vectors, (x, y) => {
        const counts = new Map<number, number>(Array.from({ length: 41 }, (_, t) => [t, 1 + (t % 7)]));
        const expand = (v: Array<[number, number]>) => Uint32Array.from(v.flatMap(([t, n]) => Array<number>(n).fill(t)));
        const a = buildVector(expand(x), counts, 20);
        const b = buildVector(expand(y), counts, 20);
        const exact = realCosine(expand(x), expand(y), counts, 20);
        expect(Math.abs(cosine(a, b) - exact)).toBeLessThan(1e-4);
        expect(cosine(a, a)).toBeLessThanOrEqual(1);
        expect(cosine(a, a)).toBeGreaterThan(1 - 1e-4);
      }),
    );
  });

  it('caps the idf at ln 1000, so a rare term weighs the same in a small run and a huge one', () => {
    expect(IDF_CAP).toBeCloseTo(Math.log(1000), 12);
    expect(idf(0, 10)).toBeCloseTo(Math.log(60), 12);
    expect(idf(0, 2_000_000)).toBe(IDF_CAP);
    expect(idf(1, 2_000_000)).toBe(IDF_CAP);
    expect(idf(0, 5_000)).toBe(idf(0, 5_000_000));
    // Below the cap the prior holds: a term in every one of 5 stories keeps ln(55 / 6) of weight.
    expect(idf(5, 5)).toBeCloseTo(Math.log(55 / 6), 12);
    for (const stories of [0, 1, 10, 1000, 1e6]) {
      for (const df of [0, 1, 10, 100, 1e5]) expect(idf(df, stories)).toBeLessThanOrEqual(IDF_CAP);
    }
  });

  it('is 1 for the same text, 0 for disjoint texts, and symmetric', () => {
    const a = buildVector(Uint32Array.from([1, 2, 3]), df, 10);
    const b = buildVector(Uint32Array.from([3, 2]), df, 10);
    const c = buildVector(Uint32Array.from([9]), df, 10);
    expect(cosine(a, a)).toBeCloseTo(1, 6);
    expect(cosine(a, c)).toBe(0);
    expect(cosine(a, b)).toBeCloseTo(cosine(b, a), 10);
    expect(cosine(a, b)).toBeGreaterThan(0);
    expect(cosine(a, b)).toBeLessThan(1);
  });

  it('emphasis raises the share of the emphasised terms', () => {
    const plain = buildVector(Uint32Array.from([1, 2]), df, 10);
    const named = buildVector(Uint32Array.from([1, 2]), df, 10, { terms: Uint32Array.from([1]), factor: 2 });
    const onlyName = buildVector(Uint32Array.from([1]), df, 10);
    expect(cosine(named, onlyName)).toBeGreaterThan(cosine(plain, onlyName));
  });

  it('topTerms keeps the highest weights', () => {
    const v = buildVector(Uint32Array.from([1, 1, 1, 2, 3]), df, 10);
    expect([...topTerms(v, 1)]).toEqual([1]);
    expect([...topTerms(v, 5)]).toEqual([1, 2, 3]);
  });
});

/** The cosine in doubles, from the definition: what the fixed-point weights approximate. */
function realCosine(x: Uint32Array, y: Uint32Array, df: ReadonlyMap<number, number>, stories: number): number {
  const weightsOf = (terms: Uint32Array): Map<number, number> => {
    const tf = new Map<number, number>();
    for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + 1);
    const w = new Map([...tf].map(([t, n]) => [t, (1 + Math.log(n)) * idf(df.get(t) ?? 0, stories)]));
    const norm = Math.hypot(...w.values());
    return new Map([...w].map(([t, v]) => [t, v / norm]));
  };
  const a = weightsOf(x);
  const b = weightsOf(y);
  let dot = 0;
  for (const [t, v] of a) dot += v * (b.get(t) ?? 0);
  return dot;
}
