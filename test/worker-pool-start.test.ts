/** --workers is an upper bound: workers start only when the running ones are busy. */
import { describe, expect, it } from 'vitest';
import { stageOptions } from '../src/stages/context.js';
import { WorkerPool } from '../src/workers/pool.js';

describe('WorkerPool', () => {
  it('starts no worker before the first request', async () => {
    const pool = new WorkerPool(4, stageOptions({}));
    expect(pool.started).toBe(0);
    await pool.close();
  });

  it('starts one worker for one batch, however large the pool may grow', async () => {
    const pool = new WorkerPool(32, stageOptions({}));
    try {
      await pool.run('analyse', { texts: [{ text: 'Dockworkers at the port walked out on Monday over pay, the union said.' }] });
      expect(pool.size).toBe(32);
      expect(pool.started).toBe(1);
    } finally {
      await pool.close();
    }
  });

  it('starts another only while every running worker is busy, up to the size', async () => {
    const pool = new WorkerPool(2, stageOptions({}));
    try {
      const texts = [{ text: 'The central bank left interest rates unchanged on Thursday.' }];
      await Promise.all([pool.run('analyse', { texts }), pool.run('analyse', { texts }), pool.run('analyse', { texts })]);
      expect(pool.started).toBe(2);
    } finally {
      await pool.close();
    }
  });
});
