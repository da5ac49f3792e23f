import { describe, expect, it } from 'vitest';
import { attachSingletons } from '../src/cluster/attach.js';

describe('attachSingletons', () => {
  const groups = [[0, 1], [2, 3], [4], [5]];

  it('moves a singleton into the cluster of its best match at or above the bar', () => {
    const out = attachSingletons(groups, [
      { i: 0, j: 4, score: 0.21 },
      { i: 2, j: 4, score: 0.25 },
    ], 0.2);
    expect(out).toContainEqual([2, 3, 4]);
    expect(out).toContainEqual([0, 1]);
  });

  it('never merges two clusters, and never joins two singletons', () => {
    const out = attachSingletons(groups, [
      { i: 1, j: 2, score: 0.9 },
      { i: 4, j: 5, score: 0.9 },
    ], 0.2);
    expect(out).toEqual(groups);
  });

  it('leaves a singleton alone below the bar', () => {
    expect(attachSingletons(groups, [{ i: 4, j: 0, score: 0.19 }], 0.2)).toEqual(groups);
  });
});
