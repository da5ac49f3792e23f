/**
 * Content terms: tokens minus stop words, stemmed where natural has a stemmer. Stems are memoised per
 * language: Porter costs ~2.5 µs a word and news vocabulary repeats, so the cache makes it ~25x cheaper.
 */
import { unreserved } from '../sketch/df-keys.js';
import { hashString } from '../sketch/hash.js';
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

/** A token's content term, with what the batch stages need of it, worked out once per distinct token. */
export interface TermInfo {
  readonly term: string;
  /** hashString(term), moved out of the range that counts stories (sketch/df-keys.ts): the term as the
   * sketches see it. */
  readonly hash: number;
  /** The token is all digits (a number: story mode weighs it like a name). */
  readonly numeric: boolean;
}

export interface TermFilter {
  readonly lang: string;
  /** Content term for a token, or undefined when the token carries no content (stop word, lone letter). */
  term(token: string): string | undefined;
  /** The same, with the term's hash; null when the token carries no content. */
  info(token: string): TermInfo | null;
}

const filters = new Map<string, TermFilter>();

const NUMERIC = /^\p{N}+$/u;

function isLoneLetter(token: string): boolean {
  return token.length === 1 && /[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}]/u.test(token);
}

function createTermFilter(lang: string): TermFilter {
  const stop = stopWordsFor(lang);
  const stemmer = stemmerFor(lang);
  // One lookup a token, stop words included (they are ~40% of tokens): null marks "no content".
  const memo = new Map<string, TermInfo | null>();
  const info = (token: string): TermInfo | null => {
    const cached = memo.get(token);
    if (cached !== undefined) return cached;
    let result: TermInfo | null = null;
    if (!stop.has(token) && !isLoneLetter(token)) {
      const numeric = NUMERIC.test(token);
      const term = stemmer && !numeric ? stemmer.stem(token) : token;
      result = { term, hash: unreserved(hashString(term)), numeric };
    }
    if (memo.size >= MAX_MEMO) memo.clear();
    memo.set(token, result);
    return result;
  };
  return {
    lang,
    info,
    term: (token) => info(token)?.term,
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
