/** The second pass's record filter: byte-exact, whatever the chunking, numbered as the readers number. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCsvRecords, readJsonLines, splitLines } from '../src/input/dataset.js';
import { DEFAULT_FIELDS } from '../src/input/types.js';
import { CsvCursor, LineCursor, filterRecords, type RecordCursor, type RecordFilter } from '../src/dedup/filter-records.js';

async function* chunked(bytes: Uint8Array, cuts: readonly number[]): AsyncGenerator<Uint8Array> {
  let start = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    if (cut <= start || cut >= bytes.length) continue;
    yield bytes.subarray(start, cut);
    start = cut;
  }
  if (start < bytes.length) yield bytes.subarray(start);
}

async function run(bytes: Uint8Array, cuts: readonly number[], cursor: RecordCursor, filter: RecordFilter): Promise<string> {
  const out: Uint8Array[] = [];
  for await (const piece of filterRecords(chunked(bytes, cuts), cursor, filter)) out.push(Buffer.from(piece));
  return Buffer.concat(out).toString('utf8');
}

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('filterRecords on JSON lines', () => {
  const text = '{"id":"a","text":"one"}\r\n{"id":"b","text":"twø"}\n\n{"id":"c","text":"three"}\n{"id":"d","text":"four"}';

  it('drops the named lines and keeps every other byte, CRLF and blank lines included', async () => {
    const dropped: Array<[number, string]> = [];
    const out = await run(encode(text), [], new LineCursor(), {
      drop: (line) => line === 2 || line === 5,
      onDropped: (line, bytes) => dropped.push([line, Buffer.from(bytes).toString('utf8')]),
    });
    expect(out).toBe('{"id":"a","text":"one"}\r\n\n{"id":"c","text":"three"}\n');
    expect(dropped).toEqual([
      [2, '{"id":"b","text":"twø"}\n'],
      [5, '{"id":"d","text":"four"}'],
    ]);
  });

  it('gives the same bytes for any chunking (property)', async () => {
    const bytes = encode(text);
    const whole = await run(bytes, [], new LineCursor(), { drop: (line) => line % 2 === 0 });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 12 }), async (cuts) => {
        expect(await run(bytes, cuts, new LineCursor(), { drop: (line) => line % 2 === 0 })).toBe(whole);
      }),
    );
  });

  it('numbers lines as the JSONL reader does', async () => {
    const numbers: number[] = [];
    for await (const event of readJsonLines(
      splitLines(
        (async function* () {
          yield text;
        })(),
      ),
      'x',
      DEFAULT_FIELDS,
    )) {
      if (event.kind === 'document') numbers.push(Number(event.document.path?.split(':')[1]));
    }
    const seen: number[] = [];
    await run(encode(text), [], new LineCursor(), { drop: () => true, onDropped: (line) => seen.push(line) });
    expect(seen.filter((line) => numbers.includes(line))).toEqual(numbers);
  });
});

/** A random CSV field: plain, or quoted with commas, doubled quotes and line breaks. */
const field = fc.oneof(
  fc.stringMatching(/^[a-zé ]{0,6}$/),
  fc.stringMatching(/^[a-z,"\n\r é]{0,8}$/).map((v) => `"${v.replace(/"/g, '""')}"`),
);
// Windows, Unix and old Mac (Excel's "Macintosh Comma Separated") line endings.
const lineEnding = fc.constantFrom('\r\n', '\n', '\r');
const csvText = fc
  .tuple(fc.array(fc.array(field, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 8 }), lineEnding)
  .map(([rows, eol]) => ({ eol, text: ['id,text,title', ...rows.map((row, i) => [`r${i}`, ...row.slice(1)].join(','))].join(eol) + eol }));

/** A text cut into chunks at the given places (a character split across chunks included). */
function chunksOf(text: string, cuts: readonly number[]): string[] {
  const at = [...new Set(cuts.filter((c) => c < text.length))].sort((a, b) => a - b);
  return [0, ...at].map((start, k) => text.slice(start, at[k] ?? text.length));
}

describe('filterRecords on CSV', () => {
  it('numbers records by the line they start on, as the CSV reader does, for any content, line ending and chunking (property)', async () => {
    await fc.assert(
      fc.asyncProperty(csvText, fc.array(fc.integer({ min: 1, max: 400 }), { maxLength: 8 }), async ({ eol, text }, cuts) => {
        const readerLines: number[] = [];
        for await (const event of readCsvRecords(
          (async function* () {
            yield* chunksOf(text, cuts);
          })(),
          'x',
          DEFAULT_FIELDS,
        )) {
          const where = event.kind === 'document' ? event.document.path : event.kind === 'skipped' ? event.id : undefined;
          if (where !== undefined) readerLines.push(Number(where.split(':')[1]));
        }
        const filterLines: number[] = [];
        let header = '';
        const kept = await run(encode(text), cuts, new CsvCursor(), {
          drop: (line) => readerLines.includes(line),
          onDropped: (line) => filterLines.push(line),
          header: { keep: true, onHeader: (bytes) => (header = Buffer.from(bytes).toString('utf8')) },
        });
        expect(filterLines).toEqual(readerLines);
        expect(readerLines).toHaveLength(text.split(/^r\d/m).length - 1);
        expect(header).toBe(`id,text,title${eol}`);
        expect(kept).toBe(header);
      }),
    );
  });

  it('keeps quoted line breaks inside their record', async () => {
    const text = 'id,text\na,"first line\nsecond, with ""quotes"""\nb,plain\n';
    const out = await run(encode(text), [], new CsvCursor(), {
      drop: (line) => line === 4,
      header: { keep: false, onHeader: () => undefined },
    });
    expect(out).toBe('a,"first line\nsecond, with ""quotes"""\n');
  });
});
