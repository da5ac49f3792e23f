import { describe, expect, it } from 'vitest';
import { chooseKept, removalsOf, type ClusterView, type RecordFacts } from '../src/dedup/keep.js';
import { outputFormatFor, parseDate, planDrops } from '../src/dedup/plan.js';
import { RecordTable } from '../src/dedup/records.js';

const cluster: ClusterView = {
  representative: 'b',
  documents: [
    { id: 'b', similarity: 1 },
    { id: 'a', similarity: 0.9 },
    { id: 'c', similarity: 0.8 },
  ],
};

const FACTS: Record<string, RecordFacts> = {
  a: { order: 0, length: 100, date: Date.parse('2024-03-02') },
  b: { order: 1, length: 300, date: Number.NaN },
  c: { order: 2, length: 300, date: Date.parse('2024-03-01') },
};
const facts = (id: string): RecordFacts => FACTS[id] as RecordFacts;

describe('chooseKept', () => {
  it('keeps the representative, the first, the longest (ties to the earlier) or the earliest dated', () => {
    expect(chooseKept(cluster, 'representative', facts)).toBe('b');
    expect(chooseKept(cluster, 'first', facts)).toBe('a');
    expect(chooseKept(cluster, 'longest', facts)).toBe('b');
    expect(chooseKept(cluster, 'earliest', facts)).toBe('c');
  });

  it('earliest: undated records lose to dated ones, and with no dates at all the first is kept', () => {
    const undated = (id: string): RecordFacts => ({ ...facts(id), date: Number.NaN });
    expect(chooseKept(cluster, 'earliest', undated)).toBe('a');
  });
});

describe('removalsOf', () => {
  it('scores members by their similarity to the representative when it is kept', () => {
    expect(removalsOf(cluster, 'b')).toEqual([
      { id: 'a', duplicateOf: 'b', score: 0.9 },
      { id: 'c', duplicateOf: 'b', score: 0.8 },
    ]);
  });

  it('uses the verified pair score with the kept member when the report lists it; the representative scores as the kept one', () => {
    const withPairs: ClusterView = { ...cluster, pairs: [{ a: 'a', b: 'c', score: 0.7 }] };
    expect(removalsOf(withPairs, 'c')).toEqual([
      { id: 'b', duplicateOf: 'c', score: 0.8 },
      { id: 'a', duplicateOf: 'c', score: 0.7 },
    ]);
  });
});

describe('planDrops', () => {
  it('drops every member but the kept one, by file and record number', () => {
    const table = new RecordTable();
    table.add({ id: 'a', file: 0, record: 1, length: 100, date: Number.NaN });
    table.add({ id: 'lonely', file: 0, record: 2, length: 50, date: Number.NaN });
    table.add({ id: 'b', file: 0, record: 3, length: 300, date: Number.NaN });
    table.add({ id: 'c', file: 1, record: 1, length: 300, date: Number.NaN });
    const plan = planDrops([cluster], 'first', table);
    expect(plan.dropped).toBe(2);
    expect(plan.clusters).toBe(1);
    expect([...(plan.byFile.get(0)?.keys() ?? [])]).toEqual([3]);
    expect(plan.byFile.get(1)?.get(1)).toEqual({ id: 'c', duplicateOf: 'a', score: 0.8 });
  });
});

describe('outputFormatFor', () => {
  it('keeps CSV as CSV, writes JSONL otherwise, Parquet when asked and possible', () => {
    expect(outputFormatFor(['jsonl', 'parquet'], 'out.jsonl')).toEqual({ format: 'jsonl' });
    expect(outputFormatFor(['csv', 'csv'], undefined)).toEqual({ format: 'csv' });
    expect(outputFormatFor(['parquet'], 'x.PARQUET')).toEqual({ format: 'parquet' });
    expect(outputFormatFor(['jsonl'], 'x.parquet')).toEqual({ error: expect.stringContaining('Parquet output needs Parquet input') });
    expect(outputFormatFor(['csv', 'jsonl'], 'x.jsonl')).toEqual({ error: expect.stringContaining('cannot share one output') });
  });
});

describe('parseDate', () => {
  it('reads ISO dates and Unix times in seconds or milliseconds', () => {
    expect(parseDate('2024-03-25T08:00:00Z')).toBe(Date.UTC(2024, 2, 25, 8));
    expect(parseDate('1711353600')).toBe(1711353600_000);
    expect(parseDate('1711353600000')).toBe(1711353600_000);
    expect(parseDate('soon')).toBeNaN();
    expect(parseDate(undefined)).toBeNaN();
  });
});
