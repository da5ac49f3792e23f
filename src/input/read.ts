/**
 * Read every input into documents, as a stream of events: documents, skipped inputs (with a reason)
 * and warnings. One unreadable input never stops the others.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { LINE_TOO_LONG, decodeChunks, readCsvRecords, readJsonLines, splitLines, type Line } from './dataset.js';
import { givenDelimiter } from './csv.js';
import { StreamDecoder, UnreadableInput, decodeBytes } from './decode.js';
import {
  TrailingData,
  compressionOf,
  decompressionReason,
  isParquet,
  openBytes,
  readHead,
  sniffedStream,
  streamDecompressionReason,
  type Compression,
} from './decompress.js';
import { discoverFiles, errorReason, showPath, type DiscoverOptions, type FoundFile, type InputPath } from './discover.js';
import { IdClaims } from './id-registry.js';
import { extractArticle, extractionWarning } from './extract-article.js';
import { isMarkdownName, splitFrontMatter } from './front-matter.js';
import { CorruptParquet, readParquetDocuments } from './parquet.js';
import { DEFAULT_FIELDS, type DatasetFields, type InputEvent } from './types.js';
import { countWords } from '../text/tokenize.js';
import type { Document } from '../types.js';

export interface ReadOptions extends DiscoverOptions {
  fields?: Partial<DatasetFields>;
  /** Where `-` reads from. */
  stdin?: AsyncIterable<Uint8Array | string>;
  /** Largest article file read, in bytes; also the longest dataset line. */
  maxFileSize?: number;
  /** CSV field separator; detected from the header line when absent (a tab for .tsv). */
  delimiter?: string;
  /** Told of each file as its reading starts, with the format its magic bytes showed (`cluster dedup`
   * reads the same files again to write what it keeps). */
  onFile?: (file: OpenedFile) => void;
  /** Skip a document whose id was read before (the default). False leaves it to a consumer that numbers
   * the documents and checks their ids itself (`clusterStream`), so that ids are checked once. */
  claimIds?: boolean;
}

/** A file about to be read: its kind is the one its magic bytes confirm (Parquet, compression). */
export interface OpenedFile extends FoundFile {
  compression?: Compression;
}

const MB = 1024 * 1024;
// A news article is tens of kilobytes and a saved web page a few megabytes; a bigger file is not one
// article, and analysing it costs about 30 times its size in memory (README "Bad input").
const DEFAULT_MAX_FILE_SIZE = 10 * MB;

const MAX_TITLE = 160;
const MIN_TITLE_WORDS = 3;
const SNIPPET = 80;

/** A plain-text article's title: its first line that reads like a headline (a section label such as
 * "News" is passed over; words counted as countWords does, so that a Chinese headline is not passed over
 * for the byline under it); failing that, the start of the first line, cut at a word. */
function titleOfText(text: string): string | undefined {
  // A Markdown heading's `#` markers are markup, not part of the headline.
  const lines = text
    .split(/\r\n|\r|\n/)
    .map((line) =>
      line
        .trim()
        .replace(/^#{1,6}\s+/, '')
        .replace(/\s+#+$/, ''),
    )
    .filter((line) => line !== '')
    .slice(0, 5);
  const headline = lines.find((line) => line.length <= MAX_TITLE && countWords(line) >= MIN_TITLE_WORDS);
  if (headline !== undefined) return headline;
  const first = lines[0];
  if (first === undefined) return undefined;
  if (first.length <= SNIPPET) return first;
  const cut = first.slice(0, SNIPPET);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), SNIPPET / 2))}…`;
}

/** How an article's text is read: Markdown's front matter is read whenever it parses, plain text's only
 * when it names a title (see front-matter.ts). */
export type ArticleKind = 'text' | 'markdown' | 'html';

/** A plain-text article's fields: its front matter's, if any, and the text after it. */
function plainArticle(raw: string, kind: 'text' | 'markdown'): Omit<Document, 'id'> {
  const split = splitFrontMatter(raw, kind === 'markdown');
  if (split === undefined) return { text: raw };
  return { ...split.matter, text: split.body };
}

export function textDocument(id: string, raw: string, kind: ArticleKind, path?: string): Document | string {
  const page: Omit<Document, 'id'> = kind === 'html' ? extractArticle(raw) : plainArticle(raw, kind);
  if (page.text.trim() === '') {
    if (raw.trim() === '') return 'empty file';
    return kind === 'html' ? 'no text after removing markup' : 'no text after the front matter';
  }
  const doc: Document = { id, text: page.text };
  const title = page.title ?? (kind === 'html' ? undefined : titleOfText(page.text));
  if (title !== undefined) doc.title = title;
  if (path !== undefined) doc.path = path;
  if (page.date !== undefined) doc.date = page.date;
  // "Same site" (README "Web pages"): the page's own host, else the folder it was saved in.
  const site = page.site ?? (path === undefined || kind !== 'html' ? undefined : dirname(path));
  if (site !== undefined) doc.site = site;
  if (page.extractor !== undefined) doc.extractor = page.extractor;
  return doc;
}

/** Why a file that was listed could not be read. */
function readReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' ? 'no such file or directory (removed after it was listed)' : errorReason(error);
}

function megabytes(bytes: number): string {
  return `${(bytes / MB).toFixed(bytes < 10 * MB ? 1 : 0)} MB`;
}

/** An article's bytes, with a caveat about them. */
interface Article {
  bytes: Uint8Array;
  warning?: string;
}

/** The bytes of one article, or why not: the size is checked on the open file, before reading it. */
async function readLimited(path: string | Buffer, maxFileSize: number): Promise<Article | string> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, 'r');
    const { size } = await handle.stat();
    if (size > maxFileSize) {
      return `file too large (${megabytes(size)}; the limit is ${megabytes(maxFileSize)}, see --max-file-size)`;
    }
    return { bytes: await handle.readFile() };
  } catch (error) {
    return readReason(error);
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** The inflated bytes of a compressed article, with a warning when data that is not gzip follows them, or
 * why not: the size limit applies to the inflated text. */
async function inflateLimited(path: string | Buffer, compression: Compression, maxFileSize: number): Promise<Article | string> {
  const chunks: Buffer[] = [];
  let size = 0;
  const stream = openBytes(path, compression);
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxFileSize) return `file too large once decompressed (over ${megabytes(maxFileSize)}, see --max-file-size)`;
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof TrailingData) return { bytes: Buffer.concat(chunks), warning: error.message };
    return decompressionReason(error, compression, false);
  } finally {
    stream.destroy();
  }
  return { bytes: Buffer.concat(chunks) };
}

async function* readArticle(file: OpenedFile, maxFileSize: number): AsyncGenerator<InputEvent> {
  const read =
    file.compression === undefined
      ? await readLimited(file.path, maxFileSize)
      : await inflateLimited(file.path, file.compression, maxFileSize);
  if (typeof read === 'string') {
    yield { kind: 'skipped', id: file.id, reason: read };
    return;
  }
  const { bytes, warning } = read;
  if (warning !== undefined) yield { kind: 'warning', id: file.id, message: warning };
  const html = file.kind === 'html';
  const decoded = decodeBytes(bytes, { html });
  if (!decoded.ok) {
    yield { kind: 'skipped', id: file.id, reason: decoded.reason };
    return;
  }
  if (decoded.warning !== undefined) yield { kind: 'warning', id: file.id, message: decoded.warning };
  const kind = html ? 'html' : isMarkdownName(file.id) ? 'markdown' : 'text';
  const doc = textDocument(file.id, decoded.text, kind, showPath(file.path));
  if (typeof doc === 'string') {
    yield { kind: 'skipped', id: file.id, reason: doc };
    return;
  }
  // UTF-8 is the default and goes unsaid (cluster extract prints it).
  if (decoded.encoding !== 'utf-8') doc.encoding = decoded.encoding;
  const refused = extractionWarning(doc.extractor);
  if (refused !== undefined) yield { kind: 'warning', id: file.id, message: refused };
  yield { kind: 'document', document: doc };
}

const INVALID_UTF8 = 'not valid UTF-8; invalid bytes replaced with U+FFFD';

async function* readDataset(file: OpenedFile, fields: DatasetFields, maxLine: number, delimiter?: string): AsyncGenerator<InputEvent> {
  const name = file.id;
  const decoder = new StreamDecoder();
  const bytes = file.kind === 'parquet' ? undefined : openBytes(file.path, file.compression);
  try {
    if (bytes === undefined) yield* readParquetDocuments(file.path, name, fields);
    else if (file.kind === 'csv') yield* readCsvRecords(decodeChunks(bytes, decoder), name, fields, givenDelimiter(name, delimiter));
    else yield* readJsonLines(splitLines(decodeChunks(bytes, decoder), maxLine), name, fields);
  } catch (error) {
    // Every record before data that is not gzip was read: a warning, as gzip -dc gives.
    if (error instanceof TrailingData) yield { kind: 'warning', id: name, message: error.message };
    else yield { kind: 'skipped', id: name, reason: datasetReason(error, file.compression) };
  } finally {
    bytes?.destroy();
  }
  if (decoder.invalidUtf8) yield { kind: 'warning', id: name, message: INVALID_UTF8 };
}

function datasetReason(error: unknown, compression: Compression | undefined): string {
  if (error instanceof UnreadableInput || error instanceof CorruptParquet) return error.message;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return compression === undefined || (typeof code === 'string' && code.startsWith('E'))
    ? readReason(error)
    : decompressionReason(error, compression);
}

/** The file with the format its first bytes show: Parquet and compression are told by magic bytes,
 * whatever the name says; the name inside the compression tells JSONL, CSV or an article. */
async function probe(file: FoundFile): Promise<OpenedFile | string> {
  let head: Uint8Array;
  try {
    head = await readHead(file.path);
  } catch (error) {
    return readReason(error);
  }
  if (isParquet(head)) return { ...file, kind: 'parquet' };
  const compression = compressionOf(head);
  return compression === undefined ? file : { ...file, compression };
}

/** `-`: JSON lines when the first line is an object, otherwise one article. */
async function* readStdin(stdin: AsyncIterable<Uint8Array | string>, fields: DatasetFields, maxLine: number): AsyncGenerator<InputEvent> {
  const decoder = new StreamDecoder();
  let compression: Compression | undefined;
  const shape = { records: false };
  try {
    const sniffed = await sniffedStream(stdin);
    compression = sniffed.compression;
    yield* readStdinText(splitLines(decodeChunks(sniffed.bytes, decoder), maxLine), fields, shape);
  } catch (error) {
    const reason = error instanceof UnreadableInput ? error.message : streamDecompressionReason(error, compression, shape.records);
    yield { kind: 'skipped', id: '-', reason };
  }
  if (decoder.invalidUtf8) yield { kind: 'warning', id: '-', message: INVALID_UTF8 };
}

/** `shape.records` is set once the input reads as JSON lines (a fault then leaves the records before it read). */
async function* readStdinText(lines: AsyncGenerator<Line>, fields: DatasetFields, shape: { records: boolean }): AsyncGenerator<InputEvent> {
  // Blank lines before the first record do not make a dataset one article.
  const blank: string[] = [];
  let first = await lines.next();
  for (; !first.done && first.value !== LINE_TOO_LONG && first.value.trim() === ''; first = await lines.next()) blank.push(first.value);
  if (first.done) {
    yield { kind: 'skipped', id: '-', reason: 'empty standard input' };
    return;
  }
  const head = first.value;
  async function* all(): AsyncGenerator<Line> {
    yield* blank;
    yield head;
    yield* lines;
  }
  if (head !== LINE_TOO_LONG && head.trimStart().startsWith('{')) {
    shape.records = true;
    yield* readJsonLines(all(), '-', fields);
    return;
  }
  const parts: string[] = [];
  const body = all();
  for (let line = await body.next(); !line.done; line = await body.next()) {
    if (line.value === LINE_TOO_LONG) {
      yield { kind: 'skipped', id: '-', reason: 'standard input larger than the size limit (--max-file-size)' };
      return;
    }
    parts.push(line.value);
  }
  const text = parts.join('\n');
  const kind = /^\s*<(?:!doctype|html)/i.test(text) ? 'html' : 'text';
  const doc = textDocument('-', text, kind);
  yield typeof doc === 'string' ? { kind: 'skipped', id: '-', reason: doc } : { kind: 'document', document: doc };
}

/** Ids must be unique (README "Bad input"): a later document with a known id is skipped, named by where
 * it was read so that the skipped entry never repeats a kept id. */
function deduplicate(): (doc: Document) => InputEvent {
  const claims = new IdClaims();
  return (doc) => {
    const refused = claims.claim(doc);
    return refused === undefined ? { kind: 'document', document: doc } : { kind: 'skipped', ...refused };
  };
}

/** `paths`: files, folders and `-`; a path whose name is not UTF-8 can be given as its bytes. */
export async function* readInputs(paths: readonly InputPath[], options: ReadOptions = {}): AsyncGenerator<InputEvent> {
  const fields = { ...DEFAULT_FIELDS, ...options.fields };
  const files = paths.filter((p) => p !== '-');
  const wantsStdin = files.length < paths.length;
  const maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const unique = deduplicate();
  async function* events(): AsyncGenerator<InputEvent> {
    for await (const found of discoverFiles(files, options)) {
      if (found.kind === 'problem') {
        yield found.fatal ? { kind: 'error', id: found.id, reason: found.reason } : { kind: 'skipped', id: found.id, reason: found.reason };
      } else {
        const file = await probe(found.file);
        if (typeof file === 'string') {
          yield { kind: found.file.given === true ? 'error' : 'skipped', id: found.file.id, reason: file };
          continue;
        }
        options.onFile?.(file);
        if (file.kind === 'text' || file.kind === 'html') yield* readArticle(file, maxFileSize);
        else yield* readDataset(file, fields, maxFileSize, options.delimiter);
      }
    }
    if (wantsStdin && options.stdin) yield* readStdin(options.stdin, fields, maxFileSize);
  }
  for await (const event of events()) yield event.kind === 'document' && options.claimIds !== false ? unique(event.document) : event;
}
