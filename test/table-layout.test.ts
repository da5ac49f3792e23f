/** The table a person reads: widths in terminal columns, shortened only when a width is given, input
 * text escaped; CSV cells neutralised against formula injection. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { neutraliseFormula, csvField, renderCsv } from '../src/report/csv.js';
import { escapeControl } from '../src/report/escape.js';
import { selectClusters } from '../src/report/select.js';
import { renderTable } from '../src/report/table.js';
import { truncateEnd, truncateMiddle, truncatePath, widthOf } from '../src/report/text-width.js';
import type { Cluster, ClusterMember, ClusterResult } from '../src/types.js';

function member(id: string, title: string, similarity = 0.8, extra: Partial<ClusterMember> = {}): ClusterMember {
  return { id, title, similarity, containment: 0.5, ...extra };
}

function cluster(id: number, documents: ClusterMember[], mean = 0.6): Cluster {
  return { id, size: documents.length, representative: documents[0]?.id ?? '', score: { min: 0.5, mean, max: 0.9 }, documents };
}

function resultOf(clusters: Cluster[]): ClusterResult {
  const clustered = clusters.reduce((n, c) => n + c.size, 0);
  return {
    version: 2,
    params: { mode: 'rewrite', threshold: 0.37, shingleSize: 2, numPerm: 128, bands: 22, rows: 1, seed: 1, lang: 'auto', minSize: 2 },
    stats: {
      documents: clustered + 3,
      clusters: clusters.length,
      clustered,
      skipped: 2,
      copies: 0,
      nearDuplicates: 0,
      versions: clustered + 3,
      candidates: 10,
      nearCandidates: 0,
      largeBuckets: 0,
      largestBucket: 2,
      largeComponents: 0,
      referenceStories: 0,
      referenceHeld: 0,
      elapsedMs: 12345,
    },
    clusters,
    skipped: [],
  };
}

const longId = 'archive/2024/03/25/asia-pacific/japan/politics/defence/japan-us-military-cooperation-talks.html';
const sample = resultOf([
  cluster(1, [
    member('wire.txt', '# Ferry capsizes off Japan coast; dozens rescued by the coast guard overnight', 1),
    member(longId, 'Japan, US discuss boosting military cooperation as they eye China, officials say'),
    member('東京/日本と米国が軍事協力の強化を協議する記事.txt', '日本と米国、軍事協力の強化を協議　中国を念頭に'),
    member('attached.txt', 'A later report on the same story', 0.25, { attached: true }),
  ]),
]);

describe('text widths', () => {
  it('counts wide characters as two columns', () => {
    expect(widthOf('日本')).toBe(4);
    expect(truncateEnd('日本と米国', 5)).toBe('日本…');
    expect(widthOf(truncateMiddle('日本と米国が軍事協力', 9))).toBeLessThanOrEqual(9);
  });

  it('shortens a path in its middle and keeps the file name', () => {
    const short = truncatePath(longId, 50);
    expect(short.endsWith('…/japan-us-military-cooperation-talks.html')).toBe(true);
    expect(short.startsWith('archive/')).toBe(true);
    expect(widthOf(short)).toBe(50);
    expect(truncatePath('a/b.txt', 20)).toBe('a/b.txt');
  });
});

describe('renderTable', () => {
  it('fits the width exactly, whatever the ids and titles', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'Z', '/', ' ', '日', '界', '\u001b', '\n', 'é', '-', '🙂'), maxLength: 120 });
    fc.assert(
      fc.property(fc.array(fc.tuple(text, text), { minLength: 1, maxLength: 6 }), fc.integer({ min: 40, max: 200 }), (rows, width) => {
        const members = rows.map(([id, title], i) => member(`${i}${id}`, title));
        const lines = renderTable(resultOf([cluster(1, members)]), { color: false, width }).split('\n');
        for (const line of lines) expect(widthOf(line)).toBeLessThanOrEqual(width);
      }),
      { numRuns: 60 },
    );
  });

  it('at 80 columns the member rows reach the edge', () => {
    const lines = renderTable(sample, { color: false, width: 80 }).split('\n');
    expect(Math.max(...lines.map(widthOf))).toBe(80);
    // At 80 columns the id column is narrower than the long file name: shortened in its middle.
    expect(lines.find((l) => l.includes('archive/'))).toMatch(/^ {4}archive\/\S*…\S*talks\.html /);
  });

  it('without a width nothing is shortened', () => {
    const table = renderTable(sample, { color: false });
    expect(table).toContain(longId);
    expect(table).toContain('Japan, US discuss boosting military cooperation as they eye China, officials say');
    expect(table).not.toContain('…');
  });

  it('calls the second score containment, as the JSON does, and marks attached members', () => {
    const table = renderTable(sample, { color: false });
    expect(table).toMatch(/document +score {2}containment {2}title/);
    expect(table).not.toContain('shared');
    expect(table).toMatch(/^ \+ {2}attached\.txt/m);
  });

  it('escapes control characters: a newline in an id never splits a row', () => {
    const evil = resultOf([cluster(1, [member('a\nb\u001b[2J.txt', 'title \u001b]0;pwned\u0007'), member('b.txt', 'x')])]);
    const table = renderTable(evil, { color: false });
    expect(table).toContain('a\\nb\\x1b[2J.txt');
    expect(table).toContain('title \\x1b]0;pwned\\x07');
    expect(table).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
  });

  it('wraps the summary line to the width', () => {
    const lines = renderTable(sample, { color: false, width: 60 }).trimEnd().split('\n');
    expect(lines.slice(-2)).toEqual([
      '7 documents, 1 cluster (4 documents in clusters), 2 skipped,',
      'mode rewrite, threshold 0.37, 12345 ms',
    ]);
  });

  it('never cuts a summary part that fits a line alone, at any width, to make room for its comma', () => {
    for (let width = 40; width <= 120; width++) {
      const text = renderTable(sample, { color: false, width }).trimEnd();
      const summary = text.slice(text.lastIndexOf('\n\n') + 2);
      expect(summary, `width ${width}`).not.toContain('…');
      expect(summary.replaceAll(',\n', ', '), `width ${width}`).toBe(
        '7 documents, 1 cluster (4 documents in clusters), 2 skipped, mode rewrite, threshold 0.37, 12345 ms',
      );
    }
  });
});

describe('escapeControl', () => {
  it('escapes C0, DEL, C1 and bidi controls, and leaves text alone', () => {
    expect(escapeControl('a\tb\rc\u007f\u009b\u202e')).toBe('a\\tb\\rc\\x7f\\x9b\\u202e');
    expect(escapeControl('Ferry — 日本 ✓')).toBe('Ferry — 日本 ✓');
  });
});

describe('--sort and --top', () => {
  const three = resultOf([
    cluster(1, [member('c.txt', ''), member('d.txt', ''), member('e.txt', '')], 0.5),
    cluster(2, [member('a.txt', ''), member('b.txt', '')], 0.9),
    cluster(3, [member('f.txt', ''), member('g.txt', '')], 0.7),
  ]);
  it('orders by size (as given), score or id, and keeps the first n', () => {
    expect(selectClusters(three, 'size').clusters.map((c) => c.id)).toEqual([1, 2, 3]);
    expect(selectClusters(three, 'score').clusters.map((c) => c.id)).toEqual([2, 3, 1]);
    expect(selectClusters(three, 'id', 2).clusters.map((c) => c.id)).toEqual([2, 1]);
    expect(selectClusters(three, 'size', 1).stats.clusters).toBe(3);
  });

  it('--sort score ranks the singletons of --all after every cluster, though they score 1', () => {
    const singleton = (id: number, doc: string): Cluster => ({ ...cluster(id, [member(doc, '', 1)]), score: { min: 1, mean: 1, max: 1 } });
    const withAll = resultOf([...three.clusters, singleton(4, 'h.txt'), singleton(5, 'i.txt')]);
    expect(selectClusters(withAll, 'score').clusters.map((c) => c.id)).toEqual([2, 3, 1, 4, 5]);
    expect(selectClusters(withAll, 'score', 2).clusters.map((c) => c.id)).toEqual([2, 3]);
  });
});

describe('CSV formula injection', () => {
  it('prefixes cells a spreadsheet would run with a quote (OWASP)', () => {
    expect(neutraliseFormula('=HYPERLINK("http://x")')).toBe('\'=HYPERLINK("http://x")');
    for (const lead of ['+', '-', '@', '\t', '\r']) expect(neutraliseFormula(`${lead}1`)).toBe(`'${lead}1`);
    expect(neutraliseFormula('plain')).toBe('plain');
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField(0.5)).toBe('0.5');
    const csv = renderCsv(resultOf([cluster(1, [member('=cmd|calc.txt', '@SUM(A1)'), member('b.txt', '-2')])]), { color: false });
    expect(csv).toContain("'=cmd|calc.txt");
    expect(csv).toContain("'@SUM(A1)");
    expect(csv).toContain(",'-2");
  });
});
