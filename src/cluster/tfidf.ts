/**
 * TF-IDF vectors over content terms. Document frequencies come from the run itself, smoothed with a
 * prior of PRIOR_DOCUMENTS pseudo-documents that contain no term: on five articles about one story every
 * story word is in every document, and a plain idf would weigh them all near zero (the scores would
 * collapse); with the prior, idf only separates terms once the corpus is large enough to say something.
 */
import { sortUint32 } from '../sketch/sort.js';
import type { SparseVector } from './similarity.js';

export const PRIOR_DOCUMENTS = 50;


export function idf(documentFrequency: number, documents: number): number {
  return Math.log((documents + PRIOR_DOCUMENTS) / (documentFrequency + 1));
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

/** Unit-length vector with sublinear tf (1 + ln tf) × smoothed idf. `termHashes` in reading order. */
export function buildVector(
  termHashes: Uint32Array,
  documentFrequencies: ReadonlyMap<number, number>,
  documents: number,
  emphasis?: Emphasis,
): SparseVector {
  const idfs: IdfLookup = { idfOf: (term) => idf(documentFrequencies.get(term) ?? 0, documents) };
  const terms = new Uint32Array(termHashes.length);
  const weights = new Float32Array(termHashes.length);
  const n = writeVector(sortUint32(Uint32Array.from(termHashes)), { terms, weights }, idfs, emphasis);
  return { terms: terms.slice(0, n), weights: weights.slice(0, n) };
}

/** 1 + ln tf for the small tf nearly every term has; the same doubles Math.log gives at each call. */
const SUBLINEAR_TF = Float64Array.from({ length: 64 }, (_, tf) => 1 + Math.log(tf));
const NO_TERMS = new Uint32Array(0);
let unscaled = new Float64Array(1024);

/**
 * buildVector on a document's terms already sorted (repeats kept), written to the front of `out` (room for
 * every term); returns its number of distinct terms. Weights are computed, summed and scaled in the same
 * order as ever, so they are the same floats to the bit.
 */
export function writeVector(sorted: Uint32Array, out: SparseVector, idfs: IdfLookup, emphasis?: Emphasis): number {
  if (unscaled.length < sorted.length) unscaled = new Float64Array(2 * sorted.length);
  const raw = unscaled;
  const names = emphasis?.terms ?? NO_TERMS;
  const factor = emphasis?.factor ?? 1;
  let distinct = 0;
  let name = 0;
  let norm = 0;
  for (let i = 0; i < sorted.length; ) {
    const t = sorted[i] ?? 0;
    const first = i;
    for (i += 1; i < sorted.length && sorted[i] === t; i++);
    const tf = i - first;
    let w = (tf < SUBLINEAR_TF.length ? (SUBLINEAR_TF[tf] ?? 0) : 1 + Math.log(tf)) * idfs.idfOf(t);
    // Names are sorted too: one walk along both instead of a binary search per term.
    while (name < names.length && (names[name] ?? 0) < t) name += 1;
    if (name < names.length && names[name] === t) w *= factor;
    out.terms[distinct] = t;
    raw[distinct++] = w;
    norm += w * w;
  }
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let k = 0; k < distinct; k++) out.weights[k] = (raw[k] ?? 0) * scale;
  return distinct;
}

/**
 * The idf of every term of a corpus, looked up once per distinct term of every document: an open-addressing
 * table of (key, df) pairs, 8 bytes a slot so that more of it stays in cache, and the idf of each small df
 * computed once (one log per distinct df instead of one per term of every document; the same doubles).
 */
export class CorpusIdf implements IdfLookup {
  private readonly table: Uint32Array;
  private readonly shift: number;
  private readonly byCount: Float64Array;

  constructor(
    keys: Uint32Array,
    counts: Uint32Array,
    private readonly documents: number,
  ) {
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
    this.byCount = Float64Array.from({ length: Math.min(documents, SMALL_COUNTS) + 1 }, (_, df) => idf(df, documents));
  }

  private slotOf(key: number): number {
    return Math.imul(key, 0x9e3779b1) >>> this.shift;
  }

  idfOf(term: number): number {
    const table = this.table;
    const mask = (table.length >>> 1) - 1;
    let df = 0;
    for (let slot = this.slotOf(term); ; slot = (slot + 1) & mask) {
      const count = table[2 * slot + 1] ?? 0;
      if (count === 0) break;
      if (table[2 * slot] === term) {
        df = count;
        break;
      }
    }
    return df < this.byCount.length ? (this.byCount[df] ?? 0) : idf(df, this.documents);
  }
}

/** Document frequencies whose idf is tabulated; above it (the commonest words of a huge corpus), a log. */
const SMALL_COUNTS = 1 << 16;
