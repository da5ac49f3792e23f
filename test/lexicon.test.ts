import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashString } from '../src/sketch/hash.js';
import { Lexicon } from '../src/text/lexicon.js';
import { normalizeTypography } from '../src/text/normalize.js';
import { tokenizeMarkingNames } from '../src/text/tokenize.js';

// Lines mixing ASCII words, capitals after and inside sentences, digits, punctuation and a few non-ASCII
// letters, so that both the ASCII scanner and the regex path are exercised.
const pieces = ['Oslo', 'rain', 'FELL', '54', 'U.S.', "Japan's", '. ', ', ', ' ', '"', '(', 'café', 'Москва', '東京', 'x9', '!'];
const lineArb = fc.array(fc.constantFrom(...pieces), { maxLength: 30 }).map((parts) => parts.join(''));

describe('Lexicon.lexLine', () => {
  it('gives the tokens, name marks and line hash of tokenizeMarkingNames', () => {
    const lexicon = new Lexicon();
    fc.assert(
      fc.property(fc.oneof(lineArb, fc.string({ maxLength: 40 })), (raw) => {
        const line = normalizeTypography(raw);
        const { tokens, names } = tokenizeMarkingNames(line);
        const lexed = lexicon.lexLine(line);
        expect(lexed.ids.map((id) => lexicon.words[id])).toEqual(tokens);
        expect(lexed.names).toEqual(names);
        expect(lexed.hash).toBe(hashString(tokens.join(' ')));
      }),
      { numRuns: 500 },
    );
  });

  it('numbers a token the same way whatever its case or line', () => {
    const lexicon = new Lexicon();
    const [a] = lexicon.lexLine('Harbour closed.').ids;
    const [, b] = lexicon.lexLine('The harbour reopened.').ids;
    const [c] = lexicon.lexLine('HARBOUR café').ids;
    expect(a).toBe(b);
    expect(a).toBe(c);
    expect(lexicon.words[a ?? -1]).toBe('harbour');
  });
});
