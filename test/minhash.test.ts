import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { setOverlap } from '../src/cluster/similarity.js';
import {
  computeOnePermutation,
  computeSignature,
  createPermutations,
  estimateJaccard,
  usesClassicSketch,
  type Permutations,
} from '../src/sketch/minhash.js';
import { CountTable } from '../src/sketch/counts.js';
import { fmix32 } from '../src/sketch/hash.js';
import { distinctSorted, hashTerms, shingleSet } from '../src/sketch/shingles.js';

/** Two sets with a chosen overlap, as distinct well-mixed hashes (like real shingle hashes). */
function setPair(base: number, common: number, onlyA: number, onlyB: number): [Uint32Array, Uint32Array] {
  const value = (i: number) => fmix32(base * 7919 + i);
  const a: number[] = [];
  const b: number[] = [];
  let next = 0;
  for (let i = 0; i < common; i++) {
    const v = value(next++);
    a.push(v);
    b.push(v);
  }
  for (let i = 0; i < onlyA; i++) a.push(value(next++));
  for (let i = 0; i < onlyB; i++) b.push(value(next++));
  return [distinctSorted(Uint32Array.from(a)), distinctSorted(Uint32Array.from(b))];
}

/** Share of random set pairs whose 256-slot estimate is more than 3 standard errors off the exact
 * Jaccard; set sizes up to `max`, and at least `minSize` elements in each set. */
function shareOutsideThreeErrors(sketch: (set: Uint32Array, perms: Permutations) => Uint32Array, max: number, minSize: number): number {
  const perms = createPermutations(256, 7);
  let outside = 0;
  let runs = 0;
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 1_000_000 }),
      fc.integer({ min: 1, max }),
      fc.integer({ min: 0, max }),
      fc.integer({ min: 0, max }),
      (base, common, onlyA, onlyB) => {
        fc.pre(common + Math.min(onlyA, onlyB) >= minSize);
        const [a, b] = setPair(base, common, onlyA, onlyB);
        const exact = setOverlap(a, b).jaccard;
        const estimate = estimateJaccard(sketch(a, perms), sketch(b, perms));
        const se = Math.sqrt((exact * (1 - exact)) / 256);
        runs += 1;
        if (Math.abs(estimate - exact) > 3 * se + 1e-9) outside += 1;
      },
    ),
    { numRuns: 400, seed: 42 },
  );
  expect(runs).toBeGreaterThan(100);
  return outside / runs;
}

/** Mean estimate over 200 seeds of pairs with `size` elements in common and `size` of their own each
 * (exact Jaccard 1/3). */
function meanEstimate(sketch: typeof computeSignature, size: number): number {
  let sum = 0;
  const trials = 200;
  for (let t = 0; t < trials; t++) {
    const [a, b] = setPair(t, size, size, size);
    const perms = createPermutations(128, t + 1);
    sum += estimateJaccard(sketch(a, perms), sketch(b, perms));
  }
  return sum / trials;
}

describe('MinHash', () => {
  it('estimates Jaccard within 3 standard errors of the exact value (property)', () => {
    // Three standard errors hold ~99.7% of the time; allow the odd excursion, not a bias.
    expect(shareOutsideThreeErrors(computeSignature, 400, 0)).toBeLessThan(0.01);
  });

  it('is unbiased on average at a fixed similarity', () => {
    // exact Jaccard 1/3
    expect(Math.abs(meanEstimate(computeSignature, 100) - 1 / 3)).toBeLessThan(0.01);
  });

  it('gives identical signatures for identical sets and depends on the seed', () => {
    const [a] = setPair(1, 50, 0, 0);
    const one = computeSignature(a, createPermutations(64, 1));
    expect(computeSignature(a, createPermutations(64, 1))).toEqual(one);
    expect(computeSignature(a, createPermutations(64, 2))).not.toEqual(one);
  });
});

describe('shingles', () => {
  it('hashes runs of k terms, order-sensitive, distinct and sorted', () => {
    const hashes = hashTerms(['japan', 'us', 'boost', 'military', 'japan', 'us']);
    const set = shingleSet(hashes, 2);
    expect(set.length).toBe(4); // "japan us" occurs twice
    expect([...set]).toEqual([...set].sort((x, y) => x - y));
    expect(shingleSet(hashTerms(['us', 'japan']), 2)[0]).not.toBe(shingleSet(hashTerms(['japan', 'us']), 2)[0]);
  });

  it('gives a text shorter than one shingle no shingles', () => {
    expect(shingleSet(hashTerms(['brief']), 3).length).toBe(0);
  });
});

describe('one-permutation MinHash with optimal densification', () => {
  it('estimates Jaccard within 3 standard errors on sets with more shingles than slots (property)', () => {
    expect(shareOutsideThreeErrors(computeOnePermutation, 600, 256)).toBeLessThan(0.01);
  });

  it('is unbiased on average, densified bins included', () => {
    // 100 elements in 128 bins: a third of the bins are empty; exact Jaccard 1/3
    expect(Math.abs(meanEstimate(computeOnePermutation, 50) - 1 / 3)).toBeLessThan(0.02);
  });

  it('ignores order and repeats, so shingles need not be sorted first', () => {
    const [a] = setPair(3, 300, 0, 0);
    const shuffled = Uint32Array.from([...a].reverse().concat([...a].slice(0, 50)));
    const perms = createPermutations(128, 1);
    expect(computeOnePermutation(shuffled, perms)).toEqual(computeOnePermutation(a, perms));
  });

  it('keeps classic permutations for sets smaller than the signature', () => {
    expect(usesClassicSketch(127, 128)).toBe(true);
    expect(usesClassicSketch(128, 128)).toBe(false);
  });
});

describe('CountTable', () => {
  it('counts like a Map, key 0 included, and freezes into a sorted read-only map (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 300 }), { maxLength: 2000 }), (keys) => {
        const table = new CountTable();
        const map = new Map<number, number>();
        for (const k of keys) {
          table.add(k);
          map.set(k, (map.get(k) ?? 0) + 1);
        }
        const frozen = table.freeze();
        expect(frozen.size).toBe(map.size);
        expect([...frozen.keys()]).toEqual([...map.keys()].sort((x, y) => x - y));
        for (const [k, v] of map) expect(frozen.get(k)).toBe(v);
        expect(frozen.get(301)).toBeUndefined();
      }),
      { numRuns: 100, seed: 3 },
    );
  });
});
