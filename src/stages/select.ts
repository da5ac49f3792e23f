/**
 * Stage 2, select: drop the corpus's boilerplate lines and reduce each document to its idf-free sketch —
 * what a persistent index stores and what every later step reads:
 *  - a 64-bit hash of its content terms in reading order (equal hashes: exact copies);
 *  - its distinct content terms (sorted) with their frequencies, and its name terms;
 *  - its distinct verification shingles (sorted), or, in a run whose linkage does not read them
 *    (`linkageReadsShingles`), their count and its content terms in reading order as positions in its
 *    terms, which make them again (sketch/reading.ts: ~1 byte a term instead of 4 bytes a shingle);
 *  - near-duplicate LSH keys, from a MinHash of the shingles;
 *  - its language's number;
 *  - the batch's document frequencies (documents per term and language, and documents with content per
 *    language: sketch/df-keys.ts).
 */
import { countSorted } from '../sketch/counts.js';
import { writeDfKeys } from '../sketch/df-keys.js';
import { combineHashes, fmix32, writeBandKeys } from '../sketch/hash.js';
import { computeSignature, type Permutations } from '../sketch/minhash.js';
import { writePositions } from '../sketch/reading.js';
import { sortDistinct, writeShingleHashes } from '../sketch/shingles.js';
import { sortUint32 } from '../sketch/sort.js';
import { dropsBoilerplate } from '../text/boilerplate.js';
import { linkageReadsShingles } from '../cluster/modes.js';
import type { AnalysisBatch } from './analyse.js';
import type { NearParams, StageContext } from './context.js';
import { copyInto, rangeLength, rangeOf, room, type Memory } from './workspace.js';

export interface SketchBatch {
  count: number;
  /** Two 32-bit words per document: the hash of its content terms in reading order. */
  contentHashes: Uint32Array;
  /** Per document: end of its sorted distinct terms in `terms` (and of their frequencies in `tf`). */
  termEnds: Uint32Array;
  terms: Uint32Array;
  tf: Uint16Array;
  nameEnds: Uint32Array;
  names: Uint32Array;
  shingleEnds: Uint32Array;
  /** Empty when the sketch holds its reading instead (`ShingleForm`); `shingleEnds` count them still. */
  shingles: Uint32Array;
  /** Per document: end of its reading in `reading` (both empty when the sketch holds its shingles). */
  readingEnds: Uint32Array;
  reading: Uint8Array;
  /** `near.bands` keys per document (zeros for a document with no shingles). */
  nearKeys: Uint32Array;
  /** Per document: its language's number (text/language.ts LANGUAGES). */
  langs: Uint8Array;
  /** Documents per df key within the batch: per content term and language, and per language the documents
   * with content (sketch/df-keys.ts). */
  dfKeys: Uint32Array;
  dfCounts: Uint32Array;
}

const MAX_TF = 0xffff;

/** What a sketch holds of its shingles: the sets, or the reading they are made again from. */
export type ShingleForm = 'sets' | 'reading';

/** The form a run keeps: the reading when only the near-duplicate pass and the report read the shingles. */
export function shingleFormOf(ctx: StageContext): ShingleForm {
  return linkageReadsShingles(ctx.profile) ? 'sets' : 'reading';
}

export function selectContent(
  batch: AnalysisBatch,
  boilerplate: ReadonlySet<number>,
  ctx: StageContext,
  memory: Memory = 'private',
  form: ShingleForm = 'sets',
): SketchBatch {
  const out = new SketchWriter(batch.count, batch.terms.length, ctx.near.bands, form === 'reading');
  const reading = room('reading', batch.terms.length);
  let firstLine = 0;
  for (let d = 0; d < batch.count; d++) {
    const endLine = batch.lineEnds[d] ?? 0;
    const length = copyContent(batch, firstLine, endLine, boilerplate, reading, 0);
    firstLine = endLine;
    out.add(d, reading.subarray(0, length), ctx);
  }
  return out.finish(batch, memory);
}

/** Copies the content terms of lines firstLine..endLine to `out` at `at`; returns the new end. Boilerplate
 * lines are left out unless they are most of the document (see dropsBoilerplate). */
function copyContent(
  batch: AnalysisBatch,
  firstLine: number,
  endLine: number,
  boilerplate: ReadonlySet<number>,
  out: Uint32Array,
  at: number,
): number {
  const termStart = (line: number): number => (line === 0 ? 0 : (batch.termEnds[line - 1] ?? 0));
  const all = termStart(endLine) - termStart(firstLine);
  let kept = all;
  for (let line = firstLine; line < endLine; line++) {
    if (boilerplate.has(batch.lineHashes[line] ?? 0)) kept -= termStart(line + 1) - termStart(line);
  }
  if (kept === all || !dropsBoilerplate(all, kept)) {
    out.set(batch.terms.subarray(termStart(firstLine), termStart(endLine)), at);
    return at + all;
  }
  for (let line = firstLine; line < endLine; line++) {
    if (boilerplate.has(batch.lineHashes[line] ?? 0)) continue;
    const part = batch.terms.subarray(termStart(line), termStart(line + 1));
    out.set(part, at);
    at += part.length;
  }
  return at;
}

/** The 64-bit content hash of a term sequence, as two independent 32-bit words. */
export function contentHashOf(terms: Uint32Array, out: Uint32Array, at: number): void {
  out[at] = combineHashes(terms, 0, terms.length);
  let h = 0x2545f491 ^ terms.length;
  for (let i = 0; i < terms.length; i++) h = Math.imul(h ^ fmix32((terms[i] ?? 0) ^ 0x68e31da4), 0x5bd1e995) >>> 0;
  out[at + 1] = fmix32(h);
}

/** A document's content hash as text, 16 hex digits: what sketches and an index keep. */
export function contentHashText(hashes: Uint32Array, d: number): string {
  return hex(hashes[2 * d] ?? 0) + hex(hashes[2 * d + 1] ?? 0);
}

const hex = (value: number): string => value.toString(16).padStart(8, '0');

/** Near-duplicate LSH keys of a shingle set, written at `out[at..at+bands)`. */
export function writeNearKeys(shingles: Uint32Array, near: NearParams, perms: Permutations, out: Uint32Array, at: number): void {
  if (shingles.length === 0) return;
  // Only the slots the bands read: 64 of 128 outside duplicate mode, half of this stage's MinHash time.
  const slots = firstSlots(perms, near.bands * near.rows);
  const sig = computeSignature(shingles, slots, room('signature', slots.numPerm).subarray(0, slots.numPerm));
  writeBandKeys(sig, 0, near.bands, near.rows, out, at);
}

const cutPermutations = new WeakMap<Permutations, Permutations>();

/** The first `slots` permutations (the same slot values as the whole signature's first slots). */
function firstSlots(perms: Permutations, slots: number): Permutations {
  if (slots >= perms.numPerm) return perms;
  let cut = cutPermutations.get(perms);
  if (cut?.numPerm !== slots) {
    cut = { numPerm: slots, xor: perms.xor.subarray(0, slots), mul: perms.mul.subarray(0, slots) };
    cutPermutations.set(perms, cut);
  }
  return cut;
}

/** A batch's sketches written end to end into arrays with room for the worst case, trimmed at the end. */
class SketchWriter {
  private readonly contentHashes: Uint32Array;
  private readonly termEnds: Uint32Array;
  private readonly terms: Uint32Array;
  private readonly tf: Uint16Array;
  private readonly shingleEnds: Uint32Array;
  private readonly shingles: Uint32Array;
  private readonly nearKeys: Uint32Array;
  private readonly readingEnds: Uint32Array;
  /** Four bytes a term: room for the widest positions. */
  private readonly reading: Uint8Array;
  private termEnd = 0;
  private shingleEnd = 0;
  private readingEnd = 0;

  constructor(
    private readonly count: number,
    terms: number,
    private readonly nearBands: number,
    private readonly keepsReading: boolean,
  ) {
    this.contentHashes = new Uint32Array(2 * count);
    this.termEnds = new Uint32Array(count);
    this.terms = room('terms', terms);
    this.tf = new Uint16Array(room('tf', Math.ceil(terms / 2) + 1).buffer, 0, terms);
    this.shingleEnds = new Uint32Array(count);
    this.shingles = room('shingles', terms);
    this.nearKeys = new Uint32Array(count * nearBands);
    this.readingEnds = new Uint32Array(keepsReading ? count : 0);
    this.reading = keepsReading ? new Uint8Array(room('positions', terms).buffer) : new Uint8Array(0);
  }

  add(d: number, reading: Uint32Array, ctx: StageContext): void {
    contentHashOf(reading, this.contentHashes, 2 * d);
    const start = this.shingleEnd;
    const slots = this.shingles.subarray(start, start + reading.length);
    const shingleCount = sortDistinct(slots.subarray(0, writeShingleHashes(reading, ctx.profile.shingleSize, slots)));
    this.shingleEnd = start + shingleCount;
    this.shingleEnds[d] = this.shingleEnd;
    writeNearKeys(this.shingles.subarray(start, this.shingleEnd), ctx.near, ctx.perms, this.nearKeys, d * this.nearBands);
    const termStart = this.termEnd;
    this.addTerms(d, reading);
    if (!this.keepsReading) return;
    this.readingEnd = writePositions(reading, this.terms.subarray(termStart, this.termEnd), this.reading, this.readingEnd);
    this.readingEnds[d] = this.readingEnd;
  }

  /** The document's distinct terms in hash order, each with its frequency. */
  private addTerms(d: number, reading: Uint32Array): void {
    const sorted = room('sorted', reading.length).subarray(0, reading.length);
    sorted.set(reading);
    sortUint32(sorted);
    let end = this.termEnd;
    for (let i = 0; i < sorted.length; ) {
      const t = sorted[i] ?? 0;
      const first = i;
      for (i += 1; i < sorted.length && sorted[i] === t; i++);
      this.terms[end] = t;
      this.tf[end++] = Math.min(MAX_TF, i - first);
    }
    this.termEnd = end;
    this.termEnds[d] = end;
  }

  /** Every document's df keys end to end: its terms' in its language, and its language's stories key when
   * it has content (a shingle), as the corpus counts stories. */
  private dfKeys(langs: Uint8Array): Uint32Array {
    let withContent = 0;
    for (let d = 0; d < this.count; d++) if (rangeLength(this.shingleEnds, d) > 0) withContent += 1;
    const keys = new Uint32Array(this.termEnd + withContent);
    let at = 0;
    for (let d = 0; d < this.count; d++) {
      const terms = this.terms.subarray(...rangeOf(this.termEnds, d));
      at = writeDfKeys(terms, langs[d] ?? 0, rangeLength(this.shingleEnds, d) > 0, keys, at);
    }
    return keys;
  }

  finish(batch: AnalysisBatch, memory: Memory): SketchBatch {
    const terms = this.terms.subarray(0, this.termEnd);
    const df = countSorted(sortUint32(this.dfKeys(batch.langs)));
    return {
      count: this.count,
      contentHashes: this.contentHashes,
      termEnds: this.termEnds,
      terms: copyInto(memory, terms, (b) => new Uint32Array(b)),
      tf: copyInto(memory, this.tf.subarray(0, this.termEnd), (b) => new Uint16Array(b)),
      nameEnds: batch.nameEnds,
      names: batch.names,
      shingleEnds: copyInto(memory, this.shingleEnds, (b) => new Uint32Array(b)),
      shingles: copyInto(memory, this.shingles.subarray(0, this.keepsReading ? 0 : this.shingleEnd), (b) => new Uint32Array(b)),
      readingEnds: this.readingEnds,
      reading: copyInto(memory, this.reading.subarray(0, this.readingEnd), (b) => new Uint8Array(b)),
      nearKeys: this.nearKeys,
      langs: batch.langs,
      dfKeys: df.keys,
      dfCounts: df.counts,
    };
  }
}

/** Document d's sorted distinct terms, as a view. */
export function termsOf(batch: Pick<SketchBatch, 'termEnds' | 'terms'>, d: number): Uint32Array {
  const [from, to] = rangeOf(batch.termEnds, d);
  return batch.terms.subarray(from, to);
}
