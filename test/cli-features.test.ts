/** What users of such tools expect, as the built binary does it: a config file, --files-from, shell
 * completion, sorting, ripgrep-like globs, require(). */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProgram } from '../src/cli/program.js';
import { ROOT, SEEDS, parseReport, runCli, tempDir } from './cli-run.js';
import { runMain } from './main-run.js';

const { dir, cleanup } = tempDir();
const seeds = ['000_d293e95d196758dd.txt', '002_87b53d273ee130fd.txt', '003_dd5119002caa63fa.txt'];

beforeAll(() => {
  mkdirSync(join(dir, 'project', 'articles'), { recursive: true });
  for (const name of seeds) cpSync(join(SEEDS, name), join(dir, 'project', 'articles', name));
  const mixed = join(dir, 'mixed');
  mkdirSync(join(mixed, 'distractors'), { recursive: true });
  cpSync(join(SEEDS, seeds[0] as string), join(mixed, 'a.txt'));
  cpSync(join(SEEDS, seeds[1] as string), join(mixed, 'b.md'));
  writeFileSync(
    join(mixed, 'c.html'),
    `<html><body><p>${'Japan and the United States discussed boosting military cooperation. '.repeat(5)}</p></body></html>`,
  );
  cpSync(join(SEEDS, seeds[2] as string), join(mixed, 'distractors', 'd.txt'));
});
afterAll(cleanup);

describe('the config file', () => {
  const project = (): string => join(dir, 'project');

  it('wirecluster.config.json in the working folder sets options; flags win', async () => {
    writeFileSync(join(project(), 'wirecluster.config.json'), JSON.stringify({ format: 'json', numPerm: 64 }));
    const run = await runCli(['articles'], { cwd: project() });
    expect(JSON.parse(run.stdout)).toMatchObject({ params: { numPerm: 64 } });
    const flags = await runCli(['articles', '--format', 'csv'], { cwd: project() });
    expect(flags.stdout.split('\n')[0]).toBe('cluster,size,representative,id,similarity,containment,title');
    const ignored = await runCli(['articles', '--no-config'], { cwd: project() });
    expect(ignored.stdout).toContain('Cluster 1');
  });

  it('a bad value is one line naming the file and the option', async () => {
    writeFileSync(join(project(), 'wirecluster.config.json'), JSON.stringify({ numPerm: 5 }));
    const run = await runCli(['articles'], { cwd: project() });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('cluster: wirecluster.config.json: numPerm must be a whole number from 16 to 1024, got 5\n');
  });

  it('an --idf-from index it names is found next to it, from any working folder', async () => {
    const folder = join(dir, 'with-index');
    mkdirSync(join(folder, 'sub'), { recursive: true });
    writeFileSync(join(folder, 'wirecluster.config.json'), JSON.stringify({ idfFrom: 'archive.db' }));
    const run = await runCli([SEEDS], { cwd: join(folder, 'sub') });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`cluster: --idf-from ${join(folder, 'archive.db')}: no index here\n`);
  });

  it('a "wirecluster" key in package.json, and .wireclusterrc, are found too', async () => {
    const other = join(dir, 'pkg');
    mkdirSync(join(other, 'sub'), { recursive: true });
    writeFileSync(join(other, 'package.json'), JSON.stringify({ name: 'x', wirecluster: { format: 'ndjson' } }));
    const run = await runCli([SEEDS], { cwd: join(other, 'sub') });
    expect(JSON.parse(run.stdout.split('\n')[0] ?? '')).toMatchObject({ size: 5 });
    const rc = join(dir, 'rc');
    mkdirSync(rc);
    writeFileSync(join(rc, '.wireclusterrc'), '{ "quiet": true, "top": 1, "format": "csv" }');
    const csv = await runCli([SEEDS], { cwd: rc });
    expect(csv.stdout.startsWith('cluster,size')).toBe(true);
  });
});

describe('--files-from', () => {
  it('reads NUL-separated paths from standard input (git ls-files -z)', async () => {
    const input = seeds.map((s) => join(SEEDS, s)).join('\0');
    const run = await runCli(['--files-from', '-', '-0', '--json'], { input });
    expect(parseReport(run.stdout).stats.documents).toBe(3);
  });

  it('reads one path a line from a file', async () => {
    writeFileSync(join(dir, 'list.txt'), `${seeds.map((s) => join(SEEDS, s)).join('\n')}\n`);
    const run = await runCli(['--files-from', join(dir, 'list.txt'), '--json']);
    expect(parseReport(run.stdout).stats.documents).toBe(3);
    const missing = await runCli(['--files-from', join(dir, 'nope.txt')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`cluster: --files-from ${join(dir, 'nope.txt')}: no such file\n`);
  });
});

describe('cluster completion', () => {
  it.each(['bash', 'zsh', 'fish'])('%s prints a script that names the options', async (shell) => {
    const run = await runCli(['completion', shell]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('num-perm');
    expect(run.stdout).toContain('files-from');
    expect(run.stdout).toMatch(/completion dedup extract index/);
  });

  it.each(['bash', 'zsh', 'fish'])('%s completes every flag the program takes, --no- forms and -V included', async (shell) => {
    const program = createProgram();
    const options = program.options.flatMap((o) => [o.long, o.short]).filter((f) => f !== undefined);
    const flags = [...options, '--help', '-h'];
    const script = (await runMain(['completion', shell])).stdout;
    const missing = flags.filter(
      (flag) => !script.includes(shell === 'fish' ? ` -${flag.startsWith('--') ? 'l' : 's'} ${flag.replace(/^-+/, '')}` : flag),
    );
    // The fish script gives letters only as short options; -0 is there as --null.
    expect(missing.filter((flag) => flag !== '-0')).toEqual([]);
  });

  it('--help lists the commands with programs of their own', async () => {
    const run = await runCli(['--help']);
    expect(run.stdout).toMatch(/\n {2}dedup \[paths\.\.\.\] +write the dataset/);
    expect(run.stdout).toMatch(/\n {2}extract \[paths\.\.\.\] +each document/);
    expect(run.stdout).toMatch(/\n {2}index <command> +a persistent index/);
  });

  it('the bash script loads in bash', async () => {
    const script = (await runCli(['completion', 'bash'])).stdout;
    const run = spawnSync('bash', ['-c', `${script}\ncomplete -p cluster`], { encoding: 'utf8' });
    expect(run.stdout).toContain('complete -o filenames -F _cluster cluster');
  });

  it('an unknown shell is exit 2', async () => {
    const run = await runCli(['completion', 'tcsh']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('cluster: completion: unknown shell "tcsh"; use one of bash, zsh, fish\n');
  });
});

describe('--sort and --top', () => {
  it('--sort score puts the highest mean score first', async () => {
    const report = JSON.parse((await runCli([join(ROOT, 'fixtures'), '--json', '--sort', 'score'])).stdout) as {
      clusters: Array<{ score: { mean: number } }>;
    };
    const means = report.clusters.map((c) => c.score.mean);
    expect(means).toEqual([...means].sort((a, b) => b - a));
  });

  it('--top 1 lists one cluster; stats still count all', async () => {
    const run = await runCli([join(ROOT, 'fixtures'), '--json', '--top', '1', '--sort', 'id']);
    const report = parseReport(run.stdout);
    expect(report.clusters).toHaveLength(1);
    expect(report.stats.clusters).toBeGreaterThan(1);
  });
});

describe('titles', () => {
  it('a Markdown heading is a title without its # markers', async () => {
    const md = join(dir, 'md');
    mkdirSync(md);
    const body = 'The ferry operator suspended crossings to the outer islands on Friday as the storm neared the coast.';
    writeFileSync(join(md, 'a.md'), `# Ferry operator suspends island crossings\n\n${body}\n`);
    writeFileSync(join(md, 'b.md'), `## Ferry operator suspends island crossings ##\n\n${body} Hundreds were stranded.\n`);
    const run = await runCli([md, '--json', '--all']);
    const report = JSON.parse(run.stdout) as { clusters: Array<{ documents: Array<{ title?: string }> }> };
    const titles = report.clusters.flatMap((c) => c.documents.map((d) => d.title));
    expect(titles).toEqual(['Ferry operator suspends island crossings', 'Ferry operator suspends island crossings']);
  });
});

describe('globs', () => {
  it("--include '{*.html,*.txt}' works and --exclude distractors drops the folder", async () => {
    const run = await runCli([join(dir, 'mixed'), '--include', '{*.html,*.txt}', '--exclude', 'distractors', '--json', '--all']);
    expect(run.code).toBe(0);
    const ids = parseReport(run.stdout)
      .clusters.flatMap((c) => c.documents.map((d) => d.id))
      .sort();
    expect(ids).toEqual(['a.txt', 'c.html']);
  });

  it('a glob with a slash matches the path under the folder, for --include and --exclude', async () => {
    const idsOf = async (args: string[]): Promise<string[]> =>
      parseReport((await runCli([join(dir, 'mixed'), ...args, '--json', '--all'])).stdout)
        .clusters.flatMap((c) => c.documents.map((d) => d.id))
        .sort();
    expect(await idsOf(['--include', 'distractors/*.txt'])).toEqual(['distractors/d.txt']);
    expect(await idsOf(['--exclude', 'distractors/**'])).toEqual(['a.txt', 'b.md', 'c.html']);
  });

  it('extglobs match', async () => {
    const run = await runCli([join(dir, 'mixed'), '--include', '+(a|b).@(txt|md)', '--json', '--all']);
    const ids = parseReport(run.stdout)
      .clusters.flatMap((c) => c.documents.map((d) => d.id))
      .sort();
    expect(ids).toEqual(['a.txt', 'b.md']);
  });

  it('when the filters leave nothing, the message names them', async () => {
    const run = await runCli([join(dir, 'mixed'), '--include', '*.xml', '--exclude', 'distractors']);
    expect(run.stderr).toBe(
      `cluster: no documents found in ${join(dir, 'mixed')} (no file matched --include *.xml --exclude distractors)\n`,
    );
  });
});

describe("require('wirecluster')", () => {
  it('works through the default export condition', () => {
    const run = spawnSync(process.execPath, ['-e', "process.stdout.write(typeof require('wirecluster').clusterDocuments)"], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(run.stdout).toBe('function');
  });
});
