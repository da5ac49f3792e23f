/**
 * `index add`: each batch of sketches is decided and written in one transaction, so a killed writer
 * leaves either the whole batch or none of it. A document is, in this order:
 *  - unchanged: its id is stored with the same content (adding a chunk again changes nothing);
 *  - a conflict: its id is stored with other content (an error unless `replace`, which removes the old one);
 *  - a copy: its content hash is stored (or met earlier in the batch): it joins that cluster with score 1,
 *    stores no band keys and does not count in df (copies cost O(copies));
 *  - joined: its best match, among stored LSH candidates and earlier documents of the batch, scores at
 *    or above the threshold: it takes that document's cluster label;
 *  - new: it starts a cluster labelled with its own id.
 * A story counts once in df, by its version with the lowest content hash: a document that is not a copy
 * counts unless a candidate holds most of it or it holds most of a candidate (one story: `oneStory`), and
 * then only when its hash is lower than every such version's, in place of those of them that counted. That
 * is a batch run's rule (cluster/versions.ts, corpus.ts), so that an index's df and a batch run's mean the
 * same (`cluster --idf-from`), in whatever order the documents come.
 * Stores whose writers can commit at the same moment (PostgreSQL) then reconcile: band keys are looked up
 * again, and a match that was not visible when the batch was decided merges the two clusters; two versions
 * of one story counted blind to each other count once (./reconcile.ts, which also says how a check left by
 * a killed writer is run by the next).
 */
import { oneStory } from '../cluster/versions.js';
import { assertSketches } from '../document-check.js';
import { resolveParams } from '../params.js';
import { nearParams } from '../stages/context.js';
import { mostHits, type IndexStore, type NewDocument, type StoreWriter } from '../store/store.js';
import type { ClusterOptions } from '../types.js';
import { encodeSketch } from './codec.js';
import { ALWAYS, cosineBounds } from './bound.js';
import { assertSketchSettings, storyFrequenciesOf, type DocumentSketch } from './engine.js';
import {
  CANDIDATE_LIMITS,
  bandKeysOf,
  likelyMatches,
  loadSketches,
  rankMatches,
  storedCandidates,
  type Match,
  type StoredSketch,
} from './matcher.js';
import { finishLeftoverChecks, keepBatchCheck, reconcileBatch, type BatchCheck, type CheckedDocument } from './reconcile.js';
import { removeDocuments } from './retention.js';
import { assertIndexOptions } from './settings.js';
import { type WriterCaches, writerCachesOf } from './writer-caches.js';

export type AddStatus = 'new' | 'joined' | 'copy' | 'unchanged';

export interface AddOutcome {
  id: string;
  status: AddStatus;
  /** The cluster's label: the id of its first document. */
  cluster: string;
  /** The stored (or same-batch) document that decided it, and the score. */
  match?: string;
  score?: number;
}

export interface AddProblem {
  id: string;
  reason: string;
}

export interface AddContext {
  options: ClusterOptions;
  /** Replace a stored document whose id comes again with other content. */
  replace: boolean;
  /** Milliseconds since the epoch, recorded as the documents' added time. */
  now: number;
}

interface Decided {
  outcomes: AddOutcome[];
  problems: AddProblem[];
  /** Per keyed document, where the batch reconciles: its keys and the ids it was compared with. */
  keyed: CheckedDocument[];
  /** The check kept for after the commit, and its id. */
  check?: { id: string; check: BatchCheck };
  /** What the batch added to the df table, for the cache once it is committed. */
  counted: TermCounts;
  /** Ids of the batch's documents that are new stories: counted in df. */
  stories: Set<string>;
  /** Stored documents no longer counted, by the document of the batch that counts for their story now. */
  uncounted: Map<string, DocumentSketch[]>;
}

/** Deltas per df key (sketch/df-keys.ts). */
interface TermCounts {
  keys: Uint32Array;
  deltas: Int32Array;
}

const NOTHING_COUNTED: TermCounts = { keys: new Uint32Array(0), deltas: new Int32Array(0) };

export async function addBatch(
  store: IndexStore,
  sketches: readonly DocumentSketch[],
  ctx: AddContext,
): Promise<{ outcomes: AddOutcome[]; problems: AddProblem[] }> {
  assertSketches(sketches);
  assertSketchSettings(sketches, ctx.options);
  await assertIndexOptions(store, ctx.options, 'add');
  // Before deciding, so that this batch counts against the df a killed writer's check puts right.
  if (!store.serialWriters) await finishLeftoverChecks(store, ctx.options);
  const caches = writerCachesOf(store);
  let decided: Decided;
  try {
    decided = await store.transaction((tx) => decide(tx, caches, sketches, ctx, !store.serialWriters));
  } catch (error) {
    caches.forget();
    throw error;
  }
  caches.df.committed(decided.counted.keys, decided.counted.deltas);
  if (decided.check !== undefined) {
    const relabels = await reconcileBatch(store, decided.check.id, decided.check.check, ctx.options);
    for (const { from, into } of relabels) for (const outcome of decided.outcomes) if (outcome.cluster === from) outcome.cluster = into;
  }
  return { outcomes: decided.outcomes, problems: decided.problems };
}

/** Splits off unchanged ids and conflicts; removes the documents `replace` replaces. */
async function sortOutIds(
  tx: StoreWriter,
  sketches: readonly DocumentSketch[],
  ctx: AddContext,
  decided: Decided,
): Promise<DocumentSketch[]> {
  const stored = new Map((await tx.documentsByIds(sketches.map((s) => s.id))).map((d) => [d.id, d]));
  const replaced: string[] = [];
  const fresh: DocumentSketch[] = [];
  for (const sketch of sketches) {
    const old = stored.get(sketch.id);
    if (old === undefined) fresh.push(sketch);
    else if (old.contentHash === sketch.contentHash) decided.outcomes.push({ id: sketch.id, status: 'unchanged', cluster: old.cluster });
    else if (ctx.replace) {
      replaced.push(sketch.id);
      fresh.push(sketch);
    } else decided.problems.push({ id: sketch.id, reason: 'already indexed with other content (add --replace to replace it)' });
  }
  // Removing uncounts terms the cache may hold (removeDocuments makes it forget): it reads them again, as
  // this transaction sees them.
  await removeDocuments(tx, replaced, ctx.options);
  return fresh;
}

/** `reconciles`: whether the batch is looked up again after commit (./add.ts header), which needs what
 * each document was compared with. */
async function decide(
  tx: StoreWriter,
  caches: WriterCaches,
  sketches: readonly DocumentSketch[],
  ctx: AddContext,
  reconciles: boolean,
): Promise<Decided> {
  const { options } = ctx;
  const { params } = resolveParams(options);
  const { threshold, bands } = params;
  const near = nearParams(params).jaccard;
  await caches.sync(tx);
  const { df, candidates: cache } = caches;
  const decided: Decided = { outcomes: [], problems: [], keyed: [], counted: NOTHING_COUNTED, stories: new Set(), uncounted: new Map() };
  const fresh = await sortOutIds(tx, sketches, ctx, decided);
  const copies = new Map((await tx.documentsByContent(fresh.map((s) => s.contentHash))).map((d) => [d.contentHash, d]));
  const keysIdf = await df.model(fresh, tx);
  const keys = fresh.map((s) => (copies.has(s.contentHash) ? new Uint32Array(0) : bandKeysOf(s, keysIdf, options)));
  const stored = await storedCandidates(tx, keys, bands, cache);
  const boundOf = cosineBounds(options);
  const bounds = fresh.map((s, i) => (keys[i]?.length === bands ? boundOf(s, keysIdf) : ALWAYS));
  const likely = likelyMatches(stored, bounds);
  const likelySet = new Set(likely.flat());
  await loadSketches(tx, likelySet, cache);
  const scored = [...likelySet].map((c) => c.sketch);
  const idf = await df.extended(scored, tx);

  const batch = new BatchIndex(bands);
  const made: Array<{ sketch: DocumentSketch; keys: Uint32Array; outcome: AddOutcome }> = [];
  for (const [i, sketch] of fresh.entries()) {
    const own = keys[i] as Uint32Array;
    const copy = copies.get(sketch.contentHash) ?? batch.copyOf(sketch.contentHash);
    let outcome: AddOutcome;
    if (copy !== undefined) {
      outcome = { id: sketch.id, status: 'copy', cluster: copy.cluster, match: copy.id, score: 1 };
    } else {
      const inBatch = batch.candidates(own);
      const bound = bounds[i] ?? ALWAYS;
      const storedLikely = likely[i] ?? [];
      const batchLikely = inBatch.filter((c) => bound.mayMatch(c.sketch.terms));
      const best: Match | undefined = rankMatches(sketch, [...storedLikely, ...batchLikely], idf, options)[0];
      outcome =
        best !== undefined && best.score >= threshold
          ? { id: sketch.id, status: 'joined', cluster: best.cluster, match: best.id, score: best.score }
          : { id: sketch.id, status: 'new', cluster: sketch.id };
      const versions = (list: readonly StoredSketch[]): StoredSketch[] =>
        list.filter((c) => oneStory(sketch.shingles, c.sketch.shingles, near));
      if (await countsAsStory(tx, sketch, versions(storedLikely), versions(batchLikely), decided)) decided.stories.add(sketch.id);
      if (reconciles)
        decided.keyed.push({ sketch, keys: own, seen: new Set([...(stored.ids[i] ?? []), ...inBatch.map((c) => c.sketch.id)]) });
    }
    batch.add(sketch, own, outcome.cluster);
    decided.outcomes.push(outcome);
    made.push({ sketch, keys: copy === undefined ? own : new Uint32Array(0), outcome });
  }
  // A later document of the batch may have taken an earlier one's count: the flags are read at the end.
  const rows = made.map(({ sketch, keys, outcome }) => rowOf(sketch, keys, outcome, ctx.now, decided.stories.has(sketch.id)));
  const inserted = await tx.insert(rows);
  decided.counted = await countStories(tx, fresh, decided, inserted);
  await sortOutLateIds(tx, fresh, inserted, decided);
  if (reconciles) await keepCheck(tx, decided, bands, threshold);
  return decided;
}

/** Keeps the batch's check (./reconcile.ts) in its transaction: its documents with band keys to look up. */
async function keepCheck(tx: StoreWriter, decided: Decided, bands: number, threshold: number): Promise<void> {
  const check: BatchCheck = {
    documents: decided.keyed.filter((k) => k.keys.length === bands),
    own: new Set(decided.outcomes.map((o) => o.id)),
    threshold,
  };
  const id = await keepBatchCheck(tx, check);
  if (id !== undefined) decided.check = { id, check };
}

/** A document another writer inserted under the same id since this batch looked (PostgreSQL) was not
 * inserted here: it is reported as unchanged, or refused when its content differs. */
async function sortOutLateIds(
  tx: StoreWriter,
  fresh: readonly DocumentSketch[],
  inserted: ReadonlySet<string>,
  decided: Decided,
): Promise<void> {
  const late = fresh.filter((s) => !inserted.has(s.id));
  if (late.length === 0) return;
  const stored = new Map((await tx.documentsByIds(late.map((s) => s.id))).map((d) => [d.id, d]));
  const lateIds = new Set(late.map((s) => s.id));
  decided.outcomes = decided.outcomes.filter((o) => !lateIds.has(o.id) || o.status === 'unchanged');
  decided.keyed = decided.keyed.filter((k) => !lateIds.has(k.sketch.id));
  for (const sketch of late) {
    const other = stored.get(sketch.id);
    if (other?.contentHash === sketch.contentHash) decided.outcomes.push({ id: sketch.id, status: 'unchanged', cluster: other.cluster });
    else decided.problems.push({ id: sketch.id, reason: 'added by another writer at the same moment with other content' });
  }
}

function rowOf(sketch: DocumentSketch, keys: Uint32Array, outcome: AddOutcome, now: number, counted: boolean): NewDocument {
  const row: NewDocument = {
    id: sketch.id,
    contentHash: sketch.contentHash,
    addedAt: now,
    sketch: encodeSketch(sketch),
    cluster: outcome.cluster,
    keys,
    counted,
  };
  if (sketch.title !== undefined) row.title = sketch.title;
  if (sketch.date !== undefined) row.date = sketch.date;
  return row;
}

/**
 * Whether a document that is not a copy counts its story in df: when it has no version among its candidates
 * (a new story), or when its content hash is lower than all of theirs and it takes the count of those that
 * counted (stored ones are uncounted here; another writer's may have been first).
 */
async function countsAsStory(
  tx: StoreWriter,
  sketch: DocumentSketch,
  storedVersions: readonly StoredSketch[],
  batchVersions: readonly StoredSketch[],
  decided: Decided,
): Promise<boolean> {
  if (storedVersions.length === 0 && batchVersions.length === 0) return true;
  if ([...storedVersions, ...batchVersions].some((c) => c.sketch.contentHash < sketch.contentHash)) return false;
  let took = false;
  for (const c of batchVersions) took = decided.stories.delete(c.sketch.id) || took;
  if (storedVersions.length > 0) {
    const uncounted = new Set(await tx.uncount(storedVersions.map((c) => c.sketch.id)));
    if (uncounted.size > 0)
      decided.uncounted.set(
        sketch.id,
        storedVersions.filter((c) => uncounted.has(c.sketch.id)).map((c) => c.sketch),
      );
    took ||= uncounted.size > 0;
  }
  return took;
}

/** Counts the batch's new stories and takes away those its documents took over: the deltas, for the cache. */
async function countStories(
  tx: StoreWriter,
  fresh: readonly DocumentSketch[],
  decided: Decided,
  inserted: ReadonlySet<string>,
): Promise<TermCounts> {
  const added = fresh.filter((s) => decided.stories.has(s.id) && inserted.has(s.id));
  // A document another writer inserted first (PostgreSQL) does not count here: what it took goes back.
  const given = [...decided.uncounted].filter(([id]) => !inserted.has(id)).flatMap(([, docs]) => docs.map((d) => d.id));
  if (given.length > 0) await tx.markCounted(given);
  const removed = [...decided.uncounted].filter(([id]) => inserted.has(id)).flatMap(([, docs]) => docs);
  if (added.length === 0 && removed.length === 0) return NOTHING_COUNTED;
  const withShingles = (list: readonly { shingles: Uint32Array }[]): number => list.filter((s) => s.shingles.length > 0).length;
  if (removed.length === 0) {
    // The common case (a stored version is seldom taken over): the batch's counts as they come, no merge.
    const { keys, counts } = storyFrequenciesOf(added);
    const counted = { keys, deltas: new Int32Array(counts.buffer, counts.byteOffset, counts.length) };
    await tx.countTerms(counted.keys, counted.deltas, withShingles(added));
    return counted;
  }
  const deltas = new Map<number, number>();
  for (const [stories, sign] of [
    [added, 1],
    [removed, -1],
  ] as const) {
    const { keys, counts } = storyFrequenciesOf(stories);
    keys.forEach((key, k) => deltas.set(key, (deltas.get(key) ?? 0) + sign * (counts[k] ?? 0)));
  }
  const keys = Uint32Array.from([...deltas.keys()].filter((key) => deltas.get(key) !== 0).sort((a, b) => a - b));
  const counted = { keys, deltas: Int32Array.from(keys, (key) => deltas.get(key) ?? 0) };
  await tx.countTerms(counted.keys, counted.deltas, withShingles(added) - withShingles(removed));
  return counted;
}

/** The batch's own documents, so that two near copies in one batch find each other. */
class BatchIndex {
  // One map a band, keyed by the key as int32 (a small integer, not a heap number): a string per band and
  // document was most of the batch's garbage.
  private readonly buckets: Array<Map<number, StoredSketch[]>>;
  private readonly byContent = new Map<string, { id: string; cluster: string }>();
  private added = 0;

  constructor(private readonly bands: number) {
    this.buckets = Array.from({ length: bands }, () => new Map());
  }

  add(sketch: DocumentSketch, keys: Uint32Array, cluster: string): void {
    if (!this.byContent.has(sketch.contentHash)) this.byContent.set(sketch.contentHash, { id: sketch.id, cluster });
    // addedAt numbers the batch's documents in order, for ties between candidates.
    const entry: StoredSketch = { sketch, cluster, addedAt: this.added++ };
    keys.forEach((key, band) => {
      const buckets = this.buckets[band] as Map<number, StoredSketch[]>;
      const bucket = buckets.get(key | 0);
      if (bucket) bucket.push(entry);
      else buckets.set(key | 0, [entry]);
    });
  }

  copyOf(contentHash: string): { id: string; cluster: string } | undefined {
    return this.byContent.get(contentHash);
  }

  /** The batch's documents sharing the most band keys with `keys`, as for stored ones. */
  candidates(keys: Uint32Array): StoredSketch[] {
    if (keys.length !== this.bands) return [];
    const hits = new Map<StoredSketch, number>();
    keys.forEach((key, band) => {
      const bucket = this.buckets[band]?.get(key | 0);
      if (bucket !== undefined && bucket.length <= CANDIDATE_LIMITS.perBucket)
        for (const entry of bucket) hits.set(entry, (hits.get(entry) ?? 0) + 1);
    });
    return mostHits(hits, CANDIDATE_LIMITS.top, (a, b) => a.addedAt - b.addedAt);
  }
}
