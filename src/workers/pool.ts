/**
 * A pool of sketch workers, started on demand up to its size. Each batch goes to the worker with the fewest batches in flight; the
 * stages are pure per batch, so which worker ran a batch never changes its result.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { DocumentText } from '../text/analyze.js';
import type { WorkerReply, WorkerRequest, WorkerResult } from './protocol.js';
import { buffersOf, type AnalysisBatch, type ContentBatch, type FeatureBatch, type SketchOptions } from './stages.js';

type Request = WorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

interface Pending {
  resolve: (value: WorkerResult) => void;
  reject: (error: Error) => void;
}

/** The compiled worker beside this module; from the TypeScript sources (tests), the one in dist. */
export function workerFile(): URL {
  const sibling = new URL('./worker.js', import.meta.url);
  return existsSync(fileURLToPath(sibling)) ? sibling : new URL('../../dist/workers/worker.js', import.meta.url);
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

  constructor(
    size: number,
    private readonly options: SketchOptions,
  ) {
    this.capacity = Math.max(1, size);
    this.slots.push(this.start());
  }

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

  /** Batches sent and not yet answered, over all workers. */
  get inFlight(): number {
    return this.slots.reduce((sum, slot) => sum + slot.pending.size, 0);
  }

  private send(slot: Slot, request: Request, transfer: ArrayBuffer[]): Promise<WorkerResult> {
    const id = this.nextId++;
    return new Promise<WorkerResult>((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      slot.worker.postMessage({ ...request, id }, transfer);
    });
  }

  private least(): Slot {
    let best = this.slots[0] as Slot;
    for (const slot of this.slots) if (slot.pending.size < best.pending.size) best = slot;
    if (this.growing && best.pending.size > 0 && this.slots.length < this.capacity) {
      best = this.start();
      this.slots.push(best);
    }
    return best;
  }

  async analyse(texts: DocumentText[]): Promise<AnalysisBatch> {
    return (await this.send(this.least(), { kind: 'analyse', texts }, [])) as AnalysisBatch;
  }

  async select(batch: AnalysisBatch): Promise<ContentBatch> {
    return (await this.send(this.least(), { kind: 'select', batch }, buffersOf(batch))) as ContentBatch;
  }

  async sketch(batch: ContentBatch): Promise<FeatureBatch> {
    return (await this.send(this.least(), { kind: 'sketch', batch }, buffersOf(batch))) as FeatureBatch;
  }

  async verify(pairs: Uint32Array): Promise<Float64Array> {
    return (await this.send(this.least(), { kind: 'verify', pairs }, [pairs.buffer as ArrayBuffer])) as Float64Array;
  }

  /** Sends corpus-wide data to every worker; later requests see it (messages to a worker stay in order). */
  async broadcast(request: Extract<Request, { kind: 'boilerplate' | 'corpus' | 'features' }>): Promise<void> {
    this.growing = false;
    await Promise.all(this.slots.map((slot) => this.send(slot, request, [])));
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }
}
