import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeDocument } from '../src/text/analyze.js';
import { countLines, dropsBoilerplate, findBoilerplate } from '../src/text/boilerplate.js';
import { analyseBatch } from '../src/stages/analyse.js';
import { createStageContext } from '../src/stages/context.js';
import { selectContent } from '../src/stages/select.js';
import { detectLanguage } from '../src/text/language.js';
import { normalizeText, normalizeTypography } from '../src/text/normalize.js';
import { tokenize } from '../src/text/tokenize.js';

describe('normalizeText', () => {
  it('folds dotted abbreviations so "U.S." and "US" are one token', () => {
    expect(tokenize(normalizeText('U.S. forces'))).toEqual(tokenize(normalizeText('US forces')));
    expect(normalizeText('the U.K. and e.u.')).toBe('the uk and eu');
  });

  it('folds curly quotes, dashes, full-width forms and possessives', () => {
    expect(normalizeText('“Japan’s” — ＡＦＰ')).toBe('"japan" - afp');
  });

  it('drops thousands separators so 54,000 and 54000 match', () => {
    expect(normalizeText('54,000 troops and 1.250.000 euros')).toBe('54000 troops and 1250000 euros');
    expect(normalizeText('2.5 percent, 3,14')).toBe('2.5 percent, 3,14');
  });

  it('on ASCII, skips only the rules that cannot match and its ASCII regexes equal the Unicode ones', () => {
    // Every rule applied in turn, as before the one-pass check of which rules a line needs.
    const allRules = (text: string): string =>
      text
        .replace(/(?<![\p{L}\p{N}])(?:\p{L}\.){2,}/gu, (m) => m.replaceAll('.', ''))
        .replace(/(\d)[,.\u00A0\u202F'](?=\d{3}(?!\d))/g, '$1')
        .replace(/(\p{L})'[sS](?![\p{L}\p{N}])/gu, '$1');
    const pieces = ['U', '.', 'S', 's', "'", ',', '5', '000', 'a', ' ', 'Japan', '12', 'k.', 'E.U.', "'S", '1.250'];
    const line = fc.array(fc.constantFrom(...pieces), { maxLength: 25 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.oneof(line, fc.string({ maxLength: 30 })), (text) => {
        fc.pre(!/[^\x00-\x5f\x61-\x7f]/.test(text));
        expect(normalizeTypography(text)).toBe(allRules(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('skips only the rules that cannot match in text beyond ASCII: same text as applying every rule', () => {
    const allRules = (text: string): string =>
      text
        .normalize('NFKC')
        .replace(/[\u2018\u2019\u201A\u201B\u2032\u02BC\u0060\u00B4]/g, "'")
        .replace(/[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB\u300C\u300D]/g, '"')
        .replace(/[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g, '-')
        .replace(/[\u0640\u064B-\u0652\u0670\u0591-\u05BD\u05BF\u05C1\u05C2\u05C4\u05C5\u05C7]/g, '')
        .replace(/(?<![\p{L}\p{N}])(?:\p{L}\.){2,}/gu, (m) => m.replaceAll('.', ''))
        .replace(/(\d)[,.\u00A0\u202F'](?=\d{3}(?!\d))/g, '$1')
        .replace(/(\p{L})'[sS](?![\p{L}\p{N}])/gu, '$1');
    // Letters of one and two code units, dots, separators, quotes and digits, as abbreviations mix them.
    const pieces = [
      'é',
      '.',
      '𐐀',
      '𠀀',
      '𝐀',
      'Ж',
      'U',
      's',
      "'",
      '’',
      '‘',
      ',',
      '\u00A0',
      '\u202F',
      '5',
      '000',
      ' ',
      '—',
      '“',
      '»',
      '″',
      '´',
      '‑',
      '…',
      '`',
      'ß.',
      '１',
      'Ａ.',
      'ب',
      '\u064B',
      '\u0640',
      'ש',
      '\u05B8',
      '\u05BE',
    ];
    const line = fc.array(fc.constantFrom(...pieces), { maxLength: 25 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.oneof(line, fc.string({ maxLength: 30, unit: 'grapheme' })), (text) => {
        expect(normalizeTypography(text)).toBe(allRules(text));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('Arabic-script marks', () => {
  it('reads a word with or without its optional vowel marks and kashida as one token', () => {
    const marked = 'افتتحت الحكومة محطةً جديدةً يوميًّا ويُعدّ الأردن أفقــر';
    const plain = 'افتتحت الحكومة محطة جديدة يوميا ويعد الأردن أفقر';
    expect(tokenize(normalizeText(marked))).toEqual(tokenize(normalizeText(plain)));
  });
});

describe('Hebrew points', () => {
  it('reads a pointed word as its unpointed spelling, and keeps the maqaf', () => {
    const pointed = 'הַמֶּמְשָׁלָה אִישְּׁרָה אֶת תּוֹכְנִית הַתַּחְבּוּרָה בֵּית־שֶׁמֶשׁ';
    const plain = 'הממשלה אישרה את תוכנית התחבורה בית־שמש';
    expect(tokenize(normalizeText(pointed))).toEqual(tokenize(normalizeText(plain)));
    expect(normalizeText(pointed)).toContain('\u05BE');
  });
});

describe('tokenize', () => {
  it('splits Latin, Cyrillic and Urdu words with their marks', () => {
    expect(tokenize('hayashi told reporters')).toEqual(['hayashi', 'told', 'reporters']);
    expect(tokenize('токио и вашингтон')).toEqual(['токио', 'и', 'вашингтон']);
    expect(tokenize('بنگلہ دیش نے')).toEqual(['بنگلہ', 'دیش', 'نے']);
  });

  it('segments scripts written without spaces', () => {
    const tokens = tokenize('日本と米国は防衛協力を強化する');
    expect(tokens.length).toBeGreaterThan(3);
    expect(tokens.join('')).toBe('日本と米国は防衛協力を強化する');
  });
});

describe('detectLanguage', () => {
  it('tells English from Urdu and Russian', () => {
    expect(detectLanguage(tokenize(normalizeText('The minister said that the talks would continue in the spring.')))).toBe('en');
    expect(detectLanguage(tokenize('وزیر اعظم نے کہا کہ یہ بات چیت جاری رہے گی اور اس میں پیش رفت ہو گی'))).toBe('ur');
    expect(detectLanguage(tokenize('министр сказал что переговоры будут продолжены весной и это не изменится'))).toBe('ru');
  });

  it('reads Japanese as Japanese although most of its tokens are Han', () => {
    // 8 of the 15 tokens are Han, 6 kana: counted apart, Han won and the text was read as Chinese.
    expect(detectLanguage(tokenize(normalizeText('北海道で震度５強の地震、新千歳空港が一時閉鎖された')))).toBe('ja');
  });

  it('keeps Chinese that quotes one Japanese name in katakana Chinese', () => {
    const text = '索尼公司（ソニー）周二宣布将在上海建设新的研发中心，预计投资二十亿元，明年年底投入使用。';
    expect(detectLanguage(tokenize(normalizeText(text)))).toBe('zh');
  });

  it('gives the language analyzeDocument finds from its numbered tokens, however the stop words mix', () => {
    // Stop words that several Latin languages share, and words of one language only.
    const words = [
      'the',
      'de',
      'la',
      'en',
      'a',
      'in',
      'und',
      'die',
      'le',
      'et',
      'port',
      'il',
      'di',
      'que',
      'o',
      'of',
      'het',
      'og',
      'y',
      'é',
    ];
    const text = fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 60 }).map((parts) => parts.join(' '));
    fc.assert(
      fc.property(text, (line) => {
        expect(analyzeDocument({ text: line }, { proseFilter: false }).lang).toBe(detectLanguage(tokenize(normalizeText(line))));
      }),
      { numRuns: 500 },
    );
  });
});

describe('analyzeDocument', () => {
  it('drops navigation and repeated link lists but keeps the prose', () => {
    const text = [
      'Twitter Share Facebook Share WhatsApp Share',
      'The port authority said on Tuesday that the strike would cost the region millions of euros a day.',
      'Daughters defend the mayor Daughters defend the mayor',
      'Most Read',
    ].join('\n');
    const doc = analyzeDocument({ text });
    expect(doc.lang).toBe('en');
    const terms = doc.lines.flatMap((l) => l.terms);
    expect(terms).toContain('strike');
    expect(terms).not.toContain('twitter');
    expect(terms).not.toContain('daughter');
  });

  it('removes stop words and stems', () => {
    const doc = analyzeDocument({ text: 'The ministers were strengthening their cooperation.' });
    expect(doc.lines.flatMap((l) => l.terms)).toEqual(['minist', 'strengthen', 'cooper']);
  });
});

describe('corpus boilerplate', () => {
  const footer = 'Sign up for our morning newsletter to get the day’s top stories in your inbox.';
  const texts = Array.from({ length: 12 }, (_, i) => ({
    text: `Council votes on budget number ${i} after a long debate over road repairs in district ${i}. Members argued for hours about potholes, bus lanes, street lighting and the cost of resurfacing the ring road before winter. The mayor said contractors would start work in March if the vote passes, and residents packed the public gallery to watch the debate until late in the evening. Opposition councillors proposed cutting the parks budget instead, which the finance committee rejected by seven votes to four. Shop owners on the high street welcomed the plan but asked for night work to avoid closures during the busy season. A final vote on the transport levy is expected next month, after a consultation with neighbouring districts and the regional transport authority.\n${footer}`,
  }));

  it('finds a line that recurs across many documents, not the story lines', () => {
    const docs = texts.map((t) => analyzeDocument(t));
    const boilerplate = findBoilerplate(countLines(docs), docs.length);
    expect(boilerplate.size).toBe(1);
    expect(boilerplate.has(docs[0]!.lines[1]!.hash)).toBe(true);
  });

  it('drops it from each document in the batch stage, keeping the story line', () => {
    const batch = analyseBatch(texts, 'auto', true);
    const counts = new Map<number, number>();
    batch.lineKeys.forEach((key, i) => counts.set(key, batch.lineCounts[i] ?? 0));
    const content = selectContent(batch, findBoilerplate(counts, texts.length), createStageContext({}));
    // Each document has two lines: the story, then the footer (under a tenth of it); only the story's terms remain (the sketch
    // keeps distinct terms with their frequencies, which add up to the story's term count).
    for (let d = 0; d < texts.length; d++) {
      const storyStart = d === 0 ? 0 : (batch.termEnds[2 * d - 1] ?? 0);
      const story = [...batch.terms.subarray(storyStart, batch.termEnds[2 * d] ?? 0)];
      const [from, to] = [d === 0 ? 0 : (content.termEnds[d - 1] ?? 0), content.termEnds[d] ?? 0];
      const kept = [...content.tf.subarray(from, to)].reduce((sum, tf) => sum + tf, 0);
      expect(kept).toBe(story.length);
      expect([...content.terms.subarray(from, to)]).toEqual([...new Set(story)].sort((a, b) => a - b));
    }
  });

  it('keeps recurring lines that are a tenth of a document or more: they are its content (reprints)', () => {
    expect(dropsBoilerplate(100, 90)).toBe(true);
    expect(dropsBoilerplate(100, 89)).toBe(false);
  });
});
