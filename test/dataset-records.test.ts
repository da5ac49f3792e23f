import { describe, expect, it } from 'vitest';
import { recordToDocument } from '../src/input/dataset.js';
import { DEFAULT_FIELDS } from '../src/input/types.js';

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
