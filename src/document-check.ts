/** The library's input check: a document handed to clusterDocuments/clusterStream must be an object with
 * a non-empty string `id` and a string `text`; anything else is a TypeError that says so, not a crash
 * deep inside the pipeline. */

const SHAPE = 'a document is an object { id: string, text: string, title?: string }';

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

export function assertDocument(value: unknown, index: number): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`documents[${index}] is ${describe(value)}; ${SHAPE}`);
  }
  const { id, text } = value as Record<string, unknown>;
  if (typeof id !== 'string' || id === '') {
    throw new TypeError(`documents[${index}].id is ${id === '' ? 'empty' : describe(id)}; ${SHAPE} (a non-empty id)`);
  }
  if (typeof text !== 'string') throw new TypeError(`documents[${index}] (id ${JSON.stringify(id)}): text is ${describe(text)}; ${SHAPE}`);
  // The optional fields the library reads: a date or site that was not a string was stored as an empty
  // string (the report showed `date: ""`), and null failed deep inside on reading its length.
  for (const field of OPTIONAL_STRINGS) {
    const given = (value as Record<string, unknown>)[field];
    if (given !== undefined && typeof given !== 'string') {
      throw new TypeError(
        `documents[${index}] (id ${JSON.stringify(id)}): ${field} is ${describe(given)}; ${SHAPE} (${field}, if given, a string)`,
      );
    }
  }
}

const OPTIONAL_STRINGS = ['title', 'date', 'site', 'path'] as const;

/** The collection itself: `for of` on null says "documents is not iterable" at best, and `for await` on
 * null "Cannot read properties of null (reading 'Symbol(Symbol.asyncIterator)')". */
export function assertDocuments(value: unknown, streamed: boolean, name: 'documents' | 'sketches' = 'documents'): void {
  const collection = value as { [Symbol.iterator]?: unknown; [Symbol.asyncIterator]?: unknown } | null | undefined;
  const iterable = typeof collection?.[Symbol.iterator] === 'function';
  if (iterable || (streamed && typeof collection?.[Symbol.asyncIterator] === 'function')) return;
  const kind = streamed ? `an iterable or async iterable of ${name}` : `an iterable of ${name} (an array, say)`;
  throw new TypeError(`${name} must be ${kind}, got ${value === undefined ? 'undefined' : describe(value)}`);
}

const SKETCH = 'a sketch is a DocumentSketch as sketchDocuments gives it';
const SKETCH_ARRAYS = ['terms', 'tf', 'names', 'shingles'] as const;

/** clusterSketches' check of one sketch: a sketch built or stored by hand that lacks a field failed deep
 * inside (`Cannot read properties of undefined (reading 'slice')`), or, for a tf shorter than its terms,
 * weighed terms by frequencies read past the end. */
export function assertSketch(value: unknown, index: number): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new TypeError(`sketches[${index}] is ${describe(value)}; ${SKETCH}`);
  const sketch = value as Record<string, unknown>;
  const { id } = sketch;
  if (typeof id !== 'string' || id === '') throw new TypeError(`sketches[${index}].id is ${id === '' ? 'empty' : describe(id)}; ${SKETCH}`);
  const fault = (field: string, is: string): TypeError =>
    new TypeError(`sketches[${index}] (id ${JSON.stringify(id)}): ${field} is ${is}; ${SKETCH}`);
  for (const field of ['title', 'date'] as const) {
    if (sketch[field] !== undefined && typeof sketch[field] !== 'string') throw fault(field, describe(sketch[field]));
  }
  if (typeof sketch.contentHash !== 'string' || !/^[0-9a-f]{16}$/i.test(sketch.contentHash)) {
    throw fault('contentHash', `${describe(sketch.contentHash)}, not 16 hex digits`);
  }
  if (typeof sketch.lang !== 'string') throw fault('lang', describe(sketch.lang));
  if (sketch.settings !== undefined && !isSketchSettings(sketch.settings)) {
    throw fault('settings', `${describe(sketch.settings)}, not { proseOnly: boolean, shingleSize: number, lang: string }`);
  }
  for (const field of SKETCH_ARRAYS)
    if (!(sketch[field] instanceof Uint32Array)) throw fault(field, `${describe(sketch[field])}, not a Uint32Array`);
  if ((sketch.tf as Uint32Array).length !== (sketch.terms as Uint32Array).length) throw fault('tf', 'not as long as terms');
}

/** Compared field by field with the options' settings: a field missing or of another type would read as
 * a setting that differs, and the message would name a value the caller never gave. */
function isSketchSettings(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const { proseOnly, shingleSize, lang } = value as Record<string, unknown>;
  return typeof proseOnly === 'boolean' && typeof shingleSize === 'number' && typeof lang === 'string';
}

/** addBatch's and queryIndex's check of their sketches: the whole array, before any work. */
export function assertSketches(value: unknown): void {
  if (!Array.isArray(value)) throw new TypeError(`sketches must be an array of sketches, got ${describe(value)}`);
  value.forEach((sketch: unknown, index) => assertSketch(sketch, index));
}
