import { describe, expect, it } from 'vitest';
import { clusterDocuments } from '../src/index.js';
import { reporterFor } from '../src/report/index.js';
import { csvField } from '../src/report/csv.js';

const wire =
  'Dockworkers at the port walked out on Monday over pay, halting container traffic, the union said. ' +
  'The strike is expected to last three days and could delay shipments of food and fuel across the region, officials warned.';
const rewrite =
  'Dockworkers at the port walked out on Monday over pay, halting container traffic, the union said. ' +
  'The strike is expected to last three days and could delay shipments across the region, officials warned on Monday.';
const other =
  'The central bank left interest rates unchanged on Thursday, saying inflation was slowing faster than expected across the euro area.';

const result = clusterDocuments([
  { id: 'wire.txt', text: wire, title: 'Port strike, "day one"' },
  { id: 'rewrite.txt', text: rewrite, title: 'Strike halts port' },
  { id: 'bank.txt', text: other },
]);

describe('reporters', () => {
  it('json is the result object, parseable', async () => {
    const parsed = JSON.parse((await reporterFor('json'))(result, { color: false, width: 100 })) as typeof result;
    expect(parsed.version).toBe(2);
    expect(parsed.clusters[0]?.documents.map((d) => d.id).sort()).toEqual(['rewrite.txt', 'wire.txt']);
  });

  it('ndjson has one parseable cluster per line', async () => {
    const lines = (await reporterFor('ndjson'))(result, { color: false, width: 100 }).trimEnd().split('\n');
    expect(lines).toHaveLength(result.clusters.length);
    expect((JSON.parse(lines[0] ?? '') as { size: number }).size).toBe(2);
  });

  it('csv has a header and one row per member, quoting what needs it', async () => {
    const rows = (await reporterFor('csv'))(result, { color: false, width: 100 }).trimEnd().split('\n');
    expect(rows[0]).toBe('cluster,size,representative,id,similarity,containment,title');
    expect(rows).toHaveLength(3);
    expect(rows.join('\n')).toContain('"Port strike, ""day one"""');
    expect(csvField('plain')).toBe('plain');
  });

  it('table names every member and carries no escape codes without colour', async () => {
    const table = (await reporterFor('table'))(result, { color: false, width: 100 });
    expect(table).toContain('Cluster 1');
    expect(table).toContain('wire.txt');
    expect(table).toContain('rewrite.txt');
    expect(table).not.toContain('bank.txt');
    expect(table).not.toMatch(/\x1b\[/);
    expect((await reporterFor('table'))(result, { color: true, width: 100 })).toMatch(/\x1b\[/);
  });
});
