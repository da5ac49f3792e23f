import { renderCsv } from './csv.js';
import { renderJson } from './json.js';
import { renderNdjson } from './ndjson.js';
import { renderTable } from './table.js';
import type { Reporter } from './types.js';

export type { Reporter } from './types.js';

/** Adding a format is adding one file and one line here. */
export const REPORTERS = {
  table: renderTable,
  json: renderJson,
  ndjson: renderNdjson,
  csv: renderCsv,
} as const satisfies Record<string, Reporter>;

export type Format = keyof typeof REPORTERS;

export const FORMATS = Object.keys(REPORTERS) as Format[];
