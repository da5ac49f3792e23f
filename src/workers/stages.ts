/**
 * The per-batch stages of the pipeline, as pure functions on typed arrays. The same functions run on
 * worker threads (the CLI) and in-process (`clusterDocuments`), so any worker count gives the same bytes.
 *
 * Boilerplate lines and idf are corpus-wide, so a document is processed in three steps:
 *  1. analyse: text → lines (hash, content-term hashes) and the batch's line counts;
 *  2. select:  drop the corpus's boilerplate lines → content-term hashes and the batch's document frequencies;
 *  3. sketch:  content terms + corpus df → verification shingles, TF-IDF vector, LSH band keys.
 * Between the steps the main thread only adds counts. Texts are dropped after step 1.
 */
import { buildVector } from '../cluster/tfidf.js';
import { lshSetOf } from '../cluster/features.js';
import { resolveParams } from '../params.js';
import { CountTable, FrequencyTable } from '../sketch/counts.js';
import { computeSignature, createPermutations, type Permutations } from '../sketch/minhash.js';
import { shingleSet } from '../sketch/shingles.js';
import { analyzeDocumentHashes, type DocumentText, type HashedLineSink } from '../text/analyze.js';
import { countLine, dropsBoilerplate } from '../text/boilerplate.js';
import { U32List } from '../u32-list.js';
import { measurePair, type DocumentFeatures } from '../cluster/features.js';
import { cosineOfRanges } from '../cluster/similarity.js';
import type { ClusterOptions, ResolvedParams } from '../types.js';
import type { ModeProfile } from '../cluster/modes.js';

/** What a stage needs of the options; plain data, so it can be posted to a worker. */
export type SketchOptions = Pick<ClusterOptions, 'mode' | 'threshold' | 'shingleSize' | 'numPerm' | 'bands' | 'seed' | 'lang'>;

export function sketchOptions(options: ClusterOptions): SketchOptions {
  const { mode, threshold, shingleSize, numPerm, bands, seed, lang } = options;
  const out: SketchOptions = {};
  if (mode !== undefined) out.mode = mode;
  if (threshold !== undefined) out.threshold = threshold;
  if (shingleSize !== undefined) out.shingleSize = shingleSize;
  if (numPerm !== undefined) out.numPerm = numPerm;
  if (bands !== undefined) out.bands = bands;
  if (seed !== undefined) out.seed = seed;
  if (lang !== undefined) out.lang = lang;
  return out;
}

/** Step 1 output. Offsets are exclusive ends: document d's lines are lineEnds[d-1]..lineEnds[d]. */
export interface AnalysisBatch {
  count: number;
  lineEnds: Uint32Array;
  lineHashes: Uint32Array;
  /** Per line: end of its terms in `terms`. */
  termEnds: Uint32Array;
  terms: Uint32Array;
  /** Per document: end of its name terms (sorted distinct hashes) in `names`. */
  nameEnds: Uint32Array;
  names: Uint32Array;
  /** Documents per line hash within the batch, as counted for boilerplate detection. */
  lineKeys: Uint32Array;
  lineCounts: Uint32Array;
}

/** Step 2 output. */
export interface ContentBatch {
  count: number;
  termEnds: Uint32Array;
  terms: Uint32Array;
  nameEnds: Uint32Array;
  names: Uint32Array;
  /** Documents per content term within the batch. */
  dfKeys: Uint32Array;
  dfCounts: Uint32Array;
}

/** Step 3 output: what verification and the LSH index keep. */
export interface FeatureBatch {
  count: number;
  shingleEnds: Uint32Array;
  shingles: Uint32Array;
  vectorEnds: Uint32Array;
  vectorTerms: Uint32Array;
  vectorWeights: Float32Array;
  /** Per document: 1 when it goes into the LSH index (it has something to compare), else 0. */
  indexed: Uint8Array;
  /** Per document, its numPerm-slot MinHash signature of the LSH set (zeros when not indexed). */
  signatures: Uint32Array;
}

/** The corpus-wide data step 3 needs. */
export interface CorpusStats {
  documents: number;
  df: FrequencyTable;
}

/** Variable-length arrays appended end to end, with their exclusive ends. */
class Concat {
  private parts: Uint32Array[] = [];
  private length = 0;
  readonly ends: number[] = [];

  push(values: ArrayLike<number>): void {
    this.parts.push(values instanceof Uint32Array ? values : Uint32Array.from(values));
    this.length += values.length;
    this.ends.push(this.length);
  }

  values(): Uint32Array {
    const out = new Uint32Array(this.length);
    let at = 0;
    for (const part of this.parts) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  }
}

function frozen(table: CountTable): { keys: Uint32Array; counts: Uint32Array } {
  const f = table.freeze();
  return { keys: f.sortedKeys, counts: f.counts };
}

export function analyseBatch(texts: readonly DocumentText[], lang: string, proseFilter: boolean): AnalysisBatch {
  const lineEnds: number[] = [];
  const lineHashes: number[] = [];
  const termEnds: number[] = [];
  const terms = new U32List();
  const names = new Concat();
  const counts = new Map<number, number>();
  // Terms go straight into the batch's array: a typed array per line cost more than the terms in it.
  const sink: HashedLineSink = {
    term: (hash) => terms.pushOne(hash),
    line: (hash, tokens) => {
      lineHashes.push(hash);
      termEnds.push(terms.length);
      countLine(hash, tokens, counts);
    },
  };
  for (const text of texts) {
    names.push(analyzeDocumentHashes(text, { lang, proseFilter }, sink));
    lineEnds.push(lineHashes.length);
  }
  const lineKeys = Uint32Array.from(counts.keys()).sort();
  return {
    count: texts.length,
    lineEnds: Uint32Array.from(lineEnds),
    lineHashes: Uint32Array.from(lineHashes),
    termEnds: Uint32Array.from(termEnds),
    terms: terms.values(),
    nameEnds: Uint32Array.from(names.ends),
    names: names.values(),
    lineKeys,
    lineCounts: lineKeys.map((k) => counts.get(k) ?? 0),
  };
}

export function selectContent(batch: AnalysisBatch, boilerplate: ReadonlySet<number>): ContentBatch {
  const out = new Concat();
  const df = new CountTable();
  const termStart = (line: number): number => (line === 0 ? 0 : (batch.termEnds[line - 1] ?? 0));
  let firstLine = 0;
  for (let d = 0; d < batch.count; d++) {
    // Boilerplate lines out (unless they are most of the document), on the batch's ranges without an
    // array per line: most documents have no boilerplate line and keep their whole range.
    const endLine = batch.lineEnds[d] ?? 0;
    const all = termStart(endLine) - termStart(firstLine);
    let kept = all;
    for (let line = firstLine; line < endLine; line++) {
      if (boilerplate.has(batch.lineHashes[line] ?? 0)) kept -= termStart(line + 1) - termStart(line);
    }
    let hashes: Uint32Array;
    if (kept === all || !dropsBoilerplate(all, kept)) hashes = batch.terms.slice(termStart(firstLine), termStart(endLine));
    else {
      hashes = new Uint32Array(kept);
      let at = 0;
      for (let line = firstLine; line < endLine; line++) {
        if (boilerplate.has(batch.lineHashes[line] ?? 0)) continue;
        const part = batch.terms.subarray(termStart(line), termStart(line + 1));
        hashes.set(part, at);
        at += part.length;
      }
    }
    firstLine = endLine;
    out.push(hashes);
    const distinct = shingleSet(hashes, 1);
    for (let t = 0; t < distinct.length; t++) df.add(distinct[t] ?? 0);
  }
  const { keys, counts } = frozen(df);
  return {
    count: batch.count,
    termEnds: Uint32Array.from(out.ends),
    terms: out.values(),
    nameEnds: batch.nameEnds,
    names: batch.names,
    dfKeys: keys,
    dfCounts: counts,
  };
}

/** Resolved parameters and permutations, computed once per worker. */
export interface SketchContext {
  params: ResolvedParams;
  profile: ModeProfile;
  perms: Permutations;
}

export function createSketchContext(options: ClusterOptions): SketchContext {
  const { params, profile } = resolveParams(options);
  return { params, profile, perms: createPermutations(params.numPerm, params.seed) };
}

export function sketchBatch(batch: ContentBatch, corpus: CorpusStats, ctx: SketchContext): FeatureBatch {
  const { params, profile, perms } = ctx;
  const shingles = new Concat();
  const vectorTerms = new Concat();
  const weights: Float32Array[] = [];
  const indexed = new Uint8Array(batch.count);
  const signatures = new Uint32Array(batch.count * params.numPerm);
  for (let d = 0; d < batch.count; d++) {
    const hashes = batch.terms.subarray(d === 0 ? 0 : (batch.termEnds[d - 1] ?? 0), batch.termEnds[d] ?? 0);
    const names = batch.names.subarray(d === 0 ? 0 : (batch.nameEnds[d - 1] ?? 0), batch.nameEnds[d] ?? 0);
    const docShingles = shingleSet(hashes, profile.shingleSize);
    const vector = buildVector(hashes, corpus.df, corpus.documents, { terms: names, factor: profile.nameWeight });
    shingles.push(docShingles);
    vectorTerms.push(vector.terms);
    weights.push(vector.weights);
    const lshSet = lshSetOf(profile, { shingles: docShingles, vector });
    if (lshSet.length === 0 || docShingles.length === 0) continue;
    // Classic permutations, not one-permutation hashing: on LSH sets of a few hundred terms a quarter of
    // the one-permutation bins are empty, and the densified copies are correlated, which tripled the
    // background pairs colliding in 4-row bands (README "Performance and memory"); at ~40 µs a document
    // classic costs under a tenth of the analysis.
    signatures.set(computeSignature(lshSet, perms), d * params.numPerm);
    indexed[d] = 1;
  }
  const vectorWeights = new Float32Array(vectorTerms.ends.at(-1) ?? 0);
  let at = 0;
  for (const w of weights) {
    vectorWeights.set(w, at);
    at += w.length;
  }
  return {
    count: batch.count,
    shingleEnds: Uint32Array.from(shingles.ends),
    shingles: shingles.values(),
    vectorEnds: Uint32Array.from(vectorTerms.ends),
    vectorTerms: vectorTerms.values(),
    vectorWeights,
    indexed,
    signatures,
  };
}

/** What verification reads of a feature batch. */
export type VerificationBatch = Pick<FeatureBatch, 'count' | 'shingleEnds' | 'shingles' | 'vectorEnds' | 'vectorTerms' | 'vectorWeights'>;

/** The features of document `doc` (numbered from 0 over all batches), as views into its batch. */
export function featuresOf(batches: readonly VerificationBatch[], batchSize: number, doc: number): DocumentFeatures {
  const batch = batches[Math.floor(doc / batchSize)] as VerificationBatch;
  const d = doc % batchSize;
  const range = (ends: Uint32Array): [number, number] => [d === 0 ? 0 : (ends[d - 1] ?? 0), ends[d] ?? 0];
  const [s0, s1] = range(batch.shingleEnds);
  const [v0, v1] = range(batch.vectorEnds);
  return {
    shingles: batch.shingles.subarray(s0, s1),
    vector: { terms: batch.vectorTerms.subarray(v0, v1), weights: batch.vectorWeights.subarray(v0, v1) },
  };
}

/** Cosine of documents i and j read in place from their batches. */
function vectorCosine(batches: readonly VerificationBatch[], batchSize: number, i: number, j: number): number {
  const a = batches[Math.floor(i / batchSize)] as VerificationBatch;
  const b = batches[Math.floor(j / batchSize)] as VerificationBatch;
  const di = i % batchSize;
  const dj = j % batchSize;
  const fromA = di === 0 ? 0 : (a.vectorEnds[di - 1] ?? 0);
  const fromB = dj === 0 ? 0 : (b.vectorEnds[dj - 1] ?? 0);
  return cosineOfRanges(a.vectorTerms, a.vectorWeights, fromA, a.vectorEnds[di] ?? 0, b.vectorTerms, b.vectorWeights, fromB, b.vectorEnds[dj] ?? 0);
}

/** The mode's score of each candidate pair ([i0, j0, i1, j1, …]). A cosine mode computes only the cosine,
 * in place: the shingle intersection and per-pair views were half of a 100k-document run. */
export function scorePairs(batches: readonly VerificationBatch[], batchSize: number, pairs: Uint32Array, profile: ModeProfile): Float64Array {
  const scores = new Float64Array(pairs.length / 2);
  const byCosine = profile.decidesOn === 'cosine';
  for (let p = 0; p < scores.length; p++) {
    const i = pairs[2 * p] ?? 0;
    const j = pairs[2 * p + 1] ?? 0;
    scores[p] = byCosine
      ? vectorCosine(batches, batchSize, i, j)
      : profile.score(measurePair(featuresOf(batches, batchSize, i), featuresOf(batches, batchSize, j)));
  }
  return scores;
}

function shared<T extends Uint32Array | Float32Array>(array: T, create: (buffer: SharedArrayBuffer) => T): T {
  const out = create(new SharedArrayBuffer(array.byteLength));
  out.set(array);
  return out;
}

/** The verification arrays moved to shared memory, so every worker can read every batch without a copy. */
export function shareVerification(batch: FeatureBatch): FeatureBatch {
  const u32 = (a: Uint32Array): Uint32Array => shared(a, (b) => new Uint32Array(b));
  return {
    ...batch,
    shingleEnds: u32(batch.shingleEnds),
    shingles: u32(batch.shingles),
    vectorEnds: u32(batch.vectorEnds),
    vectorTerms: u32(batch.vectorTerms),
    vectorWeights: shared(batch.vectorWeights, (b) => new Float32Array(b)),
  };
}

/** The buffers of a batch, for a transfer list. */
export function buffersOf(batch: object): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const value of Object.values(batch)) {
    if (ArrayBuffer.isView(value) && value.buffer instanceof ArrayBuffer && !out.includes(value.buffer)) out.push(value.buffer);
  }
  return out;
}
