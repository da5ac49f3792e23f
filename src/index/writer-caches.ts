/**
 * What a writer keeps across batches on one open store: the df it read (./df-cache.ts) and the candidates
 * (./candidate-cache.ts). Both hold while no other connection commits (the store's version) and this one
 * only adds; a removal through this connection (SQLite's data_version does not count it) or a failed batch
 * makes both start over.
 */
import type { StoreReader } from '../store/store.js';
import { CandidateCache } from './candidate-cache.js';
import { DfCache } from './df-cache.js';

export class WriterCaches {
  readonly df: DfCache;
  readonly candidates = new CandidateCache();

  constructor(store: StoreReader) {
    this.df = new DfCache(store);
  }

  /** At the start of a batch (inside its transaction): the store's version, read once for both. */
  async sync(reader: StoreReader): Promise<void> {
    const version = await reader.version();
    this.df.sync(version);
    this.candidates.sync(version);
  }

  forget(): void {
    this.df.forget();
    this.candidates.forget();
  }
}

/** The caches of each open store. */
const caches = new WeakMap<StoreReader, WriterCaches>();

export function writerCachesOf(store: StoreReader): WriterCaches {
  let cache = caches.get(store);
  if (cache === undefined) caches.set(store, (cache = new WriterCaches(store)));
  return cache;
}

/** After a removal through this connection: terms it uncounted, labels and documents may have gone. */
export function forgetWriterCachesOf(store: StoreReader): void {
  caches.get(store)?.forget();
}
