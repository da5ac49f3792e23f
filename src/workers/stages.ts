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
import { CorpusIdf, writeVector, type Emphasis, type IdfLookup } from '../cluster/tfidf.js';
import { lshSetOf } from '../cluster/features.js';
import { resolveParams } from '../params.js';
import { countSorted, writeDistinct, FrequencyTable } from '../sketch/counts.js';
import { computeSignature, createPermutations, type Permutations } from '../sketch/minhash.js';
import { sortDistinct, writeShingleHashes } from '../sketch/shingles.js';
import { sortUint32 } from '../sketch/sort.js';
import { analyzeDocumentHashes, type DocumentText, type HashedLineSink } from '../text/analyze.js';
import { countLine, dropsBoilerplate } from '../text/boilerplate.js';
import { U32List } from '../u32-list.js';
import { measurePair, type DocumentFeatures } from '../cluster/features.js';
import { cosineOfRanges, type SparseVector } from '../cluster/similarity.js';
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
  readonly documents: number;
  readonly df: FrequencyTable;
}

export function analyseBatch(texts: readonly DocumentText[], lang: string, proseFilter: boolean): AnalysisBatch {
  const lineEnds: number[] = [];
  const lineHashes: number[] = [];
  const termEnds: number[] = [];
  const terms = new U32List();
  const names = new U32List();
  const nameEnds: number[] = [];
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
    nameEnds.push(names.length);
    lineEnds.push(lineHashes.length);
  }
  const lineKeys = Uint32Array.from(counts.keys()).sort();
  return {
    count: texts.length,
    lineEnds: Uint32Array.from(lineEnds),
    lineHashes: Uint32Array.from(lineHashes),
    termEnds: Uint32Array.from(termEnds),
    terms: terms.values(),
    nameEnds: Uint32Array.from(nameEnds),
    names: names.values(),
    lineKeys,
    lineCounts: lineKeys.map((k) => counts.get(k) ?? 0),
  };
}

/**
 * Working arrays reused from batch to batch (stages are synchronous, one thread each). Fresh ones were
 * ~2 MB of ArrayBuffers a batch, which V8 counts as external memory and reclaims with full collections.
 * Each has its own name: a stage never holds two views of one.
 */
const workspace = new Map<string, Uint32Array>();

function room(name: string, length: number): Uint32Array {
  let array = workspace.get(name);
  if (array === undefined || array.length < length) {
    array = new Uint32Array(Math.max(length, 2 * (array?.length ?? 0)));
    workspace.set(name, array);
  }
  return array;
}

/**
 * Step 2. Terms are written straight into one batch-sized array (no array per document), and the batch's
 * document frequencies are counted by sorting the documents' distinct terms end to end and measuring
 * runs: a hash table grown and frozen per batch cost more than the rest of the step.
 */
export function selectContent(batch: AnalysisBatch, boilerplate: ReadonlySet<number>): ContentBatch {
  const terms = new Uint32Array(batch.terms.length);
  const termEnds = new Uint32Array(batch.count);
  const distinct = room('distinct', batch.terms.length);
  let kept = 0;
  let distinctEnd = 0;
  let firstLine = 0;
  for (let d = 0; d < batch.count; d++) {
    const endLine = batch.lineEnds[d] ?? 0;
    const start = kept;
    kept = copyContent(batch, firstLine, endLine, boilerplate, terms, kept);
    termEnds[d] = kept;
    firstLine = endLine;
    distinctEnd = writeDistinct(terms.subarray(start, kept), distinct, distinctEnd);
  }
  const df = countSorted(sortUint32(distinct.subarray(0, distinctEnd)));
  return {
    count: batch.count,
    termEnds,
    terms: kept === terms.length ? terms : terms.slice(0, kept),
    nameEnds: batch.nameEnds,
    names: batch.names,
    dfKeys: df.keys,
    dfCounts: df.counts,
  };
}

/** Copies the content terms of lines firstLine..endLine to `out` at `at`; returns the new end. Boilerplate
 * lines are left out unless they are most of the document (see dropsBoilerplate). */
function copyContent(batch: AnalysisBatch, firstLine: number, endLine: number, boilerplate: ReadonlySet<number>, out: Uint32Array, at: number): number {
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

/** The idf table of a corpus, built on its first batch: a worker sketches every batch against one corpus. */
const idfByCorpus = new WeakMap<CorpusStats, CorpusIdf>();

function corpusIdf(corpus: CorpusStats): CorpusIdf {
  let idfs = idfByCorpus.get(corpus);
  if (idfs === undefined) {
    idfs = new CorpusIdf(corpus.df.sortedKeys, corpus.df.counts, corpus.documents);
    idfByCorpus.set(corpus, idfs);
  }
  return idfs;
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

/** Where a feature batch's verification arrays are made: in the thread's own memory, or straight in shared
 * memory (worker threads: every worker then reads every batch without a copy, and no private copy is
 * made first). Signatures and flags stay private: they are transferred to the main thread. */
export type FeatureMemory = 'private' | 'shared';

export function sketchBatch(batch: ContentBatch, corpus: CorpusStats, ctx: SketchContext, memory: FeatureMemory = 'private'): FeatureBatch {
  const { params, profile, perms } = ctx;
  const idfs = corpusIdf(corpus);
  const out = new FeatureWriter(batch.count, batch.terms.length, params.numPerm);
  // Each document's terms are sorted in place in one copy of the batch's: the vector reads them in
  // hash order, the shingles in reading order.
  const sorted = room('sorted', batch.terms.length);
  sorted.set(batch.terms);
  for (let d = 0; d < batch.count; d++) {
    const from = d === 0 ? 0 : (batch.termEnds[d - 1] ?? 0);
    const to = batch.termEnds[d] ?? 0;
    const names = batch.names.subarray(d === 0 ? 0 : (batch.nameEnds[d - 1] ?? 0), batch.nameEnds[d] ?? 0);
    const shingles = out.addShingles(batch.terms.subarray(from, to), profile.shingleSize);
    const vector = out.addVector(sortUint32(sorted.subarray(from, to)), idfs, { terms: names, factor: profile.nameWeight });
    const lshSet = lshSetOf(profile, { shingles, vector });
    if (lshSet.length === 0 || shingles.length === 0) continue;
    // Classic permutations, not one-permutation hashing: on LSH sets of a few hundred terms a quarter of
    // the one-permutation bins are empty, and the densified copies are correlated, which tripled the
    // background pairs colliding in 4-row bands (README "Performance and memory"); at ~10 µs a document
    // classic costs a twentieth of the analysis.
    out.addSignature(d, lshSet, perms);
  }
  return out.finish(memory);
}

/** A batch's features written end to end into arrays with room for the worst case (every term a distinct
 * shingle and a distinct vector term), trimmed at the end: no array per document. */
class FeatureWriter {
  private readonly shingleEnds: Uint32Array;
  private readonly shingles: Uint32Array;
  private readonly vectorEnds: Uint32Array;
  private readonly vectorTerms: Uint32Array;
  private readonly vectorWeights: Float32Array;
  private readonly indexed: Uint8Array;
  private readonly signatures: Uint32Array;
  private shingleEnd = 0;
  private vectorEnd = 0;
  private shingleDocs = 0;
  private vectorDocs = 0;

  constructor(
    private readonly count: number,
    terms: number,
    private readonly numPerm: number,
  ) {
    this.shingleEnds = new Uint32Array(count);
    this.shingles = room('shingles', terms);
    this.vectorEnds = new Uint32Array(count);
    this.vectorTerms = room('vectorTerms', terms);
    this.vectorWeights = new Float32Array(room('vectorWeights', terms).buffer);
    this.indexed = new Uint8Array(count);
    this.signatures = new Uint32Array(count * numPerm);
  }

  /** The next document's sorted distinct shingles of `size` terms. */
  addShingles(terms: Uint32Array, size: number): Uint32Array {
    const start = this.shingleEnd;
    const room = this.shingles.subarray(start, start + terms.length);
    const distinct = sortDistinct(room.subarray(0, writeShingleHashes(terms, size, room)));
    this.shingleEnd = start + distinct;
    this.shingleEnds[this.shingleDocs++] = this.shingleEnd;
    return this.shingles.subarray(start, this.shingleEnd);
  }

  /** The next document's TF-IDF vector, from its sorted terms. */
  addVector(sorted: Uint32Array, idfs: IdfLookup, emphasis: Emphasis): SparseVector {
    const start = this.vectorEnd;
    const end = start + sorted.length;
    const distinct = writeVector(sorted, { terms: this.vectorTerms.subarray(start, end), weights: this.vectorWeights.subarray(start, end) }, idfs, emphasis);
    this.vectorEnd = start + distinct;
    this.vectorEnds[this.vectorDocs++] = this.vectorEnd;
    return { terms: this.vectorTerms.subarray(start, this.vectorEnd), weights: this.vectorWeights.subarray(start, this.vectorEnd) };
  }

  addSignature(d: number, lshSet: Uint32Array, perms: Permutations): void {
    computeSignature(lshSet, perms, this.signatures.subarray(d * this.numPerm, (d + 1) * this.numPerm));
    this.indexed[d] = 1;
  }

  finish(memory: FeatureMemory): FeatureBatch {
    const u32 = (a: Uint32Array): Uint32Array => copyInto(memory, a, (b) => new Uint32Array(b));
    return {
      count: this.count,
      shingleEnds: u32(this.shingleEnds),
      shingles: u32(this.shingles.subarray(0, this.shingleEnd)),
      vectorEnds: u32(this.vectorEnds),
      vectorTerms: u32(this.vectorTerms.subarray(0, this.vectorEnd)),
      vectorWeights: copyInto(memory, this.vectorWeights.subarray(0, this.vectorEnd), (b) => new Float32Array(b)),
      indexed: this.indexed,
      signatures: this.signatures,
    };
  }
}

function copyInto<T extends Uint32Array | Float32Array>(memory: FeatureMemory, array: T, create: (buffer: ArrayBufferLike) => T): T {
  const out = create(memory === 'shared' ? new SharedArrayBuffer(array.byteLength) : new ArrayBuffer(array.byteLength));
  out.set(array);
  return out;
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

/** The buffers of a batch, for a transfer list. */
export function buffersOf(batch: object): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const value of Object.values(batch)) {
    if (ArrayBuffer.isView(value) && value.buffer instanceof ArrayBuffer && !out.includes(value.buffer)) out.push(value.buffer);
  }
  return out;
}
