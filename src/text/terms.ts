/**
 * Content terms: tokens minus stop words, stemmed where natural has a stemmer. Stems are memoised per
 * language: Porter costs ~2.5 µs a word and news vocabulary repeats, so the cache makes it ~25x cheaper.
 */
import { loadStemmer } from './natural-modules.js';
import { stopWordsFor } from './language.js';

const MAX_MEMO = 200_000;

interface Stem {
  stem(token: string): string;
}

// Urdu has no stemmer in natural, and its inflection (کرنا، کرنے، کرتی؛ حکومت، حکومتی) mostly changes the
// end of a word: its first three letters served as a stem for COUNTER's paraphrased rewrites better
// than the whole word (README "Quality").
const URDU_PREFIX = 3;
const PREFIX_STEMMERS: Readonly<Record<string, Stem>> = {
  ur: { stem: (token) => token.slice(0, URDU_PREFIX) },
};

function stemmerFor(lang: string): Stem | undefined {
  return PREFIX_STEMMERS[lang] ?? loadStemmer(lang);
}

export interface TermFilter {
  readonly lang: string;
  /** Content term for a token, or undefined when the token carries no content (stop word, lone letter). */
  term(token: string): string | undefined;
}

const filters = new Map<string, TermFilter>();

function isLoneLetter(token: string): boolean {
  return token.length === 1 && /[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}]/u.test(token);
}

function createTermFilter(lang: string): TermFilter {
  const stop = stopWordsFor(lang);
  const stemmer = stemmerFor(lang);
  const memo = new Map<string, string | undefined>();
  return {
    lang,
    term(token) {
      const cached = memo.get(token);
      if (cached !== undefined || memo.has(token)) return cached;
      let result: string | undefined;
      if (!stop.has(token) && !isLoneLetter(token)) {
        result = stemmer && !/^\p{N}+$/u.test(token) ? stemmer.stem(token) : token;
      }
      if (memo.size >= MAX_MEMO) memo.clear();
      memo.set(token, result);
      return result;
    },
  };
}

export function termFilterFor(lang: string): TermFilter {
  let filter = filters.get(lang);
  if (filter === undefined) {
    filter = createTermFilter(lang);
    filters.set(lang, filter);
  }
  return filter;
}
