import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countSorted, writeDistinct } from '../src/sketch/counts.js';
import { fmix32 } from '../src/sketch/hash.js';
import { sortDistinct } from '../src/sketch/shingles.js';
import { sortUint32 } from '../src/sketch/sort.js';

const u32 = fc.integer({ min: 0, max: 2 ** 32 - 1 });

/** Hash-like values with repeats (a document's terms), of any length up to `max`. */
function hashes(max: number): fc.Arbitrary<Uint32Array> {
  return fc
    .tuple(fc.integer({ min: 0, max }), fc.integer({ min: 1, max: 2 ** 30 }), fc.integer({ min: 1, max: 8 }))
    .map(([length, seed, vocabulary]) =>
      Uint32Array.from({ length }, (_, i) => fmix32(seed + ((i * 7919) % Math.max(1, Math.floor(length / vocabulary))))),
    );
}

describe('sortUint32', () => {
  it('orders like the native sort: hashes, any values, small integers piled in few buckets', () => {
    const values = fc.oneof(
      hashes(700),
      fc.array(u32, { maxLength: 300 }).map((a) => Uint32Array.from(a)),
      fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 300 }).map((a) => Uint32Array.from(a)),
    );
    fc.assert(
      fc.property(values, (a) => {
        expect(sortUint32(a.slice())).toEqual(a.slice().sort());
      }),
      { numRuns: 300, seed: 11 },
    );
  });

  it('orders large arrays (the radix path) like the native sort, in place', () => {
    for (const length of [4095, 4096, 50_000]) {
      const a = Uint32Array.from({ length }, (_, i) => fmix32(i % 9000) ^ (i % 3 === 0 ? 0 : 0xff));
      const sorted = a.slice();
      expect(sortUint32(sorted)).toBe(sorted);
      expect(sorted).toEqual(a.slice().sort());
    }
  });
});

describe('sortDistinct and countSorted', () => {
  it('give the distinct values and their counts, as a Map would', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          hashes(500),
          fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 200 }).map((a) => Uint32Array.from(a)),
        ),
        (a) => {
          const map = new Map<number, number>();
          for (const v of a) map.set(v, (map.get(v) ?? 0) + 1);
          const keys = [...map.keys()].sort((x, y) => x - y);
          const copy = a.slice();
          expect([...copy.subarray(0, sortDistinct(copy))]).toEqual(keys);
          const counted = countSorted(a.slice().sort());
          expect([...counted.keys]).toEqual(keys);
          expect([...counted.counts]).toEqual(keys.map((k) => map.get(k)));
        },
      ),
      { numRuns: 200, seed: 5 },
    );
  });
});

describe('writeDistinct', () => {
  it('appends the distinct values in the order first met, call after call', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            hashes(600),
            fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 100 }).map((a) => Uint32Array.from(a)),
          ),
          { maxLength: 6 },
        ),
        (documents) => {
          const out = new Uint32Array(documents.reduce((n, d) => n + d.length, 0) + 3);
          let at = 3;
          const expected: number[] = [0, 0, 0];
          for (const values of documents) {
            at = writeDistinct(values, out, at);
            expected.push(...new Set(values));
          }
          expect([...out.subarray(0, at)]).toEqual(expected);
        },
      ),
      { numRuns: 200, seed: 12 },
    );
  });
});
