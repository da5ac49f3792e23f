/** `--sort` and `--top`: which clusters a report lists, in which order. Stats are left as they are: they
 * count every cluster found, so a CI rule and the summary line agree whatever is listed. */
import type { Cluster, ClusterResult } from '../types.js';

export type ClusterOrder = 'size' | 'score' | 'id';

function byId(a: Cluster, b: Cluster): number {
  return a.representative < b.representative ? -1 : a.representative > b.representative ? 1 : a.id - b.id;
}

/** A singleton from --all scores 1 by convention, not because anything matched: ranked by it, every
 * singleton came before every real cluster and `--all --sort score --top 10` listed none of them. */
function byScore(a: Cluster, b: Cluster): number {
  const matched = Number(b.size > 1) - Number(a.size > 1);
  return matched || b.score.mean - a.score.mean || b.size - a.size || a.id - b.id;
}

const COMPARE: Readonly<Record<ClusterOrder, ((a: Cluster, b: Cluster) => number) | undefined>> = {
  // The pipeline's own order: largest first, then by id.
  size: undefined,
  score: byScore,
  id: byId,
};

export function selectClusters(result: ClusterResult, order: ClusterOrder, top?: number): ClusterResult {
  const compare = COMPARE[order];
  if (compare === undefined && top === undefined) return result;
  const sorted = compare ? [...result.clusters].sort(compare) : result.clusters;
  return { ...result, clusters: top === undefined ? sorted : sorted.slice(0, top) };
}
