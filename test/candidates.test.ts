import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  afterOverflow,
  allPairs,
  forEachBucket,
  findAllCandidates,
  findCandidates,
  findCandidatesWithin,
  LEADERS,
  MAX_BUCKET,
} from '../src/lsh/candidates.js';
import { candidateProbability } from '../src/lsh/params.js';
import { MODES } from '../src/cluster/modes.js';
import { Corpus } from '../src/corpus.js';
import { createStageContext } from '../src/stages/context.js';
import type { Mode } from '../src/types.js';
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
    const result = findAllCandidates(keys, docsOf(4), 3);
    expect(result?.pairs).toEqual(keysOf(0, 1, 0, 2));
    expect(result?.largeBuckets).toBe(0);
  });

  it('resolves a huge bucket against its first members instead of dropping it', () => {
    const n = 3 * MAX_BUCKET;
    const keys = new Uint32Array(n).fill(42);
    const result = findAllCandidates(keys, docsOf(n), 1);
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
    expect(findCandidates(keys, docsOf(100), 1, 100)).toEqual({ fittingBands: 0 });
    expect(findAllCandidates(keys, docsOf(100), 1).pairs.length).toBe(2 * 4950);
    expect(findCandidates(keys, docsOf(100), 1, 4950)).toEqual(findAllCandidates(keys, docsOf(100), 1));
  });

  it('tells how many of the first bands fit when the pairs exceed the limit', () => {
    // 3 bands per row over 6 rows: band 0 pairs rows 0–1 (1 pair), band 1 rows 0–3 (5 more), band 2 all 6.
    const keys = keysOf(1, 5, 9, 1, 5, 9, 2, 5, 9, 3, 5, 9, 4, 6, 9, 7, 8, 9);
    expect(findCandidates(keys, docsOf(6), 3, 0)).toEqual({ fittingBands: 0 });
    expect(findCandidates(keys, docsOf(6), 3, 1)).toEqual({ fittingBands: 1 });
    expect(findCandidates(keys, docsOf(6), 3, 5)).toEqual({ fittingBands: 1 });
    expect(findCandidates(keys, docsOf(6), 3, 6)).toEqual({ fittingBands: 2 });
    expect(findAllCandidates(keys, docsOf(6), 3).pairs.length).toBe(2 * 15);
    // Against a prefix limit below the limit: the bands that gave no more than it.
    expect(findCandidates(keys, docsOf(6), 3, 6, undefined, 1)).toEqual({ fittingBands: 1 });
    expect(findCandidates(keys, docsOf(6), 3, 6, undefined, 0)).toEqual({ fittingBands: 0 });
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
    expect(findAllCandidates(keysOf(5, 6, 5), keysOf(10, 20, 30), 1).pairs).toEqual(keysOf(10, 30));
  });
});

describe('findCandidatesWithin', () => {
  it('takes more rows per band when the pairs would not fit the budget', () => {
    // 4-slot signatures: all share slot 0, only docs 0 and 1 share slots 0 and 1.
    const signatures = keysOf(1, 2, 3, 4, 1, 2, 0, 0, 1, 9, 9, 9, 1, 8, 8, 8);
    const loose = findCandidatesWithin(
      keysOf4(signatures),
      docsOf(4),
      4,
      { bands: 4, rows: 1 },
      { budget: Number.POSITIVE_INFINITY, prefix: 0, threshold: 0.5 },
    );
    expect([loose.bands, loose.rows]).toEqual([4, 1]);
    expect(loose.pairs.length / 2).toBe(6);
    const tight = findCandidatesWithin(keysOf4(signatures), docsOf(4), 4, { bands: 4, rows: 1 }, { budget: 1, prefix: 1, threshold: 0.5 });
    expect([tight.bands, tight.rows]).toEqual([2, 2]);
    expect(tight.pairs).toEqual(keysOf(0, 1));
  });

  it('keeps the first bands that fit when they miss less than one row more', () => {
    // 4-slot signatures: docs 0 and 1 share slot 0; docs 2 and 3 share slots 1–3. With a budget of one pair,
    // band 0 of one row fits; 2 bands of 2 rows fit too. One band of one row catches a pair of similarity s
    // with probability s, two of two rows with 1 − (1 − s²)²: less from s = 0.62 up. So the one band misses
    // less above a threshold of 0.1, and the two bands above 0.7.
    const signatures = keysOf(1, 2, 3, 4, 1, 5, 6, 7, 8, 9, 9, 9, 10, 9, 9, 9);
    const keys = keysOf4(signatures);
    const low = findCandidatesWithin(keys, docsOf(4), 4, { bands: 4, rows: 1 }, { budget: 1, prefix: 1, threshold: 0.1 });
    expect([low.bands, low.rows]).toEqual([1, 1]);
    expect(low.pairs).toEqual(keysOf(0, 1));
    const high = findCandidatesWithin(keys, docsOf(4), 4, { bands: 4, rows: 1 }, { budget: 1, prefix: 1, threshold: 0.7 });
    expect([high.bands, high.rows]).toEqual([2, 2]);
    expect(high.pairs).toEqual(keysOf(2, 3));
    // Without a prefix limit (rewrite and duplicate mode), one row more whatever the threshold.
    const never = findCandidatesWithin(keys, docsOf(4), 4, { bands: 4, rows: 1 }, { budget: 1, prefix: 0, threshold: 0.1 });
    expect([never.bands, never.rows]).toEqual([2, 2]);
  });
});

describe('the candidate limits of a run', () => {
  const limitsOf = (mode: Mode, versions: number) =>
    new Corpus(createStageContext({ mode }), () => versions).candidateLimits(false, versions);

  it('let story mode alone take the first bands that fit, within the least budget of any run', () => {
    expect(limitsOf('story', 100_000)).toEqual({ budget: 4_000_000, prefix: 2_000_000, threshold: MODES.story.lshThreshold });
    expect(limitsOf('story', 20_000)).toEqual({ budget: 2_000_000, prefix: 2_000_000, threshold: MODES.story.lshThreshold });
    expect(limitsOf('rewrite', 100_000)).toEqual({ budget: 4_000_000, prefix: 0, threshold: MODES.rewrite.lshThreshold });
    expect(limitsOf('duplicate', 100_000).prefix).toBe(0);
  });
});

describe('afterOverflow', () => {
  const missed = (threshold: number, bands: number, rows: number) => {
    let area = 0;
    for (let i = 0; i < 1000; i++) area += (1 - candidateProbability(threshold + ((i + 0.5) * (1 - threshold)) / 1000, bands, rows)) / 1000;
    return area * (1 - threshold);
  };

  it('takes the first bands that fit when they miss less above the threshold than one row more', () => {
    // ECB+ among 20,000 other articles in story mode: 24 of 64 two-row bands fit the least budget.
    expect(afterOverflow({ bands: 64, rows: 2 }, 24, 128, 0.04)).toEqual({ banding: { bands: 24, rows: 2 }, prefix: true });
    expect(missed(0.04, 24, 2)).toBeLessThan(missed(0.04, 42, 3));
  });

  it('takes one row more when too few bands fit, or none', () => {
    expect(afterOverflow({ bands: 128, rows: 1 }, 1, 128, 0.1)).toEqual({ banding: { bands: 64, rows: 2 }, prefix: false });
    expect(afterOverflow({ bands: 64, rows: 2 }, 0, 128, 0.1)).toEqual({ banding: { bands: 42, rows: 3 }, prefix: false });
    expect(afterOverflow({ bands: 64, rows: 2 }, 2, 128, 0.1)).toEqual({ banding: { bands: 42, rows: 3 }, prefix: false });
  });

  it('never takes a prefix that misses more than one row more, whatever the bands that fit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 16 }),
        fc.integer({ min: 0, max: 128 }),
        fc.double({ min: 0.02, max: 0.9, noNaN: true }),
        (rows, fit, threshold) => {
          const bands = Math.floor(128 / rows);
          const fitting = Math.min(fit, bands - 1);
          const { banding, prefix } = afterOverflow({ bands, rows }, fitting, 128, threshold);
          const next = { bands: Math.floor(128 / (rows + 1)), rows: rows + 1 };
          if (prefix)
            expect(missed(threshold, banding.bands, banding.rows)).toBeLessThanOrEqual(missed(threshold, next.bands, next.rows) + 1e-3);
          else expect(banding).toEqual(next);
        },
      ),
      { numRuns: 200, seed: 11 },
    );
  });
});

describe('candidate pairs', () => {
  it('come sorted by (i, j) whatever order the buckets give them in', () => {
    // Bucket 5 (rows 1, 3) comes before bucket 7 (rows 0, 2); two bands give a pair in one, another pair in both.
    expect(findAllCandidates(keysOf(7, 1, 5, 2, 7, 3, 5, 2), docsOf(4), 2).pairs).toEqual(keysOf(0, 2, 1, 3));
  });

  it('come once each when a large bucket gives them in two bands', () => {
    const size = MAX_BUCKET + 10;
    const pairs = findAllCandidates(new Uint32Array(2 * size).fill(4), docsOf(size), 2).pairs;
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
        expect(allPairs(docs).pairs).toEqual(findAllCandidates(keys, docs, 2).pairs);
      }),
      { numRuns: 100, seed: 5 },
    );
  });
});
