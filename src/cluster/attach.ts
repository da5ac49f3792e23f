/**
 * Story mode's second pass: a document left alone by average link joins the cluster of the member it is
 * most similar to, when that score reaches a lower bar. Roundups ("Sunrise brief", "The Hydrogen Stream")
 * mention one story among many, so their mean score to any story stays low although their best match is
 * clear. Only singletons move, and each into one existing cluster, so a roundup can never merge two.
 */
import type { ScoredPair } from './linkage.js';

export function attachSingletons(groups: readonly number[][], pairs: readonly ScoredPair[], minScore: number): number[][] {
  const groupOf = new Map<number, number>();
  groups.forEach((group, g) => {
    for (const x of group) groupOf.set(x, g);
  });
  const isSingleton = (x: number): boolean => groups[groupOf.get(x) ?? -1]?.length === 1;
  const best = new Map<number, { score: number; group: number }>();
  const offer = (single: number, other: number, score: number): void => {
    if (!isSingleton(single) || isSingleton(other) || score < minScore) return;
    const group = groupOf.get(other) ?? -1;
    const current = best.get(single);
    if (current === undefined || score > current.score || (score === current.score && group < current.group)) {
      best.set(single, { score, group });
    }
  };
  for (const p of pairs) {
    offer(p.i, p.j, p.score);
    offer(p.j, p.i, p.score);
  }
  const out = groups.map((group) => [...group]);
  for (const [single, { group }] of best) {
    out[group]?.push(single);
    const own = groupOf.get(single) ?? -1;
    out[own] = [];
  }
  return out.filter((group) => group.length > 0).map((group) => group.sort((a, b) => a - b));
}
