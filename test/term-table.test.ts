import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cosineOfRanges, WEIGHT_ONE } from '../src/cluster/similarity.js';
import { termTable } from '../src/stages/term-table.js';

/** Distinct sorted terms with weights, drawn from a small vocabulary so that documents share terms. */
const weightedTerms = fc
  .uniqueArray(fc.integer({ min: 0, max: 600 }), { maxLength: 300 })
  .chain((ids) =>
    fc.tuple(
      fc.constant(Uint32Array.from(ids, (id) => Math.imul(id + 1, 0x85ebca6b) >>> 0).sort()),
      fc.array(fc.integer({ min: 0, max: WEIGHT_ONE }), { minLength: ids.length, maxLength: ids.length }),
    ),
  )
  .map(([terms, weights]) => ({ terms, weights: Uint16Array.from(weights) }));

describe('TermTable', () => {
  it('gives the merge’s cosine bit for bit, whichever documents it held before', () => {
    const table = termTable();
    fc.assert(
      fc.property(fc.array(weightedTerms, { minLength: 2, maxLength: 6 }), (docs) => {
        for (const a of docs) {
          table.hold(a.terms, a.weights, 0, a.terms.length);
          for (const b of docs) {
            const merged = cosineOfRanges(a.terms, a.weights, 0, a.terms.length, b.terms, b.weights, 0, b.terms.length);
            expect(Object.is(table.cosine(b.terms, b.weights, 0, b.terms.length), merged)).toBe(true);
          }
        }
      }),
    );
  });

  it('reads ranges of larger arrays and grows for a long document', () => {
    const terms = Uint32Array.from({ length: 5000 }, (_, i) => i * 3);
    const weights = new Uint16Array(5000).fill(655);
    const table = termTable();
    table.hold(terms, weights, 1000, 5000);
    // Terms 0..999 of the other range are not held; 1000..1999 are: 1000 products of 0.01² (in fixed point).
    const expected = cosineOfRanges(terms, weights, 1000, 5000, terms, weights, 0, 2000);
    expect(table.cosine(terms, weights, 0, 2000)).toBe(expected);
    expect(expected).toBe((1000 * 655 * 655) / (WEIGHT_ONE * WEIGHT_ONE));
  });

  it('scores an empty document 0', () => {
    const table = termTable();
    const terms = Uint32Array.of(1, 2, 3);
    const weights = Uint16Array.of(32768, 32768, 32768);
    table.hold(terms, weights, 0, 0);
    expect(table.cosine(terms, weights, 0, 3)).toBe(0);
  });
});
