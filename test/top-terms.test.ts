import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { topTerms } from '../src/cluster/features.js';

/** The definition: sort by weight (highest first, ties by hash), keep `count`, sort by hash. */
function reference(terms: Uint32Array, weights: Uint16Array, count: number): Uint32Array {
  const order = Array.from(terms.keys()).sort((a, b) => (weights[b] ?? 0) - (weights[a] ?? 0) || (terms[a] ?? 0) - (terms[b] ?? 0));
  return Uint32Array.from(order.slice(0, count), (i) => terms[i] ?? 0).sort();
}

describe('topTerms', () => {
  it('keeps the highest weights, ties broken by the lowest hash', () => {
    // Few distinct weights, so that ties at the cut are common.
    const vector = fc
      .uniqueArray(fc.integer({ min: 0, max: 2 ** 32 - 1 }), { maxLength: 80 })
      .chain((hashes) =>
        fc.tuple(
          fc.constant(Uint32Array.from(hashes).sort()),
          fc.array(fc.constantFrom(0, 6554, 16384, 32768, 65535), { minLength: hashes.length, maxLength: hashes.length }),
        ),
      );
    fc.assert(
      fc.property(vector, fc.integer({ min: 1, max: 60 }), ([terms, w], count) => {
        const weights = Uint16Array.from(w);
        expect(topTerms({ terms, weights }, count)).toEqual(reference(terms, weights, count));
      }),
      { numRuns: 300 },
    );
  });

  it('finds the cut by selection on long vectors of any weights', () => {
    const vector = fc.uniqueArray(fc.integer({ min: 0, max: 2 ** 32 - 1 }), { maxLength: 400 }).chain((hashes) =>
      fc.tuple(
        fc.constant(Uint32Array.from(hashes).sort()),
        fc.array(fc.oneof(fc.integer({ min: 0, max: 65535 }), fc.constantFrom(0, 32768, 65535)), {
          minLength: hashes.length,
          maxLength: hashes.length,
        }),
      ),
    );
    fc.assert(
      fc.property(vector, fc.integer({ min: 0, max: 300 }), ([terms, w], count) => {
        const weights = Uint16Array.from(w);
        expect(topTerms({ terms, weights }, count)).toEqual(reference(terms, weights, count));
      }),
      { numRuns: 300, seed: 6 },
    );
  });
});
