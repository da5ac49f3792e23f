/**
 * The document frequencies `index add` and `index query` score with. They are read from the store's df
 * table as terms are met and kept in typed arrays, so that a writer adding batch after batch reads each
 * term once, not once a batch: reading the df of every batch's terms (and its candidates' terms) again was
 * a third of `index add` (CPU profile, 10k documents). A writer's own counts are applied after each
 * commit; whatever another writer committed is noticed through the store's version and the cache starts
 * over. A store that cannot say (PostgreSQL) gets a fresh read every batch, as before. Keys are per
 * language, each language's stories one more key (sketch/df-keys.ts).
 */
import { dfKey, storiesKey } from '../sketch/df-keys.js';
import type { StoreReader } from '../store/store.js';
import { languageNumber } from '../text/language.js';
import { createIdfModel, type DocumentSketch, type IdfModel } from './engine.js';

/** Past this many terms the cache starts over at the next batch: memory follows a bounded number of
 * terms, not the index's vocabulary (12 bytes a slot, at most two slots a term: about 100 MB). */
const MAX_TERMS = 4_000_000;

const UNKNOWN = -1;
const SEEN = -2;

/** Open addressing over (term, df + 1, mark): df + 1 so that 0 marks a free slot and a known df of 0 is
 * kept (a new term is read once, not every batch); the mark collects a set of terms without a Set. */
class TermCounts {
  private keys = new Uint32Array(1 << 16);
  private counts = new Uint32Array(1 << 16);
  private marks = new Uint32Array(1 << 16);
  private shift = 16;
  private mark = 0;
  size = 0;

  private slotOf(term: number): number {
    const mask = this.keys.length - 1;
    // The high bits of a multiplicative hash are the well-mixed ones.
    let slot = Math.imul(term, 0x9e3779b1) >>> this.shift;
    while (this.counts[slot] !== 0 && this.keys[slot] !== term) slot = (slot + 1) & mask;
    return slot;
  }

  set(term: number, df: number): void {
    const slot = this.slotOf(term);
    if (this.counts[slot] === 0) {
      this.keys[slot] = term;
      this.size += 1;
    }
    this.counts[slot] = df + 1;
    if (2 * this.size > this.keys.length) this.grow();
  }

  /** Adds `delta` to a known term's df; an unknown term is read from the store when next needed. */
  add(term: number, delta: number): void {
    const slot = this.slotOf(term);
    if (this.counts[slot] !== 0) this.counts[slot] = Math.max(1, (this.counts[slot] ?? 1) + delta);
  }

  /** Starts a new set for `markNew`. */
  newMarks(): void {
    this.mark += 1;
    if (this.mark === 0xffffffff) {
      this.marks.fill(0);
      this.mark = 1;
    }
  }

  /** A term's df the first time it is met since `newMarks`; SEEN after that; UNKNOWN if never read. */
  visit(term: number): number {
    const slot = this.slotOf(term);
    if (this.counts[slot] === 0) return UNKNOWN;
    if (this.marks[slot] === this.mark) return SEEN;
    this.marks[slot] = this.mark;
    return (this.counts[slot] ?? 1) - 1;
  }

  clear(): void {
    this.keys = new Uint32Array(1 << 16);
    this.counts = new Uint32Array(1 << 16);
    this.marks = new Uint32Array(1 << 16);
    this.shift = 16;
    this.size = 0;
  }

  private grow(): void {
    const { keys, counts } = this;
    this.keys = new Uint32Array(2 * keys.length);
    this.counts = new Uint32Array(2 * keys.length);
    this.marks = new Uint32Array(2 * keys.length);
    this.shift -= 1;
    this.size = 0;
    for (let i = 0; i < keys.length; i++) if (counts[i] !== 0) this.set(keys[i] ?? 0, (counts[i] ?? 1) - 1);
  }
}

/** Terms and their df, collected into typed arrays that grow as needed. */
class ModelTerms {
  private terms: Uint32Array = new Uint32Array(1 << 14);
  private counts: Uint32Array = new Uint32Array(1 << 14);
  private size = 0;

  push(term: number, df: number): void {
    if (this.size === this.terms.length) {
      this.terms = grown(this.terms);
      this.counts = grown(this.counts);
    }
    this.terms[this.size] = term;
    this.counts[this.size++] = df;
  }

  arrays(): { terms: Uint32Array; counts: Uint32Array } {
    return { terms: this.terms.subarray(0, this.size), counts: this.counts.subarray(0, this.size) };
  }
}

function grown(array: Uint32Array): Uint32Array {
  const out = new Uint32Array(2 * array.length);
  out.set(array);
  return out;
}

/** The stored df of the keys met so far. */
export class DfCache {
  private readonly known = new TermCounts();
  /** The terms of the last model made, for `extended`. */
  private last: ModelTerms | undefined;
  /** The store's version when the cache was last in step with it; undefined: read everything again. */
  private version: number | undefined;

  constructor(private readonly reader: StoreReader) {}

  /** At the start of a batch (inside its transaction), with the store's version: starts over unless no
   * other writer committed since. */
  sync(version: number | undefined): void {
    if (version === undefined || version !== this.version || this.known.size > MAX_TERMS) this.forget();
    this.version = version;
  }

  /** An idf model holding the df of every term of `sketches`, read from the store where not known yet. One
   * probe a term: the candidates' terms are most of a batch's. */
  async model(sketches: Iterable<DocumentSketch>, reader: StoreReader = this.reader): Promise<IdfModel> {
    this.known.newMarks();
    this.last = new ModelTerms();
    return this.collect(this.last, sketches, reader);
  }

  /** The last model's terms and those of `more`, each visited once: a batch's own terms are half of what
   * its second model (with the candidates') would visit again. Right after `model`, nothing between. */
  async extended(more: Iterable<DocumentSketch>, reader: StoreReader = this.reader): Promise<IdfModel> {
    if (this.last === undefined) return this.model(more, reader);
    return this.collect(this.last, more, reader);
  }

  private async collect(model: ModelTerms, sketches: Iterable<DocumentSketch>, reader: StoreReader): Promise<IdfModel> {
    const missing = new Set<number>();
    const meet = (key: number): void => {
      const df = this.known.visit(key);
      if (df > 0) model.push(key, df);
      else if (df === UNKNOWN) missing.add(key);
    };
    for (const sketch of sketches) {
      const language = languageNumber(sketch.lang);
      meet(storiesKey(language));
      for (const term of sketch.terms) meet(dfKey(term, language));
    }
    if (missing.size > 0) {
      const keys = Uint32Array.from(missing);
      const found = await reader.documentFrequencies(keys);
      keys.forEach((key, i) => {
        const df = found[i] ?? 0;
        this.known.set(key, df);
        // Marked as met, so that `extended` does not add it twice.
        this.known.visit(key);
        if (df > 0) model.push(key, df);
      });
    }
    // A df of 0 is what the model says of a key it does not hold.
    return createIdfModel(model.arrays());
  }

  /** After this writer's commit: the counts it wrote (df keys), which the store now holds. */
  committed(keys: Uint32Array, deltas: Int32Array): void {
    for (let i = 0; i < keys.length; i++) this.known.add(keys[i] ?? 0, deltas[i] ?? 0);
  }

  forget(): void {
    this.known.clear();
    this.version = undefined;
  }
}
