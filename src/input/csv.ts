/**
 * RFC 4180 CSV, fed chunk by chunk: quoted fields may hold commas, doubled quotes and line breaks.
 * The first record is the header. The delimiter is given, or detected from the first line: the most
 * frequent of `,` `;` and tab outside quotes (Excel writes `;` where the decimal mark is a comma).
 */

const DELIMITERS = [',', ';', '\t'] as const;

/** The first line of a chunk: up to a LF or a CR (old Mac line endings). */
function firstLineOf(chunk: string): string {
  const end = chunk.search(/[\r\n]/);
  return end < 0 ? chunk : chunk.slice(0, end);
}

/** The delimiter given (`--delimiter`), else tab for a `.tsv` (compressed or not), else undefined: detected
 * from the header. The reader and dedup's copy pass decide it alike, or they would number records apart. */
export function givenDelimiter(name: string, given: string | undefined): string | undefined {
  return given ?? (/\.tsv(\.[a-z0-9]+)?$/i.test(name) ? '\t' : undefined);
}

/** The delimiter the first line of a chunk uses; `,` when it has none of them (a single column). */
export function detectDelimiter(chunk: string): string {
  const firstLine = firstLineOf(chunk);
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of firstLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best = ',';
  for (const [d, n] of counts) if (n > (counts.get(best) ?? 0)) best = d;
  return best;
}

export class CsvParser {
  private delimiter: string | undefined;
  private field = '';
  private record: string[] = [];
  private quoted = false;
  private afterQuote = false;
  private line = 1;
  private recordLine = 1;
  /** The character before was a CR: a LF now completes the same line break (CRLF). */
  private afterCr = false;

  constructor(delimiter?: string) {
    this.delimiter = delimiter;
  }

  /** Complete records in this chunk, each with the line it started on. */
  push(chunk: string): Array<{ fields: string[]; line: number }> {
    const out: Array<{ fields: string[]; line: number }> = [];
    if (this.delimiter === undefined) this.delimiter = detectDelimiter(chunk);
    for (let i = 0; i < chunk.length; i++) {
      const ch = chunk[i] as string;
      const crlf = this.afterCr && ch === '\n';
      this.afterCr = ch === '\r';
      if (this.quoted) {
        if (ch === '"') {
          if (chunk[i + 1] === '"') {
            this.field += '"';
            i += 1;
          } else if (i + 1 === chunk.length) {
            // A quote at the chunk's end may be the first of a doubled pair; decide on the next chunk.
            this.quoted = false;
            this.afterQuote = true;
          } else {
            this.quoted = false;
          }
        } else {
          if (ch === '\r' || (ch === '\n' && !crlf)) this.line += 1;
          this.field += ch;
        }
        continue;
      }
      if (this.afterQuote) {
        this.afterQuote = false;
        if (ch === '"') {
          this.field += '"';
          this.quoted = true;
          continue;
        }
      }
      if (ch === '"' && this.field === '') this.quoted = true;
      else if (ch === this.delimiter) this.endField();
      // A CR ends a record too (Excel for Mac's "Macintosh Comma Separated" ends lines in CR alone); the LF
      // of a CRLF then adds nothing.
      else if (ch === '\r' || (ch === '\n' && !crlf)) out.push(this.endRecord());
      else if (ch !== '\n') this.field += ch;
    }
    return out;
  }

  private endRecord(): { fields: string[]; line: number } {
    this.endField();
    const record = { fields: this.record, line: this.recordLine };
    this.record = [];
    this.line += 1;
    this.recordLine = this.line;
    return record;
  }

  /** The last record when the input does not end with a line break. */
  end(): { fields: string[]; line: number } | undefined {
    if (this.field === '' && this.record.length === 0) return undefined;
    this.endField();
    const last = { fields: this.record, line: this.recordLine };
    this.record = [];
    return last;
  }

  get unterminatedQuote(): boolean {
    return this.quoted;
  }

  private endField(): void {
    this.record.push(this.field);
    this.field = '';
  }
}
