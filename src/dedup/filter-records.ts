/**
 * The second pass over a JSONL or CSV dataset: the bytes of every record that is not dropped, unchanged
 * and in input order, as runs of consecutive kept records (no copy per record). Records are numbered
 * exactly as the readers number them (input/dataset.ts), so "record n" names the same record in both
 * passes: a JSONL line by its line number, a CSV record by the line it starts on. Works on bytes, so the
 * output is byte-identical to the input; every byte it looks for is ASCII, which UTF-8 never uses inside
 * a multi-byte character.
 */

import { detectDelimiter } from '../input/csv.js';

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;

/** Finds where records end. */
export interface RecordCursor {
  /** Number of the record being scanned. */
  readonly current: number;
  /** The index just past the end of the record that contains `from` (its line break included), or -1
   * when the record goes on past this chunk. */
  end(chunk: Uint8Array, from: number): number;
}

/** JSONL: every LF ends a line; lines are numbered from 1. */
export class LineCursor implements RecordCursor {
  current = 1;

  end(chunk: Uint8Array, from: number): number {
    const at = chunk.indexOf(LF, from);
    if (at < 0) return -1;
    this.current += 1;
    return at + 1;
  }
}

/**
 * RFC 4180 CSV: a line break inside a quoted field does not end the record. The same state machine as
 * input/csv.ts (a quote opens a field only at its start; a quote at a chunk's end is settled by the next
 * chunk), on bytes; a record is numbered by the line it starts on.
 */
export class CsvCursor implements RecordCursor {
  current = 1;
  private line = 1;
  private quoted = false;
  private afterQuote = false;
  private fieldEmpty = true;
  /** The byte before was a CR: a LF now completes the same line break (CRLF). */
  private afterCr = false;

  private delimiterByte: number | undefined;

  /** `delimiter` as the reader was given it (see givenDelimiter); undefined: detected from the header,
   * as the reader detects it. */
  constructor(private given?: string) {
    if (given !== undefined) this.delimiterByte = given.charCodeAt(0);
  }

  /** The field delimiter, once the first chunk is seen (or given). */
  get delimiter(): string | undefined {
    return this.given;
  }

  end(chunk: Uint8Array, from: number): number {
    if (this.delimiterByte === undefined) {
      this.given = detectDelimiter(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length).toString('utf8'));
      this.delimiterByte = this.given.charCodeAt(0);
    }
    // A CR outside quotes that ended the last chunk ended its record unless this chunk goes on with its LF.
    if (this.afterCr && !this.quoted && from < chunk.length && chunk[from] !== LF) {
      this.afterCr = false;
      return this.nextRecord(from);
    }
    for (let i = from; i < chunk.length; i++) {
      const byte = chunk[i] as number;
      const crlf = this.afterCr && byte === LF;
      this.afterCr = byte === CR;
      if (this.quoted) {
        if (byte === QUOTE) {
          if (chunk[i + 1] === QUOTE) {
            this.fieldEmpty = false;
            i += 1;
          } else {
            this.quoted = false;
            this.afterQuote = i + 1 === chunk.length;
          }
        } else {
          if (byte === CR || (byte === LF && !crlf)) this.line += 1;
          this.fieldEmpty = false;
        }
        continue;
      }
      if (this.afterQuote) {
        this.afterQuote = false;
        if (byte === QUOTE) {
          this.fieldEmpty = false;
          this.quoted = true;
          continue;
        }
      }
      if (byte === QUOTE && this.fieldEmpty) this.quoted = true;
      else if (byte === this.delimiterByte) this.fieldEmpty = true;
      else if (byte === LF) {
        // The CR before it (CRLF) is one line break with it, and the record ends after both.
        if (!crlf) this.line += 1;
        return this.nextRecord(i + 1);
      } else if (byte === CR) {
        // As the reader does, a CR ends the record (old Mac line endings); its bytes take in a LF that follows.
        this.line += 1;
        if (i + 1 === chunk.length) return -1;
        if (chunk[i + 1] === LF) continue;
        this.afterCr = false;
        return this.nextRecord(i + 1);
      } else this.fieldEmpty = false;
    }
    return -1;
  }

  /** The record ends at `at`; the next one starts on the current line. */
  private nextRecord(at: number): number {
    this.current = this.line;
    this.fieldEmpty = true;
    return at;
  }
}

export interface RecordFilter {
  /** Whether record `n` is dropped; asked once per record, when it starts. */
  drop: (record: number) => boolean;
  /** Each dropped record's bytes, for checking that it is the record meant. */
  onDropped?: (record: number, bytes: Uint8Array) => void;
  /** The first record is a header (CSV): never offered to `drop`; written when `keep`, and its bytes given. */
  header?: { keep: boolean; onHeader: (bytes: Uint8Array) => void };
}

export async function* filterRecords(
  chunks: AsyncIterable<Uint8Array>,
  cursor: RecordCursor,
  filter: RecordFilter,
): AsyncGenerator<Uint8Array> {
  let inHeader = filter.header !== undefined;
  let dropping = inHeader ? !filter.header?.keep : filter.drop(cursor.current);
  let number = cursor.current;
  let pieces: Uint8Array[] = [];
  const collect = (): boolean => inHeader || (dropping && filter.onDropped !== undefined);
  const finish = (): void => {
    const bytes = Buffer.concat(pieces);
    pieces = [];
    if (inHeader) filter.header?.onHeader(bytes);
    else if (dropping) filter.onDropped?.(number, bytes);
  };
  for await (const chunk of chunks) {
    let runStart = 0;
    let pos = 0;
    while (pos < chunk.length) {
      const stop = cursor.end(chunk, pos);
      const to = stop < 0 ? chunk.length : stop;
      if (collect()) pieces.push(chunk.slice(pos, to));
      pos = to;
      if (stop < 0) break;
      if (collect()) finish();
      inHeader = false;
      number = cursor.current;
      const next = filter.drop(number);
      if (!dropping && next && pos > runStart) yield chunk.subarray(runStart, pos);
      if (next || dropping) runStart = pos;
      dropping = next;
    }
    if (!dropping && chunk.length > runStart) yield chunk.subarray(runStart);
  }
  if (pieces.length > 0) finish();
}
