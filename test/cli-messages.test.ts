/** Messages a person acts on, as the built binary writes them: one line each, naming the rule, the field,
 * the file or the path the user gave. */
import { chmodSync, cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEEDS, parseReport, runCli, stderrLines, tempDir, unprivileged } from './cli-run.js';

const wire =
  'Dockworkers at the northern port walked out on Monday over pay, halting container traffic for the first time in a decade, the union said. ' +
  'The strike is expected to last three days and could delay shipments of food and fuel across the region, officials warned.';
const rewrite =
  'Dockworkers at the northern port walked out on Monday over pay, halting container traffic, the union said on Monday. ' +
  'The strike is expected to last three days and could delay shipments of food and fuel across the region, port officials warned.';

const { dir, cleanup } = tempDir();
beforeAll(() => {
  const records = Array.from({ length: 12 }, (_, i) =>
    JSON.stringify({ id: `r${i}`, headline: 'Port strike', body: i % 2 ? wire : rewrite }),
  );
  writeFileSync(join(dir, 'records.jsonl'), `${records.join('\n')}\n`);
  const broken = Array.from({ length: 9 }, (_, i) => `{"id": "b${i}", broken`);
  writeFileSync(join(dir, 'broken.jsonl'), `${broken.join('\n')}\n`);
  const row = (sep: string, id: string, text: string): string => [id, 'Port strike', text].join(sep);
  writeFileSync(join(dir, 'semicolon.csv'), `id;title;text\n${row(';', 'a', wire)}\n${row(';', 'b', rewrite)}\n`);
  writeFileSync(join(dir, 'tabs.tsv'), `id\ttitle\ttext\n${row('\t', 'a', wire)}\n${row('\t', 'b', rewrite)}\n`);
  writeFileSync(join(dir, 'pipes.csv'), `id|title|text\n${row('|', 'a', wire)}\n${row('|', 'b', rewrite)}\n`);
  writeFileSync(join(dir, 'noheader.csv'), `1,Port strike,"${wire}"\n2,Port strike,"${rewrite}"\n`);
  mkdirSync(join(dir, 'out'));
});
afterAll(cleanup);

describe('a wrong --text-field', () => {
  it('is named once, with the fields the first record has; the JSON lists every record', async () => {
    const run = await runCli(['records.jsonl', '--json'], { cwd: dir });
    expect(stderrLines(run.stderr)).toEqual([
      'cluster: records.jsonl:1: no text field "text" (the record has: id, headline, body; see --text-field) (skipped)',
      'cluster: … and 11 more like it: no text field "text" (the record has: id, headline, body; see --text-field)',
      'cluster: no documents found in records.jsonl (12 skipped)',
    ]);
    expect(parseReport(run.stdout).skipped).toHaveLength(12);
    const right = await runCli([join(dir, 'records.jsonl'), '--text-field', 'body', '--title-field', 'headline', '--json']);
    expect(parseReport(right.stdout).stats.documents).toBe(12);
  });

  it('a repeating per-line error is shown 5 times, then counted', async () => {
    const run = await runCli([join(dir, 'broken.jsonl'), '--json']);
    const lines = stderrLines(run.stderr);
    expect(lines.filter((l) => l.includes('invalid JSON') && l.endsWith('(skipped)'))).toHaveLength(5);
    expect(lines).toContain('cluster: … and 4 more like it: ' + (parseReport(run.stdout).skipped[0]?.reason ?? ''));
    expect(parseReport(run.stdout).skipped).toHaveLength(9);
  });
});

describe('CSV files', () => {
  it.each(['semicolon.csv', 'tabs.tsv'])('%s: the delimiter is detected', async (file) => {
    const run = await runCli([join(dir, file), '--json']);
    expect(run.stderr).toBe('');
    expect(parseReport(run.stdout).clusters[0]?.size).toBe(2);
  });

  it('--delimiter names one that is not detected', async () => {
    const run = await runCli([join(dir, 'pipes.csv'), '--delimiter', '|', '--json']);
    expect(parseReport(run.stdout).clusters[0]?.size).toBe(2);
  });

  it('a CSV without a header says so, once', async () => {
    const run = await runCli(['noheader.csv', '--json'], { cwd: dir });
    expect(stderrLines(run.stderr)[0]).toBe(
      'cluster: noheader.csv: no header line: the first line reads as data; put the column names (such as id, text, title) on the first line (skipped)',
    );
    expect(parseReport(run.stdout).skipped).toHaveLength(1);
  });
});

describe('--output is checked before the run', () => {
  it.each([
    [['-o', '/no/such/dir/report.json'], 'cluster: --output /no/such/dir/report.json: the folder /no/such/dir does not exist\n'],
    [['-o', 'OUT'], 'cluster: --output OUT: is a folder; give a file name\n'],
  ])('%j exits 2 naming the path given', async (args, message) => {
    const run = await runCli([SEEDS, ...args.map((a) => (a === 'OUT' ? join(dir, 'out') : a))]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(message.replace('OUT', join(dir, 'out')));
    expect(run.stdout).toBe('');
  });

  it.skipIf(unprivileged === undefined)('an unwritable folder is exit 2 at once', async () => {
    const locked = join(dir, 'locked');
    mkdirSync(locked);
    chmodSync(dir, 0o755);
    chmodSync(locked, 0o555);
    const run = await runCli([SEEDS, '-o', join(locked, 'r.json')], { ...unprivileged, cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`cluster: --output ${join(locked, 'r.json')}: cannot write in ${locked} (permission denied)\n`);
  });

  it.skipIf(unprivileged === undefined)(
    'a file or folder named on the command line that cannot be read is exit 2; inside a folder it is skipped',
    async () => {
      const inputs = join(dir, 'unreadable');
      mkdirSync(join(inputs, 'locked'), { recursive: true });
      writeFileSync(join(inputs, 'b.txt'), 'The harbour workers voted to strike on Monday over the new shift rota.\n');
      writeFileSync(join(inputs, 'locked', 'c.txt'), 'A second story.\n');
      chmodSync(dir, 0o755);
      chmodSync(inputs, 0o755);
      chmodSync(join(inputs, 'b.txt'), 0o000);
      chmodSync(join(inputs, 'locked'), 0o000);
      for (const named of ['b.txt', 'locked']) {
        const run = await runCli([join(inputs, named), SEEDS, '--json'], { ...unprivileged, cwd: dir });
        expect(run.code, named).toBe(2);
        expect(run.stderr).toBe(`cluster: ${join(inputs, named)}: permission denied\n`);
        expect(parseReport(run.stdout).clusters[0]?.size).toBe(5);
      }
      const walked = await runCli([inputs, '--json'], { ...unprivileged, cwd: dir });
      expect(walked.code).toBe(0);
      expect(stderrLines(walked.stderr)).toEqual([
        'cluster: b.txt: permission denied (skipped)',
        'cluster: locked: permission denied (skipped)',
        `cluster: no documents found in ${inputs} (2 skipped)`,
      ]);
    },
  );

  it('-o - is standard output', async () => {
    const run = await runCli([SEEDS, '-o', '-', '--json']);
    expect(run.code).toBe(0);
    expect(parseReport(run.stdout).clusters[0]?.size).toBe(5);
  });
});

describe('usage errors', () => {
  it('--json --format csv is exit 2', async () => {
    const run = await runCli([SEEDS, '--json', '--format', 'csv']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('cluster: --json and --format csv contradict each other; give one of them\n');
  });

  it('--all --min-size 3 is exit 2, not a silent --min-size 1', async () => {
    const run = await runCli([SEEDS, '--all', '--min-size', '3']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('cluster: --min-size must be 1 when --all is given, got "3"\n');
  });

  it('--workers above the cap names the range', async () => {
    const run = await runCli([SEEDS, '--workers', '256']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('cluster: --workers must be a whole number from 1 to 64, got "256"\n');
  });

  it('--lang EN is accepted; --lang help lists the codes', async () => {
    const upper = await runCli([SEEDS, '--lang', 'EN', '--json']);
    expect(upper.code).toBe(0);
    const help = await runCli(['--lang', 'help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^auto \(detect per document\), or one of:\n.*\ben\b.*\bur\b/);
  });
});

describe('warnings and CI rules', () => {
  it('--bands 1 that finds no candidates says why', async () => {
    const run = await runCli([SEEDS, '--num-perm', '16', '--bands', '1', '--json']);
    expect(run.stderr).toContain('cluster: warning: --bands 1 found no candidate pairs');
  });

  it('stats and CI rules count the clusters --min-size reports', async () => {
    const { dir: two, cleanup: done } = tempDir();
    try {
      cpSync(SEEDS, join(two, 'seeds'), { recursive: true });
      writeFileSync(join(two, 'wire.txt'), wire);
      writeFileSync(join(two, 'rewrite.txt'), rewrite);
      const run = await runCli([two, '--min-size', '3', '--json', '--fail-on-duplicates', '--max-duplicate-ratio', '0.99']);
      const report = parseReport(run.stdout);
      expect(report.clusters.map((c) => c.size)).toEqual([5]);
      expect(report.stats).toMatchObject({ documents: 7, clusters: 1, clustered: 5 });
      expect(run.stderr).toBe('cluster: --fail-on-duplicates: 1 cluster found (5 of 7 documents)\n');
    } finally {
      done();
    }
  });
});
