/**
 * TF-IDF vectors over content terms, with an idf that is a property of the language more than of the run,
 * so that a pair's score does not move when unrelated documents are added or when a story has many copies:
 * - document frequencies are counted over distinct stories (exact copies and near-duplicate versions count
 *   once; see cluster/versions.ts), so 200 outlets running one wire story do not make its words common;
 * - a prior of PRIOR_STORIES pseudo-stories that contain no term keeps a small run from collapsing the
 *   weights (on five versions of one story every story word is in every document);
 * - the idf saturates at IDF_CAP: a term in fewer than 1 story in 1,000 is as informative as a rarer one.
 *   A plain idf keeps growing with the run (ln N for a term seen once), so every rare word would gain weight
 *   against the common ones as unrelated documents are added; with the cap, rare terms weigh the same in a
 *   run of 2,000 articles and of 2 million, and an index scores today's feed like last month's;
 * - both are counted per language (sketch/df-keys.ts): a term's df among the stories of its document's
 *   language, over the number of those stories, so that articles in another language change nothing.
 */
import { dfKey, storiesKey } from '../sketch/df-keys.js';
import { sortUint32 } from '../sketch/sort.js';
import { WEIGHT_ONE, type SparseVector } from './similarity.js';

export const PRIOR_STORIES = 50;
export const IDF_CAP = Math.log(1000);

export function idf(documentFrequency: number, stories: number): number {
  // Never below 0: a df above the stories it is counted among is a damaged input, not a negative weight.
  return Math.max(0, Math.min(IDF_CAP, Math.log((stories + PRIOR_STORIES) / (documentFrequency + 1))));
}

/** Terms whose weight is multiplied, and by how much (story mode: names and numbers). */
export interface Emphasis {
  /** Sorted distinct term hashes. */
  readonly terms: Uint32Array;
  readonly factor: number;
}

/** The idf of a term; the sketch stage's is a table built once per corpus. */
export interface IdfLookup {
  idfOf(term: number): number;
}

/** Unit-length vector with sublinear tf (1 + ln tf) × idf. `termHashes` in reading order. */
export function buildVector(
  termHashes: Uint32Array,
  documentFrequencies: ReadonlyMap<number, number>,
  stories: number,
  emphasis?: Emphasis,
): SparseVector {
  const idfs: IdfLookup = { idfOf: (term) => idf(documentFrequencies.get(term) ?? 0, stories) };
  const sorted = sortUint32(Uint32Array.from(termHashes));
  const terms: number[] = [];
  const tf: number[] = [];
  for (let i = 0; i < sorted.length; i++) {
    if (i > 0 && sorted[i] === sorted[i - 1]) tf[tf.length - 1] = (tf[tf.length - 1] ?? 0) + 1;
    else {
      terms.push(sorted[i] ?? 0);
      tf.push(1);
    }
  }
  const vector = { terms: Uint32Array.from(terms), weights: new Uint16Array(terms.length) };
  writeWeights(vector.terms, Uint16Array.from(tf), idfs, vector.weights, emphasis);
  return vector;
}

/** 1 + ln tf for the small tf nearly every term has. */
const SUBLINEAR_TF = Float64Array.from({ length: 64 }, (_, tf) => 1 + Math.log(tf));
const NO_TERMS = new Uint32Array(0);
let unscaled = new Float64Array(1024);

/**
 * The unit-length TF-IDF weights of a document's sorted distinct `terms` with frequencies `tf`, written to
 * `out` in fixed point (one weight per term; similarity.ts). Names (story mode) are sorted too: one walk
 * along both.
 */
export function writeWeights(terms: Uint32Array, tf: Uint16Array, idfs: IdfLookup, out: Uint16Array, emphasis?: Emphasis): void {
  if (unscaled.length < terms.length) unscaled = new Float64Array(2 * terms.length);
  const raw = unscaled;
  const names = emphasis?.terms ?? NO_TERMS;
  const factor = emphasis?.factor ?? 1;
  let name = 0;
  let norm = 0;
  for (let i = 0; i < terms.length; i++) {
    const t = terms[i] ?? 0;
    const f = tf[i] ?? 1;
    let w = (f < SUBLINEAR_TF.length ? (SUBLINEAR_TF[f] ?? 0) : 1 + Math.log(f)) * idfs.idfOf(t);
    while (name < names.length && (names[name] ?? 0) < t) name += 1;
    if (name < names.length && names[name] === t) w *= factor;
    raw[i] = w;
    norm += w * w;
  }
  const scale = norm > 0 ? WEIGHT_ONE / Math.sqrt(norm) : 0;
  for (let i = 0; i < terms.length; i++) out[i] = Math.round((raw[i] ?? 0) * scale);
}

/** A type only: nothing carries it at run time (see IdfModel). */
declare const idfModel: unique symbol;

/** Document frequencies over distinct stories, per language, with each language's number of stories, as
 * the library shows them: `createIdfModel` makes one, `scoreSketchPair` and `lshKeysOf` read it. Nothing
 * in it to read or call, so that no caller depends on the layout of the table behind it (CorpusIdf). */
export interface IdfModel {
  readonly [idfModel]: true;
}

/**
 * The idf of every term of a corpus, looked up once per distinct term of every document: an open-addressing
 * table of (key, df) pairs, 8 bytes a slot so that more of it stays in cache, and the idf of each small df
 * computed once (one log per distinct df instead of one per term of every document; the same doubles).
 * Keys are per language (sketch/df-keys.ts): a document's terms are looked up through `forLanguage`.
 */
export class CorpusIdf implements IdfModel {
  declare readonly [idfModel]: true;
  private readonly table: Uint32Array;
  private readonly shift: number;
  private readonly languages: Array<LanguageIdf | undefined> = [];

  constructor(keys: Uint32Array, counts: Uint32Array) {
    let bits = 4;
    while (1 << bits < 1.4 * keys.length) bits += 1;
    this.shift = 32 - bits;
    // df 0 marks an empty slot: a real key 0 has df ≥ 1, and a key with df 0 has the idf of an unseen one.
    this.table = new Uint32Array(2 << bits);
    const mask = (1 << bits) - 1;
    for (let i = 0; i < keys.length; i++) {
      let slot = this.slotOf(keys[i] ?? 0);
      while (this.table[2 * slot + 1] !== 0) slot = (slot + 1) & mask;
      this.table[2 * slot] = keys[i] ?? 0;
      this.table[2 * slot + 1] = counts[i] ?? 0;
    }
  }

  private slotOf(key: number): number {
    return Math.imul(key, 0x9e3779b1) >>> this.shift;
  }

  /** The df counted under `key` (0 when none). */
  countOf(key: number): number {
    const table = this.table;
    const mask = (table.length >>> 1) - 1;
    for (let slot = this.slotOf(key); ; slot = (slot + 1) & mask) {
      const count = table[2 * slot + 1] ?? 0;
      if (count === 0) return 0;
      if (table[2 * slot] === key) return count;
    }
  }

  /** The stories counted in language number `language`. */
  storiesOf(language: number): number {
    return this.countOf(storiesKey(language));
  }

  /** The idf of the terms of a document in language number `language`. */
  forLanguage(language: number): IdfLookup {
    let lookup = this.languages[language];
    if (lookup === undefined) {
      lookup = new LanguageIdf(this, language, this.storiesOf(language));
      this.languages[language] = lookup;
    }
    return lookup;
  }
}

/** One language's view of a CorpusIdf: its terms' keys, and its number of stories. */
class LanguageIdf implements IdfLookup {
  private readonly byCount: Float64Array;

  constructor(
    private readonly corpus: CorpusIdf,
    private readonly language: number,
    private readonly stories: number,
  ) {
    this.byCount = idfsByCount(stories);
  }

  idfOf(term: number): number {
    const df = this.corpus.countOf(dfKey(term, this.language));
    return df < this.byCount.length ? (this.byCount[df] ?? 0) : idf(df, this.stories);
  }
}

/** Document frequencies whose idf is tabulated; above it (the commonest words of a huge corpus), a log. */
const SMALL_COUNTS = 1 << 16;

/** The tables made last, by number of stories: an index builds an idf model per batch and per query, mostly
 * for the same numbers of stories (one per language), and a table of 65,537 logs cost ~4 ms, most of a
 * query's time at a million documents. */
const tables = new Map<number, Float64Array>();
const KEPT_TABLES = 16;

function idfsByCount(stories: number): Float64Array {
  const known = tables.get(stories);
  if (known !== undefined) return known;
  const byCount = new Float64Array(Math.min(stories, SMALL_COUNTS) + 1);
  for (let df = 0; df < byCount.length; df++) byCount[df] = idf(df, stories);
  if (tables.size >= KEPT_TABLES) tables.clear();
  tables.set(stories, byCount);
  return byCount;
}
