import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { intersectionSize } from '../src/cluster/similarity.js';
import { commonShingles, positionWidth, readTerms, shinglesOfReading, writePositions } from '../src/sketch/reading.js';
import { shingleSet } from '../src/sketch/shingles.js';

/** A reading of `length` terms drawn from `distinct` terms (every one of them used), and its sorted terms. */
function readingOf(distinct: number, length: number): { reading: Uint32Array; terms: Uint32Array } {
  const terms = Uint32Array.from({ length: distinct }, (_, i) => (Math.imul(i + 1, 0x9e3779b1) >>> 0) | 1).sort();
  const reading = Uint32Array.from({ length }, (_, i) => terms[i < distinct ? i : Math.imul(i, 7919) % distinct] ?? 0);
  return { reading: reading.reverse(), terms };
}

describe('reading positions', () => {
  it.each([
    [1, 1],
    [256, 1],
    [257, 2],
    [65_536, 2],
    [65_537, 4],
  ])('round-trips a reading of %i distinct terms at %i byte(s) a term', (distinct, width) => {
    const { reading, terms } = readingOf(distinct, distinct + 500);
    expect(positionWidth(distinct)).toBe(width);
    const bytes = new Uint8Array(4 * reading.length);
    const end = writePositions(reading, terms, bytes, 0);
    expect(end).toBe(width * reading.length);
    const out = new Uint32Array(reading.length);
    expect(readTerms(bytes.subarray(0, end), terms, out)).toBe(reading.length);
    expect(out).toEqual(reading);
  });

  it('makes the shingles the select stage makes, for every shingle size', () => {
    const { reading } = readingOf(300, 900);
    for (const size of [1, 2, 3, 5]) expect(shinglesOfReading(reading, size)).toEqual(shingleSet(reading, size));
    expect(shinglesOfReading(reading.subarray(0, 1), 2).length).toBe(0);
  });

  it('refuses a term that is not among the document terms', () => {
    expect(() => writePositions(Uint32Array.of(5), Uint32Array.of(4, 6), new Uint8Array(4), 0)).toThrow(RangeError);
  });

  it('counts the shingles two readings share as the intersection of their sets does', () => {
    // Few distinct terms: repeated shingles within a reading, and many in common.
    const reading = fc
      .array(fc.integer({ min: 0, max: 12 }), { maxLength: 300 })
      .map((values) => Uint32Array.from(values, (v) => v * 0x9e3779b1));
    fc.assert(
      fc.property(reading, reading, fc.integer({ min: 1, max: 4 }), (a, b, size) => {
        expect(commonShingles(a, b, size)).toBe(intersectionSize(shingleSet(a, size), shingleSet(b, size)));
        expect(commonShingles(a, a, size)).toBe(shingleSet(a, size).length);
      }),
      { numRuns: 300, seed: 6 },
    );
  });
});
