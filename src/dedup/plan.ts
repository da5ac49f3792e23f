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

export type OutputFormat = 'jsonl' | 'csv' | 'parquet';

/** The output's format from the inputs' kinds and the output's name, or why they cannot go together. */
export function outputFormatFor(kinds: readonly string[], output: string | undefined): { format: OutputFormat } | { error: string } {
  const parquetOut = output?.toLowerCase().endsWith('.parquet');
  if (parquetOut) {
    return kinds.every((kind) => kind === 'parquet')
      ? { format: 'parquet' }
      : { error: `${output}: Parquet output needs Parquet input; write .jsonl instead` };
  }
  const csv = kinds.filter((kind) => kind === 'csv').length;
  if (csv > 0 && csv < kinds.length) return { error: 'CSV and JSONL/Parquet inputs cannot share one output; dedup them separately' };
  return { format: csv > 0 ? 'csv' : 'jsonl' };
}

/** A record's date as ms since the epoch: ISO 8601 and the other forms Date.parse reads, or a Unix time
 * in seconds (or milliseconds, from 10^11 on); NaN when there is none. */
export function parseDate(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return Number.NaN;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) {
    const n = Number(value);
    return n < 1e11 ? n * 1000 : n;
  }
  return Date.parse(value);
}
