/**
 * JSONL/NDJSON and CSV datasets, read as a stream: one document per line (JSONL) or record (CSV).
 * A bad line is reported with its line number and skipped; the rest of the file is still read.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Document } from '../types.js';
import { CsvParser } from './csv.js';
import type { DatasetFields, InputEvent } from './types.js';

function stringField(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** One record to a document, or the reason it cannot be one. */
export function recordToDocument(
  record: Readonly<Record<string, unknown>>,
  fields: DatasetFields,
  where: string,
): Document | string {
  const text = record[fields.textField];
  if (typeof text !== 'string') return `no text field "${fields.textField}"`;
  const id = stringField(record[fields.idField]) ?? where;
  const title = stringField(record[fields.titleField]);
  const doc: Document = { id, text, path: where };
  if (title !== undefined) doc.title = title;
  const source = stringField(record['source']);
  if (source !== undefined) doc.source = source;
  const date = stringField(record['date']);
  if (date !== undefined) doc.date = date;
  return doc;
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

export async function* readJsonLines(
  lines: AsyncIterable<string>,
  name: string,
  fields: DatasetFields,
): AsyncGenerator<InputEvent> {
  let number = 0;
  for await (const raw of lines) {
    number += 1;
    const line = number === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (line.trim() === '') continue;
    const where = `${name}:${number}`;
    const record = parseJsonLine(line);
    const doc = typeof record === 'string' ? record : recordToDocument(record, fields, where);
    if (typeof doc === 'string') yield { kind: 'skipped', id: where, reason: doc };
    else yield { kind: 'document', document: doc };
  }
}

export async function* readCsvRecords(
  chunks: AsyncIterable<string>,
  name: string,
  fields: DatasetFields,
): AsyncGenerator<InputEvent> {
  const parser = new CsvParser();
  let header: string[] | undefined;
  const toEvent = (fieldsOfRecord: string[], line: number): InputEvent | undefined => {
    if (header === undefined) {
      header = fieldsOfRecord.map((h, i) => (i === 0 ? h.replace(/^\uFEFF/, '') : h).trim());
      return undefined;
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
}

export function fileLines(path: string): AsyncIterable<string> {
  return createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
}

export function fileChunks(path: string): AsyncIterable<string> {
  return createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 }) as AsyncIterable<string>;
}
