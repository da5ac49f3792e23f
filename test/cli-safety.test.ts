/** Safety as the built binary shows it: terminal escapes from file names, CSV formulas, full disks,
 * symbolic links out of a folder, special files, names that are not UTF-8, ids. */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, SEEDS, parseReport, runCli, tempDir, type JsonReport } from './cli-run.js';

const { dir, cleanup } = tempDir();
const evilName = 'evil\x1b]0;pwned\x07\x1b[2Jname\nx.txt';
const seed = (name: string): string => join(SEEDS, name);

beforeAll(() => {
  const articles = join(dir, 'articles');
  cpSync(SEEDS, articles, { recursive: true });
  cpSync(seed('000_d293e95d196758dd.txt'), join(articles, evilName));
  writeFileSync(join(dir, 'secret.txt'), 'A private note that lives outside the folder being clustered, with several words.');
  symlinkSync(join(dir, 'secret.txt'), join(articles, 'outside.txt'));
  symlinkSync('000_d293e95d196758dd.txt', join(articles, 'inside-link.txt'));
  spawnSync('mkfifo', [join(articles, 'pipe.txt')]);
  writeFileSync(Buffer.from(join(articles, 'lat\xe9n.txt'), 'latin1'), readFileSync(seed('001_f0be13ea4cd11b04.txt')));
  symlinkSync(articles, join(dir, 'link-to-articles'));
});

/** The JSON report of the folder, read once for the tests that only look at it. */
let folderReport: Promise<JsonReport> | undefined;
function reportOfFolder(): Promise<JsonReport> {
  folderReport ??= runCli([join(dir, 'articles'), '--json', '--all']).then((run) => parseReport(run.stdout));
  return folderReport;
}

function idsOf(report: JsonReport): string[] {
  return report.clusters.flatMap((c) => c.documents.map((d) => d.id));
}
afterAll(cleanup);

describe('terminal injection', () => {
  it('control characters in names are escaped in the table and on stderr', async () => {
    const run = await runCli([join(dir, 'articles'), '--all']);
    expect(run.stdout).toContain('evil\\x1b]0;pwned\\x07\\x1b[2Jname\\nx.txt');
    expect(run.stdout).not.toMatch(/[\x00-\x09\x0b-\x1f]/);
    expect(run.stderr).not.toMatch(/[\x00-\x09\x0b-\x1f]/);
    // A newline in an id never splits a row: every member row has its scores.
    const row = run.stdout.split('\n').find((l) => l.includes('evil'));
    expect(row).toMatch(/\d\.\d{3} +\d\.\d{3}/);
  });

  it('a CSV cell that a spreadsheet would run starts with a quote', async () => {
    const lines = [
      {
        id: '=HYPERLINK("http://example.com")',
        title: '@SUM(1+1)',
        text: 'Dockworkers at the port walked out on Monday over pay, halting traffic, the union said.',
      },
      { id: 'b', title: '-1', text: 'Dockworkers at the port walked out on Monday over pay, halting traffic, the union said.' },
    ].map((r) => JSON.stringify(r));
    const run = await runCli(['-', '--format', 'csv', '--mode', 'duplicate'], { input: `${lines.join('\n')}\n` });
    expect(run.stdout).toContain(`"'=HYPERLINK(""http://example.com"")"`);
    expect(run.stdout).toContain("'@SUM(1+1)");
    expect(run.stdout).toContain(",'-1");
  });
});

describe('write errors', () => {
  it.skipIf(!existsSync('/dev/full'))('> /dev/full is exit 2 in one line, no stack trace', () => {
    const run = spawnSync('bash', ['-c', `'${process.execPath}' '${BIN}' '${SEEDS}' --json > /dev/full`], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('cluster: cannot write to standard output: no space left on the device\n');
  });
});

describe('symbolic links and the --output guard', () => {
  it('a link out of the folder is not followed, and is listed; --follow follows it', async () => {
    const report = await reportOfFolder();
    const ids = idsOf(report);
    expect(ids).not.toContain('outside.txt');
    // A link inside is followed, to a file the walk reads under its own name first: it is read once.
    expect(ids).toContain('000_d293e95d196758dd.txt');
    expect(ids).not.toContain('inside-link.txt');
    expect(report.skipped).toContainEqual({
      id: join(dir, 'articles', 'inside-link.txt'),
      reason: `same file as "${join(dir, 'articles', '000_d293e95d196758dd.txt')}", already read`,
    });
    expect(report.skipped).toContainEqual({
      id: 'outside.txt',
      reason: 'symbolic link that leads out of the folder; not followed (use --follow)',
    });
    const followed = parseReport((await runCli([join(dir, 'articles'), '--json', '--all', '--follow'])).stdout);
    expect(idsOf(followed)).toContain('outside.txt');
  });

  it('--output through a symlink into an input folder is refused', async () => {
    const run = await runCli([join(dir, 'articles'), '-o', join(dir, 'link-to-articles', 'report.json')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('is inside an input folder');
    const reverse = await runCli([join(dir, 'link-to-articles'), '-o', join(dir, 'articles', 'report.json')]);
    expect(reverse.code).toBe(2);
  });
});

describe('files that are not read', () => {
  it('a FIFO inside a folder is listed in skipped', async () => {
    const report = await reportOfFolder();
    expect(report.skipped).toContainEqual({ id: 'pipe.txt', reason: 'not a regular file: a named pipe (FIFO)' });
  });

  it('a name that is not UTF-8 is read and shown escaped', async () => {
    expect(idsOf(await reportOfFolder())).toContain('lat\\xe9n.txt');
  });
});

describe('ids', () => {
  const text = 'Dockworkers at the port walked out on Monday over pay, halting container traffic, the union said.';
  it('an empty id and an empty text are skipped with a reason', async () => {
    const input = [
      { id: '', text },
      { id: 'b', text: '  ' },
      { id: 'c', text },
    ]
      .map((r) => JSON.stringify(r))
      .join('\n');
    const run = await runCli(['-', '--json', '--all'], { input });
    expect(parseReport(run.stdout).skipped).toEqual([
      { id: '-:1', reason: 'empty id field "id"' },
      { id: '-:2', reason: 'empty text field "text"' },
    ]);
  });

  it('1, "1" and 1.0 are the same id: the first is kept (README "Ids")', async () => {
    const input = [
      { id: 1, text },
      { id: '1', text },
      { id: 1.0, text },
    ]
      .map((r) => JSON.stringify(r))
      .join('\n');
    const report = parseReport((await runCli(['-', '--json', '--all'], { input })).stdout);
    expect(report.stats.documents).toBe(1);
    expect(report.skipped).toHaveLength(2);
  });
});
