import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { setOverlap } from '../src/cluster/similarity.js';
import { computeSignature, createPermutations, estimateJaccard } from '../src/sketch/minhash.js';
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

describe('MinHash', () => {
  it('estimates Jaccard within 3 standard errors of the exact value (property)', () => {
    const perms = createPermutations(256, 7);
    let outside = 0;
    let runs = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 1, max: 400 }),
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 0, max: 400 }),
        (base, common, onlyA, onlyB) => {
          const [a, b] = setPair(base, common, onlyA, onlyB);
          const exact = setOverlap(a, b).jaccard;
          const estimate = estimateJaccard(computeSignature(a, perms), computeSignature(b, perms));
          const se = Math.sqrt((exact * (1 - exact)) / 256);
          runs += 1;
          if (Math.abs(estimate - exact) > 3 * se + 1e-9) outside += 1;
        },
      ),
      { numRuns: 400, seed: 42 },
    );
    // Three standard errors hold ~99.7% of the time; allow the odd excursion, not a bias.
    expect(outside / runs).toBeLessThan(0.01);
  });

  it('is unbiased on average at a fixed similarity', () => {
    let sum = 0;
    const trials = 200;
    for (let t = 0; t < trials; t++) {
      const [a, b] = setPair(t, 100, 100, 100); // exact Jaccard 1/3
      const perms = createPermutations(128, t + 1);
      sum += estimateJaccard(computeSignature(a, perms), computeSignature(b, perms));
    }
    expect(Math.abs(sum / trials - 1 / 3)).toBeLessThan(0.01);
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
