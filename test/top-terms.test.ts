import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { topTerms } from '../src/cluster/features.js';

/** The definition: sort by weight (highest first, ties by hash), keep `count`, sort by hash. */
function reference(terms: Uint32Array, weights: Float32Array, count: number): Uint32Array {
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
          fc.array(fc.constantFrom(0, 0.1, 0.25, 0.5, 1), { minLength: hashes.length, maxLength: hashes.length }),
        ),
      );
    fc.assert(
      fc.property(vector, fc.integer({ min: 1, max: 60 }), ([terms, w], count) => {
        const weights = Float32Array.from(w);
        expect(topTerms({ terms, weights }, count)).toEqual(reference(terms, weights, count));
      }),
      { numRuns: 300 },
    );
  });

  it('finds the cut by selection on long vectors of any weights, NaN included (falls back to the definition)', () => {
    const vector = fc.uniqueArray(fc.integer({ min: 0, max: 2 ** 32 - 1 }), { maxLength: 400 }).chain((hashes) =>
      fc.tuple(
        fc.constant(Uint32Array.from(hashes).sort()),
        fc.array(fc.oneof(fc.float({ noNaN: true }), fc.constantFrom(0, -0, 0.5)), {
          minLength: hashes.length,
          maxLength: hashes.length,
        }),
        fc.boolean(),
      ),
    );
    fc.assert(
      fc.property(vector, fc.integer({ min: 0, max: 300 }), ([terms, w, withNaN], count) => {
        const weights = Float32Array.from(w);
        if (withNaN && weights.length > 0) weights[count % weights.length] = Number.NaN;
        expect(topTerms({ terms, weights }, count)).toEqual(reference(terms, weights, count));
      }),
      { numRuns: 300, seed: 6 },
    );
  });
});
