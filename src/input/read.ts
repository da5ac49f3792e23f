/**
 * Read every input into documents, as a stream of events: documents, skipped inputs (with a reason)
 * and warnings. One unreadable input never stops the others.
 */
import { readFile } from 'node:fs/promises';
import { fileChunks, fileLines, readCsvRecords, readJsonLines } from './dataset.js';
import { decodeBytes } from './decode.js';
import { discoverFiles, errorReason, type DiscoverOptions, type FoundFile } from './discover.js';
import { htmlToText } from './html.js';
import { DEFAULT_FIELDS, type DatasetFields, type InputEvent } from './types.js';
import type { Document } from '../types.js';

export interface ReadOptions extends DiscoverOptions {
  fields?: Partial<DatasetFields>;
  /** Where `-` reads from. */
  stdin?: AsyncIterable<Uint8Array | string>;
}

const MAX_TITLE = 160;
const MIN_TITLE_WORDS = 3;
const SNIPPET = 80;

/** A plain-text article's title: its first line that reads like a headline (a section label such as
 * "News" is passed over); failing that, the start of the first line, cut at a word. */
export function titleOfText(text: string): string | undefined {
  const lines = text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '').slice(0, 5);
  const headline = lines.find((line) => line.length <= MAX_TITLE && line.split(/\s+/).length >= MIN_TITLE_WORDS);
  if (headline !== undefined) return headline;
  const first = lines[0];
  if (first === undefined) return undefined;
  if (first.length <= SNIPPET) return first;
  const cut = first.slice(0, SNIPPET);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), SNIPPET / 2))}…`;
}

export function textDocument(id: string, raw: string, kind: 'text' | 'html', path?: string): Document | string {
  const { text, title } = kind === 'html' ? htmlToText(raw) : { text: raw, title: titleOfText(raw) };
  if (text.trim() === '') return raw.trim() === '' ? 'empty file' : 'no text after removing markup';
  const doc: Document = { id, text };
  if (title !== undefined) doc.title = title;
  if (path !== undefined) doc.path = path;
  return doc;
}

async function* readArticle(file: FoundFile): AsyncGenerator<InputEvent> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file.path);
  } catch (error) {
    yield { kind: 'skipped', id: file.id, reason: errorReason(error) };
    return;
  }
  const decoded = decodeBytes(bytes);
  if (!decoded.ok) {
    yield { kind: 'skipped', id: file.id, reason: decoded.reason };
    return;
  }
  if (decoded.encoding === 'windows-1252') {
    yield { kind: 'warning', id: file.id, message: 'not valid UTF-8; read as Windows-1252' };
  }
  const doc = textDocument(file.id, decoded.text, file.kind === 'html' ? 'html' : 'text', file.path);
  yield typeof doc === 'string' ? { kind: 'skipped', id: file.id, reason: doc } : { kind: 'document', document: doc };
}

async function* readDataset(file: FoundFile, fields: DatasetFields): AsyncGenerator<InputEvent> {
  const name = file.id;
  try {
    if (file.kind === 'csv') yield* readCsvRecords(fileChunks(file.path), name, fields);
    else yield* readJsonLines(fileLines(file.path), name, fields);
  } catch (error) {
    yield { kind: 'skipped', id: name, reason: errorReason(error) };
  }
}

async function* stdinLines(chunks: AsyncIterable<Uint8Array | string>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let pending = '';
  for await (const chunk of chunks) {
    pending += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) yield line.replace(/\r$/, '');
  }
  pending += decoder.decode();
  if (pending !== '') yield pending;
}

/** `-`: JSON lines when the first line is an object, otherwise one article. */
async function* readStdin(stdin: AsyncIterable<Uint8Array | string>, fields: DatasetFields): AsyncGenerator<InputEvent> {
  const lines = stdinLines(stdin);
  const first = await lines.next();
  if (first.done) {
    yield { kind: 'skipped', id: '-', reason: 'empty standard input' };
    return;
  }
  if (first.value.trimStart().startsWith('{')) {
    async function* all(): AsyncGenerator<string> {
      yield first.value as string;
      yield* lines;
    }
    yield* readJsonLines(all(), '-', fields);
    return;
  }
  let text = first.value;
  for await (const line of lines) text += `\n${line}`;
  const kind = /^\s*<(?:!doctype|html)/i.test(text) ? 'html' : 'text';
  const doc = textDocument('-', text, kind);
  yield typeof doc === 'string' ? { kind: 'skipped', id: '-', reason: doc } : { kind: 'document', document: doc };
}

export async function* readInputs(paths: readonly string[], options: ReadOptions = {}): AsyncGenerator<InputEvent> {
  const fields = { ...DEFAULT_FIELDS, ...options.fields };
  const files = paths.filter((p) => p !== '-');
  const wantsStdin = files.length < paths.length;
  for await (const found of discoverFiles(files, options)) {
    if (found.kind === 'problem') {
      yield found.fatal
        ? { kind: 'error', id: found.id, reason: found.reason }
        : { kind: 'skipped', id: found.id, reason: found.reason };
    } else if (found.file.kind === 'jsonl' || found.file.kind === 'csv') {
      yield* readDataset(found.file, fields);
    } else {
      yield* readArticle(found.file);
    }
  }
  if (wantsStdin && options.stdin) yield* readStdin(options.stdin, fields);
}

