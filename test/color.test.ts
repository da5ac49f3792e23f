import { describe, expect, it } from 'vitest';
import { shouldColor } from '../src/cli/color.js';
import { exitCodeFor } from '../src/cli/exit-code.js';
import type { ClusterResult } from '../src/types.js';

describe('shouldColor', () => {
  it('follows flag > FORCE_COLOR > NO_COLOR > TERM=dumb > TTY', () => {
    expect(shouldColor(false, { FORCE_COLOR: '1' }, true)).toBe(false);
    expect(shouldColor(true, { NO_COLOR: '1' }, false)).toBe(true);
    expect(shouldColor(undefined, { FORCE_COLOR: '1', NO_COLOR: '1' }, false)).toBe(true);
    expect(shouldColor(undefined, { FORCE_COLOR: '0' }, true)).toBe(false);
    expect(shouldColor(undefined, { NO_COLOR: '1' }, true)).toBe(false);
    expect(shouldColor(undefined, { NO_COLOR: '' }, true)).toBe(true);
    expect(shouldColor(undefined, { TERM: 'dumb' }, true)).toBe(false);
    expect(shouldColor(undefined, {}, true)).toBe(true);
    expect(shouldColor(undefined, {}, false)).toBe(false);
  });
});

function resultWith(clusters: number, clustered: number, documents: number, skipped = 0): ClusterResult {
  return {
    version: 2,
    params: { mode: 'rewrite', threshold: 0.3, shingleSize: 2, numPerm: 128, bands: 32, rows: 4, seed: 1, lang: 'auto', minSize: 2 },
    stats: {
      documents,
      clusters,
      clustered,
      skipped,
      copies: 0,
      nearDuplicates: 0,
      versions: documents,
      candidates: 0,
      nearCandidates: 0,
      largeBuckets: 0,
      largestBucket: 0,
      largeComponents: 0,
      referenceStories: 0,
      referenceHeld: 0,
      elapsedMs: 0,
    },
    clusters: [],
    skipped: Array.from({ length: skipped }, (_, i) => ({ id: `bad${i}`, reason: 'empty file' })),
  };
}

describe('exitCodeFor', () => {
  const base = { failOnDuplicates: false, strict: false, inputErrors: 0 };
  it('is 0 for findings unless a rule asks to fail on them', () => {
    expect(exitCodeFor(resultWith(2, 5, 10), base)).toBe(0);
    expect(exitCodeFor(resultWith(2, 5, 10), { ...base, failOnDuplicates: true })).toBe(1);
    expect(exitCodeFor(resultWith(0, 0, 10), { ...base, failOnDuplicates: true })).toBe(0);
  });
  it('applies --max-clusters and --max-duplicate-ratio', () => {
    expect(exitCodeFor(resultWith(2, 5, 10), { ...base, maxClusters: 2 })).toBe(0);
    expect(exitCodeFor(resultWith(3, 6, 10), { ...base, maxClusters: 2 })).toBe(1);
    expect(exitCodeFor(resultWith(2, 5, 10), { ...base, maxDuplicateRatio: 0.5 })).toBe(0);
    expect(exitCodeFor(resultWith(2, 6, 10), { ...base, maxDuplicateRatio: 0.5 })).toBe(1);
  });
  it('puts input errors and --strict skips above findings', () => {
    expect(exitCodeFor(resultWith(2, 5, 10), { ...base, failOnDuplicates: true, inputErrors: 1 })).toBe(2);
    expect(exitCodeFor(resultWith(0, 0, 10, 1), { ...base, strict: true })).toBe(2);
    expect(exitCodeFor(resultWith(0, 0, 10, 1), base)).toBe(0);
  });
});
