/**
 * `index clusters`: the clusters of everything indexed, computed by the same batch clustering over the
 * stored sketches that `cluster [paths]` runs over fresh ones, so the result is the batch result (README
 * "Persistent index"). The stored cluster labels are what `index add` reported; they are not read here.
 */
import type { IndexStore } from '../store/store.js';
import type { ClusterOptions, ClusterResult } from '../types.js';
import { clusterSketches, sketchSettingsOf, type DocumentSketch } from './engine.js';
import { sketchOf } from './matcher.js';

const PAGE = 2000;

export interface ClustersQuery {
  /** Keep only clusters with a document added at or after this time (ms since the epoch). */
  since?: number;
}

/** Options that give other sketch settings than the index's (`mode: 'story'` on a rewrite index) are a
 * TypeError from clusterSketches: the stored sketches carry the index's settings. */
export async function indexClusters(store: IndexStore, options: ClusterOptions, query: ClustersQuery = {}): Promise<ClusterResult> {
  const stored = await store.settings();
  const settings = stored === undefined ? undefined : Object.freeze(sketchSettingsOf(stored));
  const sketches: DocumentSketch[] = [];
  const recent = new Set<string>();
  for await (const page of store.scan(PAGE)) {
    for (const doc of page) {
      sketches.push(sketchOf(doc, settings));
      if (query.since !== undefined && doc.addedAt >= query.since) recent.add(doc.id);
    }
  }
  const result = clusterSketches(sketches, options);
  return query.since === undefined ? result : keepRecent(result, recent);
}

/** The clusters with a recent member; the counts describe what is reported. */
function keepRecent(result: ClusterResult, recent: ReadonlySet<string>): ClusterResult {
  const clusters = result.clusters.filter((c) => c.documents.some((d) => recent.has(d.id)));
  const grouped = clusters.filter((c) => c.size >= 2);
  return {
    ...result,
    stats: { ...result.stats, clusters: grouped.length, clustered: grouped.reduce((sum, c) => sum + c.size, 0) },
    clusters,
  };
}
