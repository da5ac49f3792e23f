import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allPairs, forEachBucket, findCandidates, findCandidatesWithin, LEADERS, MAX_BUCKET } from '../src/lsh/candidates.js';
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

  it('reads the keys of a banding where the layout says, beside another banding', () => {
    // Per row: 2 keys of another banding, then this banding's 3 keys, then 1 more.
    const own = keysOf(1, 2, 3, 1, 2, 9, 7, 8, 3, 4, 5, 6);
    const shared = new Uint32Array(4 * 6).fill(77);
    for (let row = 0; row < 4; row++) shared.set(own.subarray(3 * row, 3 * row + 3), 6 * row + 2);
    expect(findCandidates(shared, docsOf(4), 3, Number.POSITIVE_INFINITY, { stride: 6, offset: 2 })).toEqual(
      findCandidates(own, docsOf(4), 3),
    );
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

describe('candidate pairs', () => {
  it('come sorted by (i, j) whatever order the buckets give them in', () => {
    // Bucket 5 (rows 1, 3) comes before bucket 7 (rows 0, 2); two bands give a pair in one, another pair in both.
    expect(findCandidates(keysOf(7, 1, 5, 2, 7, 3, 5, 2), docsOf(4), 2)?.pairs).toEqual(keysOf(0, 2, 1, 3));
  });

  it('come once each when a large bucket gives them in two bands', () => {
    const size = MAX_BUCKET + 10;
    const pairs = findCandidates(new Uint32Array(2 * size).fill(4), docsOf(size), 2)?.pairs ?? new Uint32Array(0);
    let expected = 0;
    for (let l = 0; l < LEADERS; l++) expected += size - 1 - l;
    expect(pairs.length / 2).toBe(expected);
    const packed = Array.from({ length: expected }, (_, p) => (pairs[2 * p] ?? 0) * size + (pairs[2 * p + 1] ?? 0));
    expect(packed.every((v, p) => p === 0 || v > (packed[p - 1] ?? 0))).toBe(true);
  });
});

describe('forEachBucket', () => {
  /** Every bucket of two or more rows, band by band, by key ascending, rows ascending: a Map per band. */
  function referenceBuckets(keys: Uint32Array, count: number, bands: number): Array<[number, number, number[]]> {
    const out: Array<[number, number, number[]]> = [];
    for (let band = 0; band < bands; band++) {
      const byKey = new Map<number, number[]>();
      for (let row = 0; row < count; row++) {
        const key = keys[row * bands + band] ?? 0;
        const rows = byKey.get(key);
        if (rows === undefined) byKey.set(key, [row]);
        else rows.push(row);
      }
      for (const key of [...byKey.keys()].sort((a, b) => a - b)) {
        const rows = byKey.get(key) ?? [];
        if (rows.length >= 2) out.push([band, key, rows]);
      }
    }
    return out;
  }

  // Few rows are sorted by comparison, many by counting: both give the buckets in the same order.
  it.each([
    [1, 60],
    [3000, 5000],
  ])('visits the buckets a Map would, in key and row order (%i to %i rows)', (min, max) => {
    fc.assert(
      fc.property(
        fc.integer({ min, max }),
        fc.integer({ min: 1, max: 3 }),
        fc.constantFrom(4, 300, 2 ** 32 - 1),
        fc.integer({ min: 0, max: 2 ** 31 }),
        (count, bands, spread, seed) => {
          let state = seed;
          const next = (): number => {
            state = (Math.imul(state, 0x2c9277b5) + 0xac564b05) >>> 0;
            return state;
          };
          const keys = Uint32Array.from({ length: count * bands }, () => (spread === 2 ** 32 - 1 ? next() : next() % spread));
          const seen: Array<[number, number, number[]]> = [];
          forEachBucket(keys, count, bands, (rows, band, key) => void seen.push([band, key, [...rows]]));
          expect(seen).toEqual(referenceBuckets(keys, count, bands));
        },
      ),
      { numRuns: min > 1 ? 6 : 200, seed: 3 },
    );
  });
});

describe('allPairs', () => {
  it('gives the pairs findCandidates gives when every document shares every key', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 5000 }), { maxLength: 60 }), (numbers) => {
        const docs = Uint32Array.from(numbers).sort();
        const keys = new Uint32Array(docs.length * 2).fill(7);
        expect(allPairs(docs).pairs).toEqual(findCandidates(keys, docs, 2, Number.POSITIVE_INFINITY)?.pairs);
      }),
      { numRuns: 100, seed: 5 },
    );
  });
});
