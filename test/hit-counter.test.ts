/** The SQLite store's count of a lookup's band hits (src/store/hit-counter.ts) makes the choice `mostHits`
 * makes, on any keys, in any number of lookups one after another. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HitCounter } from '../src/store/hit-counter.js';
import { mostHits } from '../src/store/store.js';

describe('the hit counter of a band lookup', () => {
  it('picks the keys mostHits picks: most hits first, ties by the smaller key', () => {
    const counter = new HitCounter();
    const lookup = fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 400 });
    fc.assert(
      fc.property(fc.array(lookup, { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 12 }), (lookups, top) => {
        for (const met of lookups) {
          const hits = new Map<number, number>();
          for (const key of met) hits.set(key, (hits.get(key) ?? 0) + 1);
          counter.start(met.length);
          for (const key of met) counter.add(key);
          expect(counter.best(top)).toEqual(mostHits(hits, top, (a, b) => a - b));
        }
      }),
    );
  });
});
