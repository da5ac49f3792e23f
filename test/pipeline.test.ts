import { describe, expect, it } from 'vitest';
import { clusterDocuments } from '../src/index.js';
import { load } from './fixtures.js';

const seeds = load('afp-japan-us');
const distractors = load('distractors');

describe('clusterDocuments on the founding example', () => {
  it('puts the five AFP versions in one cluster with the AFP copy as representative', () => {
    const result = clusterDocuments(seeds);
    expect(result.clusters).toHaveLength(1);
    const [cluster] = result.clusters;
    expect(cluster?.size).toBe(5);
    expect(cluster?.representative).toMatch(/00[23]_/);
    expect(cluster?.documents[0]?.id).toBe(cluster?.representative);
  });

  it('keeps every distractor out of the AFP cluster and finds the planted rewrite pair', () => {
    const result = clusterDocuments([...seeds, ...distractors]);
    const ids = result.clusters.map((c) => c.documents.map((d) => d.id).sort());
    expect(ids).toContainEqual(seeds.map((d) => d.id).sort());
    expect(ids).toContainEqual(['distractors/port-strike-rewrite.txt', 'distractors/port-strike-wire.txt']);
    expect(result.clusters).toHaveLength(2);
  });

  it('verifies every pair of versions in a small run, and only what LSH proposes with --bands', () => {
    const all = [...seeds, ...distractors];
    for (const mode of ['rewrite', 'story'] as const) {
      const { stats } = clusterDocuments(all, { mode });
      expect(stats.candidates).toBe((stats.versions * (stats.versions - 1)) / 2);
      for (const seed of [2, 7, 1234])
        expect(clusterDocuments(all, { mode, seed }).clusters).toEqual(clusterDocuments(all, { mode }).clusters);
    }
    const banded = clusterDocuments(all, { bands: 16 }).stats;
    expect(banded.candidates).toBeLessThan((banded.versions * (banded.versions - 1)) / 2);
  });

  it('is deterministic and independent of input order', () => {
    const forward = clusterDocuments([...seeds, ...distractors]);
    const backward = clusterDocuments([...distractors, ...seeds].reverse());
    const strip = (r: typeof forward) => JSON.stringify({ ...r, stats: { ...r.stats, elapsedMs: 0 } });
    expect(strip(backward)).toBe(strip(forward));
  });

  it('reports singletons with --all and accounts for every document', () => {
    const result = clusterDocuments([...seeds, ...distractors], { all: true });
    const members = result.clusters.flatMap((c) => c.documents.map((d) => d.id)).sort();
    expect(members).toEqual([...seeds, ...distractors].map((d) => d.id).sort());
  });

  it('skips a duplicate id with a reason naming both places', () => {
    const doc = { id: 'a.txt', text: seeds[0]!.text, path: 'x/a.txt' };
    const result = clusterDocuments([doc, { ...doc, path: 'y/a.txt' }]);
    // The same rule and message as the file reader's (input/id-registry.ts).
    expect(result.skipped).toEqual([{ id: 'y/a.txt', reason: 'duplicate id "a.txt", first read from x/a.txt; the first one was kept' }]);
    expect(result.stats.documents).toBe(1);
  });

  it('tells onSkipped of each duplicate id as it is read', () => {
    const heard: string[] = [];
    const doc = { id: 'a.txt', text: seeds[0]!.text };
    clusterDocuments([doc, { ...doc, path: 'b/a.txt' }, { ...doc, path: 'c/a.txt' }], { onSkipped: (skip) => heard.push(skip.id) });
    expect(heard).toEqual(['b/a.txt', 'c/a.txt']);
  });

  it('rejects out-of-range parameters with the accepted range', () => {
    expect(() => clusterDocuments(seeds, { threshold: 1.5 })).toThrow(/above 0 and at most 1/);
    expect(() => clusterDocuments(seeds, { numPerm: 8 })).toThrow(/from 16 to 1024/);
    expect(() => clusterDocuments(seeds, { bands: 300 })).toThrow(/bands must be a whole number from 1 to numPerm \(128\), got 300/);
    expect(() => clusterDocuments(seeds, { lang: 'zz' })).toThrow(/lang must be auto or an ISO 639-1 code/);
    expect(clusterDocuments(seeds, { lang: 'en' }).clusters[0]?.size).toBe(5);
  });
});
