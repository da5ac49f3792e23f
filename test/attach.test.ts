import { describe, expect, it } from 'vitest';
import { attachLoners, type LinkedCluster } from '../src/cluster/average-link.js';

type Pair = [number, number, number];

const clustersOf = (groups: number[][]): LinkedCluster[] =>
  groups.map((versions) => ({
    versions: [...versions],
    centrality: versions.map(() => 1),
    summary: { min: 0.5, max: 0.5, sum: 0.5 * (versions.length - 1), count: versions.length - 1 },
    attached: [],
  }));

function attach(groups: number[][], pairs: Pair[], bar: number): LinkedCluster[] {
  const clusters = clustersOf(groups);
  attachLoners(clusters, Uint32Array.from(pairs.flatMap(([i, j]) => [i, j])), Float64Array.from(pairs.map(([, , s]) => s)), bar);
  return clusters;
}

describe('attachLoners', () => {
  // Two clusters; versions 4 and 5 were left alone by the linkage.
  const groups = [
    [0, 1],
    [2, 3],
  ];

  it('moves a loner into the cluster of its best match at or above the bar', () => {
    const out = attach(
      groups,
      [
        [0, 4, 0.21],
        [2, 4, 0.25],
      ],
      0.2,
    );
    expect(out.map((c) => c.versions)).toEqual([
      [0, 1],
      [2, 3, 4],
    ]);
    expect(out[1]?.attached).toEqual([4]);
    expect(out[1]?.centrality).toHaveLength(3);
    expect(out[1]?.summary.count).toBe(2);
    expect(out[1]?.summary.max).toBeCloseTo(0.5, 6);
    expect(out[0]?.attached).toEqual([]);
  });

  it('reads a pair in either order and takes the bar itself as reached', () => {
    const out = attach(groups, [[4, 1, 0.2]], 0.2);
    expect(out.map((c) => c.versions)).toEqual([
      [0, 1, 4],
      [2, 3],
    ]);
  });

  it('never merges two clusters, and never joins two loners', () => {
    const out = attach(
      groups,
      [
        [1, 2, 0.9],
        [4, 5, 0.9],
      ],
      0.2,
    );
    expect(out.map((c) => c.versions)).toEqual(groups);
    expect(out.every((c) => c.attached.length === 0)).toBe(true);
  });

  it('leaves a loner alone below the bar', () => {
    expect(attach(groups, [[4, 0, 0.19]], 0.2).map((c) => c.versions)).toEqual(groups);
  });

  it('puts a loner in one cluster only, whatever it matches', () => {
    const out = attach(
      groups,
      [
        [4, 0, 0.6],
        [4, 1, 0.3],
        [4, 2, 0.59],
        [5, 3, 0.4],
      ],
      0.2,
    );
    const all = out.flatMap((c) => c.versions);
    expect(all.filter((v) => v === 4)).toHaveLength(1);
    expect(out.map((c) => c.versions)).toEqual([
      [0, 1, 4],
      [2, 3, 5],
    ]);
  });
});
