import { describe, expect, it } from 'vitest';
import { EXACT_LIMIT, linkVersions, type LinkInput } from '../src/cluster/average-link.js';

type Pair = [number, number, number];

const key = (i: number, j: number): string => (i < j ? `${i},${j}` : `${j},${i}`);

/** A linkage input where the verified pairs are `verified` and any other pair scores as in `exact` (else 0). */
function inputOf(n: number, verified: Pair[], threshold: number, exact: Pair[] = [], weightOf: (v: number) => number = () => 1): LinkInput {
  const table = new Map<string, number>();
  for (const [i, j, s] of [...exact, ...verified]) table.set(key(i, j), s);
  return {
    pairs: Uint32Array.from(verified.flatMap(([i, j]) => [i, j])),
    scores: Float64Array.from(verified.map(([, , s]) => s)),
    threshold,
    scoreOf: (i, j) => table.get(key(i, j)) ?? 0,
    weightOf,
    n,
  };
}

const groupsOf = (input: LinkInput): number[][] =>
  linkVersions(input)
    .clusters.map((c) => c.versions)
    .sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0));

/** Every version is in at most one cluster (the others are singletons): exactly once overall. */
function expectEachOnce(groups: number[][], n: number): void {
  const seen = groups.flat();
  expect(new Set(seen).size).toBe(seen.length);
  expect(seen.every((v) => Number.isInteger(v) && v >= 0 && v < n)).toBe(true);
  for (const g of groups) expect([...g]).toEqual([...g].sort((a, b) => a - b));
}

describe('linkVersions (average link)', () => {
  // Two tight stories {0,1,2} and {3,4,5}; version 6 is a roundup that matches one member of each.
  const pairs: Pair[] = [
    [0, 1, 0.9],
    [0, 2, 0.8],
    [1, 2, 0.85],
    [3, 4, 0.9],
    [3, 5, 0.8],
    [4, 5, 0.85],
    [2, 6, 0.5],
    [3, 6, 0.5],
  ];

  it('keeps a roundup from gluing two stories together, though the verified pairs connect them', () => {
    const groups = groupsOf(inputOf(7, pairs, 0.4));
    expect(groups).toEqual([
      [0, 1, 2],
      [3, 4, 5],
    ]);
    expect(groups.some((g) => g.includes(0) && g.includes(3))).toBe(false);
  });

  it('keeps the stories apart however many copies each version stands for', () => {
    for (const weights of [
      [50, 1, 1, 1, 50, 1, 1],
      [1, 1, 300, 300, 1, 1, 1],
      [1, 1, 1, 1, 1, 1, 500],
      [9, 8, 7, 6, 5, 4, 3],
    ]) {
      const groups = groupsOf(inputOf(7, pairs, 0.4, [], (v) => weights[v] ?? 1));
      expect(groups.some((g) => g.includes(0) && g.includes(3))).toBe(false);
      expectEachOnce(groups, 7);
    }
  });

  it('lists every version exactly once: linked ones in one cluster, the rest as singletons', () => {
    const input = inputOf(9, pairs, 0.4);
    const groups = groupsOf(input);
    expectEachOnce(groups, 9);
    const clustered = new Set(groups.flat());
    const singletons = [...Array(9).keys()].filter((v) => !clustered.has(v));
    expect([...clustered, ...singletons].sort((a, b) => a - b)).toEqual([...Array(9).keys()]);
    expect(singletons).toEqual([6, 7, 8]);
    expect(linkVersions(input).largeComponents).toBe(0);
  });

  it('measures the pairs LSH did not propose instead of reading them as 0', () => {
    // Only 0–1 and 1–2 were verified; 0–2 is scored exactly by the linkage.
    const chain: Pair[] = [
      [0, 1, 0.9],
      [1, 2, 0.9],
    ];
    expect(groupsOf(inputOf(3, chain, 0.5, [[0, 2, 0.8]]))).toEqual([[0, 1, 2]]);
    // If 0–2 really is 0, the mean of 2 to {0, 1} is 0.45, below the threshold: 2 stays out.
    expect(groupsOf(inputOf(3, chain, 0.5, [[0, 2, 0]]))).toEqual([[0, 1]]);
  });

  it('summarises the exact pair scores inside each cluster', () => {
    const [first] = linkVersions(inputOf(7, pairs, 0.4)).clusters;
    expect(first?.summary.count).toBe(3);
    expect(first?.summary.min).toBeCloseTo(0.8, 6);
    expect(first?.summary.max).toBeCloseTo(0.9, 6);
    expect(first?.summary.sum).toBeCloseTo(2.55, 5);
    expect(first?.attached).toEqual([]);
  });

  it('counts a version’s copies in its centrality, so the most-copied text leads', () => {
    const triangle: Pair[] = [
      [0, 1, 0.9],
      [0, 2, 0.9],
      [1, 2, 0.9],
    ];
    const [cluster] = linkVersions(inputOf(3, triangle, 0.5, [], (v) => (v === 2 ? 10 : 1))).clusters;
    const centrality = cluster?.centrality ?? [];
    expect(centrality[2]).toBeGreaterThan(centrality[0] ?? 0);
    expect(centrality[2]).toBeGreaterThan(centrality[1] ?? 0);
  });

  it('resolves a component above EXACT_LIMIT against leaders: each version once, each near its leader', () => {
    const n = EXACT_LIMIT + 100;
    const chain: Pair[] = Array.from({ length: n - 1 }, (_, i) => [i, i + 1, 0.9]);
    const outcome = linkVersions(inputOf(n, chain, 0.5));
    expect(outcome.largeComponents).toBe(1);
    const groups = outcome.clusters.map((c) => c.versions);
    expectEachOnce(groups, n);
    // A chain has no triangle: every cluster is a leader and its verified neighbours, never a long chain.
    for (const g of groups) expect(g.length).toBeLessThanOrEqual(3);
  });
});
