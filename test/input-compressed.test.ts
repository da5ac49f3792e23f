/** Compressed (.gz, .zst, .bz2) and Parquet inputs: the same documents as the plain file, by name or by magic bytes. */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { compressionOf, isParquet, withoutCompressionExtension } from '../src/input/decompress.js';
import { kindOf } from '../src/input/discover.js';
import { readInputs, type OpenedFile } from '../src/input/read.js';
import type { InputEvent } from '../src/input/types.js';
import { runCli, tempDir } from './cli-run.js';
import { buildRecords, compressWith, hasTool, toCsv, toJsonl, toParquet, writeGzip, type TestRecord } from './dedup-data.js';
import { runMain } from './main-run.js';

const { dir, cleanup } = tempDir('wirecluster-compressed-');
afterAll(cleanup);

const records = buildRecords();
const jsonl = toJsonl(records);
const plain = join(dir, 'news.jsonl');
writeFileSync(plain, jsonl);

async function read(paths: string[], onFile?: (file: OpenedFile) => void): Promise<InputEvent[]> {
  const events: InputEvent[] = [];
  for await (const event of readInputs(paths, onFile ? { onFile } : {})) events.push(event);
  return events;
}

/** Documents without their `path` (which names the file), to compare across formats. */
function documents(events: InputEvent[]): Array<Record<string, unknown>> {
  return events.flatMap((e) => (e.kind === 'document' ? [{ ...e.document, path: e.document.path?.replace(/^.*:/, '') }] : []));
}

const expected = documents(await read([plain]));

describe('compressed datasets', () => {
  it('reads .jsonl.gz, .jsonl.zst and .jsonl.bz2 into the same documents as the plain file', async () => {
    writeGzip(join(dir, 'news-gz.jsonl.gz'), jsonl);
    const files = [join(dir, 'news-gz.jsonl.gz')];
    if (hasTool('zstd')) files.push(compressWith('zstd', plain));
    if (hasTool('bzip2')) files.push(compressWith('bzip2', plain));
    expect(expected).toHaveLength(records.length);
    for (const file of files) {
      const seen: OpenedFile[] = [];
      const events = await read([file], (f) => seen.push(f));
      expect(
        events.filter((e) => e.kind !== 'document'),
        file,
      ).toEqual([]);
      expect(documents(events), file).toEqual(expected);
      expect(seen.map((f) => f.kind)).toEqual(['jsonl']);
    }
  });

  it('reads .csv.gz like the plain CSV', async () => {
    writeFileSync(join(dir, 'news.csv'), toCsv(records));
    writeGzip(join(dir, 'news.csv.gz'), toCsv(records));
    const fromCsv = documents(await read([join(dir, 'news.csv')]));
    expect(fromCsv).toHaveLength(records.length);
    expect(documents(await read([join(dir, 'news.csv.gz')]))).toEqual(fromCsv);
  });

  it('a truncated .gz: the whole records before the cut are read, and the file is skipped with its path', async () => {
    const whole = gzipSync(jsonl);
    const path = join(dir, 'cut.jsonl.gz');
    writeFileSync(path, whole.subarray(0, Math.floor(whole.length * 0.6)));
    const events = await read([path]);
    const docs = documents(events);
    expect(docs.length).toBeGreaterThan(3);
    expect(docs.length).toBeLessThan(records.length);
    expect(docs).toEqual(expected.slice(0, docs.length));
    expect(events.at(-1)).toEqual({ kind: 'skipped', id: path, reason: expect.stringMatching(/^truncated gzip data/) });
  });

  it.skipIf(!hasTool('bzip2'))('a damaged .bz2: the records decoded before the damage are read, then the file is skipped', async () => {
    // More than three bzip2 blocks (900 kB each), cut at three quarters. The decoder gives a block at a time
    // and one block behind (bzip2 -dc gives one more), so it gives a block before the cut; read as it was,
    // it gave none.
    const copies = Math.ceil(3_000_000 / jsonl.length);
    const many = Array.from({ length: copies }, (_, k) => records.map((r) => ({ ...r, id: `${r.id}-${k}` }))).flat();
    const path = join(dir, 'many.jsonl');
    writeFileSync(path, toJsonl(many));
    const whole = readFileSync(compressWith('bzip2', path));
    const cut = join(dir, 'cut.jsonl.bz2');
    writeFileSync(cut, whole.subarray(0, Math.floor(whole.length * 0.75)));
    const events = await read([cut]);
    const ids = events.flatMap((e) => (e.kind === 'document' ? [e.document.id] : []));
    expect(ids.length).toBeGreaterThan(many.length / 4);
    expect(ids).toEqual(many.slice(0, ids.length).map((r) => r.id));
    expect(events.at(-1)).toEqual({ kind: 'skipped', id: cut, reason: expect.stringMatching(/^corrupt or truncated bzip2 data/) });
  });

  it('tells the compression by magic bytes, whatever the name says', async () => {
    const path = join(dir, 'really-gzip.jsonl');
    writeFileSync(path, gzipSync(jsonl));
    const seen: OpenedFile[] = [];
    expect(documents(await read([path], (f) => seen.push(f)))).toEqual(expected);
    expect(seen[0]?.compression).toBe('gzip');
  });

  it('finds compressed datasets and Parquet files when walking a folder', async () => {
    const folder = join(dir, 'walk');
    mkdirSync(folder);
    writeGzip(join(folder, 'a.jsonl.gz'), toJsonl(records.slice(0, 3)));
    writeFileSync(join(folder, 'b.parquet'), toParquet(records.slice(3, 5)));
    writeGzip(join(folder, 'notes.gz'), 'not a dataset');
    const events = await read([folder]);
    expect(events.map((e) => (e.kind === 'document' ? e.document.id : e.kind))).toEqual(records.slice(0, 5).map((r) => r.id));
  });

  it('reads a gzip-compressed article', async () => {
    const path = join(dir, 'story.txt.gz');
    writeGzip(path, `${records[0]?.title}\n\n${records[0]?.text}`);
    const [event] = await read([path]);
    expect(event?.kind === 'document' && event.document.title).toBe(records[0]?.title);
  });

  it('a truncated compressed article is skipped without claiming that part of it was read', async () => {
    const path = join(dir, 'cut-story.txt.gz');
    const whole = gzipSync(jsonl);
    writeFileSync(path, whole.subarray(0, Math.floor(whole.length / 2)));
    expect(await read([path])).toEqual([{ kind: 'skipped', id: path, reason: 'truncated gzip data (unexpected end of file)' }]);
  });
});

describe('damaged gzip: every record gzip -dc gives is read', () => {
  // 3,000 records of ~110 bytes: node's zlib dropped what the write that hit the fault had inflated, the last
  // records before it.
  const many: TestRecord[] = Array.from({ length: 3000 }, (_, i) => ({
    id: `r${i}`,
    title: `Record ${i}`,
    text: `Record ${i} on the ferry crossings and the storm ${'x'.repeat(i % 50)}`,
    date: '2024-03-25',
    family: `f${i}`,
  }));
  const text = toJsonl(many);
  const member = gzipSync(text);
  const ids = (events: InputEvent[]): string[] => events.flatMap((e) => (e.kind === 'document' ? [e.document.id] : []));
  const others = (events: InputEvent[]): InputEvent[] => events.filter((e) => e.kind !== 'document');

  it('bytes that are not gzip after a complete member: all records, and a warning naming them', async () => {
    const path = join(dir, 'trailing.jsonl.gz');
    writeFileSync(path, Buffer.concat([member, Buffer.from('GARBAGE appended by a download\n')]));
    const events = await read([path]);
    expect(ids(events)).toEqual(many.map((r) => r.id));
    expect(others(events)).toEqual([
      { kind: 'warning', id: path, message: '31 bytes after the end of the gzip data are not gzip; ignored, as gzip -dc ignores them' },
    ]);
  });

  it('after several members, and after a member whose header zlib refuses (a bad header checksum)', async () => {
    const path = join(dir, 'members.jsonl.gz');
    const second = many.map((r) => ({ ...r, id: `second-${r.id}` }));
    const refused = Buffer.from(member);
    refused[3] = 0x02; // FHCRC, whose two bytes (here the deflate data's first two) cannot match
    writeFileSync(path, Buffer.concat([member, gzipSync(toJsonl(second)), refused]));
    const events = await read([path]);
    expect(ids(events)).toEqual([...many, ...second].map((r) => r.id));
    expect(others(events)).toEqual([
      {
        kind: 'warning',
        id: path,
        message: `${member.length} bytes after the end of the gzip data are not gzip; ignored, as gzip -dc ignores them`,
      },
    ]);
  });

  it('a member whose check fails: every record its data holds is read, then the file is skipped', async () => {
    const path = join(dir, 'bad-crc.jsonl.gz');
    const damaged = Buffer.from(member);
    damaged.writeUInt32LE((damaged.readUInt32LE(damaged.length - 8) ^ 1) >>> 0, damaged.length - 8); // the trailer's CRC-32
    writeFileSync(path, damaged);
    const events = await read([path]);
    expect(ids(events)).toEqual(many.map((r) => r.id));
    expect(others(events)).toEqual([
      { kind: 'skipped', id: path, reason: 'corrupt gzip data (incorrect data check); the records before it were read' },
    ]);
  });

  it('cluster dedup copies every record of such a file, as its first pass read them', async () => {
    const path = join(dir, 'trailing-dedup.jsonl.gz');
    writeFileSync(path, Buffer.concat([member, Buffer.from('junk')]));
    const out = join(dir, 'trailing-kept.jsonl');
    const run = await runMain(['dedup', path, '-o', out]);
    expect(run.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(text);
    expect(run.stderr).toContain(`cluster dedup: warning: ${path}: 4 bytes after the end of the gzip data are not gzip`);
  });

  it('a compressed article followed by bytes that are not gzip is read whole, with the warning', async () => {
    const path = join(dir, 'trailing-story.txt.gz');
    writeFileSync(path, Buffer.concat([gzipSync(text), Buffer.from('junk')]));
    const events = await read([path]);
    expect(events.map((e) => e.kind)).toEqual(['warning', 'document']);
    expect(events[1]?.kind === 'document' && events[1].document.text).toBe(text);
  });

  it('standard input cannot be inflated again: the reason says that the last records may be lost', async () => {
    const events: InputEvent[] = [];
    const stdin = (async function* () {
      yield Buffer.concat([member, Buffer.from('junk')]);
    })();
    for await (const event of readInputs(['-'], { stdin })) events.push(event);
    expect(others(events)).toEqual([
      {
        kind: 'skipped',
        id: '-',
        reason:
          'corrupt gzip data (incorrect header check); the records before it were read, but for those in the last 16 kB before it (standard input is read once; from a file they are read too)',
      },
    ]);
  });
});

describe('Parquet datasets', () => {
  it('reads the id, text, title and date columns into the same documents as the JSONL, across row groups', async () => {
    const path = join(dir, 'news.parquet');
    writeFileSync(path, toParquet(records, 5));
    expect(documents(await read([path]))).toEqual(expected);
  });

  it('tells Parquet by its magic bytes under another name', async () => {
    const path = join(dir, 'export.dat');
    writeFileSync(path, toParquet(records));
    expect(documents(await read([path]))).toEqual(expected);
  });

  it('reports a corrupt Parquet file with its path, keeping the row groups before the damage', async () => {
    const bytes = toParquet(records, 7);
    const cut = join(dir, 'cut.parquet');
    writeFileSync(cut, bytes.subarray(0, 200));
    expect(await read([cut])).toEqual([{ kind: 'skipped', id: cut, reason: expect.stringMatching(/^corrupt Parquet file \(/) }]);
    const damaged = Buffer.from(bytes);
    const at = Math.floor(bytes.length / 2);
    damaged.fill(0xff, at, at + 64);
    const path = join(dir, 'damaged.parquet');
    writeFileSync(path, damaged);
    const events = await read([path]);
    const docs = documents(events);
    expect(docs.length % 7).toBe(0);
    expect(docs.length).toBeGreaterThan(0);
    expect(docs).toEqual(expected.slice(0, docs.length));
    expect(events.at(-1)).toEqual({ kind: 'skipped', id: path, reason: expect.stringMatching(/^corrupt Parquet file \(/) });
  });

  it('skips a Parquet file without the text column, naming the columns it has', async () => {
    const path = join(dir, 'no-text.parquet');
    writeFileSync(path, toParquet(records));
    const other: InputEvent[] = [];
    for await (const event of readInputs([path], { fields: { textField: 'body' } })) other.push(event);
    expect(other).toEqual([{ kind: 'skipped', id: path, reason: 'no text column "body" (columns: id, title, text, date, words)' }]);
  });
});

describe('names and magic bytes', () => {
  it('looks through the compression extension for the kind', () => {
    expect(withoutCompressionExtension('a/x.jsonl.gz')).toBe('a/x.jsonl');
    expect(withoutCompressionExtension('x.csv.zst')).toBe('x.csv');
    expect(withoutCompressionExtension('x.jsonl')).toBe('x.jsonl');
    expect(kindOf('x.jsonl.gz')).toBe('jsonl');
    expect(kindOf('x.CSV.BZ2')).toBe('csv');
    expect(kindOf('x.parquet')).toBe('parquet');
    expect(kindOf('x.gz')).toBeUndefined();
  });

  it('knows gzip, zstd, bzip2 and Parquet by their first bytes', () => {
    expect(compressionOf(gzipSync('x'))).toBe('gzip');
    expect(compressionOf(Uint8Array.of(0x28, 0xb5, 0x2f, 0xfd))).toBe('zstd');
    expect(compressionOf(Buffer.from('BZh9'))).toBe('bzip2');
    expect(compressionOf(Buffer.from('BZh0'))).toBeUndefined();
    expect(compressionOf(Buffer.from('{"id"'))).toBeUndefined();
    expect(isParquet(toParquet(records.slice(0, 1)))).toBe(true);
  });
});

describe('cluster on compressed input (end to end)', () => {
  it('clusters a .jsonl.gz like the plain file, and --strict exits 2 on a truncated one', async () => {
    const plainRun = await runCli([plain, '--json', '--mode', 'duplicate']);
    writeGzip(join(dir, 'e2e.jsonl.gz'), jsonl);
    const gzRun = await runCli([join(dir, 'e2e.jsonl.gz'), '--json', '--mode', 'duplicate']);
    const clustersOf = (stdout: string) => (JSON.parse(stdout) as { clusters: unknown[] }).clusters;
    expect(gzRun.code).toBe(0);
    expect(clustersOf(gzRun.stdout)).toEqual(clustersOf(plainRun.stdout));
    const cut = join(dir, 'e2e-cut.jsonl.gz');
    writeFileSync(cut, readFileSync(join(dir, 'e2e.jsonl.gz')).subarray(0, 4000));
    const strict = await runCli([cut, '--json', '--strict']);
    expect(strict.code).toBe(2);
    expect(strict.stderr).toContain(`${cut}: truncated gzip data`);
    expect((JSON.parse(strict.stdout) as { skipped: Array<{ id: string }> }).skipped.map((s) => s.id)).toContain(cut);
  });
});
