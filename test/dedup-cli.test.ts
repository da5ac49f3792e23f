/** `cluster dedup` end to end: the built binary on datasets built in a temp folder. */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { readInputs } from '../src/input/read.js';
import { runCli, tempDir } from './cli-run.js';
import { buildRecords, compressWith, familiesOf, hasTool, toCsv, toJsonl, toParquet, writeGzip, type TestRecord } from './dedup-data.js';

const { dir, cleanup } = tempDir('wirecluster-dedup-');
afterAll(cleanup);

const records = buildRecords();
const families = familiesOf(records);
const input = join(dir, 'news.jsonl');
const jsonl = toJsonl(records);
writeFileSync(input, jsonl);
const lines = jsonl.split(/(?<=\n)/);
const byId = new Map(records.map((r) => [r.id, r]));

interface Removed {
  id: string;
  duplicateOf: string;
  score: number;
}

const out = (name: string): string => join(dir, name);
const idsOf = (text: string): string[] =>
  text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => (JSON.parse(l) as { id: string }).id);
const removedOf = (path: string): Removed[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Removed);

/** The record each rule must keep in every family, from the records themselves. */
function expectedKept(rule: 'first' | 'longest' | 'earliest'): string[] {
  const best = new Map<string, TestRecord>();
  records.forEach((r) => {
    const current = best.get(r.family);
    const better =
      current === undefined ||
      (rule === 'longest' && r.text.length > current.text.length) ||
      (rule === 'earliest' && Date.parse(r.date) < Date.parse(current.date));
    if (better) best.set(r.family, r);
  });
  return records.filter((r) => best.get(r.family) === r).map((r) => r.id);
}

describe('cluster dedup on JSONL', () => {
  it('reduces exact copies and light edits to one record per story, kept lines byte-identical and in order', async () => {
    const run = await runCli(['dedup', input, '-o', out('clean.jsonl'), '--removed', out('removed.ndjson')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    const dropped = records.length - families;
    expect(run.stderr).toMatch(
      new RegExp(`^cluster dedup: ${records.length} records read, ${families} kept, ${dropped} dropped in \\d+ clusters, [\\d.]+ s\\n$`),
    );
    const kept = readFileSync(out('clean.jsonl'), 'utf8');
    const keptIds = idsOf(kept);
    expect(new Set(keptIds.map((id) => byId.get(id)?.family)).size).toBe(families);
    // Byte for byte: the output is the input's lines minus the dropped ones.
    expect(kept).toBe(lines.filter((line) => keptIds.includes((JSON.parse(line) as { id: string }).id)).join(''));

    const removed = removedOf(out('removed.ndjson'));
    expect(removed).toHaveLength(dropped);
    expect([...keptIds, ...removed.map((r) => r.id)].sort()).toEqual(records.map((r) => r.id).sort());
    for (const r of removed) {
      expect(keptIds).toContain(r.duplicateOf);
      expect(byId.get(r.duplicateOf)?.family).toBe(byId.get(r.id)?.family);
      expect(r.score).toBeGreaterThan(0.5);
      expect(r.score).toBeLessThanOrEqual(1);
    }
    // The audit trail is in input order.
    expect(removed.map((r) => r.id)).toEqual(records.map((r) => r.id).filter((id) => removed.some((r) => r.id === id)));
  });

  it('a second pass over its output removes nothing', async () => {
    const again = await runCli(['dedup', out('clean.jsonl'), '-o', out('clean2.jsonl'), '--removed', out('removed2.ndjson')]);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain(`${families} records read, ${families} kept, 0 dropped`);
    expect(readFileSync(out('clean2.jsonl'), 'utf8')).toBe(readFileSync(out('clean.jsonl'), 'utf8'));
    expect(readFileSync(out('removed2.ndjson'), 'utf8')).toBe('');
  });

  it.each(['first', 'longest', 'earliest'] as const)('--keep %s keeps that record of each story', async (rule) => {
    const run = await runCli(['dedup', input, '--keep', rule, '--quiet']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(idsOf(run.stdout)).toEqual(expectedKept(rule));
  });

  it('--mode rewrite is allowed and drops at least what duplicate mode drops', async () => {
    const run = await runCli(['dedup', input, '--mode', 'rewrite', '--quiet']);
    expect(run.code).toBe(0);
    const kept = idsOf(run.stdout);
    expect(kept.length).toBeLessThanOrEqual(families);
    expect(new Set(kept.map((id) => byId.get(id)?.family)).size).toBe(kept.length);
  });

  it('--idf-from reads an index and still keeps one record a family; a missing index is one line', async () => {
    const index = out('reference.db');
    expect((await runCli(['index', 'add', input, '--index', index, '--quiet'])).code).toBe(0);
    const run = await runCli(['dedup', input, '--mode', 'rewrite', '--quiet', '--idf-from', index]);
    expect(run.code).toBe(0);
    const kept = idsOf(run.stdout);
    expect(new Set(kept.map((id) => byId.get(id)?.family)).size).toBe(kept.length);
    const missing = await runCli(['dedup', input, '--idf-from', out('none.db')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`cluster dedup: --idf-from ${out('none.db')}: no index here\n`);
  });

  it('reads standard input (buffered, then read twice) like the file', async () => {
    const run = await runCli(['dedup', '-', '--quiet'], { input: jsonl });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(readFileSync(out('clean.jsonl'), 'utf8'));
  });
});

describe('cluster dedup on other formats', () => {
  it('.jsonl.gz, .jsonl.zst and .parquet give the same result as the plain JSONL', async () => {
    const clean = readFileSync(out('clean.jsonl'), 'utf8');
    writeGzip(out('news.jsonl.gz'), jsonl);
    const compressed = [out('news.jsonl.gz')];
    if (hasTool('zstd')) compressed.push(compressWith('zstd', input));
    for (const file of compressed) {
      const run = await runCli(['dedup', file, '--quiet']);
      expect(run.code, file).toBe(0);
      expect(run.stdout, file).toBe(clean);
    }
    writeFileSync(out('news.parquet'), toParquet(records));
    const parquet = await runCli(['dedup', out('news.parquet'), '--quiet']);
    expect(parquet.code).toBe(0);
    expect(idsOf(parquet.stdout)).toEqual(idsOf(clean));
    const row = JSON.parse(parquet.stdout.split('\n')[0] ?? '') as Record<string, unknown>;
    expect(Object.keys(row)).toEqual(['id', 'title', 'text', 'date', 'words']);
    expect(typeof row['words']).toBe('number');
  });

  it('writes Parquet when -o ends in .parquet, with the input columns', async () => {
    const run = await runCli(['dedup', out('news.parquet'), '-o', out('clean.parquet'), '--quiet']);
    expect(run.code).toBe(0);
    const ids: string[] = [];
    for await (const event of readInputs([out('clean.parquet')])) if (event.kind === 'document') ids.push(event.document.id);
    expect(ids).toEqual(idsOf(readFileSync(out('clean.jsonl'), 'utf8')));
  });

  it('keeps a CSV header and quoting, dropping whole records', async () => {
    const csv = toCsv(records);
    writeFileSync(out('news.csv'), csv);
    const run = await runCli(['dedup', out('news.csv'), '-o', out('clean.csv'), '--quiet']);
    expect(run.code).toBe(0);
    const keptIds = new Set(idsOf(readFileSync(out('clean.jsonl'), 'utf8')));
    expect(readFileSync(out('clean.csv'), 'utf8')).toBe(toCsv(records.filter((r) => keptIds.has(r.id))));
  });

  it('a truncated gzip: whole records before the cut are deduplicated, the file is named, --strict exits 2', async () => {
    const whole = gzipSync(jsonl);
    writeFileSync(out('cut.jsonl.gz'), whole.subarray(0, Math.floor(whole.length * 0.7)));
    const run = await runCli(['dedup', out('cut.jsonl.gz'), '-o', out('cut-clean.jsonl')]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`${out('cut.jsonl.gz')}: truncated gzip data`);
    const kept = readFileSync(out('cut-clean.jsonl'), 'utf8');
    expect(kept.endsWith('\n')).toBe(true);
    for (const line of kept.split(/(?<=\n)/)) expect(lines).toContain(line);
    const strict = await runCli(['dedup', out('cut.jsonl.gz'), '-o', out('cut-strict.jsonl'), '--strict', '--quiet']);
    expect(strict.code).toBe(2);
  });
});

describe('cluster dedup on article files', () => {
  it('never deletes: lists path, kept path and score on standard output', async () => {
    const folder = out('articles');
    mkdirSync(folder);
    for (const r of records.slice(0, 8)) writeFileSync(join(folder, `${r.id}.txt`), `${r.title}\n\n${r.text}\n`);
    const before = readdirSync(folder).sort();
    const run = await runCli(['dedup', folder, '--quiet']);
    expect(run.code).toBe(0);
    expect(readdirSync(folder).sort()).toEqual(before);
    const rows = run.stdout
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => l.split('\t'));
    const expectedDrops = records.slice(0, 8).length - familiesOf(records.slice(0, 8));
    expect(rows).toHaveLength(expectedDrops);
    for (const [path, keptPath, score] of rows) {
      expect(existsSync(path ?? '')).toBe(true);
      expect(existsSync(keptPath ?? '')).toBe(true);
      expect(Number(score)).toBeGreaterThan(0.5);
    }
  });
});

describe('cluster dedup refuses what would lose data', () => {
  it('will not write inside an input folder, nor write anything when an input is missing', async () => {
    const inside = await runCli(['dedup', dir, '-o', join(dir, 'x.jsonl')]);
    expect(inside.code).toBe(2);
    expect(inside.stderr).toContain('inside an input folder');
    const missing = await runCli(['dedup', out('nope.jsonl'), input, '-o', out('never.jsonl')]);
    expect(missing.code).toBe(2);
    expect(existsSync(out('never.jsonl'))).toBe(false);
  });

  it('has its own --help, listing its options and the example pipeline', async () => {
    const run = await runCli(['dedup', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: cluster dedup [options] [paths...]');
    for (const flag of ['--keep <rule>', '--removed <file>', '--date-field <name>', '--threshold', '--strict'])
      expect(run.stdout).toContain(flag);
    expect(run.stdout).toContain('cluster dedup crawl.jsonl.zst -o clean.jsonl --removed removed.ndjson');
  });

  it('rejects a bad --keep with a one-line usage error', async () => {
    const run = await runCli(['dedup', input, '--keep', 'newest']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^cluster dedup: option '--keep <rule>' argument 'newest' is invalid/);
  });
});
