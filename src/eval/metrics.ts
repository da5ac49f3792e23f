/**
 * Clustering quality against gold labels: pairwise precision, recall and F1 (a pair of documents is
 * a positive when both are in one cluster) and the adjusted Rand index (Hubert & Arabie 1985), both from
 * one contingency table, so the cost is linear in the number of documents.
 */
import type { ClusterResult } from '../types.js';

export interface PairCounts {
  /** Pairs together in both the prediction and the gold labels. */
  together: number;
  /** Pairs together in the prediction. */
  predicted: number;
  /** Pairs together in the gold labels. */
  gold: number;
  /** All pairs: n(n-1)/2. */
  all: number;
}

export interface QualityScores {
  precision: number;
  recall: number;
  f1: number;
  ari: number;
}

const pairsOf = (n: number): number => (n * (n - 1)) / 2;

function countBy<T>(values: readonly T[]): Map<T, number> {
  const counts = new Map<T, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

function sumPairs(counts: Map<unknown, number>): number {
  let sum = 0;
  for (const c of counts.values()) sum += pairsOf(c);
  return sum;
}

/** `predicted[i]` and `gold[i]` are the cluster labels of document i. */
export function countPairs(predicted: readonly (string | number)[], gold: readonly (string | number)[]): PairCounts {
  if (predicted.length !== gold.length) throw new RangeError(`${predicted.length} predicted labels for ${gold.length} gold labels`);
  const cells = countBy(predicted.map((p, i) => JSON.stringify([p, gold[i]])));
  return {
    together: sumPairs(cells),
    predicted: sumPairs(countBy(predicted)),
    gold: sumPairs(countBy(gold)),
    all: pairsOf(predicted.length),
  };
}

/** Precision of no predicted pair, or recall of no gold pair, is 1: nothing claimed, nothing wrong. */
export function scorePairs(counts: PairCounts): QualityScores {
  const precision = counts.predicted === 0 ? 1 : counts.together / counts.predicted;
  const recall = counts.gold === 0 ? 1 : counts.together / counts.gold;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  const expected = counts.all === 0 ? 0 : (counts.predicted * counts.gold) / counts.all;
  const max = (counts.predicted + counts.gold) / 2;
  // Both partitions all singletons, or both one cluster: identical, and ARI's 0/0 is taken as 1.
  const ari = max === expected ? 1 : (counts.together - expected) / (max - expected);
  return { precision, recall, f1, ari };
}

/** Predicted label per document id: its cluster's id, or the id itself for a document in no cluster. */
export function predictedLabels(result: ClusterResult, ids: readonly string[]): string[] {
  const clusterOf = new Map<string, string>();
  for (const cluster of result.clusters) {
    if (cluster.size < 2) continue;
    for (const doc of cluster.documents) clusterOf.set(doc.id, `#${cluster.id}`);
  }
  return ids.map((id) => clusterOf.get(id) ?? `=${id}`);
}
