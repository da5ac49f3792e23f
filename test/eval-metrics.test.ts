import { describe, expect, it } from 'vitest';
import { countPairs, predictedLabels, scorePairs } from '../src/eval/metrics.js';
import type { ClusterResult } from '../src/types.js';

describe('countPairs / scorePairs', () => {
  it('matches a case computed by hand', () => {
    // Contingency: (a,x)=2 (b,x)=1 (b,y)=2 (c,y)=1 → together 1+1 = 2; predicted 1+3 = 4; gold 3+3 = 6; all 15.
    const counts = countPairs(['a', 'a', 'b', 'b', 'b', 'c'], ['x', 'x', 'x', 'y', 'y', 'y']);
    expect(counts).toEqual({ together: 2, predicted: 4, gold: 6, all: 15 });
    const s = scorePairs(counts);
    expect(s.precision).toBeCloseTo(0.5, 10);
    expect(s.recall).toBeCloseTo(1 / 3, 10);
    expect(s.f1).toBeCloseTo(0.4, 10);
    // ARI = (2 − 4·6/15) / ((4 + 6)/2 − 4·6/15) = 0.4 / 3.4
    expect(s.ari).toBeCloseTo(0.4 / 3.4, 10);
  });

  it('scores a perfect clustering 1 whatever the label names', () => {
    const s = scorePairs(countPairs([7, 7, 3, 3, 9], ['p', 'p', 'q', 'q', 'r']));
    expect(s).toEqual({ precision: 1, recall: 1, f1: 1, ari: 1 });
  });

  it('gives a negative ARI to a clustering worse than chance', () => {
    // Every predicted pair crosses gold clusters.
    const s = scorePairs(countPairs(['a', 'b', 'a', 'b'], ['x', 'x', 'y', 'y']));
    expect(s.precision).toBe(0);
    expect(s.f1).toBe(0);
    expect(s.ari).toBeLessThan(0);
  });

  it('treats no predicted pair as precision 1 and recall 0', () => {
    const s = scorePairs(countPairs(['a', 'b', 'c'], ['x', 'x', 'y']));
    expect(s.precision).toBe(1);
    expect(s.recall).toBe(0);
    expect(s.f1).toBe(0);
  });

  it('does not let labels that look alike collide', () => {
    const counts = countPairs(['a,b', 'a'], ['c', 'b,c']);
    expect(counts.together).toBe(0);
  });

  it('rejects label lists of different lengths', () => {
    expect(() => countPairs(['a'], ['x', 'y'])).toThrow(RangeError);
  });
});

describe('predictedLabels', () => {
  it('gives clustered documents their cluster and every other document its own label', () => {
    const result = {
      clusters: [{ id: 1, size: 2, documents: [{ id: 'b' }, { id: 'c' }] }],
    } as unknown as ClusterResult;
    const labels = predictedLabels(result, ['a', 'b', 'c', 'd']);
    expect(labels[1]).toBe(labels[2]);
    expect(new Set(labels).size).toBe(3);
  });
});
