/**
 * The production analysis (analyzeDocumentHashes: token numbers, fact tables, terms straight into a sink)
 * against the readable one the other tests check (analyzeDocument: strings): the same lines, the same
 * terms as hashes, the same names, for any text.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashString } from '../src/sketch/hash.js';
import { unreserved } from '../src/sketch/df-keys.js';
import { analyzeDocument, analyzeDocumentHashes } from '../src/text/analyze.js';

const WORDS = [
  'Rotterdam',
  'dockworkers',
  'U.S.',
  'strike',
  "union's",
  '54,000',
  'the',
  'said',
  'Москва',
  'банк',
  'کراچی',
  'پولیس',
  '東京',
  'über',
  'naïve',
  '—',
  '"quoted"',
  'Ferry',
  'ferries',
  '2024',
];
const line = fc
  .array(fc.oneof(fc.constantFrom(...WORDS), fc.string({ maxLength: 8 })), { maxLength: 14 })
  .map((w) => `${w.join(' ')}${w.length % 3 === 0 ? '.' : ''}`);
const text = fc.array(line, { maxLength: 8 }).map((lines) => lines.join('\n'));

function hashed(doc: { text: string; title?: string }, proseFilter: boolean) {
  const lines: Array<{ hash: number; tokens: number; terms: number[] }> = [];
  let terms: number[] = [];
  const { lang, names } = analyzeDocumentHashes(
    doc,
    { proseFilter },
    {
      term: (hash) => terms.push(hash),
      line: (hash, tokens) => {
        lines.push({ hash, tokens, terms });
        terms = [];
      },
    },
  );
  return { lang, lines, names: [...names] };
}

function readable(doc: { text: string; title?: string }, proseFilter: boolean) {
  const analysed = analyzeDocument(doc, { proseFilter });
  const hashOf = (term: string): number => unreserved(hashString(term));
  return {
    lang: analysed.lang,
    lines: analysed.lines.map((l) => ({ hash: l.hash, tokens: l.tokens, terms: l.terms.map(hashOf) })),
    names: [...new Set(analysed.names.map(hashOf))].sort((a, b) => a - b),
  };
}

describe('analyzeDocumentHashes', () => {
  it('equals analyzeDocument with every term hashed, for any text, title and filter (property)', () => {
    fc.assert(
      fc.property(text, fc.option(line, { nil: undefined }), fc.boolean(), (body, title, proseFilter) => {
        const doc = title === undefined ? { text: body } : { text: body, title };
        expect(hashed(doc, proseFilter)).toEqual(readable(doc, proseFilter));
      }),
      { numRuns: 300 },
    );
  });
});
