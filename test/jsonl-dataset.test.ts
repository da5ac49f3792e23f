import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const FIXTURE = 'fixtures/jsonl/articles.jsonl';
const tmp = mkdtempSync(join(tmpdir(), 'wirecluster-jsonl-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function cluster(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['bin/cluster.js', ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Json {
  params: { mode: string; threshold: number };
  stats: { documents: number };
  clusters: Array<{ representative: string; documents: Array<{ id: string; shared?: Array<{ text: string; tokens: number }> }> }>;
}

describe('cluster on a JSONL dataset', () => {
  it('finds the rewrite pair and nothing else, in every mode that should', () => {
    for (const mode of ['rewrite', 'story']) {
      const r = cluster(FIXTURE, '--json', '--mode', mode);
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout) as Json;
      expect(out.params.mode).toBe(mode);
      expect(out.stats.documents).toBe(5);
      expect(out.clusters.map((c) => c.documents.map((d) => d.id).sort())).toEqual([['rewrite-ferry', 'wire-ferry']]);
    }
  });

  it('--explain quotes shared passages for members, not for the representative', () => {
    const out = JSON.parse(cluster(FIXTURE, '--json', '--explain').stdout) as Json;
    const [c] = out.clusters;
    const rep = c?.documents.find((d) => d.id === c.representative);
    const other = c?.documents.find((d) => d.id !== c.representative);
    expect(rep?.shared).toBeUndefined();
    expect(other?.shared?.[0]?.tokens).toBeGreaterThanOrEqual(8);
    // Not 'The harbour authority said gusts of up to 110 kilometres an hour': the wire has no such
    // sentence, only its two halves in two places.
    expect(other?.shared?.[0]?.text).toMatch(/waves above six metres/);
  });

  it('reads other field names and reports a bad line by number, keeping the rest', () => {
    const renamed = readFileSync(FIXTURE, 'utf8')
      .trim()
      .split('\n')
      .map((line) => {
        const r = JSON.parse(line) as Record<string, string>;
        return JSON.stringify({ key: r['id'], body: r['text'], headline: r['title'] });
      });
    renamed.splice(2, 0, '{"key": "broken", "body": ');
    const file = join(tmp, 'renamed.jsonl');
    writeFileSync(file, `${renamed.join('\n')}\n`);
    const r = cluster(file, '--json', '--id-field', 'key', '--text-field', 'body', '--title-field', 'headline');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/renamed\.jsonl:3/);
    const out = JSON.parse(r.stdout) as Json;
    expect(out.stats.documents).toBe(5);
    expect(out.clusters).toHaveLength(1);
  });

  it('duplicate mode does not call a rewrite a duplicate', () => {
    copyFileSync(FIXTURE, join(tmp, 'copy.jsonl'));
    const out = JSON.parse(cluster(join(tmp, 'copy.jsonl'), '--json', '--mode', 'duplicate').stdout) as Json;
    expect(out.clusters).toEqual([]);
  });
});
