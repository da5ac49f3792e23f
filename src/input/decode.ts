/**
 * Bytes to text. UTF-8 (with or without BOM) and UTF-16 with a BOM are read as such; a file with NUL
 * bytes and no UTF-16 BOM, or one that decodes to a soup of control characters, is binary and skipped.
 * An article that is not valid UTF-8 is read as Windows-1252 (the usual encoding of old news archives)
 * and the caller warns; a dataset, read as a stream, gets U+FFFD for its invalid bytes and a warning.
 */

import { TextDecoder } from 'node:util';

type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export type Decoded = { ok: true; text: string; encoding: Encoding } | { ok: false; reason: string };

/** An input that cannot be read as text at all; its message is the reason shown to the user. */
export class UnreadableInput extends Error {
  override name = 'UnreadableInput';
}

const SNIFF_CHARS = 8192;
// Prose in any encoding read here has almost no control characters besides tab, line breaks and form
// feed; random bytes (an image without NULs early, an archive) decode to about one in eight.
const MAX_CONTROL_SHARE = 0.05;
const BINARY_NUL = 'binary file (NUL bytes), not text';
const BINARY_CONTROL = 'binary file (control characters), not text';

function utf16Bom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return undefined;
}

function hasNul(bytes: Uint8Array): boolean {
  return bytes.subarray(0, SNIFF_CHARS).includes(0);
}

function isControl(code: number): boolean {
  if (code < 0x20) return code !== 0x09 && code !== 0x0a && code !== 0x0c && code !== 0x0d;
  return code === 0x7f || (code >= 0x80 && code <= 0x9f);
}

/** True when the start of a decoded text is mostly not text. */
export function looksBinary(text: string): boolean {
  const end = Math.min(text.length, SNIFF_CHARS);
  let controls = 0;
  for (let i = 0; i < end; i++) if (isControl(text.charCodeAt(i))) controls += 1;
  return end > 0 && controls / end > MAX_CONTROL_SHARE;
}

// Windows-1252 differs from Latin-1 only in 0x80-0x9F (curly quotes, dashes, €). Node's TextDecoder
// reads 'windows-1252' as Latin-1 and gives C1 control characters there, so map that row here.
const CP1252_ROW = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';

function decodeWindows1252(bytes: Uint8Array): string {
  return new TextDecoder('latin1').decode(bytes).replace(/[\u0080-\u009f]/g, (ch) => CP1252_ROW[ch.charCodeAt(0) - 0x80] ?? ch);
}

function decodeWhole(bytes: Uint8Array): { text: string; encoding: Encoding } | undefined {
  const bom = utf16Bom(bytes);
  if (bom !== undefined) return { text: new TextDecoder(bom).decode(bytes.subarray(2)), encoding: bom };
  if (hasNul(bytes)) return undefined;
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body), encoding: 'utf-8' };
  } catch {
    return { text: decodeWindows1252(body), encoding: 'windows-1252' };
  }
}

export function decodeBytes(bytes: Uint8Array): Decoded {
  const decoded = decodeWhole(bytes);
  if (decoded === undefined) return { ok: false, reason: BINARY_NUL };
  if (looksBinary(decoded.text)) return { ok: false, reason: BINARY_CONTROL };
  return { ok: true, ...decoded };
}

/**
 * The streaming counterpart for datasets, which may be far larger than memory: the first chunk decides
 * the encoding (and whether the file is binary); later chunks are decoded as they come.
 */
export class StreamDecoder {
  private decoder: TextDecoder | undefined;
  /** Some bytes were not valid UTF-8 and were replaced with U+FFFD. */
  invalidUtf8 = false;

  /** Text of the next chunk. Throws UnreadableInput when the first chunk shows a binary file. */
  push(chunk: Uint8Array): string {
    if (this.decoder === undefined) return this.start(chunk);
    return this.decode(chunk);
  }

  end(): string {
    return this.decoder === undefined ? '' : this.decode(new Uint8Array(0), false);
  }

  private start(chunk: Uint8Array): string {
    const bom = utf16Bom(chunk);
    if (bom !== undefined) {
      this.decoder = new TextDecoder(bom);
      return this.decode(chunk.subarray(2));
    }
    if (hasNul(chunk)) throw new UnreadableInput(BINARY_NUL);
    this.decoder = new TextDecoder('utf-8', { fatal: true });
    const text = this.decode(chunk);
    if (looksBinary(text)) throw new UnreadableInput(BINARY_CONTROL);
    return text;
  }

  private decode(chunk: Uint8Array, stream = true): string {
    const decoder = this.decoder as TextDecoder;
    try {
      return decoder.decode(chunk, { stream });
    } catch {
      // Switch to replacement for the rest of the file: one bad byte should not cost a whole dataset.
      this.invalidUtf8 = true;
      this.decoder = new TextDecoder('utf-8');
      return this.decoder.decode(chunk, { stream });
    }
  }
}
