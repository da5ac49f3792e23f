import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fmix32, foldToken, hashString, LINE_START } from '../src/sketch/hash.js';
import { Lexicon } from '../src/text/lexicon.js';
import { normalizeTypography } from '../src/text/normalize.js';
import { tokenizeMarkingNames } from '../src/text/tokenize.js';

// Lines mixing ASCII words, capitals after and inside sentences, digits, punctuation and a few non-ASCII
// letters, so that both the ASCII scanner and the regex path are exercised.
const pieces = ['Oslo', 'rain', 'FELL', '54', 'U.S.', "Japan's", '. ', ', ', ' ', '"', '(', 'café', 'Москва', '東京', 'x9', '!'];
const lineArb = fc.array(fc.constantFrom(...pieces), { maxLength: 30 }).map((parts) => parts.join(''));

/** A line's hash by its definition: fmix32 of the tokens' hashString folded in order. */
function hashTokens(tokens: readonly string[]): number {
  let h = LINE_START;
  for (const token of tokens) h = foldToken(h, hashString(token));
  return fmix32(h);
}

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
        expect(lexed.hash).toBe(hashTokens(tokens));
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

  it('tells apart tens of thousands of tokens, in any case, as the table grows', () => {
    const lexicon = new Lexicon();
    // Words of the same length that differ in one letter, and the same words in capitals.
    const words = Array.from({ length: 40_000 }, (_, i) => `w${i.toString(36).padStart(4, '0')}x`);
    const ids = words.map((word) => lexicon.lexLine(word).ids[0]);
    expect(new Set(ids).size).toBe(words.length);
    words.forEach((word, i) => expect(lexicon.words[ids[i] ?? -1]).toBe(word));
    expect(words.map((word) => lexicon.lexLine(word.toUpperCase()).ids[0])).toEqual(ids);
    expect(words.map((word) => lexicon.idOf(word))).toEqual(ids);
  });

  it('keeps memoised facts of every token across growth', () => {
    const lexicon = new Lexicon();
    const first = lexicon.idOf('harbour');
    lexicon.facts(0)[first] = 7;
    for (let i = 0; i < 10_000; i++) lexicon.idOf(`token${i}`);
    const facts = lexicon.facts(0);
    expect(facts.length).toBeGreaterThanOrEqual(lexicon.size);
    expect(facts[first]).toBe(7);
    expect(facts[lexicon.idOf('token9999')]).toBe(0);
  });
});
