/** A file reached under several names (a folder and a file in it, overlapping folders, a link beside its
 * target, a hard link, a path given twice) is read once, under its first name in input order, by every
 * command that reads inputs. In-process (main with a fake io): no binary is spawned. */
import { copyFileSync, linkSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readInputs } from '../src/input/read.js';
import type { InputEvent } from '../src/input/types.js';
import { SEEDS, parseReport, tempDir } from './cli-run.js';
import { runMain } from './main-run.js';

const { dir, cleanup } = tempDir();
afterAll(cleanup);

// articles/today/a.txt and articles/b.txt: two versions of one story (a cluster of two, when read once).
const articles = join(dir, 'articles');
const today = join(articles, 'today');
mkdirSync(today, { recursive: true });
copyFileSync(join(SEEDS, '002_87b53d273ee130fd.txt'), join(today, 'a.txt'));
copyFileSync(join(SEEDS, '001_f0be13ea4cd11b04.txt'), join(articles, 'b.txt'));

async function read(paths: string[]): Promise<string[]> {
  const events: InputEvent[] = [];
  for await (const event of readInputs(paths)) events.push(event);
  return events.map((e) => (e.kind === 'document' ? e.document.id : `${e.kind} ${e.id}: ${'reason' in e ? e.reason : ''}`));
}

const once = (path: string): string => `same file as "${path}", already read`;
const twice = 'reached twice among the inputs; read once';

describe('a file reached twice is read once, under its first name', () => {
  it('a folder, then a folder inside it, then a file inside it, then the same path again', async () => {
    expect(await read([articles, today, join(today, 'a.txt'), join(today, 'a.txt')])).toEqual([
      'b.txt',
      'today/a.txt',
      `skipped ${join(today, 'a.txt')}: ${twice}`,
      `skipped ${join(today, 'a.txt')}: ${twice}`,
      `skipped ${join(today, 'a.txt')}: ${twice}`,
    ]);
  });

  it('the order given decides the name kept: the inner folder first keeps its own id', async () => {
    expect(await read([today, articles])).toEqual(['a.txt', 'b.txt', `skipped ${join(today, 'a.txt')}: ${twice}`]);
  });

  it('the same file named twice is skipped as "(again)", never under the id kept', async () => {
    const path = join(articles, 'b.txt');
    expect(await read([path, path])).toEqual([path, `skipped ${path} (again): ${twice}`]);
  });

  it('a symbolic link and a hard link in the folder are the file they lead to, named as the walk first met it', async () => {
    const folder = join(dir, 'links');
    mkdirSync(folder);
    copyFileSync(join(today, 'a.txt'), join(folder, 'm.txt'));
    symlinkSync('m.txt', join(folder, 'a-link.txt'));
    linkSync(join(folder, 'm.txt'), join(folder, 'z-hard.txt'));
    expect(await read([folder])).toEqual([
      'a-link.txt',
      `skipped ${join(folder, 'm.txt')}: ${once(join(folder, 'a-link.txt'))}`,
      `skipped ${join(folder, 'z-hard.txt')}: ${once(join(folder, 'a-link.txt'))}`,
    ]);
  });

  it('cluster ./articles ./articles/today: no article is a copy of itself', async () => {
    const result = await runMain([articles, today, '--json']);
    const report = parseReport(result.stdout);
    expect(report.clusters.map((c) => c.documents.map((d) => d.id).sort())).toEqual([['b.txt', 'today/a.txt']]);
    expect(report.skipped).toEqual([{ id: join(today, 'a.txt'), reason: twice }]);
    expect(result.stderr).toBe(`cluster: ${join(today, 'a.txt')}: ${twice} (skipped)\n`);
  });

  it('--files-from: a listed file also given on the command line', async () => {
    const result = await runMain([articles, '--files-from', '-', '--json'], `${join(articles, 'b.txt')}\n`);
    expect(parseReport(result.stdout).skipped).toEqual([{ id: join(articles, 'b.txt'), reason: twice }]);
  });

  it('cluster dedup lists nothing to remove, and cluster extract prints each article once', async () => {
    const list = join(dir, 'removals.tsv');
    expect((await runMain(['dedup', articles, join(today, 'a.txt'), '-o', list, '--quiet'])).code).toBe(0);
    expect(readFileSync(list, 'utf8')).toBe('');
    const extracted = await runMain(['extract', articles, join(today, 'a.txt'), '--quiet']);
    expect(
      extracted.stdout
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { id: string }).id),
    ).toEqual(['b.txt', 'today/a.txt']);
  });
});
