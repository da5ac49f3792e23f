/**
 * Versions of a story: exact copies (the same normalised content, found by a 64-bit content hash) and
 * near-duplicate groups (shingle Jaccard at or above the near threshold, joined transitively).
 *
 * Copies cost O(copies): only the first of each set of copies is compared with anything. A near-duplicate
 * group counts once in the document frequencies and stands as one item in the linkage, so a story run by
 * 3,000 outlets costs what one version costs, and its words keep their weight.
 */
import { forEachBucket, MAX_BUCKET } from '../lsh/candidates.js';
import { sortUint32 } from '../sketch/sort.js';
import { U32List } from '../u32-list.js';
import { runSteps, type PairSteps } from './pair-steps.js';
import { setOverlap } from './similarity.js';
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

/** Whether two shingle sets are versions of one story, as the document frequencies count stories: one
 * mostly contained in the other (what joins `storyOf` below; an index decides its stories by it too). */
export function oneStory(a: Uint32Array, b: Uint32Array, jaccard: number): boolean {
  return setOverlap(a, b).containment >= jaccard;
}

export interface NearGroups {
  /** Per document: its group's leader (the smallest document number in the group). */
  groupOf: Uint32Array;
  /** Per document: its story's leader (the first document of the story) for the document frequencies:
   * near-duplicate groups joined further by containment (a truncated copy, a copy with a pasted local
   * paragraph). */
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
  /** Jaccard and containment (intersection over the smaller set) of two documents' shingles: for the
   * pairs of large buckets, scored as the scan reaches them. */
  overlapOf: (i: number, j: number) => { jaccard: number; containment: number };
}

/** Checks per member of a bucket larger than MAX_BUCKET (members already in its set are not checked). */
const NEAR_CHECKS = 16;

/** Buckets up to this size have all their pairs not yet in one set scored ahead of the scan, a batch a
 * band. In a larger bucket most pairs would be skipped once its members join one set as the scan goes. */
const AHEAD_MAX_BUCKET = 8;

/** Each band's buckets (two members or more) as document numbers, kept from one scan of the keys. */
interface BandBuckets {
  members: U32List;
  /** Per bucket, the end of its members. */
  ends: U32List;
  /** Per band, the end of its buckets. */
  bandEnds: number[];
  largeBuckets: number;
  largestBucket: number;
}

function bucketsByBand(keys: Uint32Array, docs: Uint32Array, bands: number): BandBuckets {
  const out: BandBuckets = { members: new U32List(), ends: new U32List(), bandEnds: [], largeBuckets: 0, largestBucket: 0 };
  let band = 0;
  forEachBucket(keys, docs.length, bands, (rows, at) => {
    for (; band < at; band++) out.bandEnds.push(out.ends.length);
    out.largestBucket = Math.max(out.largestBucket, rows.length);
    if (rows.length > MAX_BUCKET) out.largeBuckets += 1;
    for (const row of rows) out.members.pushOne(docs[row] ?? 0);
    out.ends.pushOne(out.members.length);
  });
  for (; band < bands; band++) out.bandEnds.push(out.ends.length);
  return out;
}

/** Bucket b's members: [start, end) in `members`. */
function bucketRange(buckets: BandBuckets, b: number): [number, number] {
  return [b === 0 ? 0 : (buckets.ends.data[b - 1] ?? 0), buckets.ends.data[b] ?? 0];
}

/** The pairs of the small buckets from..to whose members are not in one set yet: [i0, j0, …], i < j. */
function pairsAhead(buckets: BandBuckets, from: number, to: number, sets: UnionFind): Uint32Array {
  const { members } = buckets;
  const out = new U32List();
  for (let b = from; b < to; b++) {
    const [start, end] = bucketRange(buckets, b);
    if (end - start > AHEAD_MAX_BUCKET) continue;
    for (let y = start + 1; y < end; y++) {
      const j = members.data[y] ?? 0;
      for (let x = start; x < y; x++) {
        const i = members.data[x] ?? 0;
        if (sets.find(i) === sets.find(j)) continue;
        out.pushOne(i);
        out.pushOne(j);
      }
    }
  }
  return out.values();
}

/**
 * Connected components of near-duplicate pairs (Jaccard ≥ `jaccard`). Buckets are scanned with the sets
 * built so far: a pair already in one set needs no check, so a bucket of 2,000 versions of one release
 * costs a few thousand checks after the first band, not 2 million a band. In a bucket larger than
 * MAX_BUCKET a member is checked against at most NEAR_CHECKS members of other sets, so the work stays
 * bounded whatever the input.
 *
 * The steps yield, band by band, the pairs of small buckets to be scored ahead ([i0, j0, …]) and take back
 * their overlaps ([jaccard0, containment0, …]): the caller may score them on other threads (they were
 * 18 s of the main thread at a million documents, the workers idle). The scan then runs as before, reading
 * those scores, so the groups are the same whoever scored the pairs.
 */
export function* nearGroupSteps(input: NearInput): PairSteps<NearGroups> {
  const { n, copyOf, docs, keys, bands, jaccard, overlapOf } = input;
  const buckets = bucketsByBand(keys, docs, bands);
  const { members } = buckets;
  const sets = new UnionFind(n, true);
  const stories = new UnionFind(n, true);
  const kept: number[] = [];
  const scores: number[] = [];
  let candidates = 0;
  for (let band = 0, from = 0; band < bands; band++) {
    const to = buckets.bandEnds[band] ?? from;
    const ahead = pairsAhead(buckets, from, to, sets);
    const overlaps = ahead.length > 0 ? yield ahead : new Float64Array(0);
    const scored = new Map<number, number>();
    for (let p = 0; 2 * p < ahead.length; p++) scored.set((ahead[2 * p] ?? 0) * n + (ahead[2 * p + 1] ?? 0), p);
    for (let b = from; b < to; b++) {
      const [start, end] = bucketRange(buckets, b);
      const checksPerMember = end - start > MAX_BUCKET ? NEAR_CHECKS : end - start;
      for (let y = start + 1; y < end; y++) {
        const j = members.data[y] ?? 0;
        let checks = 0;
        for (let x = start; x < y && checks < checksPerMember; x++) {
          const i = members.data[x] ?? 0;
          if (sets.find(i) === sets.find(j)) continue;
          checks += 1;
          candidates += 1;
          const at = scored.get(i * n + j);
          const overlap = at === undefined ? overlapOf(i, j) : { jaccard: overlaps[2 * at] ?? 0, containment: overlaps[2 * at + 1] ?? 0 };
          if (overlap.containment >= jaccard) stories.union(i, j);
          if (overlap.jaccard < jaccard) continue;
          sets.union(i, j);
          stories.union(i, j);
          kept.push(i, j);
          scores.push(overlap.jaccard);
        }
      }
    }
    from = to;
  }
  const { largeBuckets, largestBucket } = buckets;
  return {
    ...versionsOf(n, copyOf, sets, stories),
    pairs: Uint32Array.from(kept),
    scores: Float64Array.from(scores),
    candidates,
    largeBuckets,
    largestBucket,
  };
}

/** The most first copies an exact near-duplicate pass takes: what counting their shared shingles would cost
 * is found by sorting every shingle they hold (~10 ms for 2,000 documents), work lost when it is too much. */
export const EXACT_NEAR_DOCS = 10_000;

/** What an exact near-duplicate pass may cost: pairs of documents holding a shingle, each a count added
 * (~70 ns with its share of the loop: 0.35 s at most). Past it (2,000 lightly edited copies of one story
 * hold each shingle 2,000 times; 10,000 articles of the bench's bigram-chain prose share 34M), the LSH
 * pass's bounded scan is used instead. */
export const EXACT_NEAR_WORK = 5_000_000;

export interface ExactNearInput {
  n: number;
  copyOf: Uint32Array;
  /** Documents that take part (first copies with shingles), in increasing order. */
  docs: Uint32Array;
  /** Each of `docs`' sorted distinct shingles. */
  shingles: readonly Uint32Array[];
  jaccard: number;
  /** Pairs that count as sharing nothing (same-site pages judged different stories). */
  apart: (i: number, j: number) => boolean;
}

/**
 * The near-duplicate pass of a small run (EXACT_NEAR_DOCS), exact: every pair of documents that share a
 * shingle gets its overlap from an inverted index of the shingles, so the groups and the stories (joined
 * by containment: a truncated copy) are what the LSH pass approximates, and the same under any seed. Pairs
 * are joined in (i, j) order; undefined when counting would cost more than EXACT_NEAR_WORK.
 */
export function exactNearGroups(input: ExactNearInput): NearGroups | undefined {
  const { n, copyOf, docs, shingles, jaccard, apart } = input;
  if (sharedPairs(shingles) > EXACT_NEAR_WORK) return undefined;
  const postings = postingsOf(shingles);
  const sets = new UnionFind(n, true);
  const stories = new UnionFind(n, true);
  const kept: number[] = [];
  const scores: number[] = [];
  const shared = new Uint32Array(docs.length);
  let candidates = 0;
  for (let a = 0; a < docs.length; a++) {
    const later = new U32List();
    for (let r = postings.starts[a] ?? 0; r < (postings.starts[a + 1] ?? 0); r++) {
      // The holders after this document's place in the shingle's run: the later documents that hold it.
      const end = postings.ends[postings.runs[r] ?? 0] ?? 0;
      for (let at = (postings.places[r] ?? 0) + 1; at < end; at++) {
        const b = postings.holders[at] ?? 0;
        if (shared[b] === 0) later.pushOne(b);
        shared[b] = (shared[b] ?? 0) + 1;
      }
    }
    const sizeA = shingles[a]?.length ?? 0;
    for (const b of later.values().sort()) {
      const common = shared[b] ?? 0;
      shared[b] = 0;
      const i = docs[a] ?? 0;
      const j = docs[b] ?? 0;
      candidates += 1;
      if (apart(i, j)) continue;
      const sizeB = shingles[b]?.length ?? 0;
      if (common / Math.min(sizeA, sizeB) < jaccard) continue;
      stories.union(i, j);
      const overlap = common / (sizeA + sizeB - common);
      if (overlap < jaccard || sets.find(i) === sets.find(j)) continue;
      sets.union(i, j);
      kept.push(i, j);
      scores.push(overlap);
    }
  }
  return {
    ...versionsOf(n, copyOf, sets, stories),
    pairs: Uint32Array.from(kept),
    scores: Float64Array.from(scores),
    candidates,
    largeBuckets: 0,
    largestBucket: 0,
  };
}

/** Pairs of documents holding a shingle, over all shingles: what counting the shared shingles costs, found
 * by a radix sort of every shingle held (a tenth of what making the postings costs). */
function sharedPairs(shingles: readonly Uint32Array[]): number {
  const all = new Uint32Array(shingles.reduce((sum, set) => sum + set.length, 0));
  let at = 0;
  for (const set of shingles) {
    all.set(set, at);
    at += set.length;
  }
  const sorted = sortUint32(all);
  let pairs = 0;
  for (let start = 0; start < sorted.length; ) {
    let end = start + 1;
    while (end < sorted.length && sorted[end] === sorted[start]) end += 1;
    pairs += ((end - start) * (end - start - 1)) / 2;
    start = end;
  }
  return pairs;
}

interface Postings {
  /** Who holds each shingle, in increasing order: run r of `holders` is [ends[r - 1] (0 for r = 0), ends[r]). */
  holders: Uint32Array;
  ends: Uint32Array;
  /** Document k's shingles as runs: runs[starts[k]] to runs[starts[k + 1]] (exclusive), and its place in
   * each run's holders (places, aligned with runs). */
  runs: Uint32Array;
  places: Uint32Array;
  starts: Uint32Array;
}

function postingsOf(shingles: readonly Uint32Array[]): Postings {
  const starts = new Uint32Array(shingles.length + 1);
  shingles.forEach((set, k) => (starts[k + 1] = (starts[k] ?? 0) + set.length));
  // (shingle, holder) packed in one double: a numeric sort groups the holders of a shingle, ascending, and
  // meets each document's shingles in its own (ascending) order.
  const holderBits = 2 ** Math.max(1, Math.ceil(Math.log2(shingles.length + 1)));
  const packed = new Float64Array(starts[shingles.length] ?? 0);
  let at = 0;
  shingles.forEach((set, k) => {
    for (const shingle of set) packed[at++] = shingle * holderBits + k;
  });
  packed.sort();
  const holders = new Uint32Array(packed.length);
  const runs = new Uint32Array(packed.length);
  const places = new Uint32Array(packed.length);
  const cursor = starts.slice(0, shingles.length);
  const ends = new U32List();
  let previous = -1;
  for (let p = 0; p < packed.length; p++) {
    const value = packed[p] ?? 0;
    const holder = value % holderBits;
    const shingle = (value - holder) / holderBits;
    if (shingle !== previous && p > 0) ends.pushOne(p);
    previous = shingle;
    holders[p] = holder;
    const slot = cursor[holder] ?? 0;
    runs[slot] = ends.length;
    places[slot] = p;
    cursor[holder] = slot + 1;
  }
  ends.pushOne(packed.length);
  return { holders, ends: ends.values(), runs, places, starts };
}

/** Each document's group and story leaders, copies joined to their first copy. */
function versionsOf(n: number, copyOf: Uint32Array, sets: UnionFind, stories: UnionFind): Pick<NearGroups, 'groupOf' | 'storyOf'> {
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
  return { groupOf, storyOf };
}

/** Overlaps of pairs [i0, j0, …] as nearGroupSteps takes them, from `overlapOf`. */
export function overlapsOf(pairs: Uint32Array, overlapOf: NearInput['overlapOf']): Float64Array {
  const out = new Float64Array(pairs.length);
  for (let p = 0; 2 * p < pairs.length; p++) {
    const { jaccard, containment } = overlapOf(pairs[2 * p] ?? 0, pairs[2 * p + 1] ?? 0);
    out[2 * p] = jaccard;
    out[2 * p + 1] = containment;
  }
  return out;
}

/** nearGroupSteps on this thread. */
export function findNearGroups(input: NearInput): NearGroups {
  return runSteps(nearGroupSteps(input), (pairs) => overlapsOf(pairs, input.overlapOf));
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
