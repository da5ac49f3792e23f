/**
 * Which encoding a file's bytes are in, when it has no BOM: what an HTML page declares in its first
 * kilobyte (`<meta charset>`, `<meta http-equiv="Content-Type">`, an XML declaration), and, for bytes
 * that declare nothing and are not UTF-8, a statistical guess.
 */
import { lazily } from '../lazy-require.js';
import { TextDecoder } from 'node:util';

// Loaded with the first file whose bytes declare no charset and are not UTF-8.
const chardet = lazily<typeof import('chardet')>('chardet');

/** Browsers look for the declaration in the first 1024 bytes (HTML Standard, "prescan"); so do we. */
const PRESCAN_BYTES = 1024;
// The label must end inside the window: a declaration cut at byte 1024 ("ut…") is not read at all.
const META_CHARSET = /<meta\s[^>]*?charset\s*=\s*["']?\s*([-\w.:]+)(?=["'\s;/>])/i;
const XML_ENCODING = /^<\?xml\s[^>]*encoding\s*=\s*["']([-\w.:]+)["']/i;
/** A guess below this confidence (chardet's 0-100) is no better than the Windows-1252 default. */
const MIN_CONFIDENCE = 10;

export type Declared = { kind: 'none' } | { kind: 'known'; encoding: string; label: string } | { kind: 'unknown'; label: string };

/** The WHATWG name TextDecoder gives a label ("sjis" → "shift_jis", "latin1" → "windows-1252"), or
 * undefined when ICU does not know it. */
function encodingOf(label: string): string | undefined {
  try {
    return new TextDecoder(label.trim().toLowerCase()).encoding;
  } catch {
    return undefined;
  }
}

/** The encoding declared in the first kilobyte of a page. Both meta forms carry `charset=`; UTF-16
 * declared in bytes that are readable as ASCII cannot be true, so it is read as UTF-8 (as browsers do). */
export function declaredCharset(bytes: Uint8Array): Declared {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, PRESCAN_BYTES));
  const label = META_CHARSET.exec(head)?.[1] ?? XML_ENCODING.exec(head)?.[1];
  if (label === undefined) return { kind: 'none' };
  const encoding = encodingOf(label);
  if (encoding === undefined) return { kind: 'unknown', label };
  return { kind: 'known', encoding: encoding.startsWith('utf-16') ? 'utf-8' : encoding, label };
}

/** chardet's best guess as a WHATWG name, when it is confident enough and ICU can decode it. ISO-8859-1
 * comes back as windows-1252, its superset (WHATWG treats the labels as one). */
export function guessCharset(bytes: Uint8Array): string | undefined {
  const [best] = chardet().analyse(bytes);
  if (best === undefined || best.confidence < MIN_CONFIDENCE) return undefined;
  return encodingOf(best.name);
}
