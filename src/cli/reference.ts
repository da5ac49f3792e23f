/**
 * `--idf-from INDEX`: an index asked, once per run, for its story frequencies of the run's df keys, which
 * are added to the run's own (ClusterOptions.reference). The index is only read, and only the run's keys:
 * an archive of millions of terms costs what the run's own terms cost.
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

export interface OpenReference {
  reference: ReferenceCounts;
  close(): Promise<void>;
}

export async function openReference(location: string): Promise<OpenReference> {
  if (!isPostgresUrl(location) && !existsSync(location)) throw new UsageError(`--idf-from ${location}: no index here`);
  const store = await named(() => openStore(location, LOCK_TIMEOUT_MS));
  try {
    if ((await named(() => store.settings())) === undefined) throw new UsageError(`--idf-from ${store.location}: an empty index`);
  } catch (error) {
    await store.close();
    throw error;
  }
  return { reference: { countsOf: (keys) => named(() => countsOf(store, keys)) }, close: () => store.close() };
}

async function countsOf(store: IndexStore, keys: Uint32Array): Promise<Uint32Array> {
  const counts = new Uint32Array(keys.length);
  for (let at = 0; at < keys.length; at += KEYS_A_QUERY) {
    counts.set(await store.documentFrequencies(keys.subarray(at, at + KEYS_A_QUERY)), at);
  }
  return counts;
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
