import { describe, expect, it } from 'vitest';
import { BandIndex, sortPairs } from '../src/lsh/band-index.js';

const keysOf = (...values: number[]) => Uint32Array.from(values);

describe('BandIndex', () => {
  it('pairs documents sharing a band key, each pair once, sorted', () => {
    const index = new BandIndex(3, 1);
    index.addKeys(0, keysOf(1, 2, 3));
    index.addKeys(1, keysOf(1, 2, 9)); // shares bands 0 and 1 with doc 0: one pair, not two
    index.addKeys(2, keysOf(7, 8, 3)); // shares band 2 with doc 0
    index.addKeys(3, keysOf(4, 5, 6)); // shares nothing
    const result = index.candidates(100);
    expect(result?.pairs).toEqual(keysOf(0, 1, 0, 2));
    expect(result?.cappedBuckets).toBe(0);
  });

  it('caps a bucket that grows huge instead of expanding it quadratically', () => {
    const index = new BandIndex(2, 1);
    for (let doc = 0; doc < 5000; doc++) index.addKeys(doc, keysOf(42, doc === 4998 || doc === 4999 ? 7 : 100 + doc));
    const result = index.candidates(2000);
    expect(result?.cappedBuckets).toBe(1);
    expect(result?.pairs).toEqual(keysOf(4998, 4999));
  });

  it('gives up as soon as the pairs exceed the limit', () => {
    const index = new BandIndex(1, 1);
    for (let doc = 0; doc < 100; doc++) index.addKeys(doc, keysOf(1));
    expect(index.candidates(1000, 100)).toBeUndefined();
    expect(index.candidates(1000, 4950)?.pairs.length).toBe(2 * 4950);
  });

  it('derives bands × rows from signatures: a band collides only when all its rows do', () => {
    const signatures = new BandIndex(4, 1);
    signatures.addKeys(0, keysOf(1, 2, 3, 4));
    signatures.addKeys(1, keysOf(1, 2, 0, 0)); // equal in slots 0 and 1: band 0 of 2 × 2
    signatures.addKeys(2, keysOf(1, 0, 3, 0)); // equal to doc 0 in slots 0 and 2: no band of 2 × 2
    const banded = signatures.withBands(2, 2);
    expect([banded.bands, banded.rows]).toEqual([2, 2]);
    expect(banded.candidates(100)?.pairs).toEqual(keysOf(0, 1));
    const signature = keysOf(1, 2, 3, 4);
    const direct = new BandIndex(2, 2);
    direct.add(0, signature);
    direct.add(1, keysOf(1, 2, 0, 0));
    expect(direct.candidates(100)?.pairs).toEqual(keysOf(0, 1));
    expect(() => signatures.withBands(3, 2)).toThrow(RangeError);
  });

  it('sorts and deduplicates flattened pairs', () => {
    expect(sortPairs(keysOf(3, 4, 0, 9, 3, 4, 0, 2))).toEqual(keysOf(0, 2, 0, 9, 3, 4));
  });
});
