/**
 * From raw article text to content terms, line by line, so that lines which are not the story
 * (navigation, share buttons, "Most Read" lists, recurring site furniture) can be left out.
 *
 * Plain data in, plain data out: this is the per-document work a worker thread can do alone.
 */
import { distinctSorted } from '../sketch/shingles.js';
import { addStops, detectSample, NONE, SAMPLE_TOKENS, scriptIndex } from './language.js';
import { Lexicon } from './lexicon.js';
import { normalizeTypography } from './normalize.js';
import { termFilterFor, type TermFilter, type TermInfo } from './terms.js';

interface AnalyzedLine {
  /** Hash of the line's normalised tokens: equal for the same line on two pages. */
  readonly hash: number;
  readonly tokens: number;
  readonly terms: readonly string[];
}

export interface AnalyzedDocument {
  readonly lang: string;
  /** The title first (when there is one), then the body lines that were kept. */
  readonly lines: readonly AnalyzedLine[];
  /** Distinct content terms written with a capital in mid-sentence (names), and numbers. */
  readonly names: readonly string[];
}

export interface DocumentText {
  readonly text: string;
  readonly title?: string | undefined;
}

export interface AnalysisOptions {
  /** ISO 639-1 code, or 'auto' to detect it from the text. */
  readonly lang?: string;
  /** Drop body lines that do not read as prose. Off for event-level matching, where the short lines
   * (datelines, captions) carry the names and dates that tell one event from another. */
  readonly proseFilter?: boolean;
}

// A line that ends like a sentence (closing quotes or brackets may follow), or is long, is prose;
// short unpunctuated lines are headings, bylines, menus and link lists. Urdu and Arabic end sentences
// with ۔ and ؟, CJK with 。！？. Measured on COUNTER and business-energy-news (README "Quality").
const SENTENCE_ENDS = '.!?…。！？۔؟:;';
// Closing quotes and brackets, and the whitespace between them, may follow the end of a sentence.
const CLOSERS = `"')]»`;
const SPACE = /\s/;
const PROSE_MIN_TOKENS = 25;
// "1. Read more", "• Subscribe": list items are menus and related-article lists, unless long.
const LIST_ITEM = /^(?:\d{1,2}[.)]|[•·*\-–—])\s/u;
const LIST_ITEM_MIN_TOKENS = 8;
// When the prose filter would keep less than this share of a document's tokens, the document is
// not laid out in sentence lines at all (a tokenised dataset, a list) and every line is kept.
const MIN_KEPT_SHARE = 0.3;

interface RawLine {
  /** The line, typography normalised (case kept). */
  text: string;
  /** Token numbers in the lexicon. */
  ids: number[];
  names: boolean[];
  hash: number;
  prose: boolean;
}

// One per thread: token numbers and the per-token facts outlive a document (see lexicon.ts).
const lexicon = new Lexicon();

// Facts per token number in the lexicon's typed tables: the script of its first letter, and per language
// what kind of term the token gives and the term's hash. Typed arrays by token number instead of an
// object per token: reading an object's fields was a cache miss per token once the vocabulary outgrew
// the cache.
const UNKNOWN = 0;
const NO_TERM = 1;
const TERM = 2;
const NUMERIC_TERM = 3;
const factSlots = new Map<unknown, number>();

/** The lexicon's fact table for `key` (what the facts depend on besides the token). */
function factsFor(key: unknown): Int32Array {
  let slot = factSlots.get(key);
  if (slot === undefined) {
    slot = factSlots.size;
    factSlots.set(key, slot);
  }
  return lexicon.facts(slot);
}

/** "Daughters defend Bushra Bibi Daughters defend Bushra Bibi": a link list scraped with its tooltip. */
function isRepeatedPhrase(ids: readonly number[]): boolean {
  if (ids.length < 4 || ids.length % 2 !== 0) return false;
  const half = ids.length / 2;
  for (let i = 0; i < half; i++) if (ids[i] !== ids[i + half]) return false;
  return true;
}

/**
 * The line ends like a sentence: /[.!?…。！？۔؟:;]["')\]»\s]*$/u, read from the end (that regex tries every
 * position of the line; the two sets are disjoint, so skipping closers and testing the next is the same).
 */
export function endsSentence(line: string): boolean {
  let i = line.length - 1;
  while (i >= 0 && (CLOSERS.includes(line.charAt(i)) || SPACE.test(line.charAt(i)))) i -= 1;
  return i >= 0 && SENTENCE_ENDS.includes(line.charAt(i));
}

export function isProseLine(line: string, tokens: number): boolean {
  const listItem = LIST_ITEM.test(line);
  if (endsSentence(line)) return !listItem || tokens >= LIST_ITEM_MIN_TOKENS;
  return tokens >= PROSE_MIN_TOKENS && !listItem;
}

/**
 * The lines of a document met so far, by the hash of their tokens: a line equal to an earlier one but for
 * case is dropped. Lines with the same tokens have the same hash, so only a hash met before costs a
 * comparison (lower-casing every line for a set of strings was ~5% of analysis).
 */
type SeenLines = Map<number, string | string[]>;

function seenBefore(seen: SeenLines, hash: number, line: string): boolean {
  const known = seen.get(hash);
  if (known === undefined) {
    seen.set(hash, line);
    return false;
  }
  const lower = line.toLowerCase();
  const earlier = typeof known === 'string' ? [known] : known;
  if (earlier.some((other) => other.toLowerCase() === lower)) return true;
  seen.set(hash, [...earlier, line]);
  return false;
}

function splitLines(text: string, seen: SeenLines): RawLine[] {
  const lines: RawLine[] = [];
  for (const raw of text.split(/\r\n|\r|\n|\u2028|\u2029/)) {
    const line = normalizeTypography(raw).trim();
    if (line === '') continue;
    const { ids, names, hash } = lexicon.lexLine(line);
    if (ids.length === 0 || seenBefore(seen, hash, line)) continue;
    const prose = !isRepeatedPhrase(ids) && isProseLine(line, ids.length);
    lines.push({ text: line, ids, names, hash, prose });
  }
  return lines;
}

function proseLines(lines: RawLine[]): RawLine[] {
  const total = lines.reduce((sum, line) => sum + line.ids.length, 0);
  const prose = lines.filter((line) => line.prose);
  const kept = prose.reduce((sum, line) => sum + line.ids.length, 0);
  return kept >= total * MIN_KEPT_SHARE ? prose : lines;
}

/** The lines kept, in order (title first), their language and the content term of each token number. */
function readLines(
  doc: DocumentText,
  options: AnalysisOptions,
): { lang: string; lines: RawLine[]; filter: TermFilter; titleLines: number } {
  lexicon.bound();
  const seen: SeenLines = new Map();
  // The headline goes first and is always kept: it names the story (dropping it cost 0.03 F1 on COUNTER).
  const title = doc.title === undefined ? [] : splitLines(doc.title, seen);
  const body = splitLines(doc.text, seen);
  const lines = [...title, ...(options.proseFilter === false ? body : proseLines(body))];
  const lang = options.lang ?? 'auto';
  const resolved = lang === 'auto' ? detect(lines) : lang;
  const filter = termFilterFor(resolved);
  return { lang: resolved, lines, filter, titleLines: title.length };
}

/** The body lines the analysis keeps, as text, and the language: what `cluster extract` prints. */
export function keptText(doc: DocumentText, options: AnalysisOptions = {}): { lang: string; text: string } {
  const { lang, lines, titleLines } = readLines(doc, options);
  return {
    lang,
    text: lines
      .slice(titleLines)
      .map((line) => line.text)
      .join('\n'),
  };
}

// Per candidate list, its distinct lists of stop-word positions, numbered, so that a token's list fits in
// a fact table (`inverted` gives one array per set of candidates, so identity tells lists apart).
interface StopLists {
  readonly lists: Array<readonly number[]>;
  readonly numbers: Map<readonly number[], number>;
}
const stopLists = new Map<readonly string[], StopLists>();

function stopListsFor(candidates: readonly string[]): StopLists {
  let known = stopLists.get(candidates);
  if (known === undefined) {
    known = { lists: [], numbers: new Map() };
    stopLists.set(candidates, known);
  }
  return known;
}

function numberOf(known: StopLists, positions: readonly number[]): number {
  let number = known.numbers.get(positions);
  if (number === undefined) {
    number = known.lists.length;
    known.lists.push(positions);
    known.numbers.set(positions, number);
  }
  return number;
}

/** Per stop list number, how many sample tokens have it; all zeros between documents. */
let tally: Int32Array = new Int32Array(256);

function grown(table: Int32Array, index: number): Int32Array {
  const larger = new Int32Array(2 * (index + 1));
  larger.set(table);
  return larger;
}

/** detectSample on the first tokens, with their scripts and stop-word lookups memoised per token number. */
function detect(lines: readonly RawLine[]): string {
  const ids: number[] = [];
  for (const line of lines) {
    for (const id of line.ids) {
      if (ids.length === SAMPLE_TOKENS) break;
      ids.push(id);
    }
  }
  const scripts = factsFor('script');
  return detectSample({
    length: ids.length,
    script: (i) => {
      const id = ids[i] ?? 0;
      // Stored + 1: 0 means not worked out yet.
      let script = scripts[id] ?? 0;
      if (script === 0) {
        script = scriptIndex(lexicon.words[id] ?? '') + 1;
        scripts[id] = script;
      }
      return script - 1;
    },
    countStops: (candidates, inverted, hits) => {
      // The sample is tallied by stop list (numbered once per token) and each list met is added once,
      // instead of walking a list per token: "the" alone is ~6% of English tokens.
      const facts = factsFor(candidates);
      const known = stopListsFor(candidates);
      const met: number[] = [];
      for (const id of ids) {
        // Stored + 1: 0 means not worked out yet.
        let number = facts[id] ?? 0;
        if (number === 0) {
          number = numberOf(known, inverted.get(lexicon.words[id] ?? '') ?? NONE) + 1;
          facts[id] = number;
        }
        if (tally.length <= number) tally = grown(tally, number);
        if (tally[number] === 0) met.push(number);
        tally[number] = (tally[number] ?? 0) + 1;
      }
      for (const number of met) {
        addStops(known.lists[number - 1] ?? NONE, tally[number] ?? 0, hits);
        tally[number] = 0;
      }
    },
  });
}

export function analyzeDocument(doc: DocumentText, options: AnalysisOptions = {}): AnalyzedDocument {
  const { lang, lines, filter } = readLines(doc, options);
  const info = (id: number): TermInfo | null => filter.info(lexicon.words[id] ?? '');
  const names = new Set<string>();
  return {
    lang,
    lines: lines.map((line) => {
      const terms: string[] = [];
      line.ids.forEach((id, i) => {
        const term = info(id);
        if (term === null) return;
        terms.push(term.term);
        if (line.names[i] === true || term.numeric) names.add(term.term);
      });
      return { hash: line.hash, tokens: line.ids.length, terms };
    }),
    names: [...names],
  };
}

/** Where analyzeDocumentHashes writes a document's kept lines: each line's content-term hashes, then the line. */
export interface HashedLineSink {
  term(hash: number): void;
  /** The line whose terms were just written ends; `tokens` counts its tokens, content or not. */
  line(hash: number, tokens: number): void;
}

/** analyzeDocument with every term replaced by its hash (worked out once per distinct token), written to
 * `sink` line by line; returns the document's language and the sorted distinct hashes of its names and
 * numbers. */
export function analyzeDocumentHashes(
  doc: DocumentText,
  options: AnalysisOptions,
  sink: HashedLineSink,
): { lang: string; names: Uint32Array } {
  const { lang, lines, filter } = readLines(doc, options);
  // Fetched after lexing: a growing lexicon replaces its fact tables.
  const kinds = factsFor(`kind:${filter.lang}`);
  const hashes = factsFor(`hash:${filter.lang}`);
  const names: number[] = [];
  for (const line of lines) {
    for (let i = 0; i < line.ids.length; i++) {
      const id = line.ids[i] ?? 0;
      let kind = kinds[id] ?? UNKNOWN;
      if (kind === UNKNOWN) {
        const info = filter.info(lexicon.words[id] ?? '');
        kind = info === null ? NO_TERM : info.numeric ? NUMERIC_TERM : TERM;
        kinds[id] = kind;
        hashes[id] = info?.hash ?? 0;
      }
      if (kind === NO_TERM) continue;
      const hash = (hashes[id] ?? 0) >>> 0;
      sink.term(hash);
      if (kind === NUMERIC_TERM || line.names[i] === true) names.push(hash);
    }
    sink.line(line.hash, line.ids.length);
  }
  return { lang, names: distinctSorted(Uint32Array.from(names)) };
}
