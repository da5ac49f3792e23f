import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { readInputs, type ReadOptions } from '../src/input/read.js';
import type { InputEvent } from '../src/input/types.js';
import { MB } from './bad-inputs.js';
import { tempDir } from './cli-run.js';

let cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups) cleanup();
  cleanups = [];
});

function folder(files: Record<string, string | Buffer>): string {
  const { dir, cleanup } = tempDir();
  cleanups.push(cleanup);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

async function read(paths: string[], options: ReadOptions = {}): Promise<InputEvent[]> {
  const events: InputEvent[] = [];
  for await (const event of readInputs(paths, options)) events.push(event);
  return events;
}

const STORY = 'The ferry company added a second boat to the island route for the summer season.';

describe('readInputs', () => {
  it('reports a file that disappears between listing and reading', async () => {
    const dir = folder({ 'a.txt': STORY, 'b.txt': STORY });
    const events: InputEvent[] = [];
    for await (const event of readInputs([dir])) {
      events.push(event);
      // The folder was listed before a.txt was read; b.txt goes before its turn comes.
      if (event.kind === 'document') rmSync(join(dir, 'b.txt'));
    }
    expect(events.map((e) => e.kind)).toEqual(['document', 'skipped']);
    expect(events[1]).toEqual({ kind: 'skipped', id: 'b.txt', reason: 'no such file or directory (removed after it was listed)' });
  });

  it('skips an article over the size limit, before reading it', async () => {
    const dir = folder({ 'huge.txt': Buffer.alloc(50 * MB, 'tide '), 'ok.txt': STORY });
    const events = await read([dir]);
    expect(events).toEqual([
      { kind: 'skipped', id: 'huge.txt', reason: 'file too large (50 MB; the limit is 10 MB, see --max-file-size)' },
      expect.objectContaining({ kind: 'document' }),
    ]);
  });

  it('reads a file just under a raised limit', async () => {
    const dir = folder({ 'big.txt': `${STORY}\n`.repeat(30_000) });
    const events = await read([dir], { maxFileSize: 3 * MB });
    expect(events.map((e) => e.kind)).toEqual(['document']);
  });

  it('reads one 200 kB line as one document, titled by its start', async () => {
    const line = `${STORY} `.repeat(2500);
    const events = await read([folder({ 'long.txt': line })]);
    expect(events).toEqual([
      {
        kind: 'document',
        document: {
          id: 'long.txt',
          text: line,
          title: 'The ferry company added a second boat to the island route for the summer…',
          path: expect.any(String),
        },
      },
    ]);
  });

  it('reads BOM, UTF-16 and CRLF files to the same text and title', async () => {
    const text = 'Ferry news today\r\nA second boat joins the island route.\r\n';
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const events = await read([folder({ 'bom.txt': `\uFEFF${text}`, 'utf16.txt': utf16 })]);
    expect(events).toHaveLength(2);
    for (const event of events) {
      expect(event.kind).toBe('document');
      if (event.kind === 'document') {
        expect(event.document.title).toBe('Ferry news today');
        expect(event.document.text).toBe(text);
      }
    }
  });

  it('finds the title of a file with old Mac (CR) line endings', async () => {
    const events = await read([folder({ 'cr.txt': 'Ferry news today\rA second boat joins the island route.\r' })]);
    expect(events).toEqual([{ kind: 'document', document: expect.objectContaining({ title: 'Ferry news today' }) }]);
  });

  it('names a symbolic link loop and still reads the rest', async () => {
    const dir = folder({ 'a.txt': STORY });
    mkdirSync(join(dir, 'sub'));
    symlinkSync('..', join(dir, 'sub', 'parent'));
    symlinkSync('loop-b.txt', join(dir, 'loop-a.txt'));
    symlinkSync('loop-a.txt', join(dir, 'loop-b.txt'));
    const events = await read([dir]);
    expect(events).toEqual([
      expect.objectContaining({ kind: 'document', document: expect.objectContaining({ id: 'a.txt' }) }),
      { kind: 'skipped', id: 'loop-a.txt', reason: 'symbolic link loop' },
      { kind: 'skipped', id: 'loop-b.txt', reason: 'symbolic link loop' },
      { kind: 'skipped', id: 'sub/parent', reason: 'symbolic link loop (folder already read)' },
    ]);
  });

  it('tells apart folders whose names differ only in bytes that are not UTF-8, and follows links into them', async () => {
    // The link leads to a file the walk has read under its own name: followed (not "no such file"), and
    // known for that file, so it is not read twice.
    const dir = folder({});
    const latin1 = (name: string): Buffer => Buffer.from(join(dir, name), 'latin1');
    mkdirSync(latin1('d\xe8'));
    mkdirSync(latin1('d\xe9'));
    writeFileSync(latin1('d\xe8/a.txt'), STORY);
    writeFileSync(latin1('d\xe9/b.txt'), STORY);
    symlinkSync(Buffer.from('d\xe9/b.txt', 'latin1'), join(dir, 'link.txt'));
    const events = await read([dir], { claimIds: false });
    expect(
      events.map((e) => (e.kind === 'document' ? e.document.id : e.kind === 'skipped' ? `skipped ${e.id}: ${e.reason}` : e.kind)),
    ).toEqual(['d\\xe8/a.txt', 'd\\xe9/b.txt', `skipped ${dir}/link.txt: same file as "${dir}/d\\xe9/b.txt", already read`]);
  });

  it('gives a page whose name is not UTF-8 the folder it was saved in as its site, as its neighbours', async () => {
    const page = `<html><body><article><h1>Ferry news</h1><p>${STORY}</p></article></body></html>`;
    const dir = folder({ 'a.html': page });
    writeFileSync(Buffer.from(join(dir, 'caf\xe9.html'), 'latin1'), page);
    const sites = (await read([dir], { claimIds: false })).map((e) => (e.kind === 'document' ? e.document.site : e.kind));
    expect(sites).toEqual([dir, dir]);
  });

  it('names the files of a folder given with a trailing slash without a double slash', async () => {
    const first = folder({ 'a.txt': STORY });
    const second = folder({ 'a.txt': STORY });
    const events = await read([first, `${second}/`]);
    expect(events[1]).toEqual({
      kind: 'skipped',
      id: `${second}/a.txt`,
      reason: `duplicate id "a.txt", first read from ${first}/a.txt; the first one was kept`,
    });
  });

  it('skips a later document whose id was already read, naming where', async () => {
    const dir = folder({ 'd.jsonl': `{"id":"x","text":"${STORY}"}\n{"id":"x","text":"Another text."}\n` });
    const events = await read([dir]);
    expect(events[1]).toEqual({
      kind: 'skipped',
      id: 'd.jsonl:2',
      reason: 'duplicate id "x", first read from d.jsonl:1; the first one was kept',
    });
  });

  it('passes a repeated id on when its consumer checks ids itself (claimIds: false)', async () => {
    const dir = folder({ 'd.jsonl': `{"id":"x","text":"${STORY}"}\n{"id":"x","text":"Another text."}\n` });
    const events = await read([dir], { claimIds: false });
    expect(events.map((e) => (e.kind === 'document' ? e.document.id : e.kind))).toEqual(['x', 'x']);
  });
});

describe('readInputs on datasets', () => {
  it('skips a binary dataset once, not once per line', async () => {
    const events = await read([folder({ 'bin.jsonl': Buffer.from('{"a":1}\n\0\0\0\n'.repeat(100)) })]);
    expect(events).toEqual([{ kind: 'skipped', id: 'bin.jsonl', reason: 'binary file (NUL bytes), not text' }]);
  });

  it('names an empty dataset as it names an empty article; a CSV with only its header has no records to name', async () => {
    const events = await read([
      folder({
        'a.jsonl': '',
        'b.jsonl': '\uFEFF\n  \n',
        'c.jsonl.gz': gzipSync(''),
        'd.csv': '\r\n\r\n',
        'e.csv': 'id,text\n',
        'f.csv': `\nid,text\nf,"${STORY}"\n`,
      }),
    ]);
    expect(events.map((e) => (e.kind === 'document' ? e.document.id : `${e.id}: ${e.kind === 'skipped' ? e.reason : e.kind}`))).toEqual([
      'a.jsonl: empty file',
      'b.jsonl: empty file',
      'c.jsonl.gz: empty file',
      'd.csv: empty file',
      'f',
    ]);
  });

  it('reads a JSONL file made by concatenating files that start with a BOM', async () => {
    const record = (id: string): string => `\uFEFF{"id":"${id}","text":"${STORY}"}\n`;
    const events = await read([folder({ 'all.jsonl': record('a') + record('b') })], { claimIds: false });
    expect(events.map((e) => (e.kind === 'document' ? e.document.id : `${e.kind}: ${e.id}`))).toEqual(['a', 'b']);
  });

  it('reads a CSV with old Mac (CR) line endings, as Excel for Mac writes "Macintosh Comma Separated"', async () => {
    const events = await read([folder({ 'mac.csv': `id,text\r"a","${STORY}"\rb,"two\rlines"\r` })]);
    expect(events.map((e) => (e.kind === 'document' ? [e.document.id, e.document.text] : e.kind))).toEqual([
      ['a', STORY],
      ['b', 'two\rlines'],
    ]);
  });

  it('reads UTF-16 JSONL and CSV', async () => {
    const jsonl = `{"id":"j","text":"${STORY}"}\r\n`;
    const csv = `id,text\r\nc,"${STORY}"\r\n`;
    const bom = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const events = await read([folder({ 'a.jsonl': bom(jsonl), 'b.csv': bom(csv) })]);
    expect(events.map((e) => (e.kind === 'document' ? e.document.id : e.kind))).toEqual(['j', 'c']);
  });

  it('replaces invalid UTF-8 in a dataset and warns once', async () => {
    const body = Buffer.concat([Buffer.from('{"id":"a","text":"caf'), Buffer.from([0xe9]), Buffer.from(` ${STORY}"}\n`)]);
    const events = await read([folder({ 'a.jsonl': body })]);
    expect(events).toEqual([
      { kind: 'document', document: expect.objectContaining({ id: 'a', text: `caf\uFFFD ${STORY}` }) },
      { kind: 'warning', id: 'a.jsonl', message: 'not valid UTF-8; invalid bytes replaced with U+FFFD' },
    ]);
  });

  it('skips a broken line and a line over the size limit, and reads the others', async () => {
    const long = `{"id":"long","text":"${'word '.repeat(300_000)}"}`;
    const events = await read([folder({ 'a.jsonl': `{"id":"1","text":"${STORY}"}\n{"id": oops\n${long}\n{"id":"4","text":"${STORY}"}` })], {
      maxFileSize: MB,
    });
    expect(events).toEqual([
      expect.objectContaining({ kind: 'document' }),
      { kind: 'skipped', id: 'a.jsonl:2', reason: expect.stringContaining('invalid JSON') },
      { kind: 'skipped', id: 'a.jsonl:3', reason: 'line longer than the size limit (--max-file-size)' },
      expect.objectContaining({ kind: 'document' }),
    ]);
  });

  it('reads standard input with a UTF-16 BOM', async () => {
    const stdin = [Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${STORY}\n`, 'utf16le')])];
    const events = await read(['-'], {
      stdin: (async function* () {
        yield* stdin;
      })(),
    });
    expect(events).toEqual([{ kind: 'document', document: { id: '-', text: STORY, title: STORY } }]);
  });

  const chunked = (...chunks: Array<Buffer | string>): ReadOptions => ({
    stdin: (async function* () {
      yield* chunks;
    })(),
  });
  const ids = (events: InputEvent[]): string[] => events.map((e) => (e.kind === 'document' ? e.document.id : `${e.kind}: ${e.id}`));
  const lines = ['{"id":"a","text":"one"}', '{"id":"b","text":"two"}'];

  it('reads standard input as JSON lines when blank lines come before the first record', async () => {
    expect(ids(await read(['-'], chunked(`\n  \n${lines.join('\n')}\n`)))).toEqual(['a', 'b']);
  });

  it('inflates compressed standard input, told by its first bytes even when they come a byte at a time', async () => {
    const packed = gzipSync(`${lines.join('\n')}\n`);
    expect(ids(await read(['-'], chunked(packed)))).toEqual(['a', 'b']);
    const bytes = [...packed].map((byte) => Buffer.from([byte]));
    expect(ids(await read(['-'], chunked(...bytes)))).toEqual(['a', 'b']);
    const cut = await read(['-'], chunked(packed.subarray(0, packed.length - 6)));
    expect(cut.at(-1)).toEqual({ kind: 'skipped', id: '-', reason: expect.stringMatching(/^truncated gzip data.*records before the cut/) });
    // One article is all or nothing: no part of it was read.
    const article = gzipSync(`${STORY}\n`.repeat(200));
    expect(await read(['-'], chunked(article.subarray(0, article.length / 2)))).toEqual([
      { kind: 'skipped', id: '-', reason: 'truncated gzip data (unexpected end of file)' },
    ]);
  });
});
