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
  const { id, text, title } = value as Record<string, unknown>;
  if (typeof id !== 'string' || id === '') {
    throw new TypeError(`documents[${index}].id is ${id === '' ? 'empty' : describe(id)}; ${SHAPE} (a non-empty id)`);
  }
  if (typeof text !== 'string') throw new TypeError(`documents[${index}] (id ${JSON.stringify(id)}): text is ${describe(text)}; ${SHAPE}`);
  if (title !== undefined && typeof title !== 'string') {
    throw new TypeError(`documents[${index}] (id ${JSON.stringify(id)}): title is ${describe(title)}; ${SHAPE}`);
  }
}
