/** File names are bytes on Linux: `--files-from` reads its list as bytes, so a name that is not UTF-8 is
 * opened and named as a folder walk names it, and `cluster dedup` lists such a file by its bytes.
 * In-process (main with a fake io): no binary is spawned. */
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readPathList } from '../src/cli/files-from.js';
import { readInputs } from '../src/input/read.js';
import { parseReport, tempDir } from './cli-run.js';
import { runMain } from './main-run.js';

const { dir, cleanup } = tempDir();
afterAll(cleanup);

const STORY =
  'Storm halts ferries to outer islands\nThe ferry operator suspended every crossing until Friday as gale force winds and high waves hit the northern coast.\n';
const latin1 = (path: string): Buffer => Buffer.from(path, 'latin1');

async function* bytesOf(text: Uint8Array): AsyncGenerator<Uint8Array> {
  yield text;
}

const run = runMain;

const ids = (stdout: string): string[] => parseReport(stdout).clusters.flatMap((c) => c.documents.map((d) => d.id));

describe('readPathList', () => {
  it('keeps a name that is not UTF-8 as its bytes, and the others as text (a BOM and CRLF are not part of a name)', async () => {
    const list = Buffer.concat([Buffer.from('\uFEFF'), latin1('caf\xe9.txt\r\n'), Buffer.from('b.txt\n\nc d.txt')]);
    expect(await readPathList('-', false, bytesOf(list))).toEqual([latin1('caf\xe9.txt'), 'b.txt', 'c d.txt']);
    const nul = Buffer.concat([latin1('caf\xe9.txt\0'), Buffer.from('line\nbreak.txt\0')]);
    expect(await readPathList('-', true, bytesOf(nul))).toEqual([latin1('caf\xe9.txt'), 'line\nbreak.txt']);
  });

  it('reads a listed - as the file of that name, not standard input', async () => {
    expect(await readPathList('-', true, bytesOf(Buffer.from('-\0a.txt\0')))).toEqual(['./-', 'a.txt']);
  });
});

describe('--files-from with a name that is not UTF-8', () => {
  const folder = join(dir, 'articles');
  mkdirSync(folder);
  writeFileSync(latin1(join(folder, 'caf\xe9.txt')), STORY);
  writeFileSync(join(folder, 'b.txt'), STORY);
  const listed = Buffer.concat([latin1(join(folder, 'caf\xe9.txt')), Buffer.from(`\0${join(folder, 'b.txt')}\0`)]);

  it('opens it, and its id is the folder walk id under the path given', async () => {
    const walked = await run([folder, '--json']);
    expect(ids(walked.stdout).sort()).toEqual(['b.txt', 'caf\\xe9.txt']);
    const fromList = await run(['--files-from', '-', '-0', '--json'], listed);
    expect({ code: fromList.code, stderr: fromList.stderr }).toEqual({ code: 0, stderr: '' });
    expect(ids(fromList.stdout).sort()).toEqual([`${folder}/b.txt`, `${folder}/caf\\xe9.txt`]);
  });

  it('names a missing one with its bytes escaped', async () => {
    const missing = await run(['--files-from', '-', '--json'], latin1(join(folder, 'gon\xe9.txt\n')));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`cluster: ${folder}/gon\\xe9.txt: no such file or directory\n`);
  });

  it('refuses an output inside a listed folder whose name is not UTF-8', async () => {
    const named = latin1(join(dir, 'd\xe9'));
    mkdirSync(named);
    writeFileSync(Buffer.concat([named, Buffer.from('/a.txt')]), STORY);
    symlinkSync(named, join(dir, 'link'));
    const refused = await run(['--files-from', '-', '-o', join(dir, 'link', 'report.json')], named);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('is inside an input folder');
  });

  it('does not follow a link from such a folder to a sibling whose name differs only in those bytes', async () => {
    const root = latin1(join(dir, 'r\xe9'));
    mkdirSync(root);
    mkdirSync(latin1(join(dir, 'r\xe8')));
    writeFileSync(latin1(join(dir, 'r\xe8', 'secret.txt')), STORY);
    symlinkSync(latin1(join(dir, 'r\xe8', 'secret.txt')), Buffer.concat([root, Buffer.from('/link.txt')]));
    const events = [];
    for await (const event of readInputs([root])) events.push(event);
    expect(events).toEqual([
      { kind: 'skipped', id: 'link.txt', reason: 'symbolic link that leads out of the folder; not followed (use --follow)' },
    ]);
  });
});

describe('cluster dedup on an article whose name is not UTF-8', () => {
  it('lists it by its bytes, a path a script can act on', async () => {
    const folder = join(dir, 'dedup');
    mkdirSync(folder);
    writeFileSync(join(folder, 'a.txt'), STORY);
    writeFileSync(latin1(join(folder, 'caf\xe9.txt')), STORY);
    const list = join(dir, 'removals.tsv');
    expect((await run(['dedup', folder, '-o', list, '--quiet'])).code).toBe(0);
    expect(readFileSync(list)).toEqual(latin1(`${folder}/caf\xe9.txt\t${folder}/a.txt\t1\n`));
  });
});
