import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clusterDocuments } from '../src/pipeline.js';
import { SEEDS } from './cli-run.js';

describe('cluster members', () => {
  it('carry the publication date of their document when it has one', () => {
    const text = (name: string): string => readFileSync(join(SEEDS, name), 'utf8');
    const result = clusterDocuments([
      { id: 'a', text: text('002_87b53d273ee130fd.txt'), date: '2024-03-25T06:12:00Z' },
      { id: 'b', text: text('003_dd5119002caa63fa.txt') },
    ]);
    const members = result.clusters[0]?.documents ?? [];
    expect(members.find((m) => m.id === 'a')?.date).toBe('2024-03-25T06:12:00Z');
    expect(members.find((m) => m.id === 'b')).not.toHaveProperty('date');
  });
});
