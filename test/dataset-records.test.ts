import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, describe, expect, it } from 'vitest';
import { recordEvents, recordToDocument } from '../src/input/dataset.js';
import { readInputs } from '../src/input/read.js';
import { DEFAULT_FIELDS, type InputEvent } from '../src/input/types.js';
import { tempDir } from './cli-run.js';
import { runMain } from './main-run.js';

const { dir, cleanup } = tempDir();
afterAll(cleanup);

const TEXT = 'Dock workers at the northern port walked out on Monday over the new shift rota.';

describe('recordToDocument', () => {
  it('makes a document of a record, with its title, source and date', () => {
    const record = { id: 7, text: TEXT, title: 'Port strike', source: 'wire', date: '2024-03-25' };
    expect(recordToDocument(record, DEFAULT_FIELDS, 'a.jsonl:1')).toEqual({
      id: '7',
      text: TEXT,
      title: 'Port strike',
      source: 'wire',
      date: '2024-03-25',
      path: 'a.jsonl:1',
    });
  });

  it('names the fields a record has when the text field is missing', () => {
    expect(recordToDocument({ id: 'a', body: TEXT }, DEFAULT_FIELDS, 'a.jsonl:1')).toBe(
      'no text field "text" (the record has: id, body; see --text-field)',
    );
  });

  it.each([
    [123, 'a number'],
    [null, 'null'],
    [['a', 'b'], 'an array'],
    [{ body: TEXT }, 'an object'],
    [true, 'a boolean'],
  ])('says what the text field holds when it is not a string (%j)', (text, kind) => {
    expect(recordToDocument({ id: 'a', text }, DEFAULT_FIELDS, 'a.jsonl:1')).toBe(`text field "text" is ${kind}, not a string`);
  });

  it('refuses an empty text or id, and takes the place in the file for a missing id', () => {
    expect(recordToDocument({ id: 'a', text: '  ' }, DEFAULT_FIELDS, 'a.jsonl:1')).toBe('empty text field "text"');
    expect(recordToDocument({ id: ' ', text: TEXT }, DEFAULT_FIELDS, 'a.jsonl:1')).toBe('empty id field "id"');
    expect(recordToDocument({ text: TEXT }, DEFAULT_FIELDS, 'a.jsonl:3')).toMatchObject({ id: 'a.jsonl:3' });
  });
});

const idWarning = (kind: string): string =>
  `id field "id" is ${kind}, not a string or a number (see --id-field); the record is named by its place instead`;

describe('an id field of the wrong type', () => {
  it.each([
    [{ a: 1 }, 'an object'],
    [['a'], 'an array'],
    [true, 'a boolean'],
  ])('%j: the record keeps its place as its id, with a warning', (id, kind) => {
    expect([...recordEvents({ id, text: TEXT }, DEFAULT_FIELDS, 'a.jsonl:4')]).toEqual([
      { kind: 'warning', id: 'a.jsonl:4', message: idWarning(kind) },
      { kind: 'document', document: { id: 'a.jsonl:4', text: TEXT, path: 'a.jsonl:4' } },
    ]);
  });

  it('a number is an id, and a missing or null id is no id: no warning', () => {
    const ids = [{ id: 7 }, { id: 1.5 }, {}, { id: null }].map((fields) =>
      [...recordEvents({ ...fields, text: TEXT }, DEFAULT_FIELDS, 'a.jsonl:4')].map((e) =>
        e.kind === 'document' ? e.document.id : e.kind,
      ),
    );
    expect(ids).toEqual([['7'], ['1.5'], ['a.jsonl:4'], ['a.jsonl:4']]);
  });

  it('a skipped record is not warned about', () => {
    expect([...recordEvents({ id: {}, text: '' }, DEFAULT_FIELDS, 'a.jsonl:4')]).toEqual([
      { kind: 'skipped', id: 'a.jsonl:4', reason: 'empty text field "text"' },
    ]);
  });

  it('JSONL and Parquet (a boolean column) both warn, with the --id-field name', async () => {
    const jsonl = join(dir, 'ids.jsonl');
    writeFileSync(jsonl, `${JSON.stringify({ key: { n: 1 }, text: TEXT })}\n${JSON.stringify({ key: 2, text: TEXT })}\n`);
    const parquet = join(dir, 'ids.parquet');
    const table = parquetWriteBuffer({
      columnData: [
        { name: 'key', data: [true, false], type: 'BOOLEAN' },
        { name: 'text', data: [TEXT, TEXT], type: 'STRING' },
      ],
    });
    writeFileSync(parquet, new Uint8Array(table));
    const events: InputEvent[] = [];
    for await (const event of readInputs([jsonl, parquet], { fields: { idField: 'key' } })) events.push(event);
    const message = idWarning('an object').replace('"id"', '"key"');
    expect(events.map((e) => (e.kind === 'document' ? e.document.id : e.kind === 'warning' ? `${e.id}: ${e.message}` : e.kind))).toEqual([
      `${jsonl}:1: ${message}`,
      `${jsonl}:1`,
      '2',
      `${parquet}:1: ${message.replace('an object', 'a boolean')}`,
      `${parquet}:1`,
      `${parquet}:2: ${message.replace('an object', 'a boolean')}`,
      `${parquet}:2`,
    ]);
  });

  it('on stderr, shown 5 times and then folded into one line', async () => {
    const path = join(dir, 'many.jsonl');
    const lines = Array.from({ length: 8 }, (_, i) => JSON.stringify({ id: { n: i }, text: `${TEXT} Record ${i}.` }));
    writeFileSync(path, `${lines.join('\n')}\n`);
    const { code, stderr } = await runMain([path, '--json']);
    expect(code).toBe(0);
    expect(stderr.split('\n').filter((line) => line !== '')).toEqual([
      ...[1, 2, 3, 4, 5].map((n) => `cluster: warning: ${path}:${n}: ${idWarning('an object')}`),
      `cluster: … and 3 more like it: ${idWarning('an object')}`,
    ]);
  });
});
