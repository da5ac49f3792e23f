/**
 * Working arrays reused from batch to batch (stages are synchronous, one thread each). Fresh ones were
 * ~2 MB of ArrayBuffers a batch, which V8 counts as external memory and reclaims with full collections.
 * Each has its own name: a stage never holds two views of one.
 */
const workspace = new Map<string, Uint32Array>();

export function room(name: string, length: number): Uint32Array {
  let array = workspace.get(name);
  if (array === undefined || array.length < length) {
    array = new Uint32Array(Math.max(length, 2 * (array?.length ?? 0)));
    workspace.set(name, array);
  }
  return array;
}

/** Where a stage's output arrays are made: private memory, or shared memory that every worker reads
 * without a copy (verification reads every batch). */
export type Memory = 'private' | 'shared';

export function copyInto<T extends Uint32Array | Uint16Array | Uint8Array>(
  memory: Memory,
  array: T,
  create: (buffer: ArrayBufferLike) => T,
): T {
  const out = create(memory === 'shared' ? new SharedArrayBuffer(array.byteLength) : new ArrayBuffer(array.byteLength));
  out.set(array);
  return out;
}

/** The buffers of a batch that can be transferred (shared ones are shared anyway). */
export function buffersOf(batch: object): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const value of Object.values(batch)) {
    if (ArrayBuffer.isView(value) && value.buffer instanceof ArrayBuffer && !out.includes(value.buffer)) out.push(value.buffer);
  }
  return out;
}

/**
 * The batch with each array copied into memory of its own, to be transferred to a worker. A batch kept in
 * shared slabs (src/slabs.ts) is not sent as it is: a worker that received a view of a slab keeps the
 * whole slab alive until it next collects garbage, which a worker doing little allocation seldom does
 * (1.2 GB of analyses outlived their selection at a million documents).
 */
export function ownCopy<T extends object>(batch: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(batch)) {
    out[key] = value instanceof Uint32Array || value instanceof Uint16Array || value instanceof Uint8Array ? value.slice() : value;
  }
  return out as T;
}

/** [start, end) of item d in arrays of exclusive ends. */
export function rangeOf(ends: Uint32Array, d: number): [number, number] {
  return [d === 0 ? 0 : (ends[d - 1] ?? 0), ends[d] ?? 0];
}

/** The length of document d's range. */
export function rangeLength(ends: Uint32Array, d: number): number {
  return (ends[d] ?? 0) - (d === 0 ? 0 : (ends[d - 1] ?? 0));
}
