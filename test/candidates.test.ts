import { describe, expect, it } from 'vitest';
import { findCandidates, findCandidatesWithin, LEADERS, MAX_BUCKET, sortPairs } from '../src/lsh/candidates.js';
import { combineHashes } from '../src/sketch/hash.js';

/** Band keys of 4-slot signatures, as the corpus cuts them. */
const keysOf4 = (signatures: Uint32Array) => (bands: number, rows: number) =>
  Uint32Array.from({ length: (signatures.length / 4) * bands }, (_, k) =>
    combineHashes(signatures, Math.floor(k / bands) * 4 + (k % bands) * rows, rows),
  );

const keysOf = (...values: number[]) => Uint32Array.from(values);
const docsOf = (n: number) => Uint32Array.from({ length: n }, (_, i) => i);

describe('findCandidates', () => {
  it('pairs documents sharing a band key, each pair once, sorted', () => {
    // 3 bands per row: doc 1 shares bands 0 and 1 with doc 0 (one pair, not two); doc 2 shares band 2.
    const keys = keysOf(1, 2, 3, 1, 2, 9, 7, 8, 3, 4, 5, 6);
    const result = findCandidates(keys, docsOf(4), 3);
    expect(result?.pairs).toEqual(keysOf(0, 1, 0, 2));
    expect(result?.largeBuckets).toBe(0);
  });

  it('resolves a huge bucket against its first members instead of dropping it', () => {
    const n = 3 * MAX_BUCKET;
    const keys = new Uint32Array(n).fill(42);
    const result = findCandidates(keys, docsOf(n), 1);
    expect(result?.largeBuckets).toBe(1);
    expect(result?.largestBucket).toBe(n);
    const pairs = result?.pairs ?? new Uint32Array(0);
    // Every member is paired with a leader: nothing is lost, and the work is ~LEADERS × n, not n²/2.
    const touched = new Set<number>(pairs);
    expect(touched.size).toBe(n);
    expect(pairs.length / 2).toBeLessThanOrEqual(LEADERS * n);
    for (let p = 0; p < pairs.length; p += 2) expect(pairs[p]).toBeLessThan(LEADERS);
  });

  it('gives up as soon as the pairs exceed the limit', () => {
    const keys = new Uint32Array(100).fill(1);
    expect(findCandidates(keys, docsOf(100), 1, 100)).toBeUndefined();
    expect(findCandidates(keys, docsOf(100), 1, 4950)?.pairs.length).toBe(2 * 4950);
  });

  it('maps rows to document numbers', () => {
    const result = findCandidates(keysOf(5, 6, 5), keysOf(10, 20, 30), 1);
    expect(result?.pairs).toEqual(keysOf(10, 30));
  });
});

describe('findCandidatesWithin', () => {
  it('takes more rows per band when the pairs would not fit the budget', () => {
    // 4-slot signatures: all share slot 0, only docs 0 and 1 share slots 0 and 1.
    const signatures = keysOf(1, 2, 3, 4, 1, 2, 0, 0, 1, 9, 9, 9, 1, 8, 8, 8);
    const loose = findCandidatesWithin(keysOf4(signatures), docsOf(4), 4, 4, 1, Number.POSITIVE_INFINITY);
    expect([loose.bands, loose.rows]).toEqual([4, 1]);
    expect(loose.pairs.length / 2).toBe(6);
    const tight = findCandidatesWithin(keysOf4(signatures), docsOf(4), 4, 4, 1, 1);
    expect([tight.bands, tight.rows]).toEqual([2, 2]);
    expect(tight.pairs).toEqual(keysOf(0, 1));
  });
});

describe('sortPairs', () => {
  it('sorts and deduplicates flattened pairs', () => {
    expect(sortPairs(keysOf(3, 4, 0, 9, 3, 4, 0, 2))).toEqual(keysOf(0, 2, 0, 9, 3, 4));
  });
});
