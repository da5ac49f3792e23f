/**
 * The main thread's share of a run, between and after the batch stages: it adds up counts, folds copies
 * and near-duplicates into versions, sets the idf, finds candidates among versions, links them and
 * assembles the result. Pure: no I/O, no threads (the drivers in pipeline.ts own those).
 */
import { linkVersions, attachLoners, type LinkedCluster } from './cluster/average-link.js';
import { assembleClusters } from './cluster/assemble.js';
import { findCopies, findNearGroups, GroupIndex, type NearGroups } from './cluster/versions.js';
import { findCandidatesWithin, type BudgetedCandidates } from './lsh/candidates.js';
import { CountTable } from './sketch/counts.js';
import { sortUint32 } from './sketch/sort.js';
import type { AnalysisBatch } from './stages/analyse.js';
import type { StageContext } from './stages/context.js';
import { termsOf, type SketchBatch } from './stages/select.js';
import { measureOf, overlapOf, scoreOf, type VerifyBatch, type VerifySource } from './stages/verify.js';
import { INDEX, SKIP, WEIGH, type WeightBatch } from './stages/weigh.js';
import { findBoilerplate } from './text/boilerplate.js';
import { U32List } from './u32-list.js';
import { combineHashes } from './sketch/hash.js';
import type { Cluster, ClusterStats, PairScore } from './types.js';

const EMPTY = new Uint32Array(0);

/** One number per unordered pair of document numbers (exact below 2^26 documents). */
function pairKey(i: number, j: number): number {
  return Math.min(i, j) * 0x4000000 + Math.max(i, j);
}

/** Documents per batch: large enough that messaging costs nothing, small enough to keep workers even. */
export const BATCH_SIZE = 256;

/** The idf inputs: document frequencies over distinct stories, and how many stories there are. */
export interface StoryFrequencies {
  keys: Uint32Array;
  counts: Uint32Array;
  stories: number;
}

export type Candidates = BudgetedCandidates;

/** Candidate pairs a run may verify: at least this many, and this many per version on large runs.
 * Verification costs about a µs a pair. */
const MIN_CANDIDATE_BUDGET = 2_000_000;
const CANDIDATES_PER_VERSION = 40;

export class Corpus {
  private readonly lineCounts = new CountTable();
  private readonly df = new CountTable();
  readonly sketches: SketchBatch[] = [];
  readonly weights: WeightBatch[] = [];
  private near: NearGroups | undefined;
  private copyOf: Uint32Array = new Uint32Array(0);
  private groups: GroupIndex | undefined;
  private nearCandidates = 0;
  /** Pairs of one site judged different stories (pipeline.ts, same-site boilerplate): they score 0. */
  private readonly apart = new Set<number>();

  constructor(
    readonly ctx: StageContext,
    readonly documents: () => number,
  ) {}

  get batches(): number {
    return Math.ceil(this.documents() / BATCH_SIZE);
  }

  keepApart(pairs: ReadonlyArray<readonly [number, number]>): void {
    for (const [a, b] of pairs) this.apart.add(pairKey(a, b));
  }

  private isApart(i: number, j: number): boolean {
    return this.apart.size > 0 && this.apart.has(pairKey(i, j));
  }

  addAnalysis(batch: AnalysisBatch): void {
    this.lineCounts.addAll(batch.lineKeys, batch.lineCounts);
  }

  boilerplateLines(): Uint32Array {
    return sortUint32(Uint32Array.from(findBoilerplate(this.lineCounts.freeze(), this.documents())));
  }

  addSketch(index: number, batch: SketchBatch): void {
    this.sketches[index] = batch;
    this.df.addAll(batch.dfKeys, batch.dfCounts);
  }

  private locate(doc: number): [SketchBatch, number] {
    const batch = this.sketches[Math.floor(doc / BATCH_SIZE)];
    if (batch === undefined) throw new RangeError(`document ${doc} has no sketch`);
    return [batch, doc % BATCH_SIZE];
  }

  /** A document shorter than one shingle cannot be compared fairly: it stays a singleton. */
  private hasContent(doc: number): boolean {
    return this.shingleCount(doc) > 0;
  }

  shingleCount(doc: number): number {
    const [batch, d] = this.locate(doc);
    return (batch.shingleEnds[d] ?? 0) - (d === 0 ? 0 : (batch.shingleEnds[d - 1] ?? 0));
  }

  /** What verification reads: sketches, and weights once weighed. */
  verifySource(): VerifySource {
    const batches: VerifyBatch[] = this.sketches.map((s, b) => ({
      count: s.count,
      termEnds: s.termEnds,
      terms: s.terms,
      weights: this.weights[b]?.weights ?? new Float32Array(0),
      shingleEnds: s.shingleEnds,
      shingles: s.shingles,
    }));
    return { batches, batchSize: BATCH_SIZE };
  }

  /** Exact copies, then near-duplicate groups among the first copies (main thread: few pairs verify). */
  findVersions(): void {
    const n = this.documents();
    this.copyOf = findCopies(
      n,
      (doc) => {
        const [batch, d] = this.locate(doc);
        return [batch.contentHashes[2 * d] ?? 0, batch.contentHashes[2 * d + 1] ?? 0];
      },
      (doc) => this.hasContent(doc),
    );
    const { bands, jaccard } = this.ctx.near;
    let count = 0;
    for (let doc = 0; doc < n; doc++) if (this.copyOf[doc] === doc && this.shingleCount(doc) > 0) count += 1;
    const docs = new Uint32Array(count);
    const keys = new Uint32Array(count * bands);
    let row = 0;
    for (let doc = 0; doc < n; doc++) {
      if (this.copyOf[doc] !== doc || this.shingleCount(doc) === 0) continue;
      const [batch, d] = this.locate(doc);
      docs[row] = doc;
      keys.set(batch.nearKeys.subarray(d * bands, (d + 1) * bands), row * bands);
      row += 1;
    }
    const source = this.verifySource();
    this.near = findNearGroups({
      n,
      copyOf: this.copyOf,
      docs,
      keys,
      bands,
      jaccard,
      overlapOf: (i, j) => (this.isApart(i, j) ? { jaccard: 0, containment: 0 } : overlapOf(source, i, j)),
    });
    this.nearCandidates = this.near.candidates;
    this.groups = new GroupIndex(this.near.groupOf);
    // What only the near-duplicate pass reads goes now: at a million documents it is ~70 MB.
    for (const batch of this.sketches) {
      batch.nearKeys = EMPTY;
      batch.contentHashes = EMPTY;
    }
  }

  private get groupOf(): Uint32Array {
    if (this.near === undefined) throw new Error('versions are not found yet');
    return this.near.groupOf;
  }

  /** Document frequencies over distinct stories: every document that is not the first of its story (copies,
   * near-duplicates, and versions mostly contained in another) gives back its terms: 200 outlets running one
   * wire story would otherwise make its words look common. */
  storyFrequencies(): StoryFrequencies {
    const n = this.documents();
    const back = new CountTable();
    let stories = 0;
    for (let doc = 0; doc < n; doc++) {
      if (!this.hasContent(doc)) continue;
      if (this.near?.storyOf[doc] === doc) {
        stories += 1;
        continue;
      }
      const [batch, d] = this.locate(doc);
      for (const t of termsOf(batch, d)) back.add(t, 1);
    }
    const all = this.df.freeze();
    const keys = new U32List();
    const counts = new U32List();
    all.sortedKeys.forEach((key, i) => {
      // A term found only in near-duplicates of a story was not in its first version: it keeps no count
      // (and a zero count would read as an empty slot of the idf table).
      const count = (all.counts[i] ?? 0) - back.get(key);
      if (count <= 0) return;
      keys.pushOne(key);
      counts.pushOne(count);
    });
    return { keys: keys.values(), counts: counts.values(), stories };
  }

  /** What weigh does with each document of a batch: skip copies, weigh every version, index group leaders. */
  rolesOf(batch: number): Uint8Array {
    const count = this.sketches[batch]?.count ?? 0;
    const roles = new Uint8Array(count);
    for (let d = 0; d < count; d++) {
      const doc = batch * BATCH_SIZE + d;
      if (this.copyOf[doc] !== doc || !this.hasContent(doc)) roles[d] = SKIP;
      else roles[d] = this.groupOf[doc] === doc ? INDEX : WEIGH;
    }
    return roles;
  }

  addWeights(index: number, batch: WeightBatch): void {
    this.weights[index] = batch;
    // The term frequencies are in the weights now.
    const sketch = this.sketches[index];
    if (sketch !== undefined) sketch.tf = new Uint16Array(0);
  }

  /** Candidate pairs among the indexed versions, within a budget unless --bands was given
   * (lsh/candidates.ts); `params` report the bands and rows used. */
  findCandidates(explicitBands: boolean): Candidates {
    const { bands, rows, numPerm } = this.ctx.params;
    let count = 0;
    for (const w of this.weights) for (let d = 0; d < w.count; d++) count += w.indexed[d] ?? 0;
    const docs = new Uint32Array(count);
    let at = 0;
    this.weights.forEach((w, b) => {
      for (let d = 0; d < w.count; d++) if (w.indexed[d] === 1) docs[at++] = b * BATCH_SIZE + d;
    });
    // Band keys are cut from the batches' signatures in place: a copy of every signature end to end was
    // 512 MB at a million documents.
    const keysFor = (b: number, r: number): Uint32Array => {
      const keys = new Uint32Array(count * b);
      let row = 0;
      for (const w of this.weights) {
        for (let d = 0; d < w.count; d++) {
          if (w.indexed[d] !== 1) continue;
          for (let band = 0; band < b; band++) keys[row * b + band] = combineHashes(w.signatures, d * numPerm + band * r, r);
          row += 1;
        }
      }
      return keys;
    };
    const budget = explicitBands ? Number.POSITIVE_INFINITY : Math.max(MIN_CANDIDATE_BUDGET, CANDIDATES_PER_VERSION * count);
    // The mode fixes the rows; as many bands of them as the signature holds only add recall, and the budget
    // bounds what they cost.
    const firstBands = explicitBands ? bands : Math.floor(numPerm / rows);
    const found = findCandidatesWithin(keysFor, docs, numPerm, firstBands, rows, budget);
    for (const w of this.weights) w.signatures = EMPTY;
    return found;
  }

  /** Clusters from the verified candidates (duplicate mode: the near-duplicate groups are the clusters). */
  finish(
    found: Candidates | undefined,
    scores: Float64Array,
    extra: FinishOptions,
  ): { clusters: Cluster[]; stats: Omit<ClusterStats, 'skipped' | 'elapsedMs'> } {
    const { params, profile } = this.ctx;
    const source = this.verifySource();
    const groups = this.groups as GroupIndex;
    let linked: LinkedCluster[] = [];
    let largeComponents = 0;
    if (found !== undefined) {
      if (this.apart.size > 0)
        for (let p = 0; p < scores.length; p++) if (this.isApart(found.pairs[2 * p] ?? 0, found.pairs[2 * p + 1] ?? 0)) scores[p] = 0;
      const outcome = linkVersions({
        pairs: found.pairs,
        scores,
        threshold: params.threshold,
        scoreOf: (i, j) => (this.isApart(i, j) ? 0 : scoreOf(source, profile.decidesOn, i, j)),
        weightOf: (v) => groups.size(v),
        n: this.documents(),
      });
      linked = outcome.clusters;
      largeComponents = outcome.largeComponents;
      if (profile.attachThreshold > 0) attachLoners(linked, found.pairs, scores, profile.attachThreshold);
    }
    const clusters = assembleClusters({
      ids: extra.ids,
      titles: extra.titles,
      dates: extra.dates,
      ...(extra.texts ? { texts: extra.texts } : {}),
      copyOf: this.copyOf,
      groups,
      nearPairs: this.near?.pairs ?? new Uint32Array(0),
      linked,
      profile,
      minSize: params.minSize,
      measure: (i, j) => measureOf(source, i, j),
      shingleCount: (doc) => this.shingleCount(doc),
      ...(extra.onPair ? { onPair: extra.onPair } : {}),
    });
    return { clusters, stats: this.stats(clusters, found, largeComponents) };
  }

  private stats(
    clusters: readonly Cluster[],
    found: Candidates | undefined,
    largeComponents: number,
  ): Omit<ClusterStats, 'skipped' | 'elapsedMs'> {
    const n = this.documents();
    let copies = 0;
    let nearDuplicates = 0;
    for (let doc = 0; doc < n; doc++) {
      if (this.copyOf[doc] !== doc) copies += 1;
      else if (this.groupOf[doc] !== doc) nearDuplicates += 1;
    }
    const real = clusters.filter((c) => c.size >= 2);
    return {
      documents: n,
      clusters: real.length,
      clustered: real.reduce((sum, c) => sum + c.size, 0),
      copies,
      nearDuplicates,
      versions: n - copies - nearDuplicates,
      candidates: found ? found.pairs.length / 2 : 0,
      nearCandidates: this.nearCandidates,
      largeBuckets: (this.near?.largeBuckets ?? 0) + (found?.largeBuckets ?? 0),
      largestBucket: Math.max(this.near?.largestBucket ?? 0, found?.largestBucket ?? 0),
      largeComponents,
    };
  }
}

export interface FinishOptions {
  ids: readonly string[];
  titles: readonly (string | undefined)[];
  dates: readonly (string | undefined)[];
  texts?: readonly string[];
  onPair?: (pair: PairScore) => void;
}

/** Whether the mode weighs terms and links versions (duplicate mode clusters the near-duplicate groups). */
export function linksVersions(ctx: StageContext): boolean {
  return ctx.params.mode !== 'duplicate';
}
