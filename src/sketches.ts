/**
 * The idf-free sketch of a document as a value: what a persistent index stores, and the library's entry
 * points around it. A sketch holds no text, only hashes, so a store of them grows with the documents, not
 * with the texts; and it holds no corpus statistics, so the idf (cluster/tfidf.ts) is applied when
 * documents are compared, with the document frequencies of whatever set they are compared in.
 */
import { lshSetOf } from './cluster/features.js';
import { CorpusIdf, writeWeights, type IdfModel } from './cluster/tfidf.js';
import type { SparseVector } from './cluster/similarity.js';
import { measurePair } from './cluster/features.js';
import { Corpus } from './corpus.js';
import { assertDocument, assertDocuments } from './document-check.js';
import { IdRegistry } from './input/id-registry.js';
import { countSorted } from './sketch/counts.js';
import { writeDfKeys } from './sketch/df-keys.js';
import { writeBandKeys } from './sketch/hash.js';
import { computeSignature } from './sketch/minhash.js';
import { sortUint32 } from './sketch/sort.js';
import { analyseBatch } from './stages/analyse.js';
import { LANGUAGES, languageNumber } from './text/language.js';
import { createStageContext, type StageContext } from './stages/context.js';
import { contentHashText, selectContent, writeNearKeys, type SketchBatch } from './stages/select.js';
import { rangeOf } from './stages/workspace.js';
import { checkSketchSettings, sketchSettingsOf, type SketchSettings } from './sketch-settings.js';
import type { ClusterOptions, Document, SkippedInput, StoryFrequencies } from './types.js';
import { BATCH_SIZE } from './corpus.js';

export interface DocumentSketch {
  id: string;
  title?: string;
  date?: string;
  /** 16 hex digits: equal for exact copies (the same normalised content). */
  contentHash: string;
  /** ISO 639-1 code of the language its terms are weighed in ('und' when none was recognised): the idf of
   * its terms is counted among the stories of this language (sketch/df-keys.ts). */
  lang: string;
  /** The options it was made with that change what it holds: a function given sketches with options that
   * give other settings throws a TypeError naming the setting. Always set by `sketchDocuments`; a sketch
   * without it (from an earlier version, or built by hand) is used unchecked. */
  settings?: SketchSettings;
  /** Sorted distinct content-term hashes. */
  terms: Uint32Array;
  /** Frequency of each of `terms`. */
  tf: Uint32Array;
  /** Sorted distinct name and number terms (story mode weighs them up). */
  names: Uint32Array;
  /** Sorted distinct verification-shingle hashes. */
  shingles: Uint32Array;
}

export type { IdfModel };

/** `df` as `storyFrequenciesOf` and `IndexStore.storyFrequencies()` give it (`keys`), or under the name
 * this function first took (`terms`): only `terms` was read, so the frequencies those give failed inside
 * (`Cannot read properties of undefined`). */
export function createIdfModel(df: StoryFrequencies | { terms: Uint32Array; counts: Uint32Array }): IdfModel {
  return new CorpusIdf('keys' in df ? df.keys : df.terms, df.counts);
}

/** Analyses and sketches documents on the calling thread. Boilerplate lines are those shared by many of
 * the documents given together. Documents with a duplicate id are skipped, as in a batch run. */
export function sketchDocuments(
  documents: Iterable<Document>,
  options: ClusterOptions = {},
): { sketches: DocumentSketch[]; skipped: SkippedInput[] } {
  assertDocuments(documents, false);
  const ctx = createStageContext(options);
  const registry = new IdRegistry();
  const corpus = new Corpus(ctx, () => registry.size);
  const docs: Document[] = [];
  // The same check as clusterDocuments': a number for an id was sketched, and null failed deep inside.
  let offered = 0;
  for (const doc of documents) {
    assertDocument(doc, offered++);
    if (registry.accept(doc) !== undefined) docs.push(doc);
  }
  const analyses = [];
  for (let from = 0; from < docs.length; from += BATCH_SIZE) {
    const texts = docs
      .slice(from, from + BATCH_SIZE)
      .map((d) => (d.title === undefined ? { text: d.text } : { text: d.text, title: d.title }));
    const analysis = analyseBatch(texts, ctx.params.lang, ctx.profile.proseFilter);
    corpus.addAnalysis(analysis);
    analyses.push(analysis);
  }
  const boilerplate = new Set(corpus.boilerplateLines());
  // One frozen object shared by the call's sketches: none can be changed alone.
  const settings = Object.freeze(sketchSettingsOf(ctx.params));
  const sketches: DocumentSketch[] = [];
  analyses.forEach((analysis, b) => {
    const batch = selectContent(analysis, boilerplate, ctx);
    for (let d = 0; d < batch.count; d++) sketches.push(unpack(batch, d, docs[b * BATCH_SIZE + d] as Document, settings));
  });
  return { sketches, skipped: registry.duplicates };
}

function unpack(batch: SketchBatch, d: number, doc: Document, settings: SketchSettings): DocumentSketch {
  const [t0, t1] = rangeOf(batch.termEnds, d);
  const [n0, n1] = rangeOf(batch.nameEnds, d);
  const [s0, s1] = rangeOf(batch.shingleEnds, d);
  const sketch: DocumentSketch = {
    id: doc.id,
    contentHash: contentHashText(batch.contentHashes, d),
    lang: LANGUAGES[batch.langs[d] ?? 0] ?? 'und',
    settings,
    terms: batch.terms.slice(t0, t1),
    tf: Uint32Array.from(batch.tf.subarray(t0, t1)),
    names: batch.names.slice(n0, n1),
    shingles: batch.shingles.slice(s0, s1),
  };
  if (doc.title !== undefined) sketch.title = doc.title;
  if (doc.date !== undefined) sketch.date = doc.date;
  return sketch;
}

/** The df keys of documents counted as stories (sketch/df-keys.ts), ascending, each with the number of them
 * holding it: every term in its document's language, and per language the documents with content (a
 * shingle), as the select stage counts them. Counted by sorting them end to end (a Map of a batch's ~50k
 * terms was a twentieth of `index add` with its garbage). */
export function storyFrequenciesOf(sketches: ReadonlyArray<Pick<DocumentSketch, 'terms' | 'lang' | 'shingles'>>): {
  keys: Uint32Array;
  counts: Uint32Array;
} {
  const all = new Uint32Array(sketches.reduce((sum, s) => sum + s.terms.length + 1, 0));
  let at = 0;
  for (const sketch of sketches) at = writeDfKeys(sketch.terms, languageNumber(sketch.lang), sketch.shingles.length > 0, all, at);
  return countSorted(sortUint32(all.subarray(0, at)));
}

/** Sketches end to end in one batch, as the select stage writes them (near-duplicate keys computed here). */
export function packSketches(sketches: readonly DocumentSketch[], ctx: StageContext): SketchBatch {
  const count = sketches.length;
  const ends = (part: (s: DocumentSketch) => Uint32Array): Uint32Array => {
    const out = new Uint32Array(count);
    let end = 0;
    sketches.forEach((s, d) => {
      end += part(s).length;
      out[d] = end;
    });
    return out;
  };
  const concat = (part: (s: DocumentSketch) => Uint32Array): Uint32Array => {
    const out = new Uint32Array(sketches.reduce((sum, s) => sum + part(s).length, 0));
    let at = 0;
    for (const s of sketches) {
      out.set(part(s), at);
      at += part(s).length;
    }
    return out;
  };
  const contentHashes = new Uint32Array(2 * count);
  const nearKeys = new Uint32Array(count * ctx.near.bands);
  sketches.forEach((s, d) => {
    contentHashes[2 * d] = Number.parseInt(s.contentHash.slice(0, 8), 16) >>> 0;
    contentHashes[2 * d + 1] = Number.parseInt(s.contentHash.slice(8, 16), 16) >>> 0;
    writeNearKeys(s.shingles, ctx.near, ctx.perms, nearKeys, d * ctx.near.bands);
  });
  const terms = concat((s) => s.terms);
  const df = storyFrequenciesOf(sketches);
  return {
    count,
    contentHashes,
    termEnds: ends((s) => s.terms),
    terms,
    tf: Uint16Array.from(
      concat((s) => s.tf),
      (f) => Math.min(0xffff, f),
    ),
    nameEnds: ends((s) => s.names),
    names: concat((s) => s.names),
    shingleEnds: ends((s) => s.shingles),
    shingles: concat((s) => s.shingles),
    // A sketch holds its shingles, not its reading: they stay.
    readingEnds: new Uint32Array(0),
    reading: new Uint8Array(0),
    nearKeys,
    langs: Uint8Array.from(sketches, (s) => languageNumber(s.lang)),
    dfKeys: df.keys,
    dfCounts: df.counts,
  };
}

/** What the options give, by options object: the permutations and the band search are worth computing once. */
const resolved = new WeakMap<ClusterOptions, { ctx: StageContext; settings: SketchSettings }>();

function resolvedOf(options: ClusterOptions): { ctx: StageContext; settings: SketchSettings } {
  let known = resolved.get(options);
  if (known === undefined) {
    const ctx = createStageContext(options);
    resolved.set(options, (known = { ctx, settings: sketchSettingsOf(ctx.params) }));
  }
  return known;
}

/** The context of sketches used with these options, once each sketch's settings are found to match them. */
function contextFor(options: ClusterOptions, a: DocumentSketch, b?: DocumentSketch): StageContext {
  const { ctx, settings } = resolvedOf(options);
  checkSketchSettings(a, settings);
  if (b !== undefined) checkSketchSettings(b, settings);
  return ctx;
}

/** addBatch's and queryIndex's check, before any work: each sketch was made with the settings `options` give. */
export function assertSketchSettings(sketches: readonly DocumentSketch[], options: ClusterOptions): void {
  const { settings } = resolvedOf(options);
  sketches.forEach((sketch, i) => checkSketchSettings(sketch, settings, i));
}

/** A sketch's TF-IDF vector under one idf model, kept while both live: a matcher scores one document
 * against many, and each against many documents. */
const vectors = new WeakMap<DocumentSketch, { idf: IdfModel; factor: number; vector: SparseVector }>();

function vectorOf(sketch: DocumentSketch, idf: IdfModel, ctx: StageContext): SparseVector {
  const factor = ctx.profile.nameWeight;
  const known = vectors.get(sketch);
  if (known !== undefined && known.idf === idf && known.factor === factor) return known.vector;
  const weights = new Uint16Array(sketch.terms.length);
  const idfs = corpusOf(idf).forLanguage(languageNumber(sketch.lang));
  writeWeights(sketch.terms, clampedTf(sketch.tf), idfs, weights, { terms: sketch.names, factor });
  const vector = { terms: sketch.terms, weights };
  vectors.set(sketch, { idf, factor, vector });
  return vector;
}

/** An idf model made elsewhere than createIdfModel (by hand, or by another copy of this library) has none of
 * its table: said here rather than as "forLanguage is not a function". */
function corpusOf(idf: IdfModel): CorpusIdf {
  if (idf instanceof CorpusIdf) return idf;
  throw new TypeError(`idf must be an IdfModel made by createIdfModel, got ${idf === null ? 'null' : typeof idf}`);
}

/** A loop, not Uint16Array.from with a callback per value: that was a twentieth of `index add`. */
function clampedTf(tf: Uint32Array): Uint16Array {
  const out = new Uint16Array(tf.length);
  for (let i = 0; i < tf.length; i++) out[i] = Math.min(0xffff, tf[i] ?? 0);
  return out;
}

/** The TF-IDF vector pairs are scored with (kept while the sketch and the model live): the index bounds
 * a candidate's cosine with it before scoring. */
export function sketchVector(sketch: DocumentSketch, idf: IdfModel, options: ClusterOptions = {}): SparseVector {
  return vectorOf(sketch, idf, resolvedOf(options).ctx);
}

/** A pair's measures with the same definitions and idf model a batch run uses; `score` is the mode's. Throws
 * a TypeError when a sketch was made with other settings than the options give (`DocumentSketch.settings`). */
export function scoreSketchPair(
  a: DocumentSketch,
  b: DocumentSketch,
  idf: IdfModel,
  options: ClusterOptions = {},
): { score: number; jaccard: number; containment: number; cosine: number } {
  const ctx = contextFor(options, a, b);
  const m = measurePair({ shingles: a.shingles, vector: vectorOf(a, idf, ctx) }, { shingles: b.shingles, vector: vectorOf(b, idf, ctx) });
  return { score: ctx.profile.score(m), jaccard: m.jaccard, containment: m.containment, cosine: m.cosine };
}

/** The LSH band keys of a sketch under the mode's bands and rows (one key per band). Throws a TypeError when
 * the sketch was made with other settings than the options give. */
export function lshKeysOf(sketch: DocumentSketch, idf: IdfModel, options: ClusterOptions = {}): Uint32Array {
  const ctx = contextFor(options, sketch);
  const { bands, rows } = ctx.params;
  const set = lshSetOf(ctx.profile, { shingles: sketch.shingles, vector: vectorOf(sketch, idf, ctx) });
  const keys = new Uint32Array(bands);
  if (set.length === 0) return keys;
  const sig = computeSignature(set, ctx.perms);
  writeBandKeys(sig, 0, bands, rows, keys, 0);
  return keys;
}
