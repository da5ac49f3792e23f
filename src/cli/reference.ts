/**
 * `--idf-from INDEX`: an index asked, once per run, for its story frequencies of the run's df keys, which
 * are added to the run's own (ClusterOptions.reference), less the run's stories it already counts. The index
 * is only read, and only for the run's keys and texts: an archive of millions of terms costs what the run's
 * own terms cost.
 */
import { existsSync } from 'node:fs';
import { isPostgresUrl, openStore } from '../store/open.js';
import { StoreError, type IndexStore } from '../store/store.js';
import type { ReferenceCounts } from '../types.js';
import { UsageError } from './errors.js';

/** A reader waits this long for a writer's lock before it gives up. */
const LOCK_TIMEOUT_MS = 30_000;
/** Keys asked in one statement. */
const KEYS_A_QUERY = 100_000;
/** Content hashes asked at a time. */
const TEXTS_A_QUERY = 10_000;

export interface OpenReference {
  reference: ReferenceCounts;
  close(): Promise<void>;
}

export async function openReference(location: string): Promise<OpenReference> {
  if (!isPostgresUrl(location) && !existsSync(location)) throw new UsageError(`--idf-from ${location}: no index here`);
  const store = await named(() => openStore(location, LOCK_TIMEOUT_MS, undefined, true));
  try {
    if ((await named(() => store.settings())) === undefined) throw new UsageError(`--idf-from ${store.location}: an empty index`);
  } catch (error) {
    await store.close();
    throw error;
  }
  const reference: ReferenceCounts = {
    countsOf: (keys) => named(() => countsOf(store, keys)),
    holds: (hashes) => named(() => holds(store, hashes)),
  };
  return { reference, close: () => store.close() };
}

async function countsOf(store: IndexStore, keys: Uint32Array): Promise<Uint32Array> {
  const counts = new Uint32Array(keys.length);
  for (let at = 0; at < keys.length; at += KEYS_A_QUERY) {
    counts.set(await store.documentFrequencies(keys.subarray(at, at + KEYS_A_QUERY)), at);
  }
  return counts;
}

/** The run's texts the index holds: an article indexed and clustered again is one story, not two. */
async function holds(store: IndexStore, hashes: readonly string[]): Promise<Uint8Array> {
  const held = new Uint8Array(hashes.length);
  for (let at = 0; at < hashes.length; at += TEXTS_A_QUERY) {
    const found = await store.heldContent(hashes.slice(at, at + TEXTS_A_QUERY));
    for (let i = at; i < Math.min(hashes.length, at + TEXTS_A_QUERY); i++) if (found.has(hashes[i] ?? '')) held[i] = 1;
  }
  return held;
}

/** A store's one-line errors, named after the flag. */
async function named<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof StoreError) throw new UsageError(`--idf-from ${error.message}`);
    throw error;
  }
}
