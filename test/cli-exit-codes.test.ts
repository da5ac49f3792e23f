/** The exit-code table of README "Exit codes", as a pure function and as CI sees it. */
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT, exitCodeFor, type ExitPolicy } from '../src/cli/exit-code.js';
import type { ClusterResult } from '../src/types.js';
import { SEEDS, runCli, tempDir } from './cli-run.js';

function result(documents: number, clusters: number, clustered: number, skipped = 0): ClusterResult {
  return {
    stats: { documents, clusters, clustered, skipped, candidates: 0, cappedBuckets: 0, elapsedMs: 0 },
    skipped: Array.from({ length: skipped }, (_, i) => ({ id: `bad${i}`, reason: 'empty file' })),
  } as unknown as ClusterResult;
}

const policy = (extra: Partial<ExitPolicy> = {}): ExitPolicy => ({ failOnDuplicates: false, strict: false, inputErrors: 0, ...extra });

describe('exitCodeFor', () => {
  it('is 0 when no rule asks for findings, even with clusters', () => {
    expect(exitCodeFor(result(10, 2, 5), policy())).toBe(EXIT.ok);
  });
  it('is 1 for findings a rule names', () => {
    expect(exitCodeFor(result(10, 1, 2), policy({ failOnDuplicates: true }))).toBe(1);
    expect(exitCodeFor(result(10, 0, 0), policy({ failOnDuplicates: true }))).toBe(0);
    expect(exitCodeFor(result(10, 3, 6), policy({ maxClusters: 2 }))).toBe(1);
    expect(exitCodeFor(result(10, 2, 6), policy({ maxClusters: 2 }))).toBe(0);
    expect(exitCodeFor(result(10, 2, 5), policy({ maxDuplicateRatio: 0.4 }))).toBe(1);
    expect(exitCodeFor(result(10, 2, 4), policy({ maxDuplicateRatio: 0.4 }))).toBe(0);
    expect(exitCodeFor(result(0, 0, 0), policy({ maxDuplicateRatio: 0 }))).toBe(0);
  });
  it('is 2 for an unusable path, or a skipped input with --strict, before any finding', () => {
    expect(exitCodeFor(result(10, 1, 2), policy({ failOnDuplicates: true, inputErrors: 1 }))).toBe(2);
    expect(exitCodeFor(result(10, 1, 2, 1), policy({ failOnDuplicates: true, strict: true }))).toBe(2);
    expect(exitCodeFor(result(10, 0, 0, 1), policy())).toBe(0);
  });
});

describe('CI flags on the seeds plus three unrelated articles', () => {
  const { dir, cleanup } = tempDir();
  beforeAll(() => {
    cpSync(SEEDS, dir, { recursive: true });
    cpSync(join(SEEDS, '..', 'distractors', 'ecb-holds-rates.txt'), join(dir, 'ecb.txt'));
    cpSync(join(SEEDS, '..', 'distractors', 'greece-wildfire-athens.txt'), join(dir, 'fire.txt'));
    cpSync(join(SEEDS, '..', 'distractors', 'football-transfer-porto-newcastle.txt'), join(dir, 'football.txt'));
  });
  afterAll(cleanup);

  // 5 of 8 documents are in the one cluster: a ratio of 0.625.
  // A failed rule says why in one stderr line, even with --quiet, as jscpd does.
  it.each([
    [[], 0, ''],
    [['--fail-on-duplicates'], 1, 'cluster: --fail-on-duplicates: 1 cluster found (5 of 8 documents)\n'],
    [['--max-clusters', '0'], 1, 'cluster: --max-clusters 0: 1 cluster found\n'],
    [['--max-clusters', '1'], 0, ''],
    [['--max-duplicate-ratio', '0.6'], 1, 'cluster: --max-duplicate-ratio 0.6: 5 of 8 documents are in clusters (0.625)\n'],
    [['--max-duplicate-ratio', '0.7'], 0, ''],
  ])('%j exits %i', async (args, code, stderr) => {
    const run = await runCli([dir, '--quiet', '--format', 'csv', ...args]);
    expect(run.stderr).toBe(stderr);
    expect(run.code).toBe(code);
  });

  it('--strict turns a skipped input into exit 2, over findings', async () => {
    const { dir: other, cleanup: done } = tempDir();
    cpSync(SEEDS, other, { recursive: true });
    writeFileSync(join(other, 'empty.txt'), '');
    const plain = await runCli([other, '--fail-on-duplicates', '--quiet']);
    const strict = await runCli([other, '--fail-on-duplicates', '--strict', '--quiet']);
    done();
    expect(plain.code).toBe(1);
    expect(strict.code).toBe(2);
  });
});
