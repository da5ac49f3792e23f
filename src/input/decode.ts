/**
 * Bytes to text. The encoding is decided in this order: a BOM (UTF-8, UTF-16); for HTML, the charset the
 * page declares in its first kilobyte; valid UTF-8; a statistical guess (chardet); Windows-1252. Every
 * encoding ICU knows is decoded by TextDecoder. A file with NUL bytes and no UTF-16 BOM, or one that
 * decodes to a soup of control characters, is binary and skipped. Whatever was not certain (a guess, an
 * unknown declared label, a declaration the bytes contradict) comes back as a warning for the caller.
 * A dataset, read as a stream, gets U+FFFD for its invalid bytes and a warning.
 */

import { TextDecoder } from 'node:util';
import { declaredCharset, guessCharset } from './charset.js';

/** A WHATWG encoding name, as TextDecoder reports it ('utf-8', 'shift_jis', 'windows-1251', …). */
type Encoding = string;

export type Decoded = { ok: true; text: string; encoding: Encoding; warning?: string } | { ok: false; reason: string };

export interface DecodeOptions {
  /** Look for a declared charset (`<meta charset>`) in the first kilobyte. */
  html?: boolean;
}

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

interface Chosen {
  text: string;
  encoding: Encoding;
  warning?: string;
}

function decodeAs(encoding: string, bytes: Uint8Array): string {
  return encoding === 'windows-1252' ? decodeWindows1252(bytes) : new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes);
}

function strictUtf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** True when the bytes hold a multi-byte UTF-8 sequence (valid UTF-8 that is not plain ASCII). */
function hasMultibyte(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if ((bytes[i] ?? 0) >= 0x80) return true;
  return false;
}

/** Length of the valid UTF-8 sequence that starts at `i` (1 for ASCII), or 0 when the byte there starts none. */
function utf8SequenceAt(bytes: Uint8Array, i: number): number {
  const lead = bytes[i] ?? 0;
  if (lead < 0x80) return 1;
  const length = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
  if (length === 0 || i + length > bytes.length) return 0;
  // The second byte's range excludes overlong forms, surrogates and code points above U+10FFFF.
  const low = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
  const high = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
  const second = bytes[i + 1] ?? 0;
  if (second < low || second > high) return 0;
  for (let k = 2; k < length; k++) if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return 0;
  return length;
}

// UTF-8 text with a few Windows-1252 bytes pasted in (a quote from Word in a CMS) holds at least as many
// valid multi-byte sequences as stray bytes (1 to 10 per stray byte in the texts tried). Legacy multi-byte
// encodings form valid UTF-8 sequences only by chance: 0.06 to 0.27 per invalid byte in the Shift_JIS,
// EUC-KR, GBK, Big5 fixtures; single-byte ones almost never. Read whole as Windows-1252 (or chardet's
// guess), such a text turned every accented word to mojibake ("cafÃ©") and no longer matched its clean
// copies (a French pair: 0.43 instead of 0.97).
const MIXED_MIN_SEQUENCES_PER_BAD_BYTE = 1;
const MIXED_MIN_SEQUENCES = 2;

/** UTF-8 with its invalid bytes read as Windows-1252, when the bytes read as UTF-8 with a few stray ones. */
function mixedUtf8(bytes: Uint8Array): { text: string; stray: number } | undefined {
  const utf8 = new TextDecoder('utf-8');
  const parts: string[] = [];
  let sequences = 0;
  let stray = 0;
  let run = 0;
  for (let i = 0; i < bytes.length; ) {
    const length = utf8SequenceAt(bytes, i);
    if (length > 1) sequences += 1;
    if (length > 0) {
      i += length;
      continue;
    }
    parts.push(utf8.decode(bytes.subarray(run, i)), decodeWindows1252(bytes.subarray(i, i + 1)));
    stray += 1;
    i += 1;
    run = i;
  }
  if (sequences < MIXED_MIN_SEQUENCES || sequences < MIXED_MIN_SEQUENCES_PER_BAD_BYTE * stray) return undefined;
  parts.push(utf8.decode(bytes.subarray(run)));
  return { text: parts.join(''), stray };
}

/** Undeclared bytes: UTF-8 when they are valid UTF-8 (or nearly: a few stray Windows-1252 bytes), else
 * chardet's guess, else Windows-1252. */
function undeclared(bytes: Uint8Array, why: string): Chosen {
  const utf8 = strictUtf8(bytes);
  if (utf8 !== undefined) return { text: utf8, encoding: 'utf-8' };
  const mixed = mixedUtf8(bytes);
  if (mixed !== undefined) {
    const stray = `${mixed.stray} stray ${mixed.stray === 1 ? 'byte' : 'bytes'}`;
    return { text: mixed.text, encoding: 'utf-8', warning: `${why}; read as UTF-8, and ${stray} as Windows-1252` };
  }
  const guess = guessCharset(bytes);
  if (guess !== undefined && guess !== 'utf-8' && guess !== 'windows-1252') {
    return { text: decodeAs(guess, bytes), encoding: guess, warning: `${why}; read as ${guess} (detected)` };
  }
  return { text: decodeWindows1252(bytes), encoding: 'windows-1252', warning: `${why}; read as Windows-1252` };
}

/** A page with a charset declaration follows it, with one exception: a page declared Latin-1 or
 * Windows-1252 whose bytes are valid UTF-8 with multi-byte characters is UTF-8 saved under an old
 * template (by chance, Windows-1252 text is almost never valid UTF-8 beyond ASCII). */
function declared(bytes: Uint8Array): Chosen | undefined {
  const found = declaredCharset(bytes);
  if (found.kind === 'none') return undefined;
  if (found.kind === 'unknown') {
    const why = `unknown declared encoding "${found.label}"`;
    const chosen = undeclared(bytes, why);
    return { ...chosen, warning: chosen.warning ?? `${why}; read as UTF-8` };
  }
  if (found.encoding === 'utf-8') {
    const utf8 = strictUtf8(bytes);
    return utf8 !== undefined ? { text: utf8, encoding: 'utf-8' } : undeclared(bytes, 'declared UTF-8 but not valid UTF-8');
  }
  if (found.encoding === 'windows-1252' && hasMultibyte(bytes)) {
    const utf8 = strictUtf8(bytes);
    if (utf8 !== undefined) return { text: utf8, encoding: 'utf-8', warning: `declared ${found.label} but valid UTF-8; read as UTF-8` };
  }
  return { text: decodeAs(found.encoding, bytes), encoding: found.encoding };
}

function decodeWhole(bytes: Uint8Array, options: DecodeOptions): Chosen | undefined {
  const bom = utf16Bom(bytes);
  if (bom !== undefined) return { text: new TextDecoder(bom).decode(bytes.subarray(2)), encoding: bom };
  if (hasNul(bytes)) return undefined;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return { text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(3)), encoding: 'utf-8' };
  return (options.html === true ? declared(bytes) : undefined) ?? undeclared(bytes, 'not valid UTF-8');
}

export function decodeBytes(bytes: Uint8Array, options: DecodeOptions = {}): Decoded {
  const decoded = decodeWhole(bytes, options);
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
