/**
 * `--idf-from INDEX`: an index asked, once per run, for its story frequencies of the run's df keys, which
 * are added to the run's own (ClusterOptions.reference), less the run's stories it already counts. The index
 * is only read, and only for the run's keys and texts: an archive of millions of terms costs what the run's
 * own terms cost.
 */
import { existsSync } from 'node:fs';
import { isPostgresUrl, openStore } from '../store/open.js';
import { StoreError, type IndexSettings, type IndexStore } from '../store/store.js';
import type { ClusterResult, ReferenceCounts } from '../types.js';
import { UsageError } from './errors.js';

/** A reader waits this long for a writer's lock before it gives up. */
const LOCK_TIMEOUT_MS = 30_000;
/** Keys asked in one statement. */
const KEYS_A_QUERY = 100_000;
/** Content hashes asked at a time. */
const TEXTS_A_QUERY = 10_000;

export interface OpenReference {
  reference: ReferenceCounts;
  /** The settings the index was made with: a run in another mode reads its texts otherwise. */
  settings: IndexSettings;
  close(): Promise<void>;
}

export async function openReference(location: string): Promise<OpenReference> {
  if (!isPostgresUrl(location) && !existsSync(location)) throw new UsageError(`--idf-from ${location}: no index here`);
  const store = await named(() => openStore(location, LOCK_TIMEOUT_MS, undefined, true));
  let settings: IndexSettings | undefined;
  try {
    settings = await named(() => store.settings());
    if (settings === undefined) throw new UsageError(`--idf-from ${store.location}: an empty index`);
  } catch (error) {
    await store.close();
    throw error;
  }
  const reference: ReferenceCounts = {
    countsOf: (keys) => named(() => countsOf(store, keys)),
    holds: (hashes) => named(() => holds(store, hashes)),
  };
  return { reference, settings, close: () => store.close() };
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

/** What a finished run weighed with the index `location` should say, where the reference did less than the
 * user asked of it: `cluster` and `cluster dedup` alike. */
export function referenceWarnings(location: string, made: IndexSettings, result: ClusterResult): string[] {
  const { mode } = result.params;
  // Duplicate mode decides on shingle Jaccard: it never asks the index, so "no stories" would mislead.
  if (mode === 'duplicate') return [`--idf-from ${location} is not read in duplicate mode, which weighs no words`];
  const warnings: string[] = [];
  if (made.mode !== mode) {
    warnings.push(
      `--idf-from ${location} was made in ${made.mode} mode and this run is in ${mode} mode: the index finds a text of the run only if it reads the same in both, so a story it holds may count twice (weigh ${mode} runs with a ${mode} index)`,
    );
  }
  if (result.stats.documents > 0 && result.stats.referenceStories === 0) {
    warnings.push(`--idf-from ${location} counts no stories in the run's languages: the words weigh what they weigh in the run alone`);
  }
  return warnings;
}
