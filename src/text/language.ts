/**
 * Language of a document: the script narrows the candidates, stop-word hits pick among them.
 * Only what stop words and stemming need; a wrong guess between close languages costs little.
 */
import { loadIsoStopWords } from './natural-modules.js';
import { EXTRA_STOP_WORDS } from './stopwords-extra.js';

const SCRIPT_LANGUAGES: ReadonlyArray<readonly [RegExp, readonly string[]]> = [
  [/\p{Script=Arabic}/u, ['ur', 'ar', 'fa', 'ku']],
  [/\p{Script=Cyrillic}/u, ['ru', 'uk', 'bg']],
  [/[\p{Script=Hiragana}\p{Script=Katakana}]/u, ['ja']],
  [/\p{Script=Hangul}/u, ['ko']],
  [/\p{Script=Han}/u, ['zh']],
  [/\p{Script=Greek}/u, ['el']],
  [/\p{Script=Hebrew}/u, ['he']],
  [/\p{Script=Devanagari}/u, ['hi', 'mr']],
  [/\p{Script=Bengali}/u, ['bn']],
  [/\p{Script=Gujarati}/u, ['gu']],
  [/\p{Script=Armenian}/u, ['hy']],
  [/\p{Script=Thai}/u, ['th']],
];

const LATIN_LANGUAGES = [
  'en', 'fr', 'es', 'de', 'it', 'pt', 'nl', 'sv', 'no', 'da', 'fi', 'pl', 'cs', 'sk', 'sl', 'hr', 'ro',
  'hu', 'tr', 'id', 'ms', 'tl', 'sw', 'ca', 'gl', 'eu', 'et', 'lv', 'lt', 'af', 'vi', 'ga', 'la', 'eo',
  'so', 'ha', 'yo', 'zu', 'st', 'br',
] as const;

const stopCache = new Map<string, ReadonlySet<string>>();

/** Stop words for a language code; empty for an unknown code. stopwords-iso for every language, English
 * included: its 1,298-word English list beat natural's 170 words on ECB+ (0.894 against 0.875 pairwise F1
 * in story mode) and left COUNTER and the seed checks unchanged. */
export function stopWordsFor(lang: string): ReadonlySet<string> {
  let set = stopCache.get(lang);
  if (set === undefined) {
    const words = loadIsoStopWords()[lang] ?? [];
    set = new Set([...words, ...(EXTRA_STOP_WORDS[lang] ?? [])].map((w) => w.normalize('NFKC').toLowerCase()));
    stopCache.set(lang, set);
  }
  return set;
}

export function isKnownLanguage(lang: string): boolean {
  return loadIsoStopWords()[lang] !== undefined;
}

function dominantScriptLanguages(tokens: readonly string[]): readonly string[] {
  const counts = new Map<readonly string[], number>();
  let latin = 0;
  for (const token of tokens) {
    const first = token[0] ?? '';
    const entry = SCRIPT_LANGUAGES.find(([pattern]) => pattern.test(first));
    if (entry) counts.set(entry[1], (counts.get(entry[1]) ?? 0) + 1);
    else if (/\p{Script=Latin}/u.test(first)) latin += 1;
  }
  let best: readonly string[] = LATIN_LANGUAGES;
  let bestCount = latin;
  for (const [langs, count] of counts) {
    if (count > bestCount) {
      best = langs;
      bestCount = count;
    }
  }
  return best;
}

/** Tokens read from the start of a document to detect its language. */
export const SAMPLE_TOKENS = 400;
const isoCache = new Map<string, ReadonlySet<string>>();

function isoSet(lang: string, words: readonly string[]): ReadonlySet<string> {
  let set = isoCache.get(lang);
  if (set === undefined) {
    set = new Set(words);
    isoCache.set(lang, set);
  }
  return set;
}

// Per candidate list, each stop word → the candidates (by position) whose list holds it: one lookup per
// token instead of one per token and candidate (40 Latin languages made detection ~40% of analysis time).
const NONE: readonly number[] = [];
const invertedCache = new Map<readonly string[], Map<string, number[]>>();

function invertedStopWords(candidates: readonly string[]): Map<string, number[]> {
  let inverted = invertedCache.get(candidates);
  if (inverted === undefined) {
    inverted = new Map<string, number[]>();
    const iso = loadIsoStopWords();
    candidates.forEach((lang, position) => {
      // Detection compares like with like: every candidate's stopwords-iso list, plus the function words
      // that list misses (see stopwords-extra.ts; without them some Urdu articles read as Persian).
      for (const word of isoSet(lang, [...(iso[lang] ?? []), ...(EXTRA_STOP_WORDS[lang] ?? [])])) {
        const list = inverted?.get(word);
        if (list) list.push(position);
        else inverted?.set(word, [position]);
      }
    });
    invertedCache.set(candidates, inverted);
  }
  return inverted;
}

/** ISO 639-1 code of the language the tokens are most likely in ('und' when nothing fits). */
export function detectLanguage(tokens: readonly string[]): string {
  const sample = tokens.length > SAMPLE_TOKENS ? tokens.slice(0, SAMPLE_TOKENS) : tokens;
  const candidates = dominantScriptLanguages(sample);
  if (candidates.length === 1) return candidates[0] ?? 'und';
  const inverted = invertedStopWords(candidates);
  const hits = new Array<number>(candidates.length).fill(0);
  for (const token of sample) for (const position of inverted.get(token) ?? NONE) hits[position] = (hits[position] ?? 0) + 1;
  let best = 'und';
  let bestHits = 0;
  candidates.forEach((lang, position) => {
    if ((hits[position] ?? 0) > bestHits) {
      best = lang;
      bestHits = hits[position] ?? 0;
    }
  });
  return best;
}
