/** A thread that sketches batches of documents for `index add` (transport only: sketchDocuments runs here). */
import { parentPort, workerData } from 'node:worker_threads';
import type { ClusterOptions, Document } from '../types.js';
import { sketchDocuments } from './engine.js';

const options = workerData as ClusterOptions;

parentPort?.on('message', ({ id, docs }: { id: number; docs: Document[] }) => {
  try {
    const result = sketchDocuments(docs, options);
    const buffers = result.sketches
      .flatMap((s) => [s.terms.buffer, s.tf.buffer, s.names.buffer, s.shingles.buffer])
      .filter((b) => b instanceof ArrayBuffer);
    parentPort?.postMessage({ id, ok: true, result }, [...new Set(buffers)]);
  } catch (error) {
    parentPort?.postMessage({ id, ok: false, error: error instanceof Error ? error.message : String(error) });
  }
});
