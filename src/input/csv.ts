/**
 * RFC 4180 CSV, fed chunk by chunk: quoted fields may hold commas, doubled quotes and line breaks.
 * The first record is the header.
 */

export class CsvParser {
  private field = '';
  private record: string[] = [];
  private quoted = false;
  private afterQuote = false;
  private line = 1;
  private recordLine = 1;

  /** Complete records in this chunk, each with the line it started on. */
  push(chunk: string): Array<{ fields: string[]; line: number }> {
    const out: Array<{ fields: string[]; line: number }> = [];
    for (let i = 0; i < chunk.length; i++) {
      const ch = chunk[i] as string;
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
          if (ch === '\n') this.line += 1;
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
      else if (ch === ',') this.endField();
      else if (ch === '\n') {
        this.endField();
        out.push({ fields: this.record, line: this.recordLine });
        this.record = [];
        this.line += 1;
        this.recordLine = this.line;
      } else if (ch !== '\r') this.field += ch;
    }
    return out;
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
