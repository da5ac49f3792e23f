/** What `cluster dedup` copies from several inputs and from CSV and Parquet variants: in process (main()),
 * on datasets built in a temp folder from the project's fixture stories. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from './cli-run.js';
import { buildRecords, toJsonl } from './dedup-data.js';
import { runMain } from './main-run.js';

const { dir, cleanup } = tempDir('wirecluster-dedup-copy-');
afterAll(cleanup);

const out = (name: string): string => join(dir, name);
const records = buildRecords();
const half = Math.ceil(records.length / 2);

function csvField(value: string): string {
  return /[",;\t\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

describe('cluster dedup over several inputs', () => {
  it('ends the last line of a file that has no line break before the next file starts (JSONL and CSV)', async () => {
    const first = records.slice(0, half);
    const second = records.slice(half);
    writeFileSync(out('a.jsonl'), toJsonl(first).replace(/\n$/, ''));
    writeFileSync(out('b.jsonl'), toJsonl(second));
    writeFileSync(out('whole.jsonl'), toJsonl(first) + toJsonl(second));
    const rows = (part: typeof records): string => part.map((r) => `${csvField(r.id)},${csvField(r.text)}\r\n`).join('');
    writeFileSync(out('a.csv'), `id,text\r\n${rows(first).replace(/\r\n$/, '')}`);
    writeFileSync(out('b.csv'), `id,text\r\n${rows(second)}`);
    writeFileSync(out('whole.csv'), `id,text\r\n${rows(records)}`);
    for (const ext of ['jsonl', 'csv']) {
      const split = await runMain(['dedup', out(`a.${ext}`), out(`b.${ext}`), '-o', out(`split-out.${ext}`), '--quiet']);
      const whole = await runMain(['dedup', out(`whole.${ext}`), '-o', out(`whole-out.${ext}`), '--quiet']);
      expect([split.code, whole.code]).toEqual([0, 0]);
      expect(readFileSync(out(`split-out.${ext}`), 'utf8')).toBe(readFileSync(out(`whole-out.${ext}`), 'utf8'));
    }
  });
});

describe('cluster dedup on CSV that is not comma-separated', () => {
  it('copies a .tsv and a ;-separated CSV with quoted line breaks, dropping whole records', async () => {
    for (const [name, delimiter] of [
      ['news.tsv', '\t'],
      ['semicolon.csv', ';'],
    ] as const) {
      const rows = records.map((r, i) => [r.id, `note ${i}\nsecond line`, r.text].map(csvField).join(delimiter));
      const header = ['id', 'note', 'text'].join(delimiter);
      writeFileSync(out(name), [header, ...rows].map((row) => `${row}\n`).join(''));
      const run = await runMain(['dedup', out(name), '-o', out(`clean-${name}`), '--removed', out(`removed-${name}.ndjson`), '--quiet']);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const removed = new Set(
        readFileSync(out(`removed-${name}.ndjson`), 'utf8')
          .split('\n')
          .filter((line) => line !== '')
          .map((line) => (JSON.parse(line) as { id: string }).id),
      );
      expect(removed.size).toBeGreaterThan(0);
      const kept = rows.filter((_, i) => !removed.has(records[i]?.id ?? ''));
      expect(readFileSync(out(`clean-${name}`), 'utf8')).toBe([header, ...kept].map((row) => `${row}\n`).join(''));
    }
  });
});

describe('cluster dedup on Parquet with binary columns', () => {
  it('copies bytes that are not UTF-8 as they are (Parquet) or as base64 (JSONL), and finds a binary id', async () => {
    const blob = (i: number): Uint8Array => new Uint8Array([i, 0, 0xff, 0xc3]);
    const buffer = parquetWriteBuffer({
      columnData: [
        { name: 'id', data: records.map((r) => new TextEncoder().encode(r.id)), type: 'BYTE_ARRAY' },
        { name: 'text', data: records.map((r) => r.text), type: 'STRING' },
        { name: 'blob', data: records.map((_, i) => blob(i)), type: 'BYTE_ARRAY' },
      ],
      rowGroupSize: 7,
    });
    writeFileSync(out('binary.parquet'), new Uint8Array(buffer));
    const toParquet = await runMain(['dedup', out('binary.parquet'), '-o', out('binary-out.parquet'), '--quiet']);
    const toJsonl = await runMain(['dedup', out('binary.parquet'), '-o', out('binary-out.jsonl'), '--quiet']);
    expect([toParquet.code, toParquet.stderr, toJsonl.code, toJsonl.stderr]).toEqual([0, '', 0, '']);
    const file = await asyncBufferFromFile(out('binary-out.parquet'));
    const rows = (await parquetReadObjects({ file, utf8: false })) as Array<{ id: Uint8Array; blob: Uint8Array }>;
    expect(rows.length).toBeLessThan(records.length);
    const index = (id: Uint8Array): number => records.findIndex((r) => r.id === new TextDecoder().decode(id));
    for (const row of rows) expect(Buffer.from(row.blob)).toEqual(Buffer.from(blob(index(row.id))));
    const lines = readFileSync(out('binary-out.jsonl'), 'utf8').split('\n').slice(0, -1);
    const parsed = lines.map((line) => JSON.parse(line) as { id: string; blob: string });
    expect(parsed.map((row) => row.blob)).toEqual(rows.map((row) => Buffer.from(row.blob).toString('base64')));
  });

  it('keeps micro- and nanosecond timestamps whole, in Parquet and in JSONL', async () => {
    const micros = (i: number): bigint => 1_704_067_200_123_456n + BigInt(i) * 1_000_001n;
    const buffer = parquetWriteBuffer({
      schema: [
        { name: 'root', num_children: 4 },
        { name: 'id', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
        { name: 'text', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
        {
          name: 'us',
          type: 'INT64',
          logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MICROS' },
          repetition_type: 'OPTIONAL',
        },
        {
          name: 'ns',
          type: 'INT64',
          logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'NANOS' },
          repetition_type: 'OPTIONAL',
        },
      ],
      columnData: [
        { name: 'id', data: records.map((r) => r.id) },
        { name: 'text', data: records.map((r) => r.text) },
        { name: 'us', data: records.map((_, i) => micros(i)) },
        { name: 'ns', data: records.map((_, i) => -micros(i) * 1000n - 7n) },
      ],
    });
    writeFileSync(out('times.parquet'), new Uint8Array(buffer));
    const toParquet = await runMain(['dedup', out('times.parquet'), '-o', out('times-out.parquet'), '--quiet']);
    const toJsonl = await runMain(['dedup', out('times.parquet'), '-o', out('times-out.jsonl'), '--quiet']);
    expect([toParquet.code, toJsonl.code]).toEqual([0, 0]);
    const raw = { timestampFromMicroseconds: (v: bigint) => v, timestampFromNanoseconds: (v: bigint) => v };
    const file = await asyncBufferFromFile(out('times-out.parquet'));
    const rows = (await parquetReadObjects({ file, parsers: raw })) as Array<{ id: string; us: bigint; ns: bigint }>;
    expect(rows.length).toBeLessThan(records.length);
    for (const row of rows) {
      const i = records.findIndex((r) => r.id === row.id);
      expect([row.us, row.ns]).toEqual([micros(i), -micros(i) * 1000n - 7n]);
    }
    const first = JSON.parse(readFileSync(out('times-out.jsonl'), 'utf8').split('\n')[0] ?? '') as { id: string; us: string; ns: string };
    const i = records.findIndex((r) => r.id === first.id);
    const us = micros(i);
    const iso = (ms: bigint): string => new Date(Number(ms)).toISOString().slice(0, 19);
    expect(first.us).toBe(`${iso(us / 1000n)}.${String(us % 1_000_000n).padStart(6, '0')}Z`);
    const ns = -us * 1000n - 7n;
    const nsSeconds = ns / 1_000_000_000n - 1n;
    expect(first.ns).toBe(`${iso(nsSeconds * 1000n)}.${String(ns - nsSeconds * 1_000_000_000n).padStart(9, '0')}Z`);
  });
});
