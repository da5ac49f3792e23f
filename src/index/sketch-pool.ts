/**
 * Sketching for `index add` on worker threads, so that analysis (most of the work) runs on every core while
 * the main thread decides and stores the previous batch. Batches come back in the order they were sent;
 * with no workers, sketching runs in-process. The workers start with the first batch sent to them: a run
 * of one batch sketches it here (`sketchHere`) and starts none.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ClusterOptions, Document, SkippedInput } from '../types.js';
import { sketchDocuments, type DocumentSketch } from './engine.js';

export interface Sketched {
  sketches: DocumentSketch[];
  skipped: SkippedInput[];
}

type Reply = { id: number; ok: true; result: Sketched } | { id: number; ok: false; error: string };

/** The compiled worker beside this module; from the TypeScript sources (tests), the one in dist. */
function workerFile(): URL {
  const sibling = new URL('./sketch-worker.js', import.meta.url);
  return existsSync(fileURLToPath(sibling)) ? sibling : new URL('../../dist/index/sketch-worker.js', import.meta.url);
}

/** Options as plain data for a worker (no callbacks). */
function plain(options: ClusterOptions): ClusterOptions {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => typeof v !== 'function' && v !== undefined)) as ClusterOptions;
}

export class SketchPool {
  private workers: Worker[] = [];
  private readonly waiting = new Map<number, { resolve: (value: Sketched) => void; reject: (error: Error) => void }>();
  private nextId = 0;

  constructor(
    readonly size: number,
    private readonly options: ClusterOptions,
  ) {}

  private start(file: URL): Worker {
    const worker = new Worker(file, { workerData: plain(this.options) });
    worker.on('message', (reply: Reply) => {
      const waiting = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if (reply.ok) waiting?.resolve(reply.result);
      else waiting?.reject(new Error(`sketch worker: ${reply.error}`));
    });
    worker.on('error', (error) => this.failAll(error));
    return worker;
  }

  private failAll(error: Error): void {
    for (const waiting of this.waiting.values()) waiting.reject(error);
    this.waiting.clear();
  }

  /** Sketches one batch on this thread. */
  sketchHere(docs: Document[]): Promise<Sketched> {
    return Promise.resolve(sketchDocuments(docs, this.options));
  }

  /** Sketches one batch, on the next worker in turn. */
  sketch(docs: Document[]): Promise<Sketched> {
    if (this.size === 0) return this.sketchHere(docs);
    if (this.workers.length === 0) {
      const file = workerFile();
      this.workers = Array.from({ length: this.size }, () => this.start(file));
    }
    const id = this.nextId++;
    const worker = this.workers[id % this.workers.length] as Worker;
    return new Promise<Sketched>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ id, docs });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
