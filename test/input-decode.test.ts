import { describe, expect, it } from 'vitest';
import { LINE_TOO_LONG, decodeChunks, splitLines, type Line } from '../src/input/dataset.js';
import { StreamDecoder, UnreadableInput, decodeBytes, looksBinary } from '../src/input/decode.js';
import { htmlToText } from '../src/input/html.js';
import { noisyBytes } from './bad-inputs.js';

const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

async function* from<T>(...items: T[]): AsyncGenerator<T> {
  yield* items;
}

describe('decodeBytes', () => {
  it('reads UTF-8 and drops its BOM', () => {
    expect(decodeBytes(bytes(0xef, 0xbb, 0xbf, 0x68, 0xc3, 0xa9))).toEqual({ ok: true, text: 'hé', encoding: 'utf-8' });
  });

  it('reads UTF-16 with a BOM, little and big endian', () => {
    expect(decodeBytes(bytes(0xff, 0xfe, 0x68, 0, 0xe9, 0))).toEqual({ ok: true, text: 'hé', encoding: 'utf-16le' });
    expect(decodeBytes(bytes(0xfe, 0xff, 0, 0x68, 0, 0xe9))).toEqual({ ok: true, text: 'hé', encoding: 'utf-16be' });
  });

  it('reads invalid UTF-8 as Windows-1252', () => {
    expect(decodeBytes(bytes(0x63, 0x61, 0x66, 0xe9, 0x20, 0x93, 0x71, 0x94))).toMatchObject({
      ok: true,
      text: 'café “q”',
      encoding: 'windows-1252',
      warning: expect.stringContaining('not valid UTF-8'),
    });
  });

  it('reads UTF-8 with a few stray Windows-1252 bytes as UTF-8, and only those bytes as Windows-1252', () => {
    const pasted = Buffer.concat([Buffer.from('Le café ouvre à midi, dit le maire. '), Buffer.from([0x93, 0x6f, 0x6b, 0x94])]);
    expect(decodeBytes(pasted)).toEqual({
      ok: true,
      text: 'Le café ouvre à midi, dit le maire. “ok”',
      encoding: 'utf-8',
      warning: 'not valid UTF-8; read as UTF-8, and 2 stray bytes as Windows-1252',
    });
    // A sequence cut at the end of the file is a stray byte too.
    expect(decodeBytes(Buffer.concat([Buffer.from('déjà vu '), Buffer.from([0xc3])]))).toMatchObject({
      text: 'déjà vu Ã',
      encoding: 'utf-8',
    });
  });

  it('keeps Windows line endings for the reader to split', () => {
    expect(decodeBytes(utf8('a\r\nb\r\n'))).toMatchObject({ ok: true, text: 'a\r\nb\r\n' });
  });

  it('calls a file with NUL bytes binary', () => {
    expect(decodeBytes(bytes(0x61, 0, 0x62))).toEqual({ ok: false, reason: 'binary file (NUL bytes), not text' });
  });

  it('calls random bytes without NULs binary, but not prose with a stray control character', () => {
    expect(decodeBytes(noisyBytes(3000))).toEqual({ ok: false, reason: 'binary file (control characters), not text' });
    expect(looksBinary(`A tab\there, a form feed\f, a bell \u0007 once in a long line of ordinary prose text.`)).toBe(false);
  });

  it('reads an empty file as empty text', () => {
    expect(decodeBytes(new Uint8Array(0))).toEqual({ ok: true, text: '', encoding: 'utf-8' });
  });
});

describe('StreamDecoder', () => {
  it('decodes a character split across chunks', () => {
    const decoder = new StreamDecoder();
    expect(decoder.push(bytes(0x68, 0xc3)) + decoder.push(bytes(0xa9)) + decoder.end()).toBe('hé');
    expect(decoder.invalidUtf8).toBe(false);
  });

  it('follows a UTF-16 BOM', () => {
    const decoder = new StreamDecoder();
    expect(decoder.push(bytes(0xff, 0xfe, 0x7b, 0)) + decoder.push(bytes(0x7d, 0)) + decoder.end()).toBe('{}');
  });

  it('throws UnreadableInput on a binary first chunk', () => {
    expect(() => new StreamDecoder().push(bytes(0x7b, 0, 0))).toThrow(UnreadableInput);
    expect(() => new StreamDecoder().push(noisyBytes(3000))).toThrow('control characters');
  });

  it('replaces invalid bytes after the first chunk and says so', () => {
    const decoder = new StreamDecoder();
    const text = decoder.push(utf8('ok\n')) + decoder.push(bytes(0x61, 0xff, 0x62)) + decoder.end();
    expect(text).toBe('ok\na\uFFFDb');
    expect(decoder.invalidUtf8).toBe(true);
  });
});

describe('splitLines', () => {
  it('splits LF and CRLF lines across chunk boundaries', async () => {
    expect(await collect(splitLines(from('a\r', '\nb', 'c\n', 'd\r\n')))).toEqual(['a', 'bc', 'd']);
  });

  it('replaces a line longer than the limit by a marker, without holding it', async () => {
    const lines: Line[] = await collect(splitLines(from('short\n', 'x'.repeat(6), 'x'.repeat(6), 'x\nafter\n', 'y'.repeat(20)), 10));
    expect(lines).toEqual(['short', LINE_TOO_LONG, 'after', LINE_TOO_LONG]);
  });

  it('reads a 200 kB line whole when the limit allows it', async () => {
    const long = 'word '.repeat(40_000);
    const chunks = decodeChunks(from(utf8(long.slice(0, 70_000)), utf8(long.slice(70_000)), utf8('\n')), new StreamDecoder());
    expect(await collect(splitLines(chunks, 1 << 20))).toEqual([long]);
  });
});

describe('htmlToText on broken pages', () => {
  // Each of these took seconds to minutes with backtracking patterns; every scan is linear now.
  it.each([
    ['unclosed brackets', '<'.repeat(200_000)],
    ['unclosed scripts', '<script>'.repeat(40_000)],
    ['unclosed comments', '<!--'.repeat(40_000)],
    ['unclosed headings', '<h1>'.repeat(40_000)],
    ['meta tags without content', '<meta property="og:title" '.repeat(10_000)],
  ])('%s', (_name, html) => {
    expect(typeof htmlToText(html).text).toBe('string');
  });

  it('still drops scripts, navigation and comments and finds the title', () => {
    const page =
      '<html><head><title>T</title><meta property="og:title" content="Dam &amp; spillway"></head><body><nav>Home</nav>' +
      '<!-- ad --><h1>Dam <b>safe</b></h1><p>The inspection found no cracks.</p><script>if (a < b) x();</script><p>Repairs end in May.</p>';
    expect(htmlToText(page)).toEqual({ title: 'Dam & spillway', text: 'Dam safe\nThe inspection found no cracks.\nRepairs end in May.' });
  });
});
