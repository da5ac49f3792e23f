/**
 * Versions of a story: exact copies (the same normalised content, found by a 64-bit content hash) and
 * near-duplicate groups (shingle Jaccard at or above the near threshold, joined transitively).
 *
 * Copies cost O(copies): only the first of each set of copies is compared with anything. A near-duplicate
 * group counts once in the document frequencies and stands as one item in the linkage, so a story run by
 * 3,000 outlets costs what one version costs, and its words keep their weight.
 */
import { forEachBucket, MAX_BUCKET } from '../lsh/candidates.js';
import { UnionFind } from './union-find.js';

/**
 * Per document, the first document with the same content hash (itself when it is the first). Documents
 * without content (`hasContent` false) are never copies: there is nothing to compare.
 */
export function findCopies(n: number, hashes: (doc: number) => [number, number], hasContent: (doc: number) => boolean): Uint32Array {
  const copyOf = new Uint32Array(n);
  // 53 bits of the 64-bit hash in a number key (about 1 collision in 2^54 pairs; the rest is checked).
  const first = new Map<number, number>();
  for (let d = 0; d < n; d++) {
    copyOf[d] = d;
    if (!hasContent(d)) continue;
    const [h1, h2] = hashes(d);
    const key = h1 * 0x200000 + (h2 >>> 11);
    const earlier = first.get(key);
    if (earlier === undefined) first.set(key, d);
    else if (hashes(earlier)[1] === h2) copyOf[d] = earlier;
  }
  return copyOf;
}

export interface NearGroups {
  /** Per document: its group's leader (the smallest document number in the group). */
  groupOf: Uint32Array;
  /** Per document: the first document of its story for the document frequencies: near-duplicate groups
   * joined further by containment (a truncated copy, a copy with a pasted local paragraph). */
  storyOf: Uint32Array;
  /** The near-duplicate pairs that joined two sets [i, j, …] (a spanning forest), and their Jaccard. */
  pairs: Uint32Array;
  scores: Float64Array;
  candidates: number;
  largeBuckets: number;
  largestBucket: number;
}

export interface NearInput {
  n: number;
  copyOf: Uint32Array;
  /** Documents that take part (first copies with shingles), in increasing order, and their LSH keys. */
  docs: Uint32Array;
  keys: Uint32Array;
  bands: number;
  jaccard: number;
  /** Jaccard and containment (intersection over the smaller set) of two documents' shingles. */
  overlapOf: (i: number, j: number) => { jaccard: number; containment: number };
}

/** Checks per member of a bucket larger than MAX_BUCKET (members already in its set are not checked). */
const NEAR_CHECKS = 16;

/**
 * Connected components of near-duplicate pairs (Jaccard ≥ `jaccard`). Buckets are scanned with the sets
 * built so far: a pair already in one set needs no check, so a bucket of 2,000 versions of one release
 * costs a few thousand checks after the first band, not 2 million a band. In a bucket larger than
 * MAX_BUCKET a member is checked against at most NEAR_CHECKS members of other sets, so the work stays
 * bounded whatever the input.
 */
export function findNearGroups(input: NearInput): NearGroups {
  const { n, copyOf, docs, keys, bands, jaccard, overlapOf } = input;
  const sets = new UnionFind(n, true);
  const stories = new UnionFind(n, true);
  const kept: number[] = [];
  const scores: number[] = [];
  let candidates = 0;
  let largeBuckets = 0;
  let largestBucket = 0;
  forEachBucket(keys, docs.length, bands, (rows) => {
    largestBucket = Math.max(largestBucket, rows.length);
    if (rows.length > MAX_BUCKET) largeBuckets += 1;
    const checksPerMember = rows.length > MAX_BUCKET ? NEAR_CHECKS : rows.length;
    for (let y = 1; y < rows.length; y++) {
      const j = docs[rows[y] ?? 0] ?? 0;
      let checks = 0;
      for (let x = 0; x < y && checks < checksPerMember; x++) {
        const i = docs[rows[x] ?? 0] ?? 0;
        if (sets.find(i) === sets.find(j)) continue;
        checks += 1;
        candidates += 1;
        const overlap = overlapOf(i, j);
        if (overlap.containment >= jaccard) stories.union(i, j);
        if (overlap.jaccard < jaccard) continue;
        sets.union(i, j);
        stories.union(i, j);
        kept.push(i, j);
        scores.push(overlap.jaccard);
      }
    }
  });
  const groupOf = new Uint32Array(n);
  const storyOf = new Uint32Array(n);
  for (let d = 0; d < n; d++) {
    sets.union(d, copyOf[d] ?? d);
    stories.union(d, copyOf[d] ?? d);
  }
  for (let d = 0; d < n; d++) {
    groupOf[d] = sets.find(d);
    storyOf[d] = stories.find(d);
  }
  return { groupOf, storyOf, pairs: Uint32Array.from(kept), scores: Float64Array.from(scores), candidates, largeBuckets, largestBucket };
}

/** The documents of each group, listed under its leader: `members(leader)` in increasing order. */
export class GroupIndex {
  private readonly starts: Uint32Array;
  private readonly order: Uint32Array;

  constructor(readonly groupOf: Uint32Array) {
    const n = groupOf.length;
    const counts = new Uint32Array(n + 1);
    for (let d = 0; d < n; d++) counts[(groupOf[d] ?? 0) + 1] = (counts[(groupOf[d] ?? 0) + 1] ?? 0) + 1;
    for (let g = 1; g <= n; g++) counts[g] = (counts[g] ?? 0) + (counts[g - 1] ?? 0);
    this.starts = counts.slice();
    this.order = new Uint32Array(n);
    const at = counts;
    for (let d = 0; d < n; d++) {
      const g = groupOf[d] ?? 0;
      this.order[at[g] ?? 0] = d;
      at[g] = (at[g] ?? 0) + 1;
    }
  }

  members(leader: number): Uint32Array {
    return this.order.subarray(this.starts[leader] ?? 0, this.starts[leader + 1] ?? 0);
  }

  size(leader: number): number {
    return (this.starts[leader + 1] ?? 0) - (this.starts[leader] ?? 0);
  }
}
