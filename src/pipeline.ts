/**
 * Runs the stages in order. Documents are numbered in reading order and grouped into batches; each batch
 * is analysed, reduced to its sketch and weighed (src/stages/), in-process (`clusterDocuments`) or on
 * worker threads while the input is still being read (`clusterStream`). Texts are dropped as soon as a
 * batch is analysed. The main thread's steps (versions, idf, candidates, linkage, assembly) are in
 * corpus.ts; this module only drives.
 */
import { availableParallelism } from 'node:os';
import { CorpusIdf } from './cluster/tfidf.js';
import { MEASURES_PER_PAIR } from './cluster/assemble.js';
import { runSteps, runStepsAsync, type PairSteps } from './cluster/pair-steps.js';
import { BATCH_SIZE, Corpus, linksVersions, type Banding, type Candidates, type Verified } from './corpus.js';
import { assertDocument, assertDocuments, assertSketch } from './document-check.js';
import { IdRegistry } from './input/id-registry.js';
import { checkWorkers } from './params.js';
import { allPairs, findCandidates, findCandidatesWithin, limitAt, moreRows, settleBanding, type KeyLayout } from './lsh/candidates.js';
import { analyseBatch, type AnalysisBatch } from './stages/analyse.js';
import { cutInPlace, holdsSignatures, placeWeights, rekeyBatch } from './stages/band-keys.js';
import { createStageContext, stageOptions, type StageContext } from './stages/context.js';
import { selectContent, shingleFormOf } from './stages/select.js';
import { scorePairs } from './stages/verify.js';
import { weighBatch } from './stages/weigh.js';
import { siteDocument, withoutLines } from './stages/site-lines.js';
import { ownCopy } from './stages/workspace.js';
import { decideSites, type SiteDocument } from './text/site-boilerplate.js';
import { packSketches, type DocumentSketch } from './sketches.js';
import { checkSketchSettings, sketchSettingsOf } from './sketch-settings.js';
import type { DocumentText } from './text/analyze.js';
import type { ClusterOptions, ClusterResult, Document, ProgressEvent, StoryFrequencies } from './types.js';
import { WorkerPool } from './workers/pool.js';
import { SlabPool, Slabs } from './slabs.js';

export { BATCH_SIZE };

/** Candidate pairs per verification task sent to a worker. */
const VERIFY_CHUNK = 20_000;
/** More workers than this gain nothing on the batch stages and cost ~10 MB each. */
const MAX_WORKERS = 64;

export interface StreamOptions extends ClusterOptions {
  /** Worker threads for the batch stages (default: the number of cores). */
  workers?: number;
  /** Cancels the run: the promise rejects with the signal's reason, between two documents while reading
   * and at once while the workers run a stage (they are stopped). */
  signal?: AbortSignal;
}

function checkSignal(signal: unknown): void {
  if (signal !== undefined && !(signal instanceof AbortSignal)) throw new TypeError(`signal must be an AbortSignal, got ${typeof signal}`);
}

/** One run's state: the id registry, the batch being filled, and the corpus the stages feed. */
class Run {
  readonly started = Date.now();
  readonly ctx: StageContext;
  readonly progress: (event: ProgressEvent) => void;
  readonly registry: IdRegistry;
  readonly corpus: Corpus;
  readonly analyses: Array<AnalysisBatch | undefined> = [];
  private readonly pool = new SlabPool();
  private readonly analysisSlabs = new Slabs(this.pool);
  private texts: DocumentText[] = [];
  /** Every text, kept only for --explain (which quotes passages); otherwise texts go after analysis. */
  private readonly kept: string[] = [];
  private analysed = 0;
  private sketched = 0;
  /** Documents offered so far, duplicates included: the index a TypeError names. */
  private offered = 0;

  constructor(readonly options: ClusterOptions) {
    this.ctx = createStageContext(options);
    this.progress = options.onProgress ?? (() => undefined);
    this.registry = new IdRegistry(options.onSkipped);
    this.corpus = new Corpus(this.ctx, () => this.registry.size, this.pool);
  }

  get batches(): number {
    return this.corpus.batches;
  }

  /** Numbers a document; returns a full batch of texts when one is ready. */
  accept(value: unknown): DocumentText[] | undefined {
    assertDocument(value, this.offered++);
    const doc = value as Document;
    if (this.registry.accept(doc) === undefined) return undefined;
    this.texts.push(doc.title === undefined ? { text: doc.text } : { text: doc.text, title: doc.title });
    if (this.options.explain === true) this.kept.push(doc.title === undefined ? doc.text : `${doc.title}\n${doc.text}`);
    return this.texts.length === BATCH_SIZE ? this.flush() : undefined;
  }

  /** Numbers a sketch (clusterSketches); false when its id was taken. */
  acceptSketch(sketch: DocumentSketch): boolean {
    const doc: Document = sketch.title === undefined ? { id: sketch.id, text: '' } : { id: sketch.id, text: '', title: sketch.title };
    return this.registry.accept(doc) !== undefined;
  }

  flush(): DocumentText[] | undefined {
    const texts = this.texts;
    this.texts = [];
    return texts.length > 0 ? texts : undefined;
  }

  addAnalysis(batch: number, result: AnalysisBatch): void {
    this.corpus.addAnalysis(result);
    this.analyses[batch] = this.keepAnalysis(result);
    this.analysed += result.count;
    this.progress({ stage: 'analyse', done: this.analysed, total: this.registry.size });
  }

  /**
   * Once every batch is analysed: drops the lines that pages of one site share across different stories
   * (text/site-boilerplate.ts) from the batches, before the select stage, and has the corpus keep those
   * pairs apart. Unlike corpus boilerplate the lines go even when they are most of a page: the decision
   * already saw the story.
   */
  dropSiteBoilerplate(): void {
    const docs: number[] = [];
    const lines: SiteDocument[] = [];
    const { sites } = this.registry;
    for (let doc = 0; doc < sites.length; doc++) {
      const site = sites.at(doc);
      if (site === undefined) continue;
      docs.push(doc);
      lines.push(siteDocument(this.analysisOf(doc), doc % BATCH_SIZE, site));
    }
    if (docs.length < 2) return;
    const { drops, apart } = decideSites(lines);
    this.corpus.keepApart(apart.map(([a, b]) => [docs[a] ?? 0, docs[b] ?? 0]));
    const byBatch = new Map<number, Map<number, ReadonlySet<number>>>();
    for (const [k, drop] of drops) {
      const doc = docs[k] ?? 0;
      const batch = Math.floor(doc / BATCH_SIZE);
      let map = byBatch.get(batch);
      if (map === undefined) byBatch.set(batch, (map = new Map()));
      map.set(doc % BATCH_SIZE, drop);
    }
    for (const [batch, batchDrops] of byBatch) {
      const before = this.analysisOf(batch * BATCH_SIZE);
      this.analyses[batch] = withoutLines(before, batchDrops);
      // Only the arrays withoutLines replaced: the names and languages are the new analysis's too, and a
      // second release of them would give their slab back to the pool while other batches still use it.
      this.analysisSlabs.release(before.lineEnds, before.lineHashes, before.termEnds, before.terms);
    }
  }

  /** The analysis as held until the boilerplate lines are known: in slabs, without its line counts
   * (the corpus has them). */
  private keepAnalysis(result: AnalysisBatch): AnalysisBatch {
    const slabs = this.analysisSlabs;
    return {
      count: result.count,
      lineEnds: slabs.copy(result.lineEnds),
      lineHashes: slabs.copy(result.lineHashes),
      termEnds: slabs.copy(result.termEnds),
      terms: slabs.copy(result.terms),
      langs: slabs.copy(result.langs),
      nameEnds: slabs.copy(result.nameEnds),
      names: slabs.copy(result.names),
      // Fresh empty arrays: the batch is transferred to a worker, which would detach a shared constant.
      lineKeys: new Uint32Array(0),
      lineCounts: new Uint32Array(0),
    };
  }

  private analysisOf(doc: number): AnalysisBatch {
    const analysis = this.analyses[Math.floor(doc / BATCH_SIZE)];
    if (analysis === undefined) throw new RangeError(`document ${doc} was not analysed`);
    return analysis;
  }

  /** The analysis is read no more (its slab space goes to the next arrays). */
  releaseAnalysis(analysis: AnalysisBatch): void {
    const { lineEnds, lineHashes, termEnds, terms, langs, nameEnds, names } = analysis;
    this.analysisSlabs.release(lineEnds, lineHashes, termEnds, terms, langs, nameEnds, names);
  }

  takeAnalysis(batch: number): AnalysisBatch {
    const analysis = this.analyses[batch];
    if (analysis === undefined) throw new RangeError(`batch ${batch} was not analysed`);
    this.analyses[batch] = undefined;
    return analysis;
  }

  sketchDone(count: number): void {
    this.sketched += count;
    this.progress({ stage: 'sketch', done: this.sketched, total: 2 * this.registry.size });
  }

  finish(verified: Verified | undefined): ClusterResult {
    return runSteps(this.finishSteps(verified), (pairs) => this.corpus.measurePairs(pairs));
  }

  /** `finish` in steps: the caller measures each batch of pairs the assembly yields (Corpus.finishSteps). */
  *finishSteps(verified: Verified | undefined): PairSteps<ClusterResult> {
    this.progress({ stage: 'cluster', done: 0, total: this.registry.size });
    const banding = verified === undefined ? undefined : { bands: verified.found.bands, rows: verified.found.rows };
    const { clusters, stats } = yield* this.corpus.finishSteps(verified, {
      ids: this.registry.ids,
      titles: this.registry.titles,
      dates: this.registry.dates,
      ...(this.options.explain === true ? { texts: this.kept } : {}),
      ...(this.options.onPair ? { onPair: this.options.onPair } : {}),
    });
    const skipped = [...(this.options.skipped ?? []), ...this.registry.duplicates];
    skipped.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return {
      version: 2,
      params: banding === undefined ? this.ctx.params : { ...this.ctx.params, ...banding },
      stats: { ...stats, skipped: skipped.length, elapsedMs: Date.now() - this.started },
      clusters,
      skipped,
    };
  }
}

/** Pure and synchronous: documents in, result out, on the calling thread. */
export function clusterDocuments(documents: Iterable<Document>, options: ClusterOptions = {}): ClusterResult {
  assertDocuments(documents, false);
  const run = new Run(options);
  const { ctx } = run;
  const analyse = (texts: DocumentText[]): void =>
    run.addAnalysis(run.batches - 1, analyseBatch(texts, ctx.params.lang, ctx.profile.proseFilter));
  for (const doc of documents) {
    const texts = run.accept(doc);
    if (texts) analyse(texts);
  }
  const last = run.flush();
  if (last) analyse(last);
  return clusterAnalysed(run, options);
}

/** The steps after analysis, on the calling thread. */
function clusterAnalysed(run: Run, options: ClusterOptions): ClusterResult {
  selectInProcess(run);
  return clusterInProcess(run, options);
}

/** Boilerplate and selection, on the calling thread. */
function selectInProcess(run: Run): void {
  const { ctx, corpus } = run;
  run.dropSiteBoilerplate();
  const boilerplate = new Set(corpus.boilerplateLines());
  for (let b = 0; b < run.batches; b++) {
    const analysis = run.takeAnalysis(b);
    const sketch = selectContent(analysis, boilerplate, ctx, 'private', shingleFormOf(ctx));
    run.releaseAnalysis(analysis);
    corpus.addSketch(b, sketch);
    run.sketchDone(sketch.count);
  }
}

/** The steps after the sketches, on the calling thread. */
function clusterInProcess(run: Run, options: ClusterOptions): ClusterResult {
  const { ctx, corpus } = run;
  corpus.findVersions();
  if (!linksVersions(ctx)) return run.finish(undefined);
  return clusterWeighed(run, options, frequenciesNow(ctx, corpus));
}

/** The run's story frequencies with a reference's counts of the same keys added. */
function frequenciesNow(ctx: StageContext, corpus: Corpus): StoryFrequencies {
  const { reference } = ctx;
  if (reference === undefined) return corpus.storyFrequencies();
  const counts = settled(reference.countsOf(corpus.dfKeys()), 'countsOf');
  const held = reference.holds === undefined ? undefined : settled(reference.holds(corpus.distinctTexts()), 'holds');
  return corpus.storyFrequencies(counts, held);
}

/** A reference's answer on the calling thread, which cannot wait for a promise. */
function settled<T>(answer: T | Promise<T>, method: string): T {
  if (!(answer instanceof Promise)) return answer;
  answer.catch(() => undefined);
  throw new TypeError(
    `reference: ${method} returned a promise; clusterStream takes such a reference, clusterDocuments and clusterSketches do not`,
  );
}

/** frequenciesNow, for a reference that may read a store. */
async function frequenciesOf(ctx: StageContext, corpus: Corpus): Promise<StoryFrequencies> {
  const { reference } = ctx;
  if (reference === undefined) return corpus.storyFrequencies();
  const counts = await reference.countsOf(corpus.dfKeys());
  const held = reference.holds === undefined ? undefined : await reference.holds(corpus.distinctTexts());
  return corpus.storyFrequencies(counts, held);
}

/** The steps from the idf on, on the calling thread. */
function clusterWeighed(run: Run, options: ClusterOptions, frequencies: StoryFrequencies): ClusterResult {
  const { ctx, corpus } = run;
  const idfs = new CorpusIdf(frequencies.keys, frequencies.counts);
  const explicitBands = options.bands !== undefined;
  const banding = corpus.firstBanding(explicitBands);
  for (let b = 0; b < run.batches; b++) {
    const weights = weighBatch(corpus.sketches[b] as (typeof corpus.sketches)[number], corpus.rolesOf(b), idfs, ctx);
    const room = corpus.weightRoom(b, banding);
    corpus.addWeights(b, room, placeWeights(weights, room, ctx.params.numPerm, banding));
    run.sketchDone(weights.count);
  }
  run.progress({ stage: 'candidates', done: 0, total: run.registry.size });
  const docs = corpus.indexedDocs();
  const keysFor = (bands: number, rows: number): Uint32Array => {
    if (rows !== banding.rows) {
      for (let b = 0; b < run.batches; b++) {
        const weighed = corpus.weights[b] as (typeof corpus.weights)[number];
        corpus.setKeys(b, rekeyBatch(corpus.sketches[b] as (typeof corpus.sketches)[number], weighed, ctx, { bands, rows }), {
          bands,
          rows,
        });
      }
    }
    return corpus.takeKeys({ bands, rows }, docs.length);
  };
  const { numPerm } = ctx.params;
  const found = corpus.verifiesAllPairs(explicitBands, docs.length)
    ? { ...allPairs(docs), ...banding }
    : findCandidatesWithin(keysFor, docs, numPerm, banding, corpus.candidateLimits(explicitBands, docs.length));
  run.progress({ stage: 'verify', done: 0, total: found.pairs.length / 2 });
  return run.finish({ found, scores: scorePairs(corpus.verifySource(), ctx.profile.decidesOn, found.pairs) });
}

/**
 * Clusters documents already reduced to their idf-free sketches (`sketchDocuments`, or a persistent index):
 * the same result as `clusterDocuments` on the documents the sketches were made from, when the sketches
 * were made in one call (boilerplate lines are found within the documents sketched together). A sketch made
 * with other settings than the options give (`DocumentSketch.settings`) is a TypeError.
 */
export function clusterSketches(sketches: Iterable<DocumentSketch>, options: ClusterOptions = {}): ClusterResult {
  assertDocuments(sketches, false, 'sketches');
  const run = new Run(options);
  const settings = sketchSettingsOf(run.ctx.params);
  let batch: DocumentSketch[] = [];
  const flush = (): void => {
    if (batch.length === 0) return;
    const index = run.batches - 1;
    const packed = packSketches(batch, run.ctx);
    run.corpus.addSketch(index, packed);
    batch = [];
  };
  let offered = 0;
  for (const sketch of sketches) {
    assertSketch(sketch, offered);
    checkSketchSettings(sketch, settings, offered++);
    if (!run.acceptSketch(sketch)) continue;
    batch.push(sketch);
    if (batch.length === BATCH_SIZE) flush();
  }
  flush();
  return clusterInProcess(run, options);
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
  assertDocuments(documents, true);
  const run = new Run(options);
  checkWorkers(options.workers);
  checkSignal(options.signal);
  const { signal } = options;
  signal?.throwIfAborted();
  const { ctx, corpus } = run;
  const pool = new WorkerPool(Math.min(MAX_WORKERS, options.workers ?? availableParallelism()), stageOptions(options), signal);
  // Two batches per worker keep every worker busy while the next one is on its way.
  const limit = 2 * pool.size;
  try {
    const running = new Set<Promise<void>>();
    let failure: unknown;
    const dispatch = (batch: number, texts: DocumentText[]): void => {
      const job = pool.run('analyse', { texts }).then(
        (result) => run.addAnalysis(batch, result),
        (error: unknown) => {
          failure ??= error;
        },
      );
      running.add(job);
      void job.then(() => running.delete(job));
    };
    for await (const doc of documents) {
      signal?.throwIfAborted();
      const texts = run.accept(doc);
      if (texts === undefined) continue;
      dispatch(run.batches - 1, texts);
      while (running.size >= limit) await Promise.race(running);
      if (failure !== undefined) throw failure;
    }
    const last = run.flush();
    run.registry.close();
    // Less than one batch in all: starting a worker (~0.2 s of module loading) costs more than the work,
    // and the calling thread gives the same bytes.
    if (last !== undefined && run.batches === 1) {
      run.addAnalysis(0, analyseBatch(last, ctx.params.lang, ctx.profile.proseFilter));
      selectInProcess(run);
      corpus.findVersions();
      if (!linksVersions(ctx)) return run.finish(undefined);
      const frequencies = await frequenciesOf(ctx, corpus);
      signal?.throwIfAborted();
      return clusterWeighed(run, options, frequencies);
    }
    if (last) dispatch(run.batches - 1, last);
    await Promise.all(running);
    if (failure !== undefined) throw failure;

    run.dropSiteBoilerplate();
    await pool.broadcast('boilerplate', { lines: corpus.boilerplateLines() });
    await forEachBounded(run.batches, limit, async (b) => {
      const kept = run.takeAnalysis(b);
      const analysis = ownCopy(kept);
      run.releaseAnalysis(kept);
      const sketch = await pool.run('select', { batch: analysis }, [analysis]);
      corpus.addSketch(b, sketch);
      run.sketchDone(sketch.count);
    });
    await pool.broadcast('source', corpus.verifySource());
    await findVersionsOnWorkers(pool, corpus, limit);
    if (!linksVersions(ctx)) return await finishOnWorkers(pool, run, undefined, limit);
    await pool.broadcast('idf', await frequenciesOf(ctx, corpus));
    const explicitBands = options.bands !== undefined;
    const banding = corpus.firstBanding(explicitBands);
    await forEachBounded(run.batches, limit, async (b) => {
      const roles = corpus.rolesOf(b);
      const batch = ownCopy(corpus.sketches[b] as (typeof corpus.sketches)[number]);
      const room = corpus.weightRoom(b, banding);
      corpus.addWeights(b, room, await pool.run('weigh', { batch, roles, banding, room }, [batch, roles]));
      run.sketchDone(batch.count);
    });
    run.progress({ stage: 'candidates', done: 0, total: run.registry.size });
    const found = await findCandidatesOnWorkers(pool, corpus, banding, explicitBands, limit);
    await pool.broadcast('source', corpus.verifySource());
    const total = found.pairs.length / 2;
    run.progress({ stage: 'verify', done: 0, total });
    const scores = await pairsOnWorkers(pool, 'verify', found.pairs, 1, limit, (done) => run.progress({ stage: 'verify', done, total }));
    return await finishOnWorkers(pool, run, { found, scores }, limit);
  } finally {
    await pool.close();
  }
}

/** Corpus.findVersions with the pairs scored ahead of the scan on the workers. */
async function findVersionsOnWorkers(pool: WorkerPool, corpus: Corpus, limit: number): Promise<void> {
  const score = async (pairs: Uint32Array): Promise<Float64Array> =>
    corpus.withApart(pairs, await pairsOnWorkers(pool, 'overlap', pairs, 2, limit));
  corpus.setVersions(await runStepsAsync(corpus.versionSteps(), score));
}

/** Run.finish with the pairs the assembly measures measured on the workers. */
async function finishOnWorkers(pool: WorkerPool, run: Run, verified: Verified | undefined, limit: number): Promise<ClusterResult> {
  return runStepsAsync(run.finishSteps(verified), (pairs) => pairsOnWorkers(pool, 'measure', pairs, MEASURES_PER_PAIR, limit));
}

/** `perPair` numbers for each pair of [i0, j0, …], from the workers in chunks; `done` hears how many pairs
 * are scored so far. */
async function pairsOnWorkers(
  pool: WorkerPool,
  kind: 'verify' | 'overlap' | 'measure',
  pairs: Uint32Array,
  perPair: number,
  limit: number,
  done: (pairs: number) => void = () => undefined,
): Promise<Float64Array> {
  const total = pairs.length / 2;
  const out = new Float64Array(total * perPair);
  let scored = 0;
  await forEachBounded(Math.ceil(total / VERIFY_CHUNK), limit, async (c) => {
    const chunk = pairs.slice(2 * c * VERIFY_CHUNK, 2 * (c + 1) * VERIFY_CHUNK);
    out.set(await pool.run(kind, { pairs: chunk }, [chunk]), c * VERIFY_CHUNK * perPair);
    scored += chunk.length / 2;
    done(scored);
  });
  return out;
}

/** findCandidatesWithin on the workers' band keys. When the budget asks for more rows and the first keys are
 * the signatures (one row a band), the next bandings that fit are cut from them in place; past those, or
 * from other keys, the workers cut them again. */
async function findCandidatesOnWorkers(
  pool: WorkerPool,
  corpus: Corpus,
  first: Banding,
  explicitBands: boolean,
  limit: number,
): Promise<Candidates> {
  const { numPerm } = corpus.ctx.params;
  const docs = corpus.indexedDocs();
  if (corpus.verifiesAllPairs(explicitBands, docs.length)) return { ...allPairs(docs), ...first };
  const limits = corpus.candidateLimits(explicitBands, docs.length);
  let keys = corpus.takeKeys(first, docs.length);
  let layout: KeyLayout = { stride: first.bands, offset: 0 };
  let cut: KeyLayout[] = [];
  for (let banding = first; ; ) {
    const found = findCandidates(keys, docs, banding.bands, limitAt(banding, numPerm, limits.budget), layout, limits.prefix);
    const settled = settleBanding(found, keys, docs, banding, layout, numPerm, limits.threshold);
    if (!('next' in settled)) return settled;
    const signatures = banding === first && holdsSignatures(first, numPerm);
    banding = settled.next;
    if (signatures) cut = cutInPlace(keys, numPerm, bandingsFitting(banding, numPerm));
    const next = cut.shift();
    if (next !== undefined) {
      layout = next;
      continue;
    }
    await rekeyOnWorkers(pool, corpus, banding, limit);
    keys = corpus.takeKeys(banding, docs.length);
    layout = { stride: banding.bands, offset: 0 };
  }
}

/** `from` and the bandings tried after it, as many as fit side by side in `numPerm` keys a row. */
function bandingsFitting(from: Banding, numPerm: number): Banding[] {
  const out = [from];
  let keys = from.bands;
  for (let next = moreRows(from.rows, numPerm); next.rows <= numPerm && keys + next.bands <= numPerm; next = moreRows(next.rows, numPerm)) {
    out.push(next);
    keys += next.bands;
  }
  return out;
}

/** Every batch's band keys cut again at `banding` by the workers, from the stored weights. */
async function rekeyOnWorkers(pool: WorkerPool, corpus: Corpus, banding: Banding, limit: number): Promise<void> {
  await forEachBounded(corpus.batches, limit, async (b) => {
    const batch = corpus.sketches[b] as (typeof corpus.sketches)[number];
    const weighed = corpus.weights[b] as (typeof corpus.weights)[number];
    const sketch = ownCopy({
      count: batch.count,
      termEnds: batch.termEnds,
      terms: batch.terms,
      shingleEnds: batch.shingleEnds,
      shingles: batch.shingles,
    });
    const weights = ownCopy({ weights: weighed.weights, indexed: weighed.indexed });
    corpus.setKeys(b, await pool.run('rekey', { batch: sketch, weighed: weights, banding }, [sketch, weights]), banding);
  });
}
