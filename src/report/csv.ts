import type { Reporter } from './types.js';

const HEADER = ['cluster', 'size', 'representative', 'id', 'similarity', 'containment', 'title'];

/** A text cell a spreadsheet would run as a formula (=, +, -, @, or a leading tab or carriage return) gets
 * a leading `'`, as OWASP advises against CSV injection; numbers are written as they are. */
export function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export function csvField(value: string | number): string {
  const text = typeof value === 'number' ? String(value) : neutraliseFormula(value);
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
