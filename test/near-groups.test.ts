import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { forEachBucket, MAX_BUCKET } from '../src/lsh/candidates.js';
import { EXACT_NEAR_WORK, exactNearGroups, findNearGroups, nearGroupSteps, overlapsOf, type NearInput } from '../src/cluster/versions.js';
import { UnionFind } from '../src/cluster/union-find.js';

/** The scan as it was before pairs were scored ahead: every overlap asked for as the scan reaches it. */
function scanInOrder(input: NearInput): { groupOf: number[]; storyOf: number[]; pairs: number[]; candidates: number } {
  const { n, copyOf, docs, keys, bands, jaccard, overlapOf } = input;
  const sets = new UnionFind(n, true);
  const stories = new UnionFind(n, true);
  const pairs: number[] = [];
  let candidates = 0;
  forEachBucket(keys, docs.length, bands, (rows) => {
    const checksPerMember = rows.length > MAX_BUCKET ? 16 : rows.length;
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
        pairs.push(i, j);
      }
    }
  });
  return { ...leadersOf(n, copyOf, sets, stories), pairs, candidates };
}

/** Each document's group and story leaders once copies join their first copy. */
function leadersOf(n: number, copyOf: Uint32Array, sets: UnionFind, stories: UnionFind): { groupOf: number[]; storyOf: number[] } {
  for (let d = 0; d < n; d++) {
    sets.union(d, copyOf[d] ?? d);
    stories.union(d, copyOf[d] ?? d);
  }
  return { groupOf: Array.from({ length: n }, (_, d) => sets.find(d)), storyOf: Array.from({ length: n }, (_, d) => stories.find(d)) };
}

/** A deterministic overlap per pair, above the bar for about a third of pairs. */
function overlapOf(i: number, j: number): { jaccard: number; containment: number } {
  const h = Math.imul(i * 7919 + j, 0x9e3779b1) >>> 0;
  const jaccard = (h % 1000) / 1000;
  return { jaccard, containment: Math.min(1, jaccard + ((h >>> 10) % 300) / 1000) };
}

function inputOf(n: number, bands: number, key: (doc: number, band: number) => number): NearInput {
  const docs = Uint32Array.from({ length: n }, (_, d) => d);
  const keys = new Uint32Array(n * bands);
  for (let d = 0; d < n; d++) for (let b = 0; b < bands; b++) keys[d * bands + b] = key(d, b);
  return { n, copyOf: docs.slice(), docs, keys, bands, jaccard: 0.7, overlapOf };
}

function expectSameAsInOrder(input: NearInput): void {
  const found = findNearGroups(input);
  const reference = scanInOrder(input);
  expect(Array.from(found.groupOf)).toEqual(reference.groupOf);
  expect(Array.from(found.storyOf)).toEqual(reference.storyOf);
  expect(Array.from(found.pairs)).toEqual(reference.pairs);
  expect(found.candidates).toBe(reference.candidates);
}

describe('near-duplicate groups with pairs scored ahead', () => {
  it('are the groups of the scan in order, whatever the buckets', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 120 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 40 }),
        fc.nat(),
        (n, bands, spread, seed) =>
          expectSameAsInOrder(
            inputOf(n, bands, (d, b) => ((Math.imul(d + seed, 0x85ebca6b) ^ Math.imul(b + 1, 0x27d4eb2d)) >>> 0) % spread),
          ),
      ),
      { numRuns: 200 },
    );
  });

  it('are the groups of the scan in order with a bucket larger than MAX_BUCKET', () => {
    expectSameAsInOrder(inputOf(MAX_BUCKET + 40, 3, (d, b) => (b === 0 ? 1 : d % 7)));
  });

  it('yield only pairs not yet in one set, and read the overlaps given back', () => {
    const input = inputOf(40, 4, (d) => d % 5);
    const steps = nearGroupSteps(input);
    let asked = 0;
    let step = steps.next();
    while (step.done !== true) {
      const pairs = step.value;
      for (let p = 0; 2 * p < pairs.length; p++) expect(pairs[2 * p] ?? 0).toBeLessThan(pairs[2 * p + 1] ?? 0);
      asked += pairs.length / 2;
      // Every pair given back as a near-duplicate: the first band joins each bucket into one set.
      step = steps.next(overlapsOf(pairs, () => ({ jaccard: 1, containment: 1 })));
    }
    expect(asked).toBe(5 * ((8 * 7) / 2));
    expect(new Set(step.value.groupOf).size).toBe(5);
  });
});

describe('the exact near-duplicate pass of a small run', () => {
  /** Every pair of documents compared, in (i, j) order, by sets of shingles: the groups and stories. */
  function bruteForce(
    n: number,
    copyOf: Uint32Array,
    docs: Uint32Array,
    shingles: Uint32Array[],
    apart: (i: number, j: number) => boolean,
  ) {
    const sets = new UnionFind(n, true);
    const stories = new UnionFind(n, true);
    const pairs: number[] = [];
    for (let a = 0; a < docs.length; a++) {
      for (let b = a + 1; b < docs.length; b++) {
        const i = docs[a] ?? 0;
        const j = docs[b] ?? 0;
        const [x, y] = [new Set(shingles[a]), new Set(shingles[b])];
        const common = [...x].filter((s) => y.has(s)).length;
        if (common === 0 || apart(i, j)) continue;
        if (common / Math.min(x.size, y.size) >= 0.7) stories.union(i, j);
        if (common / (x.size + y.size - common) < 0.7 || sets.find(i) === sets.find(j)) continue;
        sets.union(i, j);
        stories.union(i, j);
        pairs.push(i, j);
      }
    }
    return { ...leadersOf(n, copyOf, sets, stories), pairs };
  }

  // Documents drawn from a few base sets with a few shingles swapped or cut: near-duplicates, truncated
  // copies and strangers, among copies (copyOf) and documents without shingles (not in `docs`).
  const corpus = fc
    .array(
      fc.record({
        base: fc.integer({ min: 0, max: 3 }),
        keep: fc.integer({ min: 4, max: 20 }),
        swap: fc.integer({ min: 0, max: 6 }),
        copyOfEarlier: fc.boolean(),
      }),
      { minLength: 1, maxLength: 30 },
    )
    .map((specs) => {
      const n = specs.length;
      const copyOf = Uint32Array.from({ length: n }, (_, d) => d);
      const docs: number[] = [];
      const shingles: Uint32Array[] = [];
      specs.forEach((spec, d) => {
        if (spec.copyOfEarlier && docs.length > 0) {
          copyOf[d] = docs[docs.length - 1] ?? d;
          return;
        }
        const set = new Set<number>();
        for (let s = 0; s < spec.keep; s++) set.add(spec.base * 1000 + s);
        for (let s = 0; s < spec.swap; s++) set.add(900_000 + d * 100 + s);
        docs.push(d);
        shingles.push(Uint32Array.from(set).sort());
      });
      return { n, copyOf, docs: Uint32Array.from(docs), shingles };
    });

  it('joins what comparing every pair joins, in the same order', () => {
    fc.assert(
      fc.property(corpus, fc.integer({ min: 0, max: 29 }), ({ n, copyOf, docs, shingles }, kept) => {
        const apart = (i: number, j: number): boolean => i === kept || j === kept;
        const exact = exactNearGroups({ n, copyOf, docs, shingles, jaccard: 0.7, apart });
        const expected = bruteForce(n, copyOf, docs, shingles, apart);
        expect(exact).toBeDefined();
        expect([...(exact?.groupOf ?? [])]).toEqual(expected.groupOf);
        expect([...(exact?.storyOf ?? [])]).toEqual(expected.storyOf);
        expect([...(exact?.pairs ?? [])]).toEqual(expected.pairs);
      }),
      { numRuns: 300, seed: 11 },
    );
  });

  it('gives way to the LSH pass past its bound on shared-shingle pairs', () => {
    const docs = Uint32Array.from({ length: 400 }, (_, d) => d);
    const copyOf = Uint32Array.from(docs);
    const pairs = (400 * 399) / 2;
    // 400 documents holding the same shingles: each shingle is `pairs` pairs of holders.
    const holding = (count: number) => Array.from({ length: 400 }, () => Uint32Array.from({ length: count }, (_, s) => s));
    const over = Math.floor(EXACT_NEAR_WORK / pairs) + 1;
    expect(exactNearGroups({ n: 400, copyOf, docs, shingles: holding(over), jaccard: 0.7, apart: () => false })).toBeUndefined();
    expect(exactNearGroups({ n: 400, copyOf, docs, shingles: holding(over - 1), jaccard: 0.7, apart: () => false })).toBeDefined();
  });
});
