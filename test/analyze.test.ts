import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeDocument, endsSentence, isProseLine } from '../src/text/analyze.js';
import { tokenizeMarkingNames } from '../src/text/tokenize.js';

const terms = (text: string, title?: string, proseFilter = true): string[] =>
  analyzeDocument({ text, title }, { proseFilter }).lines.flatMap((l) => l.terms);

describe('analyzeDocument', () => {
  it('reads the title first and always keeps it', () => {
    const doc = analyzeDocument({ title: 'Ferry crossings suspended', text: 'Storm waves closed the harbour on Thursday.' });
    expect(doc.lines[0]?.terms).toEqual(['ferri', 'cross', 'suspend']);
    expect(doc.lang).toBe('en');
  });

  it('drops menu lines and list items, keeps sentences', () => {
    const text = [
      'Share on Facebook',
      '1. Most read: save energy now.',
      'Growers expect a smaller apple harvest after the April frost damaged blossom.',
    ].join('\n');
    expect(terms(text)).toEqual(['grower', 'expect', 'appl', 'harvest', 'april', 'frost', 'damag', 'blossom']);
    expect(terms(text, undefined, false)).toContain('facebook');
  });

  it('marks names written with a capital in mid-sentence, and numbers', () => {
    const doc = analyzeDocument({ text: 'Officials said Brandvold closed 3 terminals. Storms hit.' });
    expect([...doc.names].sort()).toEqual(['3', 'brandvold']);
  });

  it('removes Urdu function words missing from stopwords-iso and stems by prefix', () => {
    const doc = analyzeDocument({ text: 'حکومت نے بجٹ کا اعلان کیا ہے۔' });
    expect(doc.lang).toBe('ur');
    expect(doc.lines[0]?.terms).toEqual(['حکو', 'بجٹ', 'اعل']);
  });

  it('tokenises Cyrillic and CJK by word boundaries', () => {
    expect(analyzeDocument({ text: 'Правительство и парламент сказали, что бюджет будет принят.' }).lang).toBe('ru');
    const cjk = analyzeDocument({ text: '東京で地震が発生した。' }, { lang: 'ja' });
    expect(cjk.lines[0]?.tokens).toBeGreaterThan(2);
  });
});

describe('endsSentence', () => {
  it('is the sentence-end regex, read from the end', () => {
    // Sentence ends, closers, spaces (Unicode ones too) and other characters, one code unit each.
    const pieces = [...'.!?…。۔؟:;"\')]» \u00a0\u3000aب1(«'];
    const line = fc.array(fc.constantFrom(...pieces), { maxLength: 12 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.oneof(line, fc.string({ maxLength: 20 })), (text) => {
        expect(endsSentence(text)).toBe(/[.!?…。！？۔؟:;]["')\]»\s]*$/u.test(text));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('isProseLine', () => {
  it('accepts sentence ends followed by quotes, and long lines', () => {
    expect(isProseLine('"Safety comes first."', 3)).toBe(true);
    expect(isProseLine('Read more', 2)).toBe(false);
    expect(isProseLine('word '.repeat(25), 25)).toBe(true);
    expect(isProseLine('- Subscribe now.', 2)).toBe(false);
  });
});

describe('tokenizeMarkingNames', () => {
  it('does not mark the first word of a sentence', () => {
    const { tokens, names } = tokenizeMarkingNames('Rain fell. Then Oslo flooded: Roads closed');
    expect(tokens).toEqual(['rain', 'fell', 'then', 'oslo', 'flooded', 'roads', 'closed']);
    expect(names).toEqual([false, false, false, true, false, false, false]);
  });
});
