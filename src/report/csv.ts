import type { Reporter } from './types.js';

const HEADER = ['cluster', 'size', 'representative', 'id', 'similarity', 'containment', 'title'];

export function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One row per cluster member: spreadsheets and `csvkit` want flat rows. */
export const renderCsv: Reporter = (result) => {
  const rows = [HEADER.join(',')];
  for (const c of result.clusters) {
    for (const d of c.documents) {
      rows.push([c.id, c.size, c.representative, d.id, d.similarity, d.containment, d.title ?? ''].map(csvField).join(','));
    }
  }
  return `${rows.join('\n')}\n`;
};
