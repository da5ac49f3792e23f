import { open } from 'node:fs/promises';
/**
 * Parquet datasets through hyparquet (pure JS), one row group at a time so that memory is bounded by the
 * largest row group rather than the file; clustering reads only the id, text, title and date columns.
 */
import type { AsyncBuffer, FileMetaData } from 'hyparquet';
import { recordEvents } from './dataset.js';
import type { DatasetFields, InputEvent } from './types.js';

export interface ParquetFile {
  file: AsyncBuffer;
  metadata: FileMetaData;
  /** Names of the top-level columns, in schema order. */
  columns: string[];
}

export interface RowGroupRows {
  /** Zero-based index, in the file, of the first row. */
  first: number;
  rows: Array<Record<string, unknown>>;
}

/** A timestamp finer than a millisecond, as stored: a JS Date would keep only the milliseconds, and a
 * copy written from it would lose the rest. */
export class ExactTimestamp {
  constructor(
    readonly value: bigint,
    readonly perSecond: bigint,
  ) {}

  /** ISO 8601 with every fractional digit the unit has (6 for micros, 9 for nanos). */
  toISOString(): string {
    const seconds = this.value / this.perSecond - (this.value % this.perSecond < 0n ? 1n : 0n);
    const fraction = this.value - seconds * this.perSecond;
    const digits = String(this.perSecond).length - 1;
    const whole = new Date(Number(seconds) * 1000).toISOString().slice(0, 19);
    return `${whole}.${String(fraction).padStart(digits, '0')}Z`;
  }
}

const EXACT_PARSERS = {
  timestampFromMicroseconds: (micros: bigint) => new ExactTimestamp(micros, 1_000_000n),
  timestampFromNanoseconds: (nanos: bigint) => new ExactTimestamp(nanos, 1_000_000_000n),
};

/** A file that is not valid Parquet, named in the skipped list. */
export class CorruptParquet extends Error {
  override name = 'CorruptParquet';
}

/** hyparquet and its codecs, loaded with the first Parquet file (~100 ms of every command's start when
 * imported at the top); later calls get the modules Node already holds. */
function hyparquet(): Promise<[typeof import('hyparquet'), typeof import('hyparquet-compressors')]> {
  return Promise.all([import('hyparquet'), import('hyparquet-compressors')]);
}

function corrupt(error: unknown): CorruptParquet {
  return new CorruptParquet(`corrupt Parquet file (${error instanceof Error ? error.message : String(error)})`);
}

/** hyparquet's file reader takes a string path; a name that is not UTF-8 comes as bytes. */
async function bufferOf(path: string | Buffer): Promise<AsyncBuffer> {
  if (typeof path === 'string') return (await hyparquet())[0].asyncBufferFromFile(path);
  const handle = await open(path, 'r');
  const { size } = await handle.stat();
  return {
    byteLength: size,
    slice: async (start: number, end = size): Promise<ArrayBuffer> => {
      const bytes = new Uint8Array(end - start);
      await handle.read(bytes, 0, bytes.length, start);
      return bytes.buffer;
    },
  };
}

export async function openParquet(path: string | Buffer): Promise<ParquetFile> {
  const file = await bufferOf(path);
  const [{ parquetMetadataAsync, parquetSchema }] = await hyparquet();
  let metadata: FileMetaData;
  try {
    metadata = await parquetMetadataAsync(file);
  } catch (error) {
    throw corrupt(error);
  }
  const columns = parquetSchema(metadata).children.map((child) => child.element.name);
  return { file, metadata, columns };
}

/**
 * The rows of each row group in turn, with the given columns only (all when absent). A BYTE_ARRAY column
 * without a string annotation is read as UTF-8 text (older writers store text so) unless `binary`, which
 * gives its bytes: what a copy needs, since text decoding replaces bytes that are not UTF-8. A copy also
 * gets micro- and nanosecond timestamps whole (ExactTimestamp).
 */
export async function* readRowGroups(
  parquet: ParquetFile,
  columns?: readonly string[],
  { binary = false }: { binary?: boolean } = {},
): AsyncGenerator<RowGroupRows> {
  const [{ parquetReadObjects }, { compressors }] = await hyparquet();
  let first = 0;
  for (const group of parquet.metadata.row_groups) {
    const count = Number(group.num_rows);
    let rows: Array<Record<string, unknown>>;
    try {
      rows = await parquetReadObjects({
        file: parquet.file,
        metadata: parquet.metadata,
        rowStart: first,
        rowEnd: first + count,
        compressors,
        rowFormat: 'object',
        utf8: !binary,
        ...(binary ? { parsers: EXACT_PARSERS } : {}),
        ...(columns ? { columns: [...columns] } : {}),
      });
    } catch (error) {
      throw corrupt(error);
    }
    yield { first, rows };
    first += count;
  }
}

/** A Parquet value as JSON can carry it: int64 as a number while exact, else as a string; dates in ISO. */
function plainValue(value: unknown): unknown {
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (value instanceof ExactTimestamp) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(plainValue);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) if (inner !== undefined) out[key] = plainValue(inner);
    return out;
  }
  return value === undefined ? null : value;
}

export function plainRecord(row: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return plainValue(row) as Record<string, unknown>;
}

/** Documents of a Parquet dataset, numbered by row from 1 (`name:row`) like the lines of a JSONL file. */
export async function* readParquetDocuments(path: string | Buffer, name: string, fields: DatasetFields): AsyncGenerator<InputEvent> {
  const parquet = await openParquet(path);
  if (!parquet.columns.includes(fields.textField)) {
    yield { kind: 'skipped', id: name, reason: `no text column "${fields.textField}" (columns: ${parquet.columns.join(', ')})` };
    return;
  }
  const wanted = [fields.idField, fields.textField, fields.titleField, fields.dateField ?? 'date'];
  const columns = parquet.columns.filter((column) => wanted.includes(column));
  for await (const { first, rows } of readRowGroups(parquet, columns)) {
    for (let r = 0; r < rows.length; r++) {
      const where = `${name}:${first + r + 1}`;
      yield* recordEvents(plainRecord(rows[r] ?? {}), fields, where);
    }
  }
}
