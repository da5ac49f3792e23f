/** Removing documents (`index remove`, `--older-than`, `--replace`): the store deletes them, and the
 * terms of a story that leaves with them leave the df table, unless a version of it stays: then the
 * remaining version with the lowest content hash is counted in its place, as a batch run counts a story. */
import { oneStory } from '../cluster/versions.js';
import { resolveParams } from '../params.js';
import { nearParams } from '../stages/context.js';
import type { StoredDocument, StoreWriter } from '../store/store.js';
import type { ClusterOptions } from '../types.js';
import { decodeSketch, type SketchArrays } from './codec.js';
import { storyFrequenciesOf } from './engine.js';
import { CANDIDATE_LIMITS } from './matcher.js';
import { forgetWriterCachesOf } from './writer-caches.js';

/** Removes these ids in the caller's transaction (an index of these options); returns how many were stored. */
export async function removeDocuments(tx: StoreWriter, ids: readonly string[], options: ClusterOptions): Promise<number> {
  if (ids.length === 0) return 0;
  const { removed, uncounted } = await tx.remove(ids);
  forgetWriterCachesOf(tx);
  if (uncounted.length === 0) return removed;
  await count(tx, uncounted.map(sketchOf), -1);
  const heirs = await heirsOf(tx, uncounted, options);
  if (heirs.length > 0) {
    await count(tx, heirs.map(sketchOf), 1);
    await tx.markCounted(heirs.map((doc) => doc.id));
  }
  return removed;
}

/** Adds (sign 1) or takes away (-1) these stories' terms and their number. */
async function count(tx: StoreWriter, stories: readonly SketchArrays[], sign: 1 | -1): Promise<void> {
  const { keys, counts } = storyFrequenciesOf(stories);
  await tx.countTerms(
    keys,
    Int32Array.from(counts, (c) => sign * c),
    sign * stories.filter((s) => s.shingles.length > 0).length,
  );
}

/**
 * For each removed story, its remaining version (one holds most of the other: `oneStory`) with the lowest
 * content hash that is not counted and has no counted version left: it was not counted only because the
 * removed document's hash was lower. Versions are looked up by band keys, as `index add` found them.
 */
async function heirsOf(tx: StoreWriter, gone: readonly StoredDocument[], options: ClusterOptions): Promise<StoredDocument[]> {
  const { params } = resolveParams(options);
  const near = nearParams(params).jaccard;
  const heirs = new Map<string, StoredDocument>();
  const versionsOf = async (doc: StoredDocument): Promise<StoredDocument[]> => {
    if (doc.keys.length !== params.bands) return [];
    const [ids = []] = await tx.candidates(doc.keys, params.bands, CANDIDATE_LIMITS);
    const { shingles } = sketchOf(doc);
    return (await tx.sketches(ids.filter((id) => id !== doc.id))).filter((c) => oneStory(shingles, sketchOf(c).shingles, near));
  };
  for (const doc of gone) {
    const left = (await versionsOf(doc)).filter((c) => !c.counted && !heirs.has(c.id));
    const [lowest] = left.sort((a, b) => (a.contentHash < b.contentHash ? -1 : a.contentHash > b.contentHash ? 1 : a.id < b.id ? -1 : 1));
    if (lowest === undefined || (await versionsOf(lowest)).some((c) => c.counted || heirs.has(c.id))) continue;
    heirs.set(lowest.id, lowest);
  }
  return [...heirs.values()];
}

function sketchOf(doc: StoredDocument): SketchArrays {
  return decodeSketch(doc.sketch, doc.id);
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The time before which documents are older than `days`. */
export function cutoffOf(days: number, now: number): number {
  return now - days * DAY_MS;
}
