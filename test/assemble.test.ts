import { describe, expect, it } from 'vitest';
import { assembleClusters, assemblySteps, measurePairs, type AssemblyInput } from '../src/cluster/assemble.js';
import type { PairMeasures } from '../src/cluster/features.js';
import { MODES } from '../src/cluster/modes.js';
import { GroupIndex } from '../src/cluster/versions.js';

/** Measures that differ per ordered pair, so that a measure read for the wrong pair shows. */
function measure(i: number, j: number): PairMeasures {
  const x = ((i * 31 + j * 17) % 50) / 100;
  return { jaccard: 0.4 + x, containment: 0.5 + x / 2, aInB: 0.3 + x, bInA: 0.6 - x / 2, cosine: 0.45 + x };
}

/**
 * Ten documents: 0, 3 and 6 linked as versions (0 and 3 tied on centrality), 3's near-duplicate group
 * holding 4 and 5, 7 a copy of 0, and 8–9 a near-duplicate group of their own.
 */
function inputOf(asked: Array<[number, number]>): AssemblyInput {
  const groupOf = Uint32Array.of(0, 1, 2, 3, 3, 3, 6, 0, 8, 8);
  const copyOf = Uint32Array.of(0, 1, 2, 3, 4, 5, 6, 0, 8, 9);
  return {
    ids: Array.from({ length: 10 }, (_, d) => `doc-${d}`),
    titles: Array.from({ length: 10 }, () => undefined),
    dates: Array.from({ length: 10 }, () => undefined),
    copyOf,
    groups: new GroupIndex(groupOf),
    nearPairs: Uint32Array.of(3, 4, 3, 5, 8, 9),
    linked: [{ versions: [0, 3, 6], centrality: [2, 2, 1], summary: { min: 0.5, max: 0.8, sum: 1.3, count: 2 }, attached: [] }],
    profile: MODES.rewrite,
    minSize: 2,
    measure: (i, j) => {
      asked.push([i, j]);
      return measure(i, j);
    },
    shingleCount: () => 10,
  };
}

describe('assemblySteps', () => {
  it('lists ahead every pair it measures, once, and reads the measures given back', () => {
    const late: Array<[number, number]> = [];
    const steps = assemblySteps(inputOf(late));
    const listed: number[] = [];
    let step = steps.next();
    while (step.done !== true) {
      listed.push(...step.value);
      step = steps.next(measurePairs(step.value, measure));
    }
    expect(late).toEqual([]);
    const keys = Array.from({ length: listed.length / 2 }, (_, p) => `${listed[2 * p]}-${listed[2 * p + 1]}`);
    expect(new Set(keys).size).toBe(keys.length);
    // The tied versions' coverage (0 wins), the medoid of 8 and 9 (0's group is 0 and its copy 7: nothing to
    // measure), then the members 3, 4, 5 and 6 against the representative 0, each pair once.
    expect(keys.sort()).toEqual(['0-3', '3-0', '4-0', '5-0', '6-0', '6-3', '8-9', '9-8']);
    const inOneGo: Array<[number, number]> = [];
    expect(step.value).toEqual(assembleClusters(inputOf(inOneGo)));
    expect(inOneGo.length).toBe(keys.length);
  });

  it('takes what the caller measured: a member’s similarity is the measure given back for it', () => {
    const steps = assemblySteps(inputOf([]));
    let step = steps.next();
    while (step.done !== true) {
      const pairs = step.value;
      const given = measurePairs(pairs, measure);
      // cosine (rewrite's score) of every pair given as 0.123
      for (let p = 0; 2 * p < pairs.length; p++) given[p * 5 + 4] = 0.123;
      step = steps.next(given);
    }
    const [cluster] = step.value;
    const others = cluster?.documents.filter((d) => d.id !== cluster.representative && d.similarity !== 1) ?? [];
    expect(others.length).toBeGreaterThan(0);
    for (const member of others) expect(member.similarity).toBe(0.123);
  });
});
