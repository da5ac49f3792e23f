/**
 * The reconcile step of `index add`, for stores whose writers can commit at the same moment (PostgreSQL):
 * two batches decided at once cannot see each other, so after its commit a batch looks its band keys up
 * again (./add.ts header).
 *
 * The check is kept in the batch's own transaction (`keepCheck`), then taken, run and dropped in one
 * transaction after the commit. A writer killed or cut off between the two used to skip it, and a story
 * counted twice stayed so; now the check stays kept, and every batch first runs those left over
 * (`finishLeftoverChecks`). A check another transaction holds is passed over (that one runs it) and only
 * the transaction that ran it drops it, so each check runs once; running one twice would change nothing
 * anyway (a relabel and `uncount` apply once).
 */
import { oneStory } from '../cluster/versions.js';
import { resolveParams } from '../params.js';
import { nearParams } from '../stages/context.js';
import { damaged, type IndexStore, type StoreWriter } from '../store/store.js';
import type { ClusterOptions } from '../types.js';
import { DfCache } from './df-cache.js';
import { storyFrequenciesOf, type DocumentSketch } from './engine.js';
import { rankMatches, sketchOf, storedCandidates, type StoredSketch } from './matcher.js';
import { forgetWriterCachesOf } from './writer-caches.js';

/** A document of a batch as its check looks it up again. */
export interface CheckedDocument {
  sketch: DocumentSketch;
  /** Its band keys (one a band). */
  keys: Uint32Array;
  /** The ids it was compared with when the batch was decided. */
  seen: ReadonlySet<string>;
}

/** What a batch's check needs. */
export interface BatchCheck {
  documents: CheckedDocument[];
  /** Every document of the batch: its own pairs were decided together. */
  own: ReadonlySet<string>;
  /** The threshold the batch was decided with: it may differ per command, and a check left over may be run
   * by a writer given another. */
  threshold: number;
}

/** A check as kept: the documents are read back from the index by id, their content hash telling whether
 * the id still holds the same document (`--replace` may have replaced it since). */
interface KeptWork {
  threshold: number;
  /** id, content hash, ids it was compared with. */
  documents: Array<[string, string, string[]]>;
  /** The batch's other documents (copies, unchanged ones, those without band keys). */
  others: string[];
}

/** Clusters merged by a check, in order: `from` was relabelled `into`. */
export type Relabels = Array<{ from: string; into: string }>;

/** Keeps the check of a batch in its transaction; returns its id, or undefined when the batch has nothing
 * to look up again (copies, unchanged documents). */
export async function keepBatchCheck(tx: StoreWriter, check: BatchCheck): Promise<string | undefined> {
  if (check.documents.length === 0) return undefined;
  const listed = new Set(check.documents.map((d) => d.sketch.id));
  const work: KeptWork = {
    threshold: check.threshold,
    documents: check.documents.map((d) => [d.sketch.id, d.sketch.contentHash, [...d.seen]]),
    others: [...check.own].filter((id) => !listed.has(id)),
  };
  return tx.keepCheck(JSON.stringify(work));
}

/**
 * After the commit of the batch that kept check `id`: runs it, unless another writer has taken it (that one
 * runs it). Returns the clusters it merged, so that the batch's outcomes name the merged label.
 */
export async function reconcileBatch(store: IndexStore, id: string, check: BatchCheck, options: ClusterOptions): Promise<Relabels> {
  const ran = await store.transaction(async (tx) => ((await tx.takeCheck(id)) === undefined ? undefined : runCheck(tx, check, options)));
  if (ran?.uncounted === true) forgetWriterCachesOf(store);
  return ran?.relabels ?? [];
}

/** Runs the checks that batches committed and left: their writers were killed or cut off before running
 * them, or are about to (then one of the two runs it). One cheap look when there are none. */
export async function finishLeftoverChecks(store: IndexStore, options: ClusterOptions): Promise<void> {
  let uncounted = false;
  for (const id of await store.pendingChecks()) {
    const ran = await store.transaction(async (tx) => {
      const kept = await tx.takeCheck(id);
      if (kept === undefined) return undefined;
      return runCheck(tx, await checkOf(tx, decodeWork(kept.work, id), options), options);
    });
    uncounted ||= ran?.uncounted === true;
  }
  if (uncounted) forgetWriterCachesOf(store);
}

function decodeWork(text: string, id: string): KeptWork {
  let work: Partial<KeptWork> | undefined;
  try {
    work = JSON.parse(text) as Partial<KeptWork>;
  } catch {
    work = undefined;
  }
  const strings = (list: unknown): boolean => Array.isArray(list) && list.every((s) => typeof s === 'string');
  const wellFormed =
    typeof work?.threshold === 'number' &&
    strings(work.others) &&
    Array.isArray(work.documents) &&
    work.documents.every(
      (d) => Array.isArray(d) && d.length === 3 && typeof d[0] === 'string' && typeof d[1] === 'string' && strings(d[2]),
    );
  if (!wellFormed) throw damaged(undefined, `kept reconcile check ${id} does not decode`);
  return work as KeptWork;
}

/** A kept check with its documents read back; one removed or replaced since has nothing left to check. */
async function checkOf(tx: StoreWriter, work: KeptWork, options: ClusterOptions): Promise<BatchCheck> {
  const { bands } = resolveParams(options).params;
  const ids = work.documents.map(([id]) => id);
  const stored = new Map((await tx.sketches(ids)).map((doc) => [doc.id, doc]));
  const documents: CheckedDocument[] = [];
  // In the batch's order, as its writer would have run the check.
  for (const [id, contentHash, seen] of work.documents) {
    const doc = stored.get(id);
    if (doc?.contentHash !== contentHash || doc.keys.length !== bands) continue;
    documents.push({ sketch: sketchOf(doc), keys: doc.keys, seen: new Set(seen) });
  }
  return { documents, own: new Set([...ids, ...work.others]), threshold: work.threshold };
}

/**
 * Matches that another writer committed at the same moment were invisible when the batch was decided.
 * Whichever of two such batches commits last sees the other here, and merges the two clusters under the
 * smaller label (the same choice from both sides, so concurrent reconciles agree).
 * Two versions of one story decided blind to each other were each counted as a new story: the one with
 * the higher content hash (then id) gives its count back, so the story counts once, as one writer counts it.
 */
async function runCheck(tx: StoreWriter, check: BatchCheck, options: ClusterOptions): Promise<{ relabels: Relabels; uncounted: boolean }> {
  const decidedWith: ClusterOptions = { ...options, threshold: check.threshold };
  const { params } = resolveParams(decidedWith);
  const { threshold, bands } = params;
  const near = nearParams(params).jaccard;
  const stored = await storedCandidates(
    tx,
    check.documents.map((d) => d.keys),
    bands,
  );
  const df = new DfCache(tx);
  const involved = [...check.documents.map((d) => d.sketch), ...[...stored.docs.values()].map((d) => d.sketch)];
  const idf = await df.model(involved);
  const merges: Array<[string, string]> = [];
  const versions: Array<[DocumentSketch, DocumentSketch]> = [];
  check.documents.forEach((entry, i) => {
    const unseen = (stored.ids[i] ?? []).filter((id) => !entry.seen.has(id)).map((id) => stored.docs.get(id) as StoredSketch);
    for (const match of rankMatches(entry.sketch, unseen, idf, decidedWith)) {
      if (match.score >= threshold) merges.push([entry.sketch.id, match.id]);
    }
    // Only another writer's document can be a version this batch did not see.
    for (const other of unseen)
      if (!check.own.has(other.sketch.id) && oneStory(entry.sketch.shingles, other.sketch.shingles, near))
        versions.push([entry.sketch, other.sketch]);
  });
  const relabels: Relabels = [];
  for (const [a, b] of merges) {
    const labels = new Set((await tx.documentsByIds([a, b])).map((d) => d.cluster));
    if (labels.size !== 2) continue;
    const [into, from] = [...labels].sort() as [string, string];
    await tx.relabel(from, into);
    relabels.push({ from, into });
  }
  await countOnce(tx, versions);
  return { relabels, uncounted: versions.length > 0 };
}

/**
 * Of each pair of versions both counted, uncounts the one a batch run would not count (the higher content
 * hash, then id) and takes its terms away. The kept version is uncounted first and counted again: that
 * holds its row, so a third writer taking its count over meanwhile cannot leave the story counted by none;
 * and `uncount` returns a row once, so the two writers of a pair, both reconciling, take its terms away once.
 */
async function countOnce(tx: StoreWriter, versions: ReadonlyArray<readonly [DocumentSketch, DocumentSketch]>): Promise<void> {
  const gone: DocumentSketch[] = [];
  const before = (a: DocumentSketch, b: DocumentSketch): boolean =>
    a.contentHash < b.contentHash || (a.contentHash === b.contentHash && a.id < b.id);
  // Pairs in one order for every writer (kept, then extra id), as countTerms orders its rows: two
  // reconciles holding the same rows lock them in the same order.
  const pairs = versions
    .map(([a, b]) => (before(a, b) ? { kept: a, extra: b } : { kept: b, extra: a }))
    .sort((x, y) => compareIds(x.kept.id, y.kept.id) || compareIds(x.extra.id, y.extra.id));
  for (const { kept, extra } of pairs) {
    if ((await tx.uncount([kept.id])).length === 0) continue;
    if ((await tx.uncount([extra.id])).length > 0) gone.push(extra);
    await tx.markCounted([kept.id]);
  }
  if (gone.length === 0) return;
  const { keys, counts } = storyFrequenciesOf(gone);
  await tx.countTerms(
    keys,
    Int32Array.from(counts, (c) => -c),
    -gone.filter((s) => s.shingles.length > 0).length,
  );
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
