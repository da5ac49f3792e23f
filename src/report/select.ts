/** `--sort` and `--top`: which clusters a report lists, in which order. Stats are left as they are: they
 * count every cluster found, so a CI rule and the summary line agree whatever is listed. */
import type { Cluster, ClusterResult } from '../types.js';

export type ClusterOrder = 'size' | 'score' | 'id';

function byId(a: Cluster, b: Cluster): number {
  return a.representative < b.representative ? -1 : a.representative > b.representative ? 1 : a.id - b.id;
}

const COMPARE: Readonly<Record<ClusterOrder, ((a: Cluster, b: Cluster) => number) | undefined>> = {
  // The pipeline's own order: largest first, then by id.
  size: undefined,
  score: (a, b) => b.score.mean - a.score.mean || b.size - a.size || a.id - b.id,
  id: byId,
};

export function selectClusters(result: ClusterResult, order: ClusterOrder, top?: number): ClusterResult {
  const compare = COMPARE[order];
  if (compare === undefined && top === undefined) return result;
  const sorted = compare ? [...result.clusters].sort(compare) : result.clusters;
  return { ...result, clusters: top === undefined ? sorted : sorted.slice(0, top) };
}
