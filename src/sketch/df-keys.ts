/**
 * The keys document frequencies are counted under. A term's weight in a document is how rare it is among
 * the stories of the document's language (cluster/tfidf.ts), so a term is counted per language, and each
 * language's stories are counted in the same tables as one more key: adding 5,000 English articles to an
 * Urdu run then leaves every Urdu score where it was, and a language that is a small share of a large run
 * keeps its common words common instead of weighing them like rare ones.
 */

/** The top values of the 32-bit range are no term's hash (see `unreserved`): they count stories. */
const RESERVED = 64;
const STORIES_KEY = 0x1_0000_0000 - RESERVED;

/** The key counting the stories of language number `language` (text/language.ts LANGUAGES). */
export function storiesKey(language: number): number {
  if (!Number.isInteger(language) || language < 0 || language >= RESERVED) throw new RangeError(`no language number ${language}`);
  return STORIES_KEY + language;
}

/** Whether `key` counts a language's stories rather than a term. */
export function isStoriesKey(key: number): boolean {
  return key >= STORIES_KEY;
}

/** A hash moved out of the range that counts stories: every term hash goes through this once, when it is
 * made (text/terms.ts), so that no term is ever counted as a language's stories. */
export function unreserved(hash: number): number {
  return hash >= STORIES_KEY ? hash - RESERVED : hash;
}

/** Per language, what its terms' keys are XOR-ed with: English (0) keeps the term hashes themselves. */
const SALTS = Uint32Array.from({ length: RESERVED }, (_, n) => (n === 0 ? 0 : Math.imul(n, 0x9e3779b1) >>> 0));

/** The key a term's document frequency is counted under for documents of language number `language`. */
export function dfKey(term: number, language: number): number {
  if (language === 0) return term;
  return unreserved((term ^ (SALTS[language] ?? 0)) >>> 0);
}

/** A document's df keys written to `out` from `at` (returns the new end): its terms' in its language, and
 * its language's stories key when it has content (a shingle). The one rule the select stage and the
 * library's sketches (so the index) count by. */
export function writeDfKeys(terms: Uint32Array, language: number, hasContent: boolean, out: Uint32Array, at: number): number {
  let end = at;
  for (let i = 0; i < terms.length; i++) out[end++] = dfKey(terms[i] ?? 0, language);
  if (hasContent) out[end++] = storiesKey(language);
  return end;
}
