/**
 * JSONL/NDJSON and CSV datasets, read as a stream: one document per line (JSONL) or record (CSV).
 * A bad line is reported with its line number and skipped; the rest of the file is still read.
 */
import type { Document } from '../types.js';
import { CsvParser } from './csv.js';
import type { StreamDecoder } from './decode.js';
import type { DatasetFields, InputEvent } from './types.js';

function stringField(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

function kindOfValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** One record to a document, or the reason it cannot be one. */
export function recordToDocument(record: Readonly<Record<string, unknown>>, fields: DatasetFields, where: string): Document | string {
  const text = record[fields.textField];
  if (text === undefined)
    return `no text field "${fields.textField}" (the record has: ${Object.keys(record).join(', ') || 'no fields'}; see --text-field)`;
  if (typeof text !== 'string') return `text field "${fields.textField}" is ${kindOfValue(text)}, not a string`;
  if (text.trim() === '') return `empty text field "${fields.textField}"`;
  const id = stringField(record[fields.idField]) ?? where;
  if (id.trim() === '') return `empty id field "${fields.idField}"`;
  const title = stringField(record[fields.titleField]);
  const doc: Document = { id, text, path: where };
  if (title !== undefined) doc.title = title;
  const source = stringField(record['source']);
  if (source !== undefined) doc.source = source;
  const date = stringField(record[fields.dateField ?? 'date']);
  if (date !== undefined) doc.date = date;
  return doc;
}

/** Why a record's id field cannot name it (an object, an array, a boolean), or undefined. Such a record
 * was named by its place without a word, and a dataset whose ids are all objects then lost every id.
 * A missing or null id is no id: the place names the record, as the README says, without a warning. */
function idFieldProblem(record: Readonly<Record<string, unknown>>, fields: DatasetFields): string | undefined {
  const value = record[fields.idField];
  if (value === undefined || value === null || stringField(value) !== undefined) return undefined;
  const kind = typeof value === 'number' ? String(value) : kindOfValue(value);
  return `id field "${fields.idField}" is ${kind}, not a string or a number (see --id-field); the record is named by its place instead`;
}

/** A record's events: a warning about its id, if any, then its document; or why it is skipped. */
export function* recordEvents(record: Readonly<Record<string, unknown>>, fields: DatasetFields, where: string): Generator<InputEvent> {
  const doc = recordToDocument(record, fields, where);
  if (typeof doc === 'string') {
    yield { kind: 'skipped', id: where, reason: doc };
    return;
  }
  const problem = idFieldProblem(record, fields);
  if (problem !== undefined) yield { kind: 'warning', id: where, message: problem };
  yield { kind: 'document', document: doc };
}

function parseJsonLine(line: string): Record<string, unknown> | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return `invalid JSON (${error instanceof Error ? error.message : String(error)})`;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  return value as Record<string, unknown>;
}

/** Stands for a line longer than the size limit: its text was dropped as it came, to bound memory. */
export const LINE_TOO_LONG = Symbol('line too long');
export type Line = string | typeof LINE_TOO_LONG;

/** A dataset without a line or record is named, as an empty article is (an export that failed is often
 * a file of 0 bytes, and a run that read nothing from it without a word looks like one that succeeded). */
const EMPTY_FILE = 'empty file';

export async function* readJsonLines(lines: AsyncIterable<Line>, name: string, fields: DatasetFields): AsyncGenerator<InputEvent> {
  let number = 0;
  let empty = true;
  for await (const raw of lines) {
    number += 1;
    const where = `${name}:${number}`;
    if (raw === LINE_TOO_LONG) {
      empty = false;
      yield { kind: 'skipped', id: where, reason: 'line longer than the size limit (--max-file-size)' };
      continue;
    }
    // Not only on the first line: `cat a.jsonl b.jsonl` of exports written with a BOM puts one on b's first line.
    const line = raw.replace(/^\uFEFF/, '');
    if (line.trim() === '') continue;
    empty = false;
    const record = parseJsonLine(line);
    if (typeof record === 'string') yield { kind: 'skipped', id: where, reason: record };
    else yield* recordEvents(record, fields, where);
  }
  if (empty) yield { kind: 'skipped', id: name, reason: EMPTY_FILE };
}

function isBlankRecord(fieldsOfRecord: readonly string[]): boolean {
  return fieldsOfRecord.length === 1 && (fieldsOfRecord[0] ?? '').replace(/^\uFEFF/, '').trim() === '';
}

/** Why a CSV header cannot be used, or undefined: the text column must be named in it. */
function headerProblem(header: readonly string[], fields: DatasetFields): string | undefined {
  if (header.includes(fields.textField)) return undefined;
  const looksLikeData = header.some((h) => h.length > 40 || /^-?\d+(?:\.\d+)?$/.test(h) || h === '');
  if (looksLikeData) {
    return `no header line: the first line reads as data; put the column names (such as ${fields.idField}, ${fields.textField}, ${fields.titleField}) on the first line`;
  }
  return `no column "${fields.textField}" in the header (it has: ${header.join(', ')}; see --text-field)`;
}

export async function* readCsvRecords(
  chunks: AsyncIterable<string>,
  name: string,
  fields: DatasetFields,
  delimiter?: string,
): AsyncGenerator<InputEvent> {
  const parser = new CsvParser(delimiter);
  let header: string[] | undefined;
  const toEvent = (fieldsOfRecord: string[], line: number): InputEvent | undefined => {
    // Blank lines before the header are not a header that reads as data.
    if (header === undefined && isBlankRecord(fieldsOfRecord)) return undefined;
    if (header === undefined) {
      header = fieldsOfRecord.map((h, i) => (i === 0 ? h.replace(/^\uFEFF/, '') : h).trim());
      const problem = headerProblem(header, fields);
      return problem === undefined ? undefined : { kind: 'skipped', id: name, reason: problem };
    }
    if (fieldsOfRecord.length === 1 && fieldsOfRecord[0] === '') return undefined;
    const where = `${name}:${line}`;
    if (fieldsOfRecord.length !== header.length) {
      return { kind: 'skipped', id: where, reason: `${fieldsOfRecord.length} fields where the header has ${header.length}` };
    }
    const record: Record<string, string> = {};
    header.forEach((key, i) => {
      record[key] = fieldsOfRecord[i] ?? '';
    });
    const doc = recordToDocument(record, fields, where);
    return typeof doc === 'string' ? { kind: 'skipped', id: where, reason: doc } : { kind: 'document', document: doc };
  };
  for await (const chunk of chunks) {
    for (const record of parser.push(chunk)) {
      const event = toEvent(record.fields, record.line);
      if (event) yield event;
      // A file whose header cannot be used is reported once, not once a record.
      if (event?.kind === 'skipped' && event.id === name) return;
    }
  }
  if (parser.unterminatedQuote) {
    yield { kind: 'skipped', id: `${name}:end`, reason: 'unterminated quoted field at the end of the file' };
    return;
  }
  const last = parser.end();
  if (last) {
    const event = toEvent(last.fields, last.line);
    if (event) yield event;
  }
  if (header === undefined) yield { kind: 'skipped', id: name, reason: EMPTY_FILE };
}

/** Text of a byte stream, chunk by chunk, through a decoder that sniffs the first chunk. */
export async function* decodeChunks(bytes: AsyncIterable<Uint8Array | string>, decoder: StreamDecoder): AsyncGenerator<string> {
  for await (const chunk of bytes) {
    const text = typeof chunk === 'string' ? chunk : decoder.push(chunk);
    if (text !== '') yield text;
  }
  const rest = decoder.end();
  if (rest !== '') yield rest;
}

/** Lines without their line breaks (LF or CRLF). A line longer than `maxLine` characters comes out as
 * LINE_TOO_LONG, and its text is dropped while it streams by rather than held. */
export async function* splitLines(chunks: AsyncIterable<string>, maxLine = Number.POSITIVE_INFINITY): AsyncGenerator<Line> {
  let pending = '';
  let tooLong = false;
  for await (const chunk of chunks) {
    let start = 0;
    for (let end = chunk.indexOf('\n'); end >= 0; end = chunk.indexOf('\n', start)) {
      const line = pending + chunk.slice(start, end);
      pending = '';
      yield tooLong || line.length > maxLine ? LINE_TOO_LONG : line.endsWith('\r') ? line.slice(0, -1) : line;
      tooLong = false;
      start = end + 1;
    }
    if (!tooLong) pending += chunk.slice(start);
    if (pending.length > maxLine) {
      tooLong = true;
      pending = '';
    }
  }
  if (tooLong) yield LINE_TOO_LONG;
  else if (pending !== '') yield pending.endsWith('\r') ? pending.slice(0, -1) : pending;
}
