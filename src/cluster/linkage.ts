/**
 * Clusters from scored pairs. Single link (connected components of pairs at or above the threshold)
 * chains: one roundup article that quotes two stories glues them together. Average link merges two
 * groups only while the mean score over all their cross pairs stays at or above the threshold, counting
 * pairs LSH never proposed as 0, so a single bridge cannot join two groups.
 */
import { MaxHeap } from './heap.js';
import { UnionFind } from './union-find.js';

export type Linkage = 'single' | 'average';

export interface ScoredPair {
  i: number;
  j: number;
  score: number;
}

/** Groups of document indexes (each sorted ascending), singletons included. */
export function linkClusters(n: number, pairs: readonly ScoredPair[], threshold: number, linkage: Linkage): number[][] {
  const components = new UnionFind(n);
  for (const p of pairs) if (p.score >= threshold) components.union(p.i, p.j);
  if (linkage === 'single') return groupsOf(n, (x) => components.find(x));

  const byComponent = new Map<number, ScoredPair[]>();
  for (const p of pairs) {
    const root = components.find(p.i);
    if (root !== components.find(p.j)) continue;
    const list = byComponent.get(root);
    if (list) list.push(p);
    else byComponent.set(root, [p]);
  }
  const merged = new UnionFind(n);
  for (const componentPairs of byComponent.values()) averageLink(componentPairs, threshold, merged);
  return groupsOf(n, (x) => merged.find(x));
}

function groupsOf(n: number, rootOf: (x: number) => number): number[][] {
  const groups = new Map<number, number[]>();
  for (let x = 0; x < n; x++) {
    const root = rootOf(x);
    const group = groups.get(root);
    if (group) group.push(x);
    else groups.set(root, [x]);
  }
  return [...groups.values()];
}

interface Merge {
  a: number;
  b: number;
  versionA: number;
  versionB: number;
}

/** Agglomerative average link over one component, with a lazy heap: stale entries are skipped by version. */
function averageLink(pairs: readonly ScoredPair[], threshold: number, merged: UnionFind): void {
  const sums = new Map<number, Map<number, number>>();
  const sizes = new Map<number, number>();
  const versions = new Map<number, number>();
  const link = (a: number, b: number, add: number): number => {
    const row = sums.get(a) ?? new Map<number, number>();
    sums.set(a, row);
    const value = (row.get(b) ?? 0) + add;
    row.set(b, value);
    return value;
  };
  for (const p of pairs) {
    link(p.i, p.j, p.score);
    link(p.j, p.i, p.score);
    sizes.set(p.i, 1);
    sizes.set(p.j, 1);
    versions.set(p.i, 0);
    versions.set(p.j, 0);
  }
  const heap = new MaxHeap<Merge>();
  const offer = (a: number, b: number, sum: number): void => {
    const mean = sum / ((sizes.get(a) ?? 1) * (sizes.get(b) ?? 1));
    if (mean >= threshold) heap.push(mean, { a, b, versionA: versions.get(a) ?? 0, versionB: versions.get(b) ?? 0 });
  };
  for (const [a, row] of sums) for (const [b, sum] of row) if (a < b) offer(a, b, sum);

  for (let top = heap.pop(); top !== undefined; top = heap.pop()) {
    const { a, b, versionA, versionB } = top.item;
    if (versions.get(a) !== versionA || versions.get(b) !== versionB) continue;
    // Merge b into a: a's row gains b's sums, b disappears.
    const rowA = sums.get(a) ?? new Map<number, number>();
    const rowB = sums.get(b) ?? new Map<number, number>();
    rowA.delete(b);
    for (const [c, sum] of rowB) {
      if (c === a) continue;
      rowA.set(c, (rowA.get(c) ?? 0) + sum);
      const rowC = sums.get(c);
      if (rowC) {
        rowC.set(a, (rowC.get(a) ?? 0) + sum);
        rowC.delete(b);
      }
    }
    sums.delete(b);
    sizes.set(a, (sizes.get(a) ?? 1) + (sizes.get(b) ?? 1));
    versions.set(a, (versions.get(a) ?? 0) + 1);
    versions.delete(b);
    merged.union(a, b);
    for (const [c, sum] of rowA) offer(a, c, sum);
  }
}
