/**
 * `--idf-from INDEX`: an index's story frequencies, read once before a batch run and added to the run's
 * own (ClusterOptions.reference). The index is only read.
 */
import { existsSync } from 'node:fs';
import { isPostgresUrl, openStore } from '../store/open.js';
import { StoreError } from '../store/store.js';
import type { StoryFrequencies } from '../types.js';
import { UsageError } from './errors.js';

/** A reader waits this long for a writer's lock before it gives up. */
const LOCK_TIMEOUT_MS = 30_000;

export async function readReference(location: string): Promise<StoryFrequencies> {
  if (!isPostgresUrl(location) && !existsSync(location)) throw new UsageError(`--idf-from ${location}: no index here`);
  try {
    const store = await openStore(location, LOCK_TIMEOUT_MS);
    try {
      if ((await store.settings()) === undefined) throw new StoreError(`${store.location}: an empty index`);
      return await store.storyFrequencies();
    } finally {
      await store.close();
    }
  } catch (error) {
    if (error instanceof StoreError) throw new UsageError(`--idf-from ${error.message}`);
    throw error;
  }
}
