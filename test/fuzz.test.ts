/**
 * Random bytes and random Unicode through the reader, the normaliser and the whole pipeline: nothing
 * throws, the JSON report parses, and every input is accounted for exactly once.
 */
import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { StreamDecoder, UnreadableInput, decodeBytes } from '../src/input/decode.js';
import { htmlToText } from '../src/input/html.js';
import { readInputs, textDocument } from '../src/input/read.js';
import { clusterDocuments } from '../src/pipeline.js';
import { renderJson } from '../src/report/json.js';
import { analyzeDocument } from '../src/text/analyze.js';
import { normalizeText } from '../src/text/normalize.js';
import { tokenize } from '../src/text/tokenize.js';
import type { ClusterResult, Document } from '../src/types.js';
import { tempDir } from './cli-run.js';

const WORDS = [
  'harbour',
  'ferry',
  'minister',
  'said',
  'on',
  'Monday',
  'the',
  'U.S.',
  'Japan’s',
  '54,000',
  'دفاع',
  '東京',
  'мост',
  '—',
  '\r\n',
  '\n',
  '. ',
];

// Every kind of text a scraped corpus throws at us: any code point, lone surrogates, and prose-like
// runs of real words (so that clusters do form), mixed.
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 300 }),
  fc.array(fc.constantFrom(...WORDS), { maxLength: 80 }).map((words) => words.join(' ')),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
);
const anyBytes = fc.oneof(
  fc.uint8Array({ maxLength: 2000 }),
  anyText.map((text) => new TextEncoder().encode(text)),
);

/** Each id appears exactly once: in one cluster (singletons included, `all: true`) or as skipped. */
function placements(result: ClusterResult): Map<string, number> {
  const seen = new Map<string, number>();
  const ids = [...result.clusters.flatMap((c) => c.documents.map((d) => d.id)), ...result.skipped.map((s) => s.id)];
  for (const id of ids) seen.set(id, (seen.get(id) ?? 0) + 1);
  return seen;
}

describe('fuzz: decoding and normalising', () => {
  it('decodeBytes never throws and says why it refuses', () => {
    fc.assert(
      fc.property(anyBytes, (bytes) => {
        const decoded = decodeBytes(bytes);
        expect(decoded.ok ? typeof decoded.text : decoded.reason).toMatch(/string|binary file/);
      }),
      { numRuns: 500 },
    );
  });

  it('StreamDecoder, fed in random chunks, only ever refuses with UnreadableInput', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 6 }), (chunks) => {
        const decoder = new StreamDecoder();
        try {
          for (const chunk of chunks) expect(typeof decoder.push(chunk)).toBe('string');
          expect(typeof decoder.end()).toBe('string');
        } catch (error) {
          expect(error).toBeInstanceOf(UnreadableInput);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('normalizeText, tokenize, analyzeDocument, htmlToText and textDocument never throw', () => {
    fc.assert(
      fc.property(anyText, anyText, fc.constantFrom('auto', 'en', 'ru', 'xx'), fc.boolean(), (text, title, lang, proseFilter) => {
        const tokens = tokenize(normalizeText(text));
        expect(tokens.every((t) => typeof t === 'string' && t !== '')).toBe(true);
        expect(Array.isArray(analyzeDocument({ text, title }, { lang, proseFilter }).lines)).toBe(true);
        expect(typeof htmlToText(`<p>${text}</p>`).text).toBe('string');
        const doc = textDocument('x', text, 'text');
        expect(typeof doc === 'string' || doc.id === 'x').toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('fuzz: the whole pipeline', () => {
  it('accounts for every document exactly once and reports valid JSON', () => {
    const docs = fc.array(anyText, { maxLength: 12 }).map((texts) => texts.map((text, i): Document => ({ id: `d${i}`, text })));
    fc.assert(
      fc.property(
        docs,
        fc.constantFrom('duplicate', 'rewrite', 'story') as fc.Arbitrary<'duplicate' | 'rewrite' | 'story'>,
        (documents, mode) => {
          const result = clusterDocuments(documents, { mode, all: true });
          expect(JSON.parse(renderJson(result, { color: false, width: 80 }))).toMatchObject({ version: 2 });
          const seen = placements(result);
          expect([...seen.keys()].sort()).toEqual(documents.map((d) => d.id).sort());
          expect([...seen.values()].every((count) => count === 1)).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('keeps the first of two documents with the same id and reports the other', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c'), anyText), { maxLength: 8 }), (pairs) => {
        const result = clusterDocuments(
          pairs.map(([id, text]) => ({ id, text })),
          { all: true },
        );
        const kept = result.clusters.flatMap((c) => c.documents.map((d) => d.id));
        const distinct = new Set(pairs.map(([id]) => id));
        expect(kept.sort()).toEqual([...distinct].sort());
        expect(result.skipped).toHaveLength(pairs.length - distinct.size);
      }),
      { numRuns: 150 },
    );
  });
});

describe('fuzz: files of random bytes through the reader', () => {
  const { dir, cleanup } = tempDir();
  afterAll(cleanup);
  let round = 0;

  it('every file is a document or a skipped input, once; the report parses', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom('.txt', '.html', '.jsonl', '.csv', '.md'), anyBytes), { minLength: 1, maxLength: 6 }),
        async (files) => {
          round += 1;
          const names = files.map(([ext], i) => `r${round}-${i}${ext}`);
          files.forEach(([, bytes], i) => writeFileSync(join(dir, names[i] as string), bytes));
          const documents: Document[] = [];
          const skipped: Array<{ id: string; reason: string }> = [];
          const sources: string[] = [];
          for await (const event of readInputs(names.map((n) => join(dir, n)))) {
            if (event.kind === 'document') {
              documents.push(event.document);
              sources.push(event.document.path ?? event.document.id);
            } else if (event.kind === 'skipped' || event.kind === 'error') {
              skipped.push({ id: event.id, reason: event.reason });
              sources.push(event.id);
            }
          }
          // An article file yields exactly one event; a dataset yields one per record (path "file:line").
          for (const name of names) {
            const full = join(dir, name);
            const count = sources.filter((s) => s === full || s.startsWith(`${full}:`)).length;
            if (/\.(txt|html|md)$/.test(name)) expect(count, name).toBe(1);
          }
          const result = clusterDocuments(documents, { all: true, skipped });
          JSON.parse(renderJson(result, { color: false, width: 80 }));
          const seen = placements(result);
          expect([...seen.values()].every((count) => count === 1)).toBe(true);
          expect(seen.size).toBe(documents.length + skipped.length);
        },
      ),
      { numRuns: 40 },
    );
  });
});
