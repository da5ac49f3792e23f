/**
 * A fixed pool of stage workers. Each batch goes to the worker with the fewest batches in flight; the
 * stages are pure per batch, so which worker ran a batch never changes its result.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { StageOptions } from '../stages/context.js';
import { buffersOf } from '../stages/workspace.js';
import type { Exchanges, Kind, WorkerReply } from './protocol.js';

/** The compiled worker beside this module; from the TypeScript sources (tests), the one in dist. */
function workerFile(): URL {
  const sibling = new URL('./worker.js', import.meta.url);
  return existsSync(fileURLToPath(sibling)) ? sibling : new URL('../../dist/workers/worker.js', import.meta.url);
}

interface Pending {
  resolve: (value: Exchanges[Kind]['reply']) => void;
  reject: (reason: unknown) => void;
}

class Slot {
  readonly pending = new Map<number, Pending>();

  constructor(readonly worker: Worker) {
    worker.on('message', (reply: WorkerReply) => {
      const waiting = this.pending.get(reply.id);
      if (waiting === undefined) return;
      this.pending.delete(reply.id);
      if (reply.ok) waiting.resolve(reply.result);
      else waiting.reject(new Error(`worker: ${reply.error}`));
    });
    const fail = (error: Error): void => {
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`worker exited with code ${code}`)));
  }
}

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private nextId = 0;
  private readonly capacity: number;
  /** Workers start on demand, one when every running one is busy, so a run of one batch starts one
   * worker whatever --workers says (26 files with --workers 256 started 256 threads, 2.9 GB). After the
   * first broadcast the pool is fixed: a worker started later would miss the corpus-wide data. */
  private growing = true;

  /** `signal`: once it aborts, every request waiting or made later is rejected with its reason and the
   * workers stop, so a run cancelled mid-stage does not wait for the stage to end. */
  constructor(
    size: number,
    private readonly options: StageOptions,
    private readonly signal?: AbortSignal,
  ) {
    this.capacity = Math.max(1, size);
    signal?.addEventListener('abort', this.abort, { once: true });
  }

  private readonly abort = (): void => {
    const reason: unknown = this.signal?.reason;
    for (const slot of this.slots) {
      for (const waiting of slot.pending.values()) waiting.reject(reason);
      slot.pending.clear();
    }
    void this.close();
  };

  private start(): Slot {
    return new Slot(new Worker(workerFile(), { workerData: this.options }));
  }

  /** The most workers this pool runs. */
  get size(): number {
    return this.capacity;
  }

  /** Workers started so far. */
  get started(): number {
    return this.slots.length;
  }

  private send<K extends Kind>(
    slot: Slot,
    kind: K,
    request: Exchanges[K]['request'],
    transfer: ArrayBuffer[] = [],
  ): Promise<Exchanges[K]['reply']> {
    if (this.signal?.aborted) return Promise.reject(this.signal.reason);
    const id = this.nextId++;
    return new Promise<Exchanges[K]['reply']>((resolve, reject) => {
      // The reply to request `id` is of kind K: the worker answers each request with its own kind's result.
      slot.pending.set(id, { resolve: resolve as (value: Exchanges[Kind]['reply']) => void, reject });
      slot.worker.postMessage({ ...request, kind, id }, transfer);
    });
  }

  private least(): Slot {
    // The first worker too starts with the first request: a run of less than one batch never sends one,
    // and a worker started for nothing cost it ~0.2 s of CPU loading the stages.
    if (this.slots.length === 0) this.slots.push(this.start());
    let best = this.slots[0] as Slot;
    for (const slot of this.slots) if (slot.pending.size < best.pending.size) best = slot;
    if (this.growing && best.pending.size > 0 && this.slots.length < this.capacity) {
      best = this.start();
      this.slots.push(best);
    }
    return best;
  }

  /** One batch request to the least busy worker. `transfer` names what the main thread hands over: a
   * transferred array is unusable here afterwards. */
  run<K extends 'analyse' | 'select' | 'weigh' | 'rekey' | 'verify' | 'overlap' | 'measure'>(
    kind: K,
    request: Exchanges[K]['request'],
    transfer: object[] = [],
  ): Promise<Exchanges[K]['reply']> {
    // Before least(), which may start a worker that the abort has already passed by.
    if (this.signal?.aborted) return Promise.reject(this.signal.reason);
    return this.send(
      this.least(),
      kind,
      request,
      transfer.flatMap((part) => (ArrayBuffer.isView(part) ? buffersOf({ part }) : buffersOf(part))),
    );
  }

  /** Sends corpus-wide data to every worker; later requests see it (messages to a worker stay in order). */
  async broadcast<K extends 'boilerplate' | 'idf' | 'source'>(kind: K, request: Exchanges[K]['request']): Promise<void> {
    if (this.slots.length === 0) this.slots.push(this.start());
    this.growing = false;
    await Promise.all(this.slots.map((slot) => this.send(slot, kind, request)));
  }

  async close(): Promise<void> {
    this.signal?.removeEventListener('abort', this.abort);
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }
}
