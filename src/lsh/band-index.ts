/**
 * The LSH band index: one hash map per band from the band's combined slot values (a number, not a
 * string) to the documents in that bucket. Candidate pairs are the pairs that share any bucket.
 *
 * A bucket that everyone falls into (a shared template that survived boilerplate removal, thousands
 * of empty reprints) would make the pair count quadratic, so buckets larger than `maxBucket` are not
 * expanded into pairs; they are counted and reported instead.
 */
import { combineHashes } from '../sketch/hash.js';

export interface CandidateResult {
  /** Pairs (i < j) of document indexes, flattened: [i0, j0, i1, j1, ...]. */
  pairs: Uint32Array;
  /** Buckets that exceeded the cap and were not expanded. */
  cappedBuckets: number;
}

export class BandIndex {
  private readonly buckets: Array<Map<number, number[]>>;

  constructor(
    readonly bands: number,
    readonly rows: number,
  ) {
    this.buckets = Array.from({ length: bands }, () => new Map<number, number[]>());
  }

  add(doc: number, signature: Uint32Array): void {
    for (let band = 0; band < this.bands; band++) {
      const key = combineHashes(signature, band * this.rows, this.rows);
      const map = this.buckets[band];
      if (map === undefined) continue;
      const bucket = map.get(key);
      if (bucket === undefined) map.set(key, [doc]);
      else bucket.push(doc);
    }
  }

  candidates(maxBucket: number): CandidateResult {
    const seen = new Set<number>();
    const out: number[] = [];
    let cappedBuckets = 0;
    for (const map of this.buckets) {
      for (const bucket of map.values()) {
        if (bucket.length < 2) continue;
        if (bucket.length > maxBucket) {
          cappedBuckets += 1;
          continue;
        }
        for (let x = 0; x < bucket.length; x++) {
          for (let y = x + 1; y < bucket.length; y++) {
            const i = Math.min(bucket[x] ?? 0, bucket[y] ?? 0);
            const j = Math.max(bucket[x] ?? 0, bucket[y] ?? 0);
            if (i === j) continue;
            // Exact in a float64 for up to 2^26 (67M) documents.
            const key = i * 0x4000000 + j;
            if (seen.has(key)) continue;
            seen.add(key);
            out.push(i, j);
          }
        }
      }
    }
    return { pairs: Uint32Array.from(out), cappedBuckets };
  }
}
