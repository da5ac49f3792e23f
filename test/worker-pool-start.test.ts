/** --workers is an upper bound: workers start only when the running ones are busy. */
import { describe, expect, it } from 'vitest';
import { sketchOptions } from '../src/workers/stages.js';
import { WorkerPool } from '../src/workers/pool.js';

describe('WorkerPool', () => {
  it('starts one worker for one batch, however large the pool may grow', async () => {
    const pool = new WorkerPool(32, sketchOptions({}));
    try {
      await pool.analyse([{ text: 'Dockworkers at the port walked out on Monday over pay, the union said.' }]);
      expect(pool.size).toBe(32);
      expect(pool.started).toBe(1);
    } finally {
      await pool.close();
    }
  });

  it('starts another only while every running worker is busy, up to the size', async () => {
    const pool = new WorkerPool(2, sketchOptions({}));
    try {
      const texts = [{ text: 'The central bank left interest rates unchanged on Thursday.' }];
      await Promise.all([pool.analyse(texts), pool.analyse(texts), pool.analyse(texts)]);
      expect(pool.started).toBe(2);
    } finally {
      await pool.close();
    }
  });
});
