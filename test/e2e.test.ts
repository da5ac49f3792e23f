/** The built binary, run the way users and CI run it: argv in, stdout/stderr/exit code out. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HELP_TEXT } from '../src/cli/help.js';
import { VERSION } from '../src/cli/program.js';
import type { ClusterResult } from '../src/types.js';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'cluster.js');

function cluster(args: string[], input?: string) {
  const run = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined },
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const temp = mkdtempSync(join(tmpdir(), 'wirecluster-e2e-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('cluster (built binary)', () => {
  it('clusters the five AFP versions from a folder, as JSON on stdout', () => {
    const { code, stdout, stderr } = cluster(['fixtures/afp-japan-us', '--json']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const result = JSON.parse(stdout) as ClusterResult;
    expect(result.version).toBe(2);
    expect(result.clusters).toHaveLength(1);
    expect(result.clusters[0]?.size).toBe(5);
    expect(result.clusters[0]?.representative).toMatch(/^00[23]_/);
  });

  it('keeps distractors out when run on all fixtures', () => {
    const { code, stdout } = cluster(['fixtures', '--json']);
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as ClusterResult;
    const groups = result.clusters.map((c) => c.documents.map((d) => d.id).sort());
    expect(groups[0]).toEqual([0, 1, 2, 3, 4].map((i) => expect.stringMatching(new RegExp(`^afp-japan-us/00${i}_`))));
    expect(
      groups
        .flat()
        .filter((id) => id.startsWith('distractors/'))
        .sort(),
    ).toEqual(['distractors/port-strike-rewrite.txt', 'distractors/port-strike-wire.txt']);
  });

  it('prints a table for people, without colour under NO_COLOR', () => {
    const { code, stdout } = cluster(['fixtures/afp-japan-us']);
    expect(code).toBe(0);
    expect(stdout).toContain('Cluster 1');
    expect(stdout).toContain('5 articles');
    expect(stdout).not.toMatch(/\x1b\[/);
  });

  it('writes ndjson and csv', () => {
    const nd = cluster(['fixtures', '--format', 'ndjson']);
    expect(
      nd.stdout
        .trimEnd()
        .split('\n')
        .map((l) => (JSON.parse(l) as { size: number }).size),
    ).toEqual([5, 2, 2]);
    const csv = cluster(['fixtures/afp-japan-us', '--format', 'csv']);
    expect(csv.stdout.split('\n')[0]).toBe('cluster,size,representative,id,similarity,containment,title');
  });

  it('exits 1 with --fail-on-duplicates when clusters exist, 0 when none', () => {
    expect(cluster(['fixtures/afp-japan-us', '--fail-on-duplicates', '--json']).code).toBe(1);
    expect(cluster(['fixtures/distractors/ecb-holds-rates.txt', '--fail-on-duplicates']).code).toBe(0);
  });

  it('prints the help text and exits 0', () => {
    const { code, stdout } = cluster(['--help']);
    expect(code).toBe(0);
    expect(stdout).toBe(HELP_TEXT);
    expect(stdout).toContain('Examples:');
    expect(stdout).toContain('--fail-on-duplicates');
  });

  it('prints the version', () => {
    const { code, stdout } = cluster(['--version']);
    expect(code).toBe(0);
    expect(stdout.trim()).toBe(VERSION);
  });

  it('rejects an unknown flag with exit 2 and a message on stderr', () => {
    const { code, stdout, stderr } = cluster(['fixtures', '--frobnicate']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^cluster: unknown option '--frobnicate'/);
  });

  it('names a missing path, exits 2, and still reports the rest', () => {
    const { code, stdout, stderr } = cluster(['no/such/folder', 'fixtures/afp-japan-us', '--json']);
    expect(code).toBe(2);
    expect(stderr).toContain('cluster: no/such/folder: no such file or directory');
    const result = JSON.parse(stdout) as ClusterResult;
    expect(result.clusters[0]?.size).toBe(5);
    expect(result.skipped).toEqual([{ id: 'no/such/folder', reason: 'no such file or directory' }]);
  });

  it('rejects out-of-range options with the accepted range', () => {
    const bad = cluster(['fixtures', '--threshold', 'high']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--threshold must be a number above 0 and at most 1, got "high"');
    expect(cluster(['fixtures', '--format', 'xml']).code).toBe(2);
    expect(cluster(['fixtures', '--num-perm', '64', '--bands', '65']).stderr).toContain('from 1 to --num-perm (64)');
  });

  it('reads JSON lines from standard input', () => {
    const lines = ['wire', 'copy'].map((id) =>
      JSON.stringify({
        id,
        text: 'Dockworkers at the port walked out on Monday over pay, halting container traffic, the union said. The strike is expected to last three days and could delay shipments of food and fuel.',
      }),
    );
    const { code, stdout } = cluster(['-', '--json'], lines.join('\n'));
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as ClusterResult).clusters[0]?.size).toBe(2);
  });

  it('says so on stderr when a folder has no supported files, and exits 0 with empty clusters', () => {
    writeFileSync(join(temp, 'notes.pdf'), 'not an article');
    const { code, stdout, stderr } = cluster([temp, '--json']);
    expect(code).toBe(0);
    expect(stderr).toContain('no documents found');
    expect((JSON.parse(stdout) as ClusterResult).clusters).toEqual([]);
  });
});
