/**
 * A document's sketch as bytes for the store: a header of counts, then the arrays as little-endian
 * 32-bit words (term frequencies as 16-bit, clamped as the core clamps them). Decoding is one copy and
 * views, no per-value work: `index add` decodes every candidate it scores, and a varint format (a fifth
 * smaller) cost 45 µs a sketch, as much as the scoring. The identity fields (id, title, date, content
 * hash) are columns of their own.
 */
import { LANGUAGES, languageNumber } from '../text/language.js';
import { damaged } from '../store/store.js';
import type { DocumentSketch } from './engine.js';

/** 3: the language's number (text/language.ts LANGUAGES) is the header's fifth word. */
const FORMAT = 3;
const HEADER_WORDS = 5;

export type SketchArrays = Pick<DocumentSketch, 'terms' | 'tf' | 'names' | 'shingles' | 'lang'>;

export function encodeSketch(sketch: SketchArrays): Uint8Array {
  const { terms, tf, names, shingles } = sketch;
  const tfWords = Math.ceil(terms.length / 2);
  const words = new Uint32Array(HEADER_WORDS + terms.length + tfWords + names.length + shingles.length);
  words.set([FORMAT, terms.length, names.length, shingles.length, languageNumber(sketch.lang)]);
  let at = HEADER_WORDS;
  words.set(terms, at);
  at += terms.length;
  const counts = new Uint16Array(words.buffer, at * 4, 2 * tfWords);
  tf.forEach((f, i) => (counts[i] = Math.min(0xffff, f)));
  at += tfWords;
  words.set(names, at);
  words.set(shingles, at + names.length);
  return new Uint8Array(words.buffer);
}

/** `id`: the stored document's, named when the bytes do not decode. */
export function decodeSketch(bytes: Uint8Array, id?: string): SketchArrays {
  if (bytes.byteLength % 4 !== 0 || bytes.byteLength < 4 * HEADER_WORDS) throw damaged(id, 'sketch bytes cut short');
  // One aligned copy: a blob read from the store starts anywhere.
  const words = new Uint32Array(bytes.byteLength / 4);
  new Uint8Array(words.buffer).set(bytes);
  const [format = 0, terms = 0, names = 0, shingles = 0, language = 0] = words.subarray(0, HEADER_WORDS);
  if (format !== FORMAT) throw damaged(id, `unknown sketch format ${format}`);
  const lang = LANGUAGES[language];
  if (lang === undefined) throw damaged(id, `unknown language number ${language}`);
  const tfWords = Math.ceil(terms / 2);
  if (words.length !== HEADER_WORDS + terms + tfWords + names + shingles) throw damaged(id, 'sketch bytes do not match their counts');
  let at = HEADER_WORDS;
  const take = (count: number): Uint32Array => words.subarray(at, (at += count));
  const termArray = take(terms);
  const tf = Uint32Array.from(new Uint16Array(words.buffer, at * 4, terms));
  at += tfWords;
  return { terms: termArray, tf, names: take(names), shingles: take(shingles), lang };
}

/** Only the term hashes, copied out (aligned) without the rest: enough to bound a candidate's score
 * (./bound.ts), and most candidates go no further. */
export function decodeTerms(bytes: Uint8Array, id?: string): Uint32Array {
  if (bytes.byteLength % 4 !== 0 || bytes.byteLength < 4 * HEADER_WORDS) throw damaged(id, 'sketch bytes cut short');
  const header = new Uint32Array(HEADER_WORDS);
  new Uint8Array(header.buffer).set(bytes.subarray(0, 4 * HEADER_WORDS));
  const [format = 0, terms = 0] = header;
  if (format !== FORMAT) throw damaged(id, `unknown sketch format ${format}`);
  if (bytes.byteLength < 4 * (HEADER_WORDS + terms)) throw damaged(id, 'sketch bytes do not match their counts');
  const out = new Uint32Array(terms);
  new Uint8Array(out.buffer).set(bytes.subarray(4 * HEADER_WORDS, 4 * (HEADER_WORDS + terms)));
  return out;
}
