/** How index commands print: a line per document for people, one JSON object per line for pipes. Pure. */
import { escapeControl } from '../report/escape.js';
import type { IndexSettings, StoreFigures } from '../store/store.js';
import type { AddOutcome } from './add.js';
import type { QueryAnswer } from './query.js';

export const LINE_FORMATS = ['table', 'ndjson'] as const;
export type LineFormat = (typeof LINE_FORMATS)[number];

const score = (value: number | undefined): string => (value === undefined ? '' : value.toFixed(3));

/** One outcome of `index add`. Ids come from file names and datasets: the table shows their control
 * characters escaped (README "Terminal escaping"), NDJSON carries them as they are. */
export function renderOutcome(outcome: AddOutcome, format: LineFormat): string {
  if (format === 'ndjson') return `${JSON.stringify(outcome)}\n`;
  const id = escapeControl(outcome.id);
  const cluster = escapeControl(outcome.cluster);
  const match = escapeControl(outcome.match ?? '');
  const { status, score: s } = outcome;
  switch (status) {
    case 'new':
      return `new        ${id}\n`;
    case 'unchanged':
      return `unchanged  ${id}  (already indexed, cluster ${cluster})\n`;
    default:
      return `${status.padEnd(9)}  ${id}  -> cluster ${cluster}  (best match ${match}, score ${score(s)})\n`;
  }
}

/** One answer of `index query`. */
export function renderAnswer(answer: QueryAnswer, format: LineFormat): string {
  if (format === 'ndjson') return `${JSON.stringify(answer)}\n`;
  const id = escapeControl(answer.id);
  if (answer.matches.length === 0) return `${id}: no match\n`;
  const lines = answer.matches.map((m) => `  ${score(m.score)}  ${escapeControl(m.id)}  (cluster ${escapeControl(m.cluster)})\n`);
  return `${id}: ${answer.matches.length} match${answer.matches.length === 1 ? '' : 'es'}\n${lines.join('')}`;
}

export interface IndexStats {
  location: string;
  schema: number;
  settings: IndexSettings;
  figures: StoreFigures;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function renderStats(stats: IndexStats, format: 'table' | 'json'): string {
  if (format === 'json') return `${JSON.stringify(stats, null, 2)}\n`;
  const { figures: f, settings: s } = stats;
  const perDocument = f.documents > 0 ? `, ${(f.bytes / f.documents / 1024).toFixed(1)} KB per document` : '';
  return [
    `index      ${stats.location} (schema ${stats.schema})`,
    `documents  ${f.documents}`,
    `clusters   ${f.clusters} (as labelled when added; "index clusters" recomputes them)`,
    `stories    ${f.stories} counted in document frequencies (${f.terms} terms)`,
    `settings   mode ${s.mode}, shingle size ${s.shingleSize}, ${s.numPerm} permutations, ${s.bands} bands x ${s.rows} rows, seed ${s.seed}, lang ${s.lang}`,
    `size       ${megabytes(f.bytes)}${perDocument}`,
    '',
  ].join('\n');
}
