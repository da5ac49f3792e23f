/**
 * The stored candidates a writer read in earlier batches, kept with their decoded terms. Reading the
 * candidates' rows was the largest cost of `index add` at 100k documents (their sketches lie all over a
 * documents table larger than SQLite's page cache, a page read and a copy each), and most are read again:
 * in a 30k add, 85% of the candidates of a batch had been read within the ten batches before. Only the
 * terms stay (the cosine bound needs them): the few candidates that pass it are read whole again.
 * What is kept holds while no other connection commits (the store's version) and this one only adds:
 * a removal, a failed batch or a store that cannot say (PostgreSQL) starts over. Memory is bounded: past
 * MAX_KEPT candidates it starts over too (about a kilobyte each).
 */
import type { StoredCandidate } from './matcher.js';

const MAX_KEPT = 150_000;

export class CandidateCache {
  private readonly known = new Map<string, StoredCandidate>();
  private readonly loaded: StoredCandidate[] = [];
  private version: number | undefined;

  /** At the start of a batch (inside its transaction), with the store's version: starts over unless no
   * other writer committed since; the rows read whole for the last batch are let go. */
  sync(version: number | undefined): void {
    for (const candidate of this.loaded) candidate.release();
    this.loaded.length = 0;
    if (version === undefined || version !== this.version || this.known.size > MAX_KEPT) this.known.clear();
    this.version = version;
  }

  get(id: string): StoredCandidate | undefined {
    return this.known.get(id);
  }

  /** A candidate read whole in this batch: kept, and its row let go at the next `sync`. */
  keep(candidate: StoredCandidate): void {
    this.known.set(candidate.id, candidate);
    this.loaded.push(candidate);
  }

  forget(): void {
    this.known.clear();
    this.version = undefined;
  }
}
