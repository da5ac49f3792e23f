/**
 * The second pass of `cluster dedup`: each dataset is read again and what is kept is written, record by
 * record, in input order. JSONL and CSV are copied byte for byte; Parquet rows become JSON lines, or
 * Parquet again when the output is Parquet. Each dropped record is checked to be the record the first
 * pass saw (same id), so a file that changed in between can never cost the wrong record.
 */
import type { FileMetaData } from 'hyparquet';
import type { ByteWriter, ParquetWriter, Writer } from 'hyparquet-writer';
import { CsvParser, givenDelimiter } from '../input/csv.js';
import { recordToDocument } from '../input/dataset.js';
import { TrailingData, openBytes } from '../input/decompress.js';
import { CorruptParquet, ExactTimestamp, openParquet, plainRecord, readRowGroups, type RowGroupRows } from '../input/parquet.js';
import type { OpenedFile } from '../input/read.js';
import type { DatasetFields } from '../input/types.js';
import { CsvCursor, LineCursor, filterRecords, type RecordCursor } from '../dedup/filter-records.js';
import type { Removal } from '../dedup/keep.js';
import { UsageError } from './errors.js';
import type { ByteSink } from './dedup-sink.js';

export interface CopyContext {
  fields: DatasetFields;
  /** Kept records go here (JSONL and CSV output). */
  sink: ByteSink;
  /** Each dropped record's audit line, in input order. */
  onRemoved: (removal: Removal) => Promise<void>;
  /** The CSV delimiter given by --delimiter (else tab for .tsv, else detected, as the reader does). */
  delimiter?: string;
  /** The first CSV header written, to check later CSV files against. */
  csvHeader?: string;
  /** The line break to write before the next file's records, when the last file copied ended without
   * one: its last record and the next file's first would be one line (many exporters end a file so). */
  openLine?: string;
  /** Ids of files the first pass could read only in part (listed in skipped): the second pass copies
   * the same whole records and stops where the fault is, quietly. */
  cutShort: ReadonlySet<string>;
  signal?: AbortSignal;
}

/** The dropped records of one file, by record number. */
export type Drops = ReadonlyMap<number, Removal>;

const NO_DROPS: Drops = new Map();

function changed(file: OpenedFile, record: number, expected: string, found: string | undefined): Error {
  return new UsageError(
    `${file.id}: record ${record} is "${found ?? '?'}" where the first pass read "${expected}"; the file changed during the run, nothing was written`,
  );
}

function utf16(head: Uint8Array): boolean {
  return (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
}

/** The file's bytes, refusing what cannot be copied byte for byte by line. Bytes that are not gzip after
 * the gzip data end the data, as they did in the first pass (a warning there). */
async function* bytesOf(file: OpenedFile, signal: AbortSignal | undefined): AsyncGenerator<Uint8Array> {
  let first = true;
  try {
    for await (const chunk of openBytes(file.path, file.compression) as AsyncIterable<Buffer>) {
      if (first && utf16(chunk))
        throw new UsageError(`${file.id}: UTF-16 datasets cannot be copied line by line; convert the file to UTF-8 first`);
      first = false;
      signal?.throwIfAborted();
      yield chunk;
    }
  } catch (error) {
    if (!(error instanceof TrailingData)) throw error;
  }
}

/** Whole lines only, ending quietly at a fault: the incomplete line before a cut is never written. */
async function* linesBeforeFault(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  let held: Uint8Array = new Uint8Array(0);
  try {
    for await (const chunk of chunks) {
      const joined = held.length > 0 ? Buffer.concat([held, chunk]) : chunk;
      const cut = joined.lastIndexOf(0x0a) + 1;
      if (cut > 0) yield joined.subarray(0, cut);
      held = joined.slice(cut);
    }
  } catch (error) {
    if (error instanceof UsageError) throw error;
    return;
  }
  if (held.length > 0) yield held;
}

function idOfRecord(record: Readonly<Record<string, unknown>>, fields: DatasetFields, where: string): string | undefined {
  const doc = recordToDocument(record, fields, where);
  return typeof doc === 'string' ? undefined : doc.id;
}

function jsonLineId(bytes: Uint8Array, fields: DatasetFields, where: string): string | undefined {
  try {
    const value: unknown = JSON.parse(
      Buffer.from(bytes)
        .toString('utf8')
        .replace(/^\uFEFF/, ''),
    );
    return typeof value === 'object' && value !== null ? idOfRecord(value as Record<string, unknown>, fields, where) : undefined;
  } catch {
    return undefined;
  }
}

function csvFields(text: string, delimiter: string | undefined): string[] {
  const parser = new CsvParser(delimiter);
  const [first] = parser.push(text.endsWith('\n') ? text : `${text}\n`);
  return first?.fields ?? [];
}

function csvRecordId(
  header: string,
  bytes: Uint8Array,
  delimiter: string | undefined,
  fields: DatasetFields,
  where: string,
): string | undefined {
  const names = csvFields(header, delimiter).map((name, i) => (i === 0 ? name.replace(/^\uFEFF/, '') : name).trim());
  const values = csvFields(Buffer.from(bytes).toString('utf8'), delimiter);
  const record: Record<string, string> = {};
  names.forEach((name, i) => {
    record[name] = values[i] ?? '';
  });
  return idOfRecord(record, fields, where);
}

/** The header as compared between CSV files: without BOM and line break. */
function headerKey(bytes: Uint8Array): string {
  return Buffer.from(bytes)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .replace(/\r?\n$|\r$/, '');
}

/** Copies a JSONL or CSV dataset without its dropped records. */
export async function copyTextDataset(file: OpenedFile, drops: Drops | undefined, ctx: CopyContext): Promise<void> {
  const dropped = drops ?? NO_DROPS;
  const csv = file.kind === 'csv';
  const csvCursor = csv ? new CsvCursor(givenDelimiter(file.id, ctx.delimiter)) : undefined;
  const cursor: RecordCursor = csvCursor ?? new LineCursor();
  let header = '';
  const check = (record: number, bytes: Uint8Array): void => {
    const removal = dropped.get(record);
    if (removal === undefined) return;
    const where = `${file.id}:${record}`;
    const found = csvCursor ? csvRecordId(header, bytes, csvCursor.delimiter, ctx.fields, where) : jsonLineId(bytes, ctx.fields, where);
    if (found !== removal.id) throw changed(file, record, removal.id, found);
  };
  const firstCsv = ctx.csvHeader === undefined;
  const removals: Removal[] = [];
  const bytes = ctx.cutShort.has(file.id) ? linesBeforeFault(bytesOf(file, ctx.signal)) : bytesOf(file, ctx.signal);
  const records = filterRecords(bytes, cursor, {
    drop: (record) => dropped.has(record),
    onDropped: (record, bytes) => {
      check(record, bytes);
      const removal = dropped.get(record);
      if (removal) removals.push(removal);
    },
    ...(csv
      ? {
          header: {
            keep: firstCsv,
            onHeader: (bytes: Uint8Array) => {
              header = Buffer.from(bytes).toString('utf8');
              const key = headerKey(bytes);
              if (firstCsv) ctx.csvHeader = key;
              else if (key !== ctx.csvHeader)
                throw new UsageError(`${file.id}: its CSV header differs from the first CSV file's; dedup them separately`);
            },
          },
        }
      : {}),
  });
  const kept = keptWriter(ctx, csv ? () => header.match(/\r?\n$|\r$/)?.[0] ?? '\n' : undefined);
  for await (const bytes of records) {
    await kept.write(bytes);
    for (const removal of removals.splice(0)) await ctx.onRemoved(removal);
  }
  kept.end();
  for (const removal of removals.splice(0)) await ctx.onRemoved(removal);
}

/** Writes one file's kept bytes, first ending the line a previous file left open; `end` notes whether
 * this file leaves one open, and the line break the file uses, to end it alike: a CSV file's is the one
 * after its header (a quoted field may hold others), a JSONL file's any LF, with the CR before it. */
function keptWriter(
  ctx: CopyContext,
  csvLineBreak?: () => string,
): { write: (bytes: Uint8Array | string) => Promise<void>; end: () => void } {
  let last: number | undefined;
  let jsonlLineBreak = '\n';
  return {
    async write(data) {
      if (data.length === 0) return;
      if (last === undefined && ctx.openLine !== undefined) await ctx.sink.write(ctx.openLine);
      await ctx.sink.write(data);
      const bytes = typeof data === 'string' ? Buffer.from(data) : data;
      last = bytes[bytes.length - 1];
      const lf = bytes.lastIndexOf(LF);
      if (lf >= 0) jsonlLineBreak = bytes[lf - 1] === CR ? '\r\n' : '\n';
    },
    end() {
      if (last === undefined) return;
      const ended = last === LF || (csvLineBreak !== undefined && last === CR);
      if (ended) delete ctx.openLine;
      else ctx.openLine = csvLineBreak?.() ?? jsonlLineBreak;
    },
  };
}

const LF = 0x0a;
const CR = 0x0d;

/** Copies a Parquet dataset as JSON lines (every column, values as JSON can carry them). */
export async function copyParquetAsJsonl(file: OpenedFile, drops: Drops | undefined, ctx: CopyContext): Promise<void> {
  const kept = keptWriter(ctx);
  await forEachParquetRow(file, drops, ctx, async (rows) => {
    await kept.write(rows.map((row) => `${JSON.stringify(plainRecord(row))}\n`).join(''));
  });
  kept.end();
}

/** A row's id as the first pass read it: there an id column of bare bytes was read as UTF-8 text. */
function idOfRow(row: Readonly<Record<string, unknown>>, fields: DatasetFields, where: string): string | undefined {
  const id = row[fields.idField];
  const record = plainRecord(row);
  if (id instanceof Uint8Array) record[fields.idField] = new TextDecoder().decode(id);
  return idOfRecord(record, fields, where);
}

/** Runs `keep` on each row group's kept rows, after checking and reporting its dropped ones. */
async function forEachParquetRow(
  file: OpenedFile,
  drops: Drops | undefined,
  ctx: CopyContext,
  keep: (rows: Array<Record<string, unknown>>) => Promise<void>,
  parquet?: Awaited<ReturnType<typeof openParquet>>,
): Promise<void> {
  const dropped = drops ?? NO_DROPS;
  try {
    const opened = parquet ?? (await openParquet(file.path));
    for await (const group of readRowGroups(opened, undefined, { binary: true })) await copyRowGroup(file, group, dropped, ctx, keep);
  } catch (error) {
    if (!(error instanceof CorruptParquet) || !ctx.cutShort.has(file.id)) throw error;
  }
}

async function copyRowGroup(
  file: OpenedFile,
  { first, rows }: RowGroupRows,
  dropped: Drops,
  ctx: CopyContext,
  keep: (rows: Array<Record<string, unknown>>) => Promise<void>,
): Promise<void> {
  ctx.signal?.throwIfAborted();
  const kept: Array<Record<string, unknown>> = [];
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] ?? {};
    const number = first + r + 1;
    const removal = dropped.get(number);
    if (removal === undefined) {
      kept.push(row);
      continue;
    }
    const found = idOfRow(row, ctx.fields, `${file.id}:${number}`);
    if (found !== removal.id) throw changed(file, number, removal.id, found);
    await ctx.onRemoved(removal);
  }
  await keep(kept);
}

/**
 * Parquet in, Parquet out (when -o ends in .parquet): every input must have the first one's columns; the
 * rows kept from each input row group make one output row group, with the input's schema. The bytes go
 * to the caller's sink, which makes the file final (or throws it away).
 */
export class ParquetOutput {
  private writer: ParquetWriter | undefined;
  private columns: string[] = [];

  constructor(
    private readonly sink: ByteSink,
    private readonly path: string,
  ) {}

  async copy(file: OpenedFile, drops: Drops | undefined, ctx: CopyContext): Promise<void> {
    const parquet = await openParquet(file.path);
    // Loaded here: the writer was 80 ms of every command's start.
    const writer = this.writerFor(file, parquet.metadata, parquet.columns, await import('hyparquet-writer'));
    await forEachParquetRow(
      file,
      drops,
      ctx,
      async (rows) => {
        if (rows.length === 0) return;
        const columnData = this.columns.map((name) => ({ name, data: rows.map((row) => storedValue(row[name])) }));
        await writer.write({ columnData, rowGroupSize: rows.length });
      },
      parquet,
    );
  }

  private writerFor(
    file: OpenedFile,
    metadata: FileMetaData,
    columns: string[],
    { ParquetWriter, ByteWriter }: typeof import('hyparquet-writer'),
  ): ParquetWriter {
    if (this.writer === undefined) {
      if (metadata.schema.length !== columns.length + 1) {
        throw new UsageError(`${file.id}: nested Parquet columns cannot be written back as Parquet; write JSONL instead (-o with .jsonl)`);
      }
      this.columns = columns;
      const writer = sinkWriter(new ByteWriter(), this.sink);
      this.writer = new ParquetWriter({ writer, schema: metadata.schema, createdBy: 'wirecluster dedup' });
    } else if (columns.join('\u0000') !== this.columns.join('\u0000')) {
      throw new UsageError(`${file.id}: its Parquet columns differ from the first Parquet file's; dedup them separately or write JSONL`);
    }
    return this.writer;
  }

  /** Writes the footer; committing the sink is the caller's. */
  async finish(): Promise<void> {
    if (this.writer === undefined) throw new UsageError(`no Parquet input to write as ${this.path}`);
    await this.writer.finish();
  }
}

/** A value as the writer takes it: a fine timestamp as the integer it was stored as. */
function storedValue(value: unknown): unknown {
  return value instanceof ExactTimestamp ? value.value : (value ?? null);
}

/** A writer that hands each row group to the sink once encoded (ParquetWriter awaits `flush` before it
 * encodes the next), so a device or a FIFO gets one stream of bytes and a slow reader holds the copy back. */
function sinkWriter(writer: ByteWriter, sink: ByteSink): Writer {
  const flush = async (): Promise<void> => {
    const bytes = new Uint8Array(writer.buffer.slice(0, writer.index));
    writer.index = 0;
    await sink.write(bytes);
  };
  return Object.assign(writer, { flush, finish: flush });
}
