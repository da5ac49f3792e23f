/**
 * What an SQLite connection remembers of the band table between lookups: buckets known to hold more than
 * `perBucket` documents (passed over unread: common terms under the rewrite mode's one-row bands, met by
 * nearly every batch), and small buckets read before, with the documents this connection added to them
 * since. Reading buckets was the largest cost of `index add` at 100k documents once the df was cached, and
 * a bucket of a few dozen documents is met again by many later batches. All of it holds while no other
 * connection commits (SQLite's data_version) and this one only adds: a removal or a rollback starts over.
 * Memory is bounded: past MAX_REFS cached documents the small buckets are dropped.
 */

const MAX_REFS = 3_000_000;
const NONE: readonly number[] = [];

export class BucketCache {
  private readonly big = new Set<number>();
  private readonly small = new Map<number, number[]>();
  private refs = 0;
  private version = -1;
  private limit = -1;

  /** Before a lookup: starts over if another connection committed since, or the limit changed. */
  sync(version: number, perBucket: number): void {
    if (version !== this.version || perBucket !== this.limit) this.clear();
    this.version = version;
    this.limit = perBucket;
  }

  /** The documents under `bk`, ascending, or none when there are more than `perBucket`; `read` fetches up
   * to `limit` of them from the table. */
  get(bk: number, read: (bk: number, limit: number) => number[]): readonly number[] {
    if (this.big.has(bk)) return NONE;
    const known = this.small.get(bk);
    if (known !== undefined) return known;
    const docs = read(bk, this.limit + 1);
    if (docs.length > this.limit) {
      this.big.add(bk);
      return NONE;
    }
    if (this.refs + docs.length > MAX_REFS) {
      this.small.clear();
      this.refs = 0;
    }
    this.small.set(bk, docs);
    this.refs += docs.length + 1;
    return docs;
  }

  /** A band row this connection inserted (document keys grow, so the bucket stays in order). */
  added(bk: number, doc: number): void {
    const known = this.small.get(bk);
    if (known === undefined) return;
    known.push(doc);
    this.refs += 1;
    if (known.length > this.limit) {
      this.small.delete(bk);
      this.big.add(bk);
    }
  }

  clear(): void {
    this.big.clear();
    this.small.clear();
    this.refs = 0;
  }
}
