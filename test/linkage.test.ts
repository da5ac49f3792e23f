import { describe, expect, it } from 'vitest';
import { linkClusters } from '../src/cluster/linkage.js';

const sorted = (groups: number[][]) => groups.map((g) => [...g].sort((a, b) => a - b)).sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0));

describe('linkClusters', () => {
  // Two tight stories {0,1,2} and {3,4,5}; document 6 is a roundup that matches one member of each.
  const pairs = [
    { i: 0, j: 1, score: 0.9 }, { i: 0, j: 2, score: 0.8 }, { i: 1, j: 2, score: 0.85 },
    { i: 3, j: 4, score: 0.9 }, { i: 3, j: 5, score: 0.8 }, { i: 4, j: 5, score: 0.85 },
    { i: 2, j: 6, score: 0.5 }, { i: 3, j: 6, score: 0.5 },
  ];

  it('single link lets a roundup chain two stories together', () => {
    expect(sorted(linkClusters(7, pairs, 0.4, 'single'))).toEqual([[0, 1, 2, 3, 4, 5, 6]]);
  });

  it('average link keeps the two stories apart', () => {
    const groups = sorted(linkClusters(7, pairs, 0.4, 'average'));
    expect(groups).toContainEqual([3, 4, 5]);
    expect(groups.some((g) => g.includes(0) && g.includes(3))).toBe(false);
  });

  it('returns every document exactly once', () => {
    const groups = linkClusters(9, pairs, 0.4, 'average');
    expect(groups.flat().sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });
});
