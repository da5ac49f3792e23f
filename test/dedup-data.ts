/**
 * Datasets for the dedup and compressed-input tests, built in temp folders from the project's own
 * fixture articles (fixtures/distractors, written for this project): distinct stories, exact copies and
 * light edits, in every format the readers take.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { ROOT } from './cli-run.js';

export interface TestRecord {
  id: string;
  title: string;
  text: string;
  date: string;
  /** The story it is a copy or an edit of: records of one family are duplicates. */
  family: string;
}

const DISTRACTORS = join(ROOT, 'fixtures', 'distractors');
// The port-strike pair is a rewrite pair and the roundup quotes several stories: neither is a clean singleton.
const LEFT_OUT = new Set(['port-strike-rewrite.txt', 'world-news-roundup.txt']);

function stories(): Array<{ slug: string; title: string; text: string }> {
  return readdirSync(DISTRACTORS)
    .filter((name) => name.endsWith('.txt') && !LEFT_OUT.has(name))
    .sort()
    .map((name) => {
      const [title = '', ...rest] = readFileSync(join(DISTRACTORS, name), 'utf8').split('\n');
      return { slug: name.replace(/\.txt$/, ''), title, text: rest.join('\n').trim() };
    });
}

/** A light edit: one word changed in the first sentence and a short credit line added. */
function lightEdit(text: string): string {
  return `${text.replace(/\bThe\b/, 'This')}\n\n(Additional reporting by the news desk.)`;
}

/**
 * Thirteen stories; the first five have an exact copy, the first three and the sixth a light edit.
 * Copies come later in the input and later in time than the originals, edits are the longest.
 */
export function buildRecords(): TestRecord[] {
  const all = stories();
  const records: TestRecord[] = all.map((story, i) => ({
    id: `${story.slug}`,
    title: story.title,
    text: story.text,
    date: `2024-03-${String(10 + i).padStart(2, '0')}T08:00:00Z`,
    family: story.slug,
  }));
  all.slice(0, 5).forEach((story, i) => {
    records.push({
      id: `${story.slug}-copy`,
      title: story.title,
      text: story.text,
      date: `2024-04-0${i + 1}T08:00:00Z`,
      family: story.slug,
    });
  });
  [...all.slice(0, 3), ...all.slice(5, 6)].forEach((story, i) => {
    records.splice(2 + 3 * i, 0, {
      id: `${story.slug}-edit`,
      title: `${story.title} (updated)`,
      text: lightEdit(story.text),
      date: `2024-02-0${i + 1}T08:00:00Z`,
      family: story.slug,
    });
  });
  return records;
}

export function familiesOf(records: readonly TestRecord[]): number {
  return new Set(records.map((r) => r.family)).size;
}

/** One JSON object per line; key order varies a little so lines are not all alike. */
export function toJsonl(records: readonly TestRecord[]): string {
  return records
    .map(
      (r, i) =>
        `${JSON.stringify(i % 2 === 0 ? { id: r.id, title: r.title, text: r.text, date: r.date } : { text: r.text, id: r.id, date: r.date, title: r.title })}\n`,
    )
    .join('');
}

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** CSV with a header, quoted fields holding commas, quotes and line breaks, CRLF line ends. */
export function toCsv(records: readonly TestRecord[]): string {
  const rows = records.map((r) => [r.id, r.title, r.date, r.text].map(csvField).join(','));
  return ['id,title,date,text', ...rows].map((row) => `${row}\r\n`).join('');
}

export function toParquet(records: readonly TestRecord[], rowGroupSize = 7): Uint8Array {
  const buffer = parquetWriteBuffer({
    columnData: [
      { name: 'id', data: records.map((r) => r.id) },
      { name: 'title', data: records.map((r) => r.title) },
      { name: 'text', data: records.map((r) => r.text) },
      { name: 'date', data: records.map((r) => r.date) },
      { name: 'words', data: records.map((r) => BigInt(r.text.split(/\s+/).length)), type: 'INT64' },
    ],
    rowGroupSize,
  });
  return new Uint8Array(buffer);
}

/** Whether a compressor's command-line tool is on this machine (zstd, bzip2). */
export function hasTool(tool: string): boolean {
  return spawnSync(tool, ['--version'], { stdio: 'ignore' }).status === 0;
}

/** Writes `path` compressed by a command-line tool next to it (`path.zst`, `path.bz2`). */
export function compressWith(tool: 'zstd' | 'bzip2', path: string): string {
  const args = tool === 'zstd' ? ['-q', '-f', '-k', path] : ['-f', '-k', path];
  const run = spawnSync(tool, args, { stdio: 'ignore' });
  if (run.status !== 0) throw new Error(`${tool} failed on ${path}`);
  return `${path}${tool === 'zstd' ? '.zst' : '.bz2'}`;
}

export function writeGzip(path: string, text: string): void {
  writeFileSync(path, gzipSync(text));
}
