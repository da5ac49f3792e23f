/** Removing documents (`index remove`, `--older-than`, `--replace`): the store deletes them, and the
 * terms of a story that leaves with them leave the df table. */
import type { StoreWriter } from '../store/store.js';
import { decodeSketch } from './codec.js';
import { forgetWriterCachesOf } from './writer-caches.js';

/** Removes these ids in the caller's transaction; returns how many were stored. */
export async function removeDocuments(tx: StoreWriter, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const { removed, uncounted } = await tx.remove(ids);
  forgetWriterCachesOf(tx);
  if (uncounted.length > 0) {
    const deltas = new Map<number, number>();
    for (const doc of uncounted) for (const term of decodeSketch(doc.sketch).terms) deltas.set(term, (deltas.get(term) ?? 0) - 1);
    await tx.countTerms(Uint32Array.from(deltas.keys()), Int32Array.from(deltas.values()), -uncounted.length);
  }
  return removed;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The time before which documents are older than `days`. */
export function cutoffOf(days: number, now: number): number {
  return now - days * DAY_MS;
}
