/**
 * What an SQLite connection remembers of the band table between lookups: buckets known to hold more than
 * `perBucket` documents (passed over unread: common terms under the rewrite mode's one-row bands, met by
 * nearly every batch), small buckets read before, with the documents this connection added to them
 * since, and the ids of the document keys met. Reading buckets was the largest cost of `index add` at 100k
 * documents once the df was cached, and a bucket of a few dozen documents is met again by many later
 * batches; an id read by key is a page of the documents table, which outgrows the page cache. All of it
 * holds while no other connection commits (SQLite's data_version) and this one only adds: a removal or a
 * rollback starts over. Memory is bounded: past MAX_REFS cached documents the small buckets and ids are
 * dropped, and past MAX_IDS ids the ids.
 */

const MAX_REFS = 3_000_000;
/** About 40 MB of ids (a Map entry and a short string each). */
const MAX_IDS = 500_000;
const NONE: readonly number[] = [];

/** Band keys as int32, so that Map keys are small integers: band × 2³² + key is a heap number, allocated
 * on every lookup (a tenth of the garbage of `index add`). */
const smi = (key: number): number => key | 0;

export class BucketCache {
  private big: Array<Set<number>> = [];
  private small: Array<Map<number, number[]>> = [];
  private readonly ids = new Map<number, string>();
  private refs = 0;
  private version = -1;
  private limit = -1;

  /** Before a lookup: starts over if another connection committed since, or the limit changed. */
  sync(version: number, perBucket: number): void {
    if (version !== this.version || perBucket !== this.limit) this.clear();
    this.version = version;
    this.limit = perBucket;
  }

  /** The documents under (band, key), ascending, or none when there are more than `perBucket`; `read`
   * fetches up to `limit` of them from the table. */
  get(band: number, key: number, read: (band: number, key: number, limit: number) => number[]): readonly number[] {
    const big = this.bigOf(band);
    if (big.has(smi(key))) return NONE;
    const small = this.smallOf(band);
    const known = small.get(smi(key));
    if (known !== undefined) return known;
    const docs = read(band, key, this.limit + 1);
    if (docs.length > this.limit) {
      big.add(smi(key));
      return NONE;
    }
    if (this.refs + docs.length > MAX_REFS) this.dropSmall();
    small.set(smi(key), docs);
    this.refs += docs.length + 1;
    return docs;
  }

  /** A band row this connection inserted (document keys grow, so the bucket stays in order). */
  added(band: number, key: number, doc: number): void {
    const small = this.smallOf(band);
    const known = small.get(smi(key));
    if (known === undefined) return;
    known.push(doc);
    this.refs += 1;
    if (known.length > this.limit) {
      small.delete(smi(key));
      this.bigOf(band).add(smi(key));
    }
  }

  /** The id of a document key, if known. */
  idOf(doc: number): string | undefined {
    return this.ids.get(doc);
  }

  /** A document key's id, read or inserted by this connection. */
  named(doc: number, id: string): void {
    // An id costs ten times a bucket's document key: the ids have their own, smaller bound.
    if (this.ids.size >= MAX_IDS) this.ids.clear();
    this.ids.set(doc, id);
  }

  clear(): void {
    this.big = [];
    this.dropSmall();
  }

  private dropSmall(): void {
    this.small = [];
    this.ids.clear();
    this.refs = 0;
  }

  private bigOf(band: number): Set<number> {
    let set = this.big[band];
    if (set === undefined) this.big[band] = set = new Set();
    return set;
  }

  private smallOf(band: number): Map<number, number[]> {
    let map = this.small[band];
    if (map === undefined) this.small[band] = map = new Map();
    return map;
  }
}
