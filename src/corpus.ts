/**
 * The main thread's share of a run, between and after the batch stages: it adds up counts, folds copies
 * and near-duplicates into versions, sets the idf, finds candidates among versions, links them and
 * assembles the result. Pure: no I/O, no threads (the drivers in pipeline.ts own those).
 */
import { linkVersions, attachLoners, type LinkedCluster } from './cluster/average-link.js';
import { assemblySteps, measurePairs } from './cluster/assemble.js';
import { runSteps, type PairSteps } from './cluster/pair-steps.js';
import {
  EXACT_NEAR_DOCS,
  exactNearGroups,
  findCopies,
  GroupIndex,
  nearGroupSteps,
  overlapsOf,
  type NearGroups,
} from './cluster/versions.js';
import type { Banding, BudgetedCandidates, CandidateLimits } from './lsh/candidates.js';
import { CountTable, type FrequencyTable } from './sketch/counts.js';
import { dfKey, isStoriesKey, storiesKey } from './sketch/df-keys.js';
import { sortUint32 } from './sketch/sort.js';
import type { AnalysisBatch } from './stages/analyse.js';
import type { StageContext } from './stages/context.js';
import { contentHashText, termsOf, type SketchBatch } from './stages/select.js';
import { measureOf, overlapOf, scoreOf, shinglesOf, type VerifyBatch, type VerifySource } from './stages/verify.js';
import type { WeighedBatch, WeightRoom } from './stages/band-keys.js';
import { INDEX, SKIP, WEIGH } from './stages/weigh.js';
import { findBoilerplate } from './text/boilerplate.js';
import { SlabPool, Slabs } from './slabs.js';
import { U32List } from './u32-list.js';
import type { Cluster, ClusterStats, PairScore, StoryFrequencies } from './types.js';
import type { StringLookup } from './string-column.js';

const EMPTY = new Uint32Array(0);
/** `textOf` of a document without content. */
const NO_TEXT = 0xffffffff;

/** One number per unordered pair of document numbers (exact below 2^26 documents). */
function pairKey(i: number, j: number): number {
  return Math.min(i, j) * 0x4000000 + Math.max(i, j);
}

/** Members of a near-duplicate group that may lead it (`canonicalLeaders`), and those each is compared with. */
const LEADER_POOL = 32;
const LEADER_SAMPLE = 8;

/** Documents per batch: large enough that messaging costs nothing, small enough to keep workers even. */
export const BATCH_SIZE = 256;

export type Candidates = BudgetedCandidates;
export type { Banding };

/** Candidate pairs a run may verify: at least this many, and this many per version on large runs.
 * Verification costs about a µs a pair. */
const MIN_CANDIDATE_BUDGET = 2_000_000;
const CANDIDATES_PER_VERSION = 40;

export class Corpus {
  private readonly lineCounts = new CountTable();
  private readonly df = new CountTable();
  /** `df` frozen by dfKeys, for the storyFrequencies that follow. */
  private frozenDf: FrequencyTable | undefined;
  readonly sketches: SketchBatch[] = [];
  readonly weights: WeighedBatch[] = [];
  /** What the run keeps per batch, by kind (src/slabs.ts). */
  private readonly slabs: Record<'terms' | 'tf' | 'names' | 'shingles' | 'reading', Slabs>;
  /** Band keys by document number (`setKeys`). */
  private keys: Uint32Array<ArrayBufferLike> = EMPTY;
  /** The banding the weights' band keys were cut at. */
  private banding: Banding | undefined;
  private near: NearGroups | undefined;
  /** Per story (by its leader), the document it is counted by (countedVersions). */
  private counted: Uint32Array | undefined;
  private copyOf: Uint32Array = new Uint32Array(0);
  private groups: GroupIndex | undefined;
  private nearCandidates = 0;
  /** Stories a reference added to the run's languages (storyFrequencies). */
  private referenceStories = 0;
  /** Stories of the run a reference already counts (storyFrequencies). */
  private referenceHeld = 0;
  /** The distinct texts' content hashes and each document's text among them, kept past the near-duplicate
   * pass only for a reference that tells which it holds. */
  private texts: { hashes: string[]; textOf: Uint32Array } | undefined;
  /** Pairs of one site judged different stories (pipeline.ts, same-site boilerplate): they score 0. */
  private readonly apart = new Set<number>();

  constructor(
    readonly ctx: StageContext,
    readonly documents: () => number,
    private readonly pool = new SlabPool(),
  ) {
    this.slabs = {
      terms: new Slabs(pool),
      tf: new Slabs(pool),
      names: new Slabs(pool),
      shingles: new Slabs(pool),
      reading: new Slabs(pool),
    };
  }

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

  /** Keeps a batch's sketch (its arrays in slabs) and counts its document frequencies, which it then drops
   * (~170 MB at a million documents if kept). */
  addSketch(index: number, batch: SketchBatch): void {
    this.df.addAll(batch.dfKeys, batch.dfCounts);
    const { slabs } = this;
    // Names only change weights that a mode multiplies (story); elsewhere they are ~400 MB at a million
    // documents that nothing reads.
    const names = this.ctx.profile.nameWeight !== 1 && linksVersions(this.ctx);
    this.sketches[index] = {
      ...batch,
      terms: slabs.terms.copy(batch.terms),
      tf: slabs.tf.copy(batch.tf),
      nameEnds: names ? batch.nameEnds : EMPTY,
      names: names ? slabs.names.copy(batch.names) : EMPTY,
      shingles: slabs.shingles.copy(batch.shingles),
      reading: slabs.reading.copy(batch.reading),
      dfKeys: EMPTY,
      dfCounts: EMPTY,
    };
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
      weights: this.weights[b]?.weights ?? new Uint16Array(0),
      shingleEnds: s.shingleEnds,
      shingles: s.shingles,
      readingEnds: s.readingEnds,
      reading: s.reading,
    }));
    return { batches, batchSize: BATCH_SIZE, shingleSize: this.ctx.profile.shingleSize };
  }

  /** Exact copies, then near-duplicate groups among the first copies, on this thread. */
  findVersions(): void {
    this.setVersions(runSteps(this.versionSteps(), (pairs) => this.nearOverlaps(pairs)));
  }

  /** Exact copies, then the steps of the near-duplicate pass among the first copies (nearGroupSteps): the
   * caller scores each batch of pairs it yields (`nearOverlaps`, or the workers then `withApart`) and
   * gives the result to `setVersions`. */
  versionSteps(): PairSteps<NearGroups> {
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
    let row = 0;
    for (let doc = 0; doc < n; doc++) if (this.copyOf[doc] === doc && this.shingleCount(doc) > 0) docs[row++] = doc;
    return this.nearSteps(docs, jaccard, bands);
  }

  /** The exact near-duplicate pass in a small run whose documents share few shingles; else the LSH pass. */
  private *nearSteps(docs: Uint32Array, jaccard: number, bands: number): PairSteps<NearGroups> {
    const n = this.documents();
    const source = this.verifySource();
    const apart = (i: number, j: number): boolean => this.isApart(i, j);
    if (docs.length <= EXACT_NEAR_DOCS) {
      const shingles = Array.from(docs, (doc) => shinglesOf(source, doc));
      const exact = exactNearGroups({ n, copyOf: this.copyOf, docs, shingles, jaccard, apart });
      if (exact !== undefined) return exact;
    }
    const keys = new Uint32Array(docs.length * bands);
    docs.forEach((doc, at) => {
      const [batch, d] = this.locate(doc);
      keys.set(batch.nearKeys.subarray(d * bands, (d + 1) * bands), at * bands);
    });
    return yield* nearGroupSteps({
      n,
      copyOf: this.copyOf,
      docs,
      keys,
      bands,
      jaccard,
      overlapOf: (i, j) => (apart(i, j) ? { jaccard: 0, containment: 0 } : overlapOf(source, i, j)),
    });
  }

  /** Overlaps of pairs [i0, j0, …] of the near-duplicate pass, on this thread. */
  nearOverlaps(pairs: Uint32Array): Float64Array {
    const source = this.verifySource();
    return this.withApart(
      pairs,
      overlapsOf(pairs, (i, j) => overlapOf(source, i, j)),
    );
  }

  /** Overlaps scored elsewhere, with the pairs kept apart (keepApart) set to 0. */
  withApart(pairs: Uint32Array, overlaps: Float64Array): Float64Array {
    if (this.apart.size === 0) return overlaps;
    for (let p = 0; 2 * p < pairs.length; p++) {
      if (!this.isApart(pairs[2 * p] ?? 0, pairs[2 * p + 1] ?? 0)) continue;
      overlaps[2 * p] = 0;
      overlaps[2 * p + 1] = 0;
    }
    return overlaps;
  }

  setVersions(found: NearGroups): void {
    const near = { ...found, groupOf: this.canonicalLeaders(found.groupOf) };
    this.near = near;
    this.counted = this.countedVersions(near.storyOf);
    this.nearCandidates = this.near.candidates;
    this.groups = new GroupIndex(this.near.groupOf);
    if (this.ctx.reference?.holds !== undefined && linksVersions(this.ctx)) this.texts = this.textsOf();
    // What only the near-duplicate pass reads goes now: at a million documents it is ~70 MB.
    for (const batch of this.sketches) {
      batch.nearKeys = EMPTY;
      batch.contentHashes = EMPTY;
    }
  }

  /**
   * Each near-duplicate group led by its most typical member (the highest shingle Jaccard summed over a
   * sample of the group) instead of its first in input order: the leader is the version LSH and the linkage
   * score the group by, so any order gives the same scores. Members are taken by content hash, so the
   * choice depends on the texts alone; a group of thousands is judged on LEADER_POOL of them.
   */
  private canonicalLeaders(groupOf: Uint32Array): Uint32Array {
    const n = this.documents();
    const members = new Map<number, number[]>();
    for (let doc = 0; doc < n; doc++) {
      if (this.copyOf[doc] !== doc || !this.hasContent(doc)) continue;
      const group = groupOf[doc] ?? doc;
      const list = members.get(group);
      if (list === undefined) members.set(group, [doc]);
      else list.push(doc);
    }
    const leaderOf = new Map<number, number>();
    const source = this.verifySource();
    for (const [group, list] of members) {
      if (list.length === 1) continue;
      const pool = list.sort((a, b) => (this.hashBelow(a, b) ? -1 : 1)).slice(0, LEADER_POOL);
      const sample = pool.slice(0, LEADER_SAMPLE);
      let leader = pool[0] ?? group;
      let best = Number.NEGATIVE_INFINITY;
      for (const doc of pool) {
        let typical = 0;
        for (const other of sample) typical += other === doc ? 1 : overlapOf(source, doc, other).jaccard;
        if (typical > best) {
          best = typical;
          leader = doc;
        }
      }
      leaderOf.set(group, leader);
    }
    return Uint32Array.from(groupOf, (group) => leaderOf.get(group) ?? group);
  }

  /** Whether a's content hash is below b's. */
  private hashBelow(a: number, b: number): boolean {
    const [batchA, da] = this.locate(a);
    const [batchB, db] = this.locate(b);
    const [a1, a2] = [batchA.contentHashes[2 * da] ?? 0, batchA.contentHashes[2 * da + 1] ?? 0];
    const [b1, b2] = [batchB.contentHashes[2 * db] ?? 0, batchB.contentHashes[2 * db + 1] ?? 0];
    return a1 < b1 || (a1 === b1 && a2 < b2);
  }

  /**
   * Per story (by its leader), the version its terms are counted by: the one with the lowest content hash,
   * as an index counts it (index/add.ts), so that the same documents in any order weigh their words alike.
   * (The first version in input order made a shuffled ECB+ move 26 of its 496 documents.)
   */
  private countedVersions(storyOf: Uint32Array): Uint32Array {
    const n = this.documents();
    const counted = new Uint32Array(n).fill(NO_TEXT);
    for (let doc = 0; doc < n; doc++) {
      if (this.copyOf[doc] !== doc || !this.hasContent(doc)) continue;
      const story = storyOf[doc] ?? doc;
      const holder = counted[story] ?? NO_TEXT;
      if (holder === NO_TEXT || this.hashBelow(doc, holder)) counted[story] = doc;
    }
    return counted;
  }

  private get groupOf(): Uint32Array {
    return this.nearGroups().groupOf;
  }

  /** Each first copy's content hash (its copies share it); a document without content has none. */
  private textsOf(): { hashes: string[]; textOf: Uint32Array } {
    const n = this.documents();
    const hashes: string[] = [];
    const textOf = new Uint32Array(n).fill(NO_TEXT);
    for (let doc = 0; doc < n; doc++) {
      if (this.copyOf[doc] !== doc || !this.hasContent(doc)) continue;
      const [batch, d] = this.locate(doc);
      textOf[doc] = hashes.length;
      hashes.push(contentHashText(batch.contentHashes, d));
    }
    for (let doc = 0; doc < n; doc++) if (this.copyOf[doc] !== doc) textOf[doc] = textOf[this.copyOf[doc] ?? doc] ?? NO_TEXT;
    return { hashes, textOf };
  }

  /** The content hashes of the run's distinct texts: what a reference is asked whether it holds. */
  distinctTexts(): readonly string[] {
    return this.keptTexts().hashes;
  }

  private keptTexts(): { hashes: string[]; textOf: Uint32Array } {
    if (this.texts === undefined) throw new Error('distinct texts are kept only for a reference with holds, after the versions');
    return this.texts;
  }

  private nearGroups(): NearGroups {
    if (this.near === undefined) throw new Error('versions are not found yet');
    return this.near;
  }

  /** The df keys of the run's documents (each term's per language, and each language's stories), sorted:
   * what a reference is asked to count (`storyFrequencies`). */
  dfKeys(): Uint32Array {
    this.frozenDf ??= this.df.freeze();
    return this.frozenDf.sortedKeys;
  }

  /** Document frequencies over distinct stories: every document that is not the first of its story (copies,
   * near-duplicates, and versions mostly contained in another) gives back its terms: 200 outlets running one
   * wire story would otherwise make its words look common. Counted per language, with each language's
   * stories (sketch/df-keys.ts), plus `referenceCounts`, a reference's counts of the keys of `dfKeys()`.
   * A story with a text the reference holds (`held`, 1 per text of `distinctTexts()`) is the reference's
   * to count: the run gives all its terms back. */
  storyFrequencies(referenceCounts?: Uint32Array, held?: Uint8Array): StoryFrequencies {
    const frozen = this.frozenDf ?? this.df.freeze();
    // Kept only between dfKeys and here: the run keeps the frequencies made here.
    this.frozenDf = undefined;
    const all = { keys: frozen.sortedKeys, counts: frozen.counts };
    if (referenceCounts !== undefined && referenceCounts.length !== all.keys.length) {
      throw new RangeError(`a reference gave ${referenceCounts.length} counts for ${all.keys.length} keys`);
    }
    const n = this.documents();
    const heldStory = this.heldStories(held);
    const back = new CountTable();
    const { storyOf } = this.nearGroups();
    for (let doc = 0; doc < n; doc++) {
      const story = storyOf[doc] ?? doc;
      if (!this.hasContent(doc) || (this.counted?.[story] === doc && heldStory?.[story] !== 1)) continue;
      const [batch, d] = this.locate(doc);
      const language = batch.langs[d] ?? 0;
      for (const t of termsOf(batch, d)) back.add(dfKey(t, language), 1);
      back.add(storiesKey(language), 1);
    }
    const keys = new U32List();
    const counts = new U32List();
    this.referenceStories = 0;
    all.keys.forEach((key, i) => {
      if (isStoriesKey(key)) this.referenceStories += referenceCounts?.[i] ?? 0;
      // A term found only in versions of a story other than the one it counts by keeps no count
      // (and a zero count would read as an empty slot of the idf table).
      const count = (all.counts[i] ?? 0) - back.get(key) + (referenceCounts?.[i] ?? 0);
      if (count <= 0) return;
      keys.pushOne(key);
      counts.pushOne(count);
    });
    return { keys: keys.values(), counts: counts.values() };
  }

  /** 1 at each story (by its leader) with a text the reference holds; counts them. */
  private heldStories(held: Uint8Array | undefined): Uint8Array | undefined {
    this.referenceHeld = 0;
    if (held === undefined) return undefined;
    const n = this.documents();
    const heldStory = new Uint8Array(n);
    const { hashes, textOf } = this.keptTexts();
    if (held.length !== hashes.length) throw new RangeError(`a reference told of ${held.length} texts for ${hashes.length} asked`);
    const { storyOf } = this.nearGroups();
    for (let doc = 0; doc < n; doc++) {
      const text = textOf[doc] ?? NO_TEXT;
      if (text === NO_TEXT || held[text] !== 1) continue;
      const story = storyOf[doc] ?? doc;
      if (heldStory[story] === 1) continue;
      heldStory[story] = 1;
      this.referenceHeld += 1;
    }
    this.texts = undefined;
    return heldStory;
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

  /** The banding weigh cuts band keys at: as many bands of the mode's rows as the signature holds (the
   * mode fixes the rows; more bands only add recall, and the budget bounds what they cost), or --bands. */
  firstBanding(explicitBands: boolean): Banding {
    const { bands, rows, numPerm } = this.ctx.params;
    return { bands: explicitBands ? bands : Math.floor(numPerm / rows), rows };
  }

  /** Where batch `index`'s weights and band keys are to be written (`placeWeights`, stages/band-keys.ts).
   * The weights take the place of the term frequencies they are made from: one 16-bit number per term
   * each, and the frequencies are read no more (a new array for the weights was 357 MB more at the end of
   * weighing at a million documents, while the frequencies' slabs waited for a collection). */
  weightRoom(index: number, banding: Banding): WeightRoom {
    const sketch = this.sketches[index];
    if (sketch === undefined) throw new RangeError(`batch ${index} has no sketch`);
    this.roomForKeys(banding);
    const from = index * BATCH_SIZE * banding.bands;
    return {
      weights: sketch.tf,
      keys: this.keys.subarray(from, from + sketch.count * banding.bands),
    };
  }

  /** Batch `index` is weighed into its room: which of its documents are indexed. */
  addWeights(index: number, room: WeightRoom, indexed: Uint8Array): void {
    const sketch = this.sketches[index];
    if (sketch === undefined) throw new RangeError(`batch ${index} has no sketch`);
    this.weights[index] = { count: sketch.count, weights: room.weights, indexed };
    // The term frequencies and names are in the weights now (which are written over the frequencies).
    this.slabs.names.release(sketch.names);
    sketch.tf = new Uint16Array(0);
    sketch.names = EMPTY;
    sketch.nameEnds = EMPTY;
  }

  /** The run's band keys, by document number, in shared memory (the workers write them in place). */
  private roomForKeys(banding: Banding): void {
    const size = this.documents() * banding.bands;
    if (this.banding?.bands === banding.bands && this.banding.rows === banding.rows && this.keys.length === size) return;
    this.keys = new Uint32Array(new SharedArrayBuffer(4 * size));
    this.banding = banding;
  }

  /** A batch's band keys cut again at another banding (`rekeyBatch`). */
  setKeys(index: number, keys: Uint32Array, banding: Banding): void {
    this.roomForKeys(banding);
    this.keys.set(keys, index * BATCH_SIZE * banding.bands);
  }

  /** The indexed versions, in increasing order: the rows of the candidate stage (which begins here: the
   * slabs released while weighing go). */
  indexedDocs(): Uint32Array {
    this.pool.drain();
    let count = 0;
    for (const w of this.weights) for (let d = 0; d < w.count; d++) count += w.indexed[d] ?? 0;
    const docs = new Uint32Array(count);
    let at = 0;
    this.weights.forEach((w, b) => {
      for (let d = 0; d < w.count; d++) if (w.indexed[d] === 1) docs[at++] = b * BATCH_SIZE + d;
    });
    return docs;
  }

  /** Candidate pairs a run of `versions` indexed versions may verify (unlimited with --bands). */
  candidateBudget(explicitBands: boolean, versions: number): number {
    return explicitBands ? Number.POSITIVE_INFINITY : Math.max(MIN_CANDIDATE_BUDGET, CANDIDATES_PER_VERSION * versions);
  }

  /** The budget, and what the first bands of a banding over it may give in the mode's LSH (the least budget
   * of any run, a few seconds of verification whatever the run's size: `ModeProfile.prefixBands`). */
  candidateLimits(explicitBands: boolean, versions: number): CandidateLimits {
    const budget = this.candidateBudget(explicitBands, versions);
    const prefix = this.ctx.profile.prefixBands ? Math.min(budget, MIN_CANDIDATE_BUDGET) : 0;
    return { budget, prefix, threshold: this.ctx.profile.lshThreshold };
  }

  /** Whether a run verifies every pair of its `versions` indexed versions (up to ~2,000): when all of them
   * fit the least budget any run gets, LSH would save nothing and could only miss a pair whose similarity
   * lies below the top terms it sketches, with a probability that the seed moves. Not with --bands. */
  verifiesAllPairs(explicitBands: boolean, versions: number): boolean {
    return !explicitBands && (versions * (versions - 1)) / 2 <= MIN_CANDIDATE_BUDGET;
  }

  /** The band keys of the indexed versions end to end (`indexedDocs` order), for the candidate stage, which
   * then owns them: the run's array compacted in place. */
  takeKeys(banding: Banding, versions: number): Uint32Array {
    if (versions === 0) return new Uint32Array(0);
    if (this.banding?.bands !== banding.bands || this.banding.rows !== banding.rows)
      throw new Error(`band keys were cut at ${this.banding?.bands}×${this.banding?.rows}, not ${banding.bands}×${banding.rows}`);
    const { bands } = banding;
    const keys = this.keys;
    let row = 0;
    this.weights.forEach((w, b) => {
      for (let d = 0; d < w.count; d++) {
        if (w.indexed[d] !== 1) continue;
        const doc = b * BATCH_SIZE + d;
        if (row !== doc) keys.copyWithin(row * bands, doc * bands, (doc + 1) * bands);
        row += 1;
      }
    });
    if (row !== versions) throw new Error(`${row} indexed versions, not ${versions}`);
    this.keys = EMPTY;
    this.banding = undefined;
    return keys.subarray(0, versions * bands);
  }

  /** The measures of pairs [i0, j0, …] that assembly asks for, packed (assemblySteps), on this thread. */
  measurePairs(pairs: Uint32Array): Float64Array {
    const source = this.verifySource();
    return measurePairs(pairs, (i, j) => measureOf(source, i, j));
  }

  /** Clusters from the verified candidates (duplicate mode: the near-duplicate groups are the clusters), in
   * steps (assemblySteps): the caller measures each batch of pairs it yields (`measurePairs`, or the
   * workers). The candidates and their scores are dropped from `verified` once linked: at a million
   * documents they are 250 MB, and assembly allocates most of the run's objects. */
  *finishSteps(
    verified: Verified | undefined,
    extra: FinishOptions,
  ): PairSteps<{ clusters: Cluster[]; stats: Omit<ClusterStats, 'skipped' | 'elapsedMs'> }> {
    const { params, profile } = this.ctx;
    const source = this.verifySource();
    const groups = this.groups as GroupIndex;
    const found =
      verified === undefined
        ? undefined
        : {
            candidates: verified.found.pairs.length / 2,
            largeBuckets: verified.found.largeBuckets,
            largestBucket: verified.found.largestBucket,
          };
    const { linked, largeComponents } = verified === undefined ? { linked: [], largeComponents: 0 } : this.link(verified, source);
    const clusters = yield* assemblySteps({
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

  /** Links the versions of the verified pairs (and attaches loners), then drops the pairs. */
  private link(verified: Verified, source: VerifySource): { linked: LinkedCluster[]; largeComponents: number } {
    const { params, profile } = this.ctx;
    const { pairs } = verified.found;
    const { scores } = verified;
    if (this.apart.size > 0)
      for (let p = 0; p < scores.length; p++) if (this.isApart(pairs[2 * p] ?? 0, pairs[2 * p + 1] ?? 0)) scores[p] = 0;
    const groups = this.groups as GroupIndex;
    const measure = {
      scoreOf: (i: number, j: number) => (this.isApart(i, j) ? 0 : scoreOf(source, profile.decidesOn, i, j)),
      weightOf: (v: number) => groups.size(v),
    };
    const outcome = linkVersions({ pairs, scores, threshold: params.threshold, ...measure, n: this.documents() });
    if (profile.attachThreshold > 0) attachLoners(outcome.clusters, pairs, scores, profile.attachThreshold, measure);
    verified.found.pairs = EMPTY;
    verified.scores = new Float64Array(0);
    return { linked: outcome.clusters, largeComponents: outcome.largeComponents };
  }

  private stats(
    clusters: readonly Cluster[],
    found: { candidates: number; largeBuckets: number; largestBucket: number } | undefined,
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
      candidates: found?.candidates ?? 0,
      nearCandidates: this.nearCandidates,
      largeBuckets: (this.near?.largeBuckets ?? 0) + (found?.largeBuckets ?? 0),
      largestBucket: Math.max(this.near?.largestBucket ?? 0, found?.largestBucket ?? 0),
      largeComponents,
      referenceStories: this.referenceStories,
      referenceHeld: this.referenceHeld,
    };
  }
}

/** The candidate pairs and their verified scores, as `finish` takes them (and empties them). */
export interface Verified {
  found: Candidates;
  scores: Float64Array;
}

export interface FinishOptions {
  ids: StringLookup;
  titles: StringLookup;
  dates: StringLookup;
  texts?: readonly string[];
  onPair?: (pair: PairScore) => void;
}

/** Whether the mode weighs terms and links versions (duplicate mode clusters the near-duplicate groups). */
export function linksVersions(ctx: StageContext): boolean {
  return ctx.params.mode !== 'duplicate';
}
