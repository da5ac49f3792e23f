/** The dedup plan: from the clusters and the record table, which records go, file by file. */
import { chooseKept, removalsOf, type ClusterView, type KeepRule, type Removal } from './keep.js';
import type { RecordTable } from './records.js';

export interface DropPlan {
  /** Per input file (by index): the dropped records by record number. */
  byFile: Map<number, Map<number, Removal>>;
  dropped: number;
  clusters: number;
}

export function planDrops(clusters: readonly ClusterView[], rule: KeepRule, table: RecordTable): DropPlan {
  const members = new Set<string>();
  for (const cluster of clusters) for (const { id } of cluster.documents) members.add(id);
  const ordinals = table.ordinals(members);
  const facts = (id: string) => table.facts(ordinals.get(id) ?? Number.MAX_SAFE_INTEGER);
  const byFile = new Map<number, Map<number, Removal>>();
  let dropped = 0;
  let counted = 0;
  for (const cluster of clusters) {
    if (cluster.documents.length < 2) continue;
    counted += 1;
    for (const removal of removalsOf(cluster, chooseKept(cluster, rule, facts))) {
      const ordinal = ordinals.get(removal.id);
      if (ordinal === undefined) continue;
      const { file, record } = table.location(ordinal);
      let records = byFile.get(file);
      if (records === undefined) byFile.set(file, (records = new Map()));
      records.set(record, removal);
      dropped += 1;
    }
  }
  return { byFile, dropped, clusters: counted };
}
