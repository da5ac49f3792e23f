/**
 * The index's one view of the cluster core: per-document sketches that hold no corpus statistics, an idf
 * model built from the stored df table, pair scores, LSH keys, and batch clustering over sketches
 * (issue 10's contract). Everything else in src/index/ and src/store/ goes through these names only.
 *
 * PROVISIONAL: until the core redesign lands on main, this file implements the contract itself from the
 * existing stages (no boilerplate removal, df counted per distinct content). On merge, this file becomes
 * re-exports from ../pipeline.js and nothing else in the index changes.
 */
import { createHash } from 'node:crypto';
import { buildCluster, orderClusters, pairKey, type ClusterContext } from '../cluster/build-clusters.js';
import { attachSingletons } from '../cluster/attach.js';
import { lshSetOf, measurePair, type DocumentFeatures, type PairMeasures } from '../cluster/features.js';
import { linkClusters, type ScoredPair } from '../cluster/linkage.js';
import { PRIOR_DOCUMENTS, writeVector } from '../cluster/tfidf.js';
import { bandKeys } from '../lsh/band-index.js';
import { sortDistinct, writeShingleHashes } from '../sketch/shingles.js';
import { computeSignature } from '../sketch/minhash.js';
import { sortUint32 } from '../sketch/sort.js';
import { countSorted } from '../sketch/counts.js';
import { analyseBatch, createSketchContext, type SketchContext } from '../workers/stages.js';
import type { ClusterOptions, ClusterResult, Document, SkippedInput } from '../types.js';

/** True while this file implements the contract itself (see above); the tests then compare the index
 * with one-chunk indexing instead of a batch run. */
export const PROVISIONAL_ENGINE = true;

export interface DocumentSketch {
  id: string;
  title?: string;
  date?: string;
  /** 16 hex chars; equal = exact copy (same normalised content). */
  contentHash: string;
  /** Sorted distinct content-term hashes. */
  terms: Uint32Array;
  /** Term frequency of each of `terms`. */
  tf: Uint32Array;
  /** Sorted distinct name/number term hashes (story-mode emphasis). */
  names: Uint32Array;
  /** Sorted distinct verification-shingle hashes. */
  shingles: Uint32Array;
}

export interface IdfModel {
  idfOf(term: number): number;
}

export interface PairScoreOf {
  score: number;
  jaccard: number;
  containment: number;
  cosine: number;
}

// Rare-term weights stop growing here, so they do not depend on the size of the corpus.
const IDF_CAP = Math.log(PRIOR_DOCUMENTS + 1000);

const contexts = new Map<string, SketchContext>();
const contextByOptions = new WeakMap<ClusterOptions, SketchContext>();

function contextOf(options: ClusterOptions): SketchContext {
  const known = contextByOptions.get(options);
  if (known !== undefined) return known;
  const key = JSON.stringify([options.mode, options.threshold, options.minSize, options.all, options.shingleSize, options.numPerm, options.bands, options.seed, options.lang]);
  let ctx = contexts.get(key);
  if (ctx === undefined) {
    ctx = createSketchContext(options);
    contexts.set(key, ctx);
  }
  contextByOptions.set(options, ctx);
  return ctx;
}

function sketchOne(doc: Document, ctx: SketchContext): DocumentSketch | undefined {
  const text = doc.title === undefined ? { text: doc.text } : { text: doc.text, title: doc.title };
  const batch = analyseBatch([text], ctx.params.lang, ctx.profile.proseFilter);
  const reading = batch.terms;
  if (reading.length === 0) return undefined;
  const room = new Uint32Array(reading.length);
  const shingles = room.slice(0, sortDistinct(room.subarray(0, writeShingleHashes(reading, ctx.profile.shingleSize, room))));
  const counted = countSorted(sortUint32(Uint32Array.from(reading)));
  const contentHash = createHash('sha256').update(new Uint8Array(reading.buffer, reading.byteOffset, reading.byteLength)).digest('hex').slice(0, 16);
  const sketch: DocumentSketch = { id: doc.id, contentHash, terms: counted.keys, tf: counted.counts, names: batch.names, shingles };
  if (doc.title !== undefined) sketch.title = doc.title;
  if (doc.date !== undefined) sketch.date = doc.date;
  return sketch;
}

export function sketchDocuments(docs: Iterable<Document>, options: ClusterOptions): { sketches: DocumentSketch[]; skipped: SkippedInput[] } {
  const ctx = contextOf(options);
  const sketches: DocumentSketch[] = [];
  const skipped: SkippedInput[] = [];
  for (const doc of docs) {
    const sketch = sketchOne(doc, ctx);
    if (sketch === undefined) skipped.push({ id: doc.id, reason: 'no content words' });
    else sketches.push(sketch);
  }
  return { sketches, skipped };
}

export function createIdfModel(df: { terms: Uint32Array; counts: Uint32Array }, stories: number): IdfModel {
  const byTerm = new Map<number, number>();
  for (let i = 0; i < df.terms.length; i++) byTerm.set(df.terms[i] ?? 0, df.counts[i] ?? 0);
  return { idfOf: (term) => Math.min(IDF_CAP, Math.log((stories + PRIOR_DOCUMENTS) / ((byTerm.get(term) ?? 0) + 1))) };
}

const featureMemo = new WeakMap<DocumentSketch, { idf: IdfModel; features: DocumentFeatures }>();

function featuresOf(sketch: DocumentSketch, idf: IdfModel, ctx: SketchContext): DocumentFeatures {
  const memo = featureMemo.get(sketch);
  if (memo?.idf === idf) return memo.features;
  const features = buildFeatures(sketch, idf, ctx);
  featureMemo.set(sketch, { idf, features });
  return features;
}

function buildFeatures(sketch: DocumentSketch, idf: IdfModel, ctx: SketchContext): DocumentFeatures {
  let total = 0;
  for (const count of sketch.tf) total += count;
  const sorted = new Uint32Array(total);
  let at = 0;
  sketch.terms.forEach((term, i) => {
    sorted.fill(term, at, at + (sketch.tf[i] ?? 0));
    at += sketch.tf[i] ?? 0;
  });
  const vector = { terms: new Uint32Array(sketch.terms.length), weights: new Float32Array(sketch.terms.length) };
  writeVector(sorted, vector, idf, { terms: sketch.names, factor: ctx.profile.nameWeight });
  return { shingles: sketch.shingles, vector };
}

export function scoreSketchPair(a: DocumentSketch, b: DocumentSketch, idf: IdfModel, options: ClusterOptions): PairScoreOf {
  const ctx = contextOf(options);
  const m = measurePair(featuresOf(a, idf, ctx), featuresOf(b, idf, ctx));
  return { score: ctx.profile.score(m), jaccard: m.jaccard, containment: m.containment, cosine: m.cosine };
}

export function lshKeysOf(sketch: DocumentSketch, idf: IdfModel, options: ClusterOptions): Uint32Array {
  const ctx = contextOf(options);
  const set = lshSetOf(ctx.profile, featuresOf(sketch, idf, ctx));
  if (set.length === 0 || sketch.shingles.length === 0) return new Uint32Array(0);
  return bandKeys(computeSignature(set, ctx.perms), ctx.params.bands, ctx.params.rows);
}

export function clusterSketches(input: Iterable<DocumentSketch>, options: ClusterOptions): ClusterResult {
  const started = Date.now();
  const ctx = contextOf(options);
  const sketches = [...input];
  const n = sketches.length;
  const df = new Map<number, number>();
  const seen = new Set<string>();
  for (const s of sketches) {
    if (seen.has(s.contentHash)) continue;
    seen.add(s.contentHash);
    for (const t of s.terms) df.set(t, (df.get(t) ?? 0) + 1);
  }
  const idf = createIdfModel({ terms: Uint32Array.from(df.keys()), counts: Uint32Array.from(df.values()) }, seen.size);
  const features = sketches.map((s) => featuresOf(s, idf, ctx));
  const buckets = new Map<string, number[]>();
  sketches.forEach((s, d) => {
    lshKeysOf(s, idf, options).forEach((key, band) => {
      const bucket = buckets.get(`${band}:${key}`);
      if (bucket) bucket.push(d);
      else buckets.set(`${band}:${key}`, [d]);
    });
  });
  const verified = new Map<number, PairMeasures>();
  const scored: ScoredPair[] = [];
  for (const bucket of buckets.values()) {
    for (let x = 0; x < bucket.length; x++) {
      for (let y = x + 1; y < bucket.length; y++) {
        const i = bucket[x] ?? 0;
        const j = bucket[y] ?? 0;
        if (verified.has(pairKey(i, j))) continue;
        const m = measurePair(features[i] as DocumentFeatures, features[j] as DocumentFeatures);
        verified.set(pairKey(i, j), i < j ? m : { ...m, aInB: m.bInA, bInA: m.aInB });
        scored.push({ i: Math.min(i, j), j: Math.max(i, j), score: ctx.profile.score(m) });
      }
    }
  }
  const { params, profile } = ctx;
  const linked = linkClusters(n, scored, params.threshold, profile.linkage);
  const groups = profile.attachThreshold > 0 ? attachSingletons(linked, scored, profile.attachThreshold) : linked;
  const clustered = groups.reduce((sum, g) => sum + (g.length >= 2 ? g.length : 0), 0);
  const documents: Document[] = sketches.map((s) => (s.title === undefined ? { id: s.id, text: '' } : { id: s.id, text: '', title: s.title }));
  const cctx: ClusterContext = { documents, features, profile, verified, explain: false };
  const clusters = orderClusters(groups.filter((g) => g.length >= params.minSize).map((g) => buildCluster(cctx, g)));
  return {
    version: 1,
    params,
    stats: { documents: n, clusters: clusters.filter((c) => c.size >= 2).length, clustered, skipped: 0, candidates: scored.length, cappedBuckets: 0, elapsedMs: Date.now() - started },
    clusters,
    skipped: [],
  };
}
