import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashString } from '../src/sketch/hash.js';
import { StringColumn, StringIndex } from '../src/string-column.js';

/** Values that cross several chunks, with undefined, empty, non-ASCII and repeated strings among them. */
const values = fc.array(
  fc.option(fc.oneof(fc.string(), fc.constantFrom('', 'é', '日本', 'a\u0000b', 'a longer value')), { nil: undefined }),
  {
    maxLength: 3000,
  },
);

describe('StringColumn', () => {
  it('reads back every value as an array would, whatever was pushed and whenever it is read', () => {
    fc.assert(
      fc.property(values, fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 12 }), (pushed, chunk, longValue) => {
        const column = new StringColumn(chunk, longValue);
        pushed.forEach((value, i) => {
          column.push(value);
          // Read while filling too: the chunk being filled is joined on read and must stay right.
          if (i % 3 === 0) expect(column.at(i)).toBe(value);
        });
        expect(column.length).toBe(pushed.length);
        for (let i = 0; i < pushed.length; i++) expect(column.at(i)).toBe(pushed[i]);
        expect(column.at(pushed.length)).toBeUndefined();
        expect(column.at(-1)).toBeUndefined();
      }),
      { numRuns: 40 },
    );
  });

  it('reads back values across the default chunks', () => {
    const column = new StringColumn();
    const pushed = Array.from({ length: 2500 }, (_, i) => (i % 10 === 3 ? undefined : `doc-${i}`));
    for (const value of pushed) column.push(value);
    expect(Array.from({ length: pushed.length }, (_, i) => column.at(i))).toEqual(pushed);
  });

  it('keeps undefined apart from the empty string', () => {
    const column = new StringColumn();
    column.push('');
    column.push(undefined);
    column.push('x');
    expect([column.at(0), column.at(1), column.at(2)]).toEqual(['', undefined, 'x']);
  });
});

describe('StringIndex', () => {
  it('finds the first position of every value and nothing else, across growth and hash collisions', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 3 }), { maxLength: 3000, size: 'max' }), fc.boolean(), (strings, collide) => {
        const column = new StringColumn(7);
        const index = new StringIndex(column);
        // A constant hash makes every lookup walk the probe chain and compare strings.
        const hashOf = (s: string): number => (collide ? 7 : hashString(s));
        const first = new Map<string, number>();
        for (const s of strings.slice(0, collide ? 300 : strings.length)) {
          const found = index.find(s, hashOf(s));
          expect(found).toBe(first.get(s) ?? -1);
          if (found >= 0) continue;
          first.set(s, column.length);
          index.add(hashOf(s), column.length);
          column.push(s);
        }
        expect(index.find('not one of them: too long', hashOf('not one of them: too long'))).toBe(-1);
      }),
      { numRuns: 40 },
    );
  });
});
