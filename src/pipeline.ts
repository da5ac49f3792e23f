/**
 * Runs the stages in order: documents are numbered in reading order and grouped into batches; each
 * batch is analysed, stripped of corpus boilerplate and sketched (workers/stages.ts), either in-process
 * (`clusterDocuments`) or on worker threads while the input is still being read (`clusterStream`).
 * Texts are dropped as soon as a batch is analysed; what is kept per document is listed in README
 * "Performance and memory". The main thread only adds counts, builds the LSH index, verifies and clusters.
 */
import { availableParallelism } from 'node:os';
import { buildCluster, compareIds, orderClusters, pairKey, type ClusterContext } from './cluster/build-clusters.js';
import { measurePair, type DocumentFeatures, type PairMeasures } from './cluster/features.js';
import { attachSingletons } from './cluster/attach.js';
import { linkClusters, type ScoredPair } from './cluster/linkage.js';
import { BandIndex } from './lsh/band-index.js';
import { UnionFind } from './cluster/union-find.js';
import { CountTable } from './sketch/counts.js';
import { findBoilerplate } from './text/boilerplate.js';
import { decideSites, type SiteDocument } from './text/site-boilerplate.js';
import type { DocumentText } from './text/analyze.js';
import type { ClusterOptions, ClusterResult, Document, ProgressEvent, SkippedInput } from './types.js';
import { WorkerPool } from './workers/pool.js';
import {
  analyseBatch,
  createSketchContext,
  selectContent,
  sketchBatch,
  sketchOptions,
  type AnalysisBatch,
  type ContentBatch,
  type CorpusStats,
  type FeatureBatch,
  type SketchContext,
  type VerificationBatch,
  featuresOf,
  scorePairs,
} from './workers/stages.js';

// A bucket with more documents than this is a shared template, not a story; see lsh/band-index.ts.
export const MAX_BUCKET = 2000;
/** Documents per batch: large enough that messaging costs nothing, small enough to keep workers even. */
export const BATCH_SIZE = 256;
/** Candidate pairs a run may verify: at least this many, and this many per document on large corpora.
 * Verification costs a few µs a pair; beyond this the bands are coarsened (see Run.candidates). */
export const MIN_CANDIDATE_BUDGET = 2_000_000;
export const CANDIDATES_PER_DOCUMENT = 20;
/** Candidate pairs per verification task sent to a worker. */
const VERIFY_CHUNK = 20_000;

interface Candidates {
  /** [i0, j0, i1, j1, …], sorted. */
  pairs: Uint32Array;
  cappedBuckets: number;
  bands: number;
  rows: number;
}

export interface StreamOptions extends ClusterOptions {
  /** Worker threads for analysing and sketching (default: the number of cores). */
  workers?: number;
}

/** The state of one run, shared by the in-process and the worker-thread drivers. */
class Run {
  readonly started = Date.now();
  readonly ctx: SketchContext;
  readonly progress: (event: ProgressEvent) => void;
  private readonly firstPath = new Map<string, string | undefined>();
  private readonly ids: string[] = [];
  private readonly titles: Array<string | undefined> = [];
  private readonly dates: Array<string | undefined> = [];
  private readonly sites: Array<string | undefined> = [];
  /** Pairs of one site judged different stories (pairKey): scored 0, never joined. */
  private readonly apart = new Set<number>();
  private readonly duplicates: SkippedInput[] = [];
  private texts: DocumentText[] = [];
  /** Every text, kept only for --explain (which quotes passages); otherwise texts go after analysis. */
  private readonly kept: DocumentText[] = [];
  private readonly lineCounts = new CountTable();
  private readonly df = new CountTable();
  readonly analyses: Array<AnalysisBatch | undefined> = [];
  readonly contents: Array<ContentBatch | undefined> = [];
  private readonly features: FeatureBatch[] = [];
  private indexed = 0;
  /** Signatures as an index of numPerm one-row bands, from which any bands × rows is derived. */
  private readonly signatures: BandIndex;
  private analysed = 0;
  private sketched = 0;

  constructor(readonly options: ClusterOptions) {
    this.ctx = createSketchContext(options);
    this.progress = options.onProgress ?? (() => undefined);
    this.signatures = new BandIndex(this.ctx.params.numPerm, 1);
  }

  get documents(): number {
    return this.ids.length;
  }

  get batches(): number {
    return Math.ceil(this.ids.length / BATCH_SIZE);
  }

  /** Numbers a document; returns a full batch of texts when one is ready. */
  accept(doc: Document): DocumentText[] | undefined {
    if (this.firstPath.has(doc.id)) {
      const first = this.firstPath.get(doc.id);
      const where = doc.path && first ? ` (${first} and ${doc.path})` : '';
      this.duplicates.push({ id: doc.id, reason: `duplicate id${where}; the first one was kept` });
      return undefined;
    }
    this.firstPath.set(doc.id, doc.path);
    this.ids.push(doc.id);
    this.titles.push(doc.title);
    this.dates.push(doc.date);
    this.sites.push(doc.site);
    const text: DocumentText = doc.title === undefined ? { text: doc.text } : { text: doc.text, title: doc.title };
    this.texts.push(text);
    if (this.options.explain === true) this.kept.push(text);
    return this.texts.length === BATCH_SIZE ? this.flush() : undefined;
  }

  flush(): DocumentText[] | undefined {
    const texts = this.texts;
    this.texts = [];
    return texts.length > 0 ? texts : undefined;
  }

  addAnalysis(batch: number, result: AnalysisBatch): void {
    this.analyses[batch] = result;
    this.lineCounts.addAll(result.lineKeys, result.lineCounts);
    this.analysed += result.count;
    this.progress({ stage: 'analyse', done: this.analysed, total: this.documents });
  }

  boilerplateLines(): Uint32Array {
    return Uint32Array.from(findBoilerplate(this.lineCounts.freeze(), this.documents)).sort();
  }

  /** Once every batch is analysed: removes from the batches the lines that pages of one site share
   * across different stories (text/site-boilerplate.ts), before the select stage, and notes those pairs
   * to keep apart. Unlike corpus boilerplate the lines go even when they are most of a page: the
   * decision already saw the story. */
  dropSiteBoilerplate(): void {
    const docs: number[] = [];
    const lines: SiteDocument[] = [];
    this.sites.forEach((site, doc) => {
      if (site === undefined) return;
      docs.push(doc);
      lines.push(this.siteDocument(doc, site));
    });
    const { drops, apart } = decideSites(lines);
    for (const [a, b] of apart) this.apart.add(pairKey(docs[a] ?? 0, docs[b] ?? 0));
    const byBatch = new Map<number, Map<number, ReadonlySet<number>>>();
    for (const [k, drop] of drops) {
      const doc = docs[k] ?? 0;
      const batch = Math.floor(doc / BATCH_SIZE);
      if (!byBatch.has(batch)) byBatch.set(batch, new Map());
      byBatch.get(batch)?.set(doc % BATCH_SIZE, drop);
    }
    for (const [batch, drops] of byBatch) this.analyses[batch] = withoutLines(this.analyses[batch] as AnalysisBatch, drops);
  }

  /** Document `doc`'s analysed lines, as views into its batch. */
  private siteDocument(doc: number, site: string): SiteDocument {
    const { lineHashes, lineEnds, termEnds, terms } = this.analyses[Math.floor(doc / BATCH_SIZE)] as AnalysisBatch;
    const d = doc % BATCH_SIZE;
    const first = d === 0 ? 0 : (lineEnds[d - 1] ?? 0);
    const end = lineEnds[d] ?? 0;
    const termStart = first === 0 ? 0 : (termEnds[first - 1] ?? 0);
    return { site, lineHashes: lineHashes.subarray(first, end), termEnds: termEnds.subarray(first, end), terms, termStart };
  }

  addContent(batch: number, result: ContentBatch): void {
    this.analyses[batch] = undefined;
    this.contents[batch] = result;
    this.df.addAll(result.dfKeys, result.dfCounts);
    this.sketched += result.count;
    this.progress({ stage: 'sketch', done: this.sketched, total: 2 * this.documents });
  }

  corpus(): CorpusStats {
    return { documents: this.documents, df: this.df.freeze() };
  }

  addFeatures(batch: number, result: FeatureBatch): void {
    this.contents[batch] = undefined;
    this.features[batch] = result;
    this.sketched += result.count;
    this.progress({ stage: 'sketch', done: this.sketched, total: 2 * this.documents });
    const { numPerm } = this.ctx.params;
    // The index takes documents in order; batches may finish out of order.
    for (let next = this.features[this.indexed]; next !== undefined; next = this.features[this.indexed]) {
      const base = this.indexed * BATCH_SIZE;
      for (let d = 0; d < next.count; d++) {
        if (next.indexed[d] === 1) this.signatures.addKeys(base + d, next.signatures.subarray(d * numPerm, (d + 1) * numPerm));
      }
      next.signatures = new Uint32Array(0);
      this.indexed += 1;
    }
  }

  private featuresOf(doc: number): DocumentFeatures {
    return featuresOf(this.features, BATCH_SIZE, doc);
  }

  /** What verification reads, for the workers (shared memory, not copied). */
  verificationBatches(): VerificationBatch[] {
    return this.features.map(({ count, shingleEnds, shingles, vectorEnds, vectorTerms, vectorWeights }) => ({
      count,
      shingleEnds,
      shingles,
      vectorEnds,
      vectorTerms,
      vectorWeights,
    }));
  }

  scoreInProcess(pairs: Uint32Array): Float64Array {
    this.progress({ stage: 'verify', done: 0, total: pairs.length / 2 });
    return scorePairs(this.features, BATCH_SIZE, pairs, this.ctx.profile);
  }

  /**
   * Candidate pairs within the budget. With bands derived from the mode (no explicit --bands), a corpus
   * whose background overlap would make the pair count grow with n² gets more rows per band (r + 1,
   * using as many bands as the signature holds) until the pairs fit. Decided from the data alone, so
   * every worker count makes the same choice; the JSON `params` report the bands and rows used.
   */
  findCandidates(): Candidates {
    this.progress({ stage: 'candidates', done: 0, total: this.documents });
    const { bands, rows, numPerm } = this.ctx.params;
    const adaptive = this.options.bands === undefined;
    const budget = adaptive ? Math.max(MIN_CANDIDATE_BUDGET, CANDIDATES_PER_DOCUMENT * this.documents) : Number.POSITIVE_INFINITY;
    for (let r = rows; ; r++) {
      const b = r === rows ? bands : Math.floor(numPerm / r);
      const last = r >= numPerm;
      const found = this.signatures.withBands(b, r).candidates(MAX_BUCKET, last ? Number.POSITIVE_INFINITY : budget);
      if (found !== undefined) return { ...found, bands: b, rows: r };
    }
  }

  /** Keeps, as objects, only the scored pairs that can matter to the clusters: those inside a connected
   * component of pairs at or above the threshold, or the attachment bar when the mode has one (linkage
   * and attachment ignore the rest). */
  private keepLinked(candidates: Uint32Array, scores: Float64Array): { scored: ScoredPair[]; verified: Map<number, PairMeasures> } {
    const { params, profile } = this.ctx;
    const bar = profile.attachThreshold > 0 ? Math.min(params.threshold, profile.attachThreshold) : params.threshold;
    const total = scores.length;
    const components = new UnionFind(this.documents);
    for (let p = 0; p < total; p++) {
      if ((scores[p] ?? 0) >= bar) components.union(candidates[2 * p] ?? 0, candidates[2 * p + 1] ?? 0);
    }
    const scored: ScoredPair[] = [];
    const verified = new Map<number, PairMeasures>();
    for (let p = 0; p < total; p++) {
      const i = candidates[2 * p] ?? 0;
      const j = candidates[2 * p + 1] ?? 0;
      if (components.find(i) !== components.find(j)) continue;
      scored.push({ i, j, score: scores[p] ?? 0 });
      verified.set(pairKey(i, j), measurePair(this.featuresOf(i), this.featuresOf(j)));
    }
    return { scored, verified };
  }

  /** Clusters from the candidates and their scores (scored in-process or on workers). */
  finish(found: Candidates, scores: Float64Array): ClusterResult {
    const { profile } = this.ctx;
    const n = this.documents;
    const { pairs: candidates, cappedBuckets, bands, rows } = found;
    const params = { ...this.ctx.params, bands, rows };
    if (this.apart.size > 0) {
      for (let p = 0; p < scores.length; p++) if (this.apart.has(pairKey(candidates[2 * p] ?? 0, candidates[2 * p + 1] ?? 0))) scores[p] = 0;
    }
    const { scored, verified } = this.keepLinked(candidates, scores);

    this.progress({ stage: 'cluster', done: 0, total: n });
    const linked = linkClusters(n, scored, params.threshold, profile.linkage);
    const allGroups = profile.attachThreshold > 0 ? attachSingletons(linked, scored, profile.attachThreshold) : linked;
    const clustered = allGroups.reduce((sum, g) => sum + (g.length >= 2 ? g.length : 0), 0);
    const groups = allGroups.filter((g) => g.length >= params.minSize);
    // Cluster reports need features only for members; documents carry id and title, and their text only
    // when --explain asked for it.
    const documents: Document[] = new Array<Document>(n);
    const features: DocumentFeatures[] = new Array<DocumentFeatures>(n);
    for (const group of groups) {
      for (const doc of group) {
        const title = this.titles[doc];
        const text = this.kept[doc]?.text ?? '';
        documents[doc] = title === undefined ? { id: this.ids[doc] ?? '', text } : { id: this.ids[doc] ?? '', text, title };
        const date = this.dates[doc];
        if (date !== undefined) (documents[doc] as Document).date = date;
        features[doc] = this.featuresOf(doc);
      }
    }
    const ctx: ClusterContext = { documents, features, profile, verified, explain: this.options.explain === true };
    const clusters = orderClusters(groups.map((g) => buildCluster(ctx, g)));
    const skipped = [...(this.options.skipped ?? []), ...this.duplicates];
    skipped.sort((a, b) => compareIds(a.id, b.id));
    return {
      version: 1,
      params,
      stats: {
        documents: n,
        clusters: clusters.filter((c) => c.size >= 2).length,
        clustered,
        skipped: skipped.length,
        candidates: candidates.length / 2,
        cappedBuckets,
        elapsedMs: Date.now() - this.started,
      },
      clusters,
      skipped,
    };
  }
}

/** The batch without the lines whose hashes `drops` lists for a document (by its place in the batch). */
function withoutLines(batch: AnalysisBatch, drops: ReadonlyMap<number, ReadonlySet<number>>): AnalysisBatch {
  const lineEnds = new Uint32Array(batch.count);
  const lineHashes: number[] = [];
  const termEnds: number[] = [];
  const terms: number[] = [];
  let line = 0;
  for (let d = 0; d < batch.count; d++) {
    const drop = drops.get(d);
    for (; line < (batch.lineEnds[d] ?? 0); line++) {
      const hash = batch.lineHashes[line] ?? 0;
      if (drop?.has(hash) === true) continue;
      lineHashes.push(hash);
      for (let t = line === 0 ? 0 : (batch.termEnds[line - 1] ?? 0); t < (batch.termEnds[line] ?? 0); t++) terms.push(batch.terms[t] ?? 0);
      termEnds.push(terms.length);
    }
    lineEnds[d] = lineHashes.length;
  }
  return { ...batch, lineEnds, lineHashes: Uint32Array.from(lineHashes), termEnds: Uint32Array.from(termEnds), terms: Uint32Array.from(terms) };
}

/** Pure and synchronous: documents in, result out, on the calling thread. */
export function clusterDocuments(documents: Iterable<Document>, options: ClusterOptions = {}): ClusterResult {
  const run = new Run(options);
  const { lang } = run.ctx.params;
  for (const doc of documents) {
    const texts = run.accept(doc);
    if (texts) run.addAnalysis(run.batches - 1, analyseBatch(texts, lang, run.ctx.profile.proseFilter));
  }
  const last = run.flush();
  if (last) run.addAnalysis(run.batches - 1, analyseBatch(last, lang, run.ctx.profile.proseFilter));
  run.dropSiteBoilerplate();
  const boilerplate = new Set(run.boilerplateLines());
  for (let b = 0; b < run.batches; b++) run.addContent(b, selectContent(run.analyses[b] as AnalysisBatch, boilerplate));
  const corpus = run.corpus();
  for (let b = 0; b < run.batches; b++) run.addFeatures(b, sketchBatch(run.contents[b] as ContentBatch, corpus, run.ctx));
  const found = run.findCandidates();
  return run.finish(found, run.scoreInProcess(found.pairs));
}

/** Runs `task(0..count-1)` with at most `limit` in flight, in order of start. */
async function forEachBounded(count: number, limit: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, lane));
}

/**
 * Streams documents through worker threads: batches are analysed while the input is still being read,
 * so texts never pile up. The result is identical to `clusterDocuments` on the same documents, byte for
 * byte apart from `elapsedMs`, whatever the worker count. `options.skipped` is read when the input ends,
 * so a reader may keep appending to it while it streams.
 */
export async function clusterStream(
  documents: AsyncIterable<Document> | Iterable<Document>,
  options: StreamOptions = {},
): Promise<ClusterResult> {
  const run = new Run(options);
  const pool = new WorkerPool(options.workers ?? availableParallelism(), sketchOptions(options));
  // Two batches per worker keep every worker busy while the next one is on its way.
  const limit = 2 * pool.size;
  try {
    const running = new Set<Promise<void>>();
    let failure: unknown;
    const dispatch = (batch: number, texts: DocumentText[]): void => {
      const job = pool.analyse(texts).then(
        (result) => run.addAnalysis(batch, result),
        (error: unknown) => {
          failure ??= error;
        },
      );
      running.add(job);
      void job.then(() => running.delete(job));
    };
    for await (const doc of documents) {
      const texts = run.accept(doc);
      if (texts === undefined) continue;
      dispatch(run.batches - 1, texts);
      while (running.size >= limit) await Promise.race(running);
      if (failure !== undefined) throw failure;
    }
    const last = run.flush();
    if (last) dispatch(run.batches - 1, last);
    await Promise.all(running);
    if (failure !== undefined) throw failure;

    run.dropSiteBoilerplate();
    await pool.broadcast({ kind: 'boilerplate', lines: run.boilerplateLines() });
    await forEachBounded(run.batches, limit, async (b) => run.addContent(b, await pool.select(run.analyses[b] as AnalysisBatch)));
    const corpus = run.corpus();
    await pool.broadcast({ kind: 'corpus', documents: corpus.documents, dfKeys: corpus.df.sortedKeys, dfCounts: corpus.df.counts });
    await forEachBounded(run.batches, limit, async (b) => run.addFeatures(b, await pool.sketch(run.contents[b] as ContentBatch)));

    const found = run.findCandidates();
    await pool.broadcast({ kind: 'features', batches: run.verificationBatches(), batchSize: BATCH_SIZE });
    const total = found.pairs.length / 2;
    const scores = new Float64Array(total);
    let done = 0;
    run.progress({ stage: 'verify', done, total });
    await forEachBounded(Math.ceil(total / VERIFY_CHUNK), limit, async (c) => {
      const from = c * VERIFY_CHUNK;
      const to = Math.min(total, from + VERIFY_CHUNK);
      scores.set(await pool.verify(found.pairs.slice(2 * from, 2 * to)), from);
      done += to - from;
      run.progress({ stage: 'verify', done, total });
    });
    return run.finish(found, scores);
  } finally {
    await pool.close();
  }
}
