import { describe, expect, it } from 'vitest';
import { attachLoners, type AttachMeasure, type LinkedCluster } from '../src/cluster/average-link.js';

type Pair = [number, number, number];

const clustersOf = (groups: number[][]): LinkedCluster[] =>
  groups.map((versions) => ({
    versions: [...versions],
    centrality: versions.map(() => 1),
    summary: { min: 0.5, max: 0.5, sum: 0.5 * (versions.length - 1), count: versions.length - 1 },
    attached: [],
  }));

function attach(groups: number[][], pairs: Pair[], bar: number, measure?: AttachMeasure): LinkedCluster[] {
  const clusters = clustersOf(groups);
  const flat = Uint32Array.from(pairs.flatMap(([i, j]) => [i, j]));
  attachLoners(clusters, flat, Float64Array.from(pairs.map(([, , s]) => s)), bar, measure);
  return clusters;
}

/** Exact scores from a table (0 for a pair not in it), each version standing for `weights[v]` documents. */
function measureOf(table: Pair[], weights: Record<number, number> = {}): AttachMeasure {
  const score = new Map(table.map(([i, j, s]) => [`${Math.min(i, j)} ${Math.max(i, j)}`, s]));
  return {
    scoreOf: (i, j) => score.get(`${Math.min(i, j)} ${Math.max(i, j)}`) ?? 0,
    weightOf: (v) => weights[v] ?? 1,
  };
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

  describe('a loner that reaches two clusters', () => {
    const events = [
      [0, 1, 2],
      [3, 4],
    ];
    // Its best single match is in the second cluster; it scores higher with the first on average.
    const table: Pair[] = [
      [5, 0, 0.25],
      [5, 1, 0.24],
      [5, 2, 0.25],
      [5, 3, 0.27],
      [5, 4, 0.15],
    ];

    it('joins the one it scores highest with on average, recording its best score there', () => {
      const out = attach(events, table, 0.2, measureOf(table));
      expect(out.map((c) => c.versions)).toEqual([
        [0, 1, 2, 5],
        [3, 4],
      ]);
      expect(out[0]?.summary.max).toBeCloseTo(0.5, 6);
      expect(out[0]?.summary.min).toBeCloseTo(0.25, 6);
    });

    it('weighs each version by the documents it stands for, as the linkage does', () => {
      // Version 3 stands for ten copies: the second cluster's mean becomes (10 × 0.27 + 0.15) / 11.
      const out = attach(events, table, 0.2, measureOf(table, { 3: 10 }));
      expect(out.map((c) => c.versions)).toEqual([
        [0, 1, 2],
        [3, 4, 5],
      ]);
    });

    it('chooses by the best match without a measure, or past the budget of versions to score', () => {
      expect(attach(events, table, 0.2).map((c) => c.versions)).toEqual([
        [0, 1, 2],
        [3, 4, 5],
      ]);
      const big = Array.from({ length: 600 }, (_, k) => 10 + k);
      const wide = attach(
        [
          [0, 1, 2, ...big],
          [3, 4],
        ],
        table,
        0.2,
        measureOf(table),
      );
      expect(wide[1]?.versions).toEqual([3, 4, 5]);
    });

    it('only chooses among clusters its best match there reaches the bar in', () => {
      // The first cluster's mean is higher, but no pair with it reaches the bar.
      const low: Pair[] = [
        [5, 0, 0.19],
        [5, 1, 0.19],
        [5, 3, 0.21],
        [5, 4, 0.01],
      ];
      expect(attach(events, low, 0.2, measureOf(low)).map((c) => c.versions)).toEqual([
        [0, 1, 2],
        [3, 4, 5],
      ]);
    });
  });
});
