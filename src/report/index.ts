import { renderCsv } from './csv.js';
import { renderJson } from './json.js';
import { renderNdjson } from './ndjson.js';
import type { Reporter } from './types.js';

export type { Reporter } from './types.js';

/** Adding a format is adding one file and one line here. The table loads on first use: it brings chalk and
 * string-width (~75 ms, a quarter of every command's start), which no other format needs. */
const REPORTERS = {
  table: async () => (await import('./table.js')).renderTable,
  json: async () => renderJson,
  ndjson: async () => renderNdjson,
  csv: async () => renderCsv,
} as const satisfies Record<string, () => Promise<Reporter>>;

export type Format = keyof typeof REPORTERS;

export const FORMATS = Object.keys(REPORTERS) as Format[];

export function reporterFor(format: Format): Promise<Reporter> {
  return REPORTERS[format]();
}
