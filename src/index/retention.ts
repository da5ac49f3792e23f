/** Removing documents (`index remove`, `--older-than`, `--replace`): the store deletes them, and the
 * terms of a story that leaves with them leave the df table. */
import type { StoreWriter } from '../store/store.js';
import { decodeSketch } from './codec.js';
import { storyFrequenciesOf } from './engine.js';
import { forgetWriterCachesOf } from './writer-caches.js';

/** Removes these ids in the caller's transaction; returns how many were stored. */
export async function removeDocuments(tx: StoreWriter, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const { removed, uncounted } = await tx.remove(ids);
  forgetWriterCachesOf(tx);
  if (uncounted.length > 0) {
    const stories = uncounted.map((doc) => decodeSketch(doc.sketch));
    const { keys, counts } = storyFrequenciesOf(stories);
    await tx.countTerms(
      keys,
      Int32Array.from(counts, (count) => -count),
      -stories.filter((s) => s.shingles.length > 0).length,
    );
  }
  return removed;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The time before which documents are older than `days`. */
export function cutoffOf(days: number, now: number): number {
  return now - days * DAY_MS;
}
