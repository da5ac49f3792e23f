/** A folder mixing the seed articles with every bad input, run as a user (or CI) would. */
import { chmodSync, cpSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBadInputs, type Expected } from './bad-inputs.js';
import { SEEDS, parseReport, runCli, stderrLines, tempDir, unprivileged, type CliRun } from './cli-run.js';

const asUser = unprivileged ?? {};

describe('a folder of seeds and bad inputs', () => {
  const { dir, cleanup } = tempDir();
  const seedIds = readdirSync(SEEDS);
  let expected: Map<string, Expected>;
  let run: CliRun;
  let strict: CliRun;

  beforeAll(async () => {
    chmodSync(dir, 0o755);
    cpSync(SEEDS, dir, { recursive: true });
    expected = writeBadInputs(dir, { unreadable: unprivileged !== undefined });
    run = await runCli([dir, '--json', '--all'], asUser);
    strict = await runCli([dir, '--json', '--strict', '--quiet'], asUser);
  }, 60_000);
  afterAll(cleanup);

  it('keeps the five seeds in one cluster', () => {
    const report = parseReport(run.stdout);
    const seedCluster = report.clusters.find((c) => c.documents.some((d) => d.id === seedIds[0]));
    expect(seedCluster?.documents.map((d) => d.id).sort()).toEqual(seedIds);
  });

  it('names every bad input exactly once on stderr and once in skipped, with its reason', () => {
    const report = parseReport(run.stdout);
    const lines = stderrLines(run.stderr);
    for (const [id, outcome] of expected) {
      if (!('skipped' in outcome)) continue;
      const entries = report.skipped.filter((s) => s.id === id);
      expect(entries, id).toHaveLength(1);
      expect(entries[0]?.reason, id).toContain(outcome.skipped);
      const mentions = lines.filter((line) => line.startsWith(`cluster: ${id}: `));
      expect(mentions, id).toHaveLength(1);
      expect(mentions[0], id).toContain(outcome.skipped);
    }
    const skippedIds = [...expected].filter(([, o]) => 'skipped' in o).map(([id]) => id);
    expect(report.skipped.map((s) => s.id).sort()).toEqual(skippedIds.sort());
  });

  it('reads the awkward but readable files, warning once for Latin-1', () => {
    const report = parseReport(run.stdout);
    const read = new Set(report.clusters.flatMap((c) => c.documents.map((d) => d.id)));
    for (const [id, outcome] of expected) if ('read' in outcome && !id.endsWith('.jsonl')) expect(read.has(id), id).toBe(true);
    expect(read.has('jsonl-ok')).toBe(true);
    expect(read.has('photo.jpg')).toBe(false);
    expect(stderrLines(run.stderr).filter((l) => l.includes('latin1.txt'))).toEqual([
      'cluster: warning: latin1.txt: not valid UTF-8; read as Windows-1252',
    ]);
    expect(report.stats.documents).toBe(read.size);
  });

  it('exits 0, or 2 with --strict', () => {
    expect(run.code).toBe(0);
    expect(strict.code).toBe(2);
    // --quiet hides the skipped inputs, not the reason for the exit code.
    expect(strict.stderr).toMatch(/^cluster: --strict: \d+ inputs skipped\n$/);
    expect(parseReport(strict.stdout).clusters[0]?.size).toBe(5);
  });

  it('never prints a stack trace', () => {
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('paths that cannot be used', () => {
  it('a missing path is named, the others are still read, exit 2', async () => {
    const run = await runCli([SEEDS, 'no/such/folder', '--json']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('cluster: no/such/folder: no such file or directory\n');
    const report = parseReport(run.stdout);
    expect(report.clusters[0]?.size).toBe(5);
    expect(report.skipped).toEqual([{ id: 'no/such/folder', reason: 'no such file or directory' }]);
  });

  it('a folder with no supported files: exit 0, says so, empty clusters', async () => {
    const { dir, cleanup } = tempDir();
    writeFileSync(join(dir, 'scan.pdf'), '%PDF-1.4');
    mkdirSync(join(dir, 'empty-sub'));
    const run = await runCli([dir, '--json']);
    cleanup();
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^cluster: no documents found in .* \(looked for \.txt/);
    const report = parseReport(run.stdout);
    expect(report.clusters).toEqual([]);
    expect(report.stats.documents).toBe(0);
  });

  it('a folder whose every file is skipped says how many', async () => {
    const { dir, cleanup } = tempDir();
    writeFileSync(join(dir, 'empty.txt'), '');
    const run = await runCli([dir, '--json']);
    cleanup();
    expect(run.code).toBe(0);
    expect(stderrLines(run.stderr)).toEqual([
      'cluster: empty.txt: empty file (skipped)',
      `cluster: no documents found in ${dir} (1 skipped)`,
    ]);
  });

  it('two folders with the same file name: the second is skipped, naming both paths', async () => {
    const { dir, cleanup } = tempDir();
    for (const sub of ['a', 'b']) {
      mkdirSync(join(dir, sub));
      writeFileSync(join(dir, sub, 'story.txt'), `Version ${sub}: the dam inspection found no cracks in the spillway.\n`);
    }
    const run = await runCli([join(dir, 'a'), join(dir, 'b'), '--json', '--all']);
    cleanup();
    const report = parseReport(run.stdout);
    const second = join(dir, 'b', 'story.txt');
    const reason = `duplicate id "story.txt", first read from ${join(dir, 'a', 'story.txt')}; the first one was kept`;
    expect(report.skipped).toEqual([{ id: second, reason }]);
    expect(run.stderr).toBe(`cluster: ${second}: ${reason} (skipped)\n`);
    expect(report.clusters.map((c) => c.documents.map((d) => d.id))).toEqual([['story.txt']]);
    expect(run.code).toBe(0);
  });
});

describe('documents shorter than one shingle', () => {
  it('stay singletons, never matched to each other or to a long article', async () => {
    const { dir, cleanup } = tempDir();
    cpSync(SEEDS, dir, { recursive: true });
    writeFileSync(join(dir, 'tiny-a.txt'), 'Japan.\n');
    writeFileSync(join(dir, 'tiny-b.txt'), 'Japan!\n');
    writeFileSync(join(dir, 'tiny-c.txt'), 'Tokyo\n');
    writeFileSync(join(dir, 'only-stopwords.txt'), 'The and of.\n');
    const run = await runCli([dir, '--json', '--all']);
    cleanup();
    expect(run.code).toBe(0);
    const report = parseReport(run.stdout);
    for (const id of ['tiny-a.txt', 'tiny-b.txt', 'tiny-c.txt', 'only-stopwords.txt']) {
      const home = report.clusters.filter((c) => c.documents.some((d) => d.id === id));
      expect(
        home.map((c) => c.size),
        id,
      ).toEqual([1]);
    }
    expect(report.clusters[0]?.size).toBe(5);
  });
});
