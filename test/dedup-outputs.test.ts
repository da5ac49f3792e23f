/** Where `cluster dedup` writes (-o, --removed): checked before any work, never into the input (links
 * followed), through links and into devices and FIFOs without replacing them; Ctrl-C while standard
 * input is buffered. The built binary, on datasets in a temp folder. */
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  createReadStream,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readInputs } from '../src/input/read.js';
import { BIN, runCli, stderrLines, tempDir, unprivileged } from './cli-run.js';
import { buildRecords, toJsonl, toParquet } from './dedup-data.js';

const { dir, cleanup } = tempDir('wirecluster-dedup-out-');
afterAll(cleanup);

const jsonl = toJsonl(buildRecords());
const out = (name: string): string => join(dir, name);
const input = out('news.jsonl');
writeFileSync(input, jsonl);
/** What the binary writes for the input, to compare the outputs written elsewhere with. */
const expected = runCli(['dedup', input, '--quiet']).then((run) => run.stdout);

/** A run refused before any work: one line on stderr (no summary line), exit 2, nothing on stdout. */
function expectRefused(run: { code: number | null; stdout: string; stderr: string }, line: string): void {
  expect(run.stderr).toBe(`${line}\n`);
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
}

/** Everything written into a FIFO, read the way `cat fifo` would. */
function readFifo(path: string): Promise<Buffer> {
  return new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    createReadStream(path)
      .on('data', (chunk) => chunks.push(Buffer.from(chunk)))
      .on('error', fail)
      .on('end', () => done(Buffer.concat(chunks)));
  });
}

function makeFifo(path: string): void {
  expect(spawnSync('mkfifo', [path]).status).toBe(0);
}

/** A character device like /dev/null (1, 3), made in the temp folder; only root can. */
function makeNullDevice(path: string): boolean {
  return spawnSync('mknod', ['-m', '666', path, 'c', '1', '3']).status === 0;
}

describe('an input reached through a symbolic link is still an input', () => {
  it('-o over the file a linked input leads to is refused, and the file keeps its content', async () => {
    const file = out('in1.jsonl');
    writeFileSync(file, jsonl);
    symlinkSync('in1.jsonl', out('link2.jsonl'));
    const run = await runCli(['dedup', 'link2.jsonl', '-o', 'in1.jsonl'], { cwd: dir });
    expectRefused(run, 'cluster dedup: --output in1.jsonl is an input; write the kept records elsewhere (or add --force)');
    expect(readFileSync(file, 'utf8')).toBe(jsonl);
    const removed = await runCli(['dedup', 'link2.jsonl', '-o', 'kept.jsonl', '--removed', 'in1.jsonl'], { cwd: dir });
    expectRefused(removed, 'cluster dedup: --removed in1.jsonl is an input; write the removal list elsewhere (or add --force)');
  });

  it('-o inside a folder given through a link to it is refused', async () => {
    mkdirSync(out('d1'));
    cpSync(input, out('d1/news.jsonl'));
    symlinkSync(out('d1'), out('dlink'));
    const run = await runCli(['dedup', 'dlink', '-o', 'd1/x.jsonl'], { cwd: dir });
    expectRefused(run, 'cluster dedup: --output d1/x.jsonl is inside an input folder; write the kept records elsewhere (or add --force)');
    expect(readdirSync(out('d1'))).toEqual(['news.jsonl']);
  });

  it('-o and --removed that reach one file through a link are refused', async () => {
    writeFileSync(out('same.jsonl'), 'old\n');
    symlinkSync('same.jsonl', out('same-link.jsonl'));
    const run = await runCli(['dedup', input, '-o', 'same.jsonl', '--removed', 'same-link.jsonl'], { cwd: dir });
    expectRefused(run, 'cluster dedup: --output and --removed name the same file');
  });
});

describe('-o and --removed are checked before any work', () => {
  it.each([
    [['-o', 'nodir/x.jsonl'], 'cluster dedup: --output nodir/x.jsonl: the folder nodir does not exist'],
    [['--removed', 'nodir/r.ndjson'], 'cluster dedup: --removed nodir/r.ndjson: the folder nodir does not exist'],
    [['-o', 'adir'], 'cluster dedup: --output adir: is a folder; give a file name'],
    [['-o', 'x.jsonl', '--removed', 'adir'], 'cluster dedup: --removed adir: is a folder; give a file name'],
    [['-o', 'out.jsonl.zst'], 'cluster dedup: --output out.jsonl.zst: writing .zst is not supported; name it .gz for gzip'],
    [['-o', 'out.jsonl.BZ2'], 'cluster dedup: --output out.jsonl.BZ2: writing .bz2 is not supported; name it .gz for gzip'],
    [
      ['--removed', 'removed.ndjson.zst'],
      'cluster dedup: --removed removed.ndjson.zst: writing .zst is not supported; name it .gz for gzip',
    ],
  ])('%j: one line, exit 2', async (args, line) => {
    mkdirSync(out('adir'), { recursive: true });
    const run = await runCli(['dedup', input, ...args], { cwd: dir });
    expectRefused(run, line);
    expect(readdirSync(dir).filter((name) => /^(x|out)\.|\.tmp$/.test(name))).toEqual([]);
  });

  it.skipIf(unprivileged === undefined)('a folder that cannot be written in is one line, exit 2', async () => {
    const locked = out('locked');
    mkdirSync(locked);
    chmodSync(dir, 0o755);
    chmodSync(input, 0o644);
    chmodSync(locked, 0o555);
    const run = await runCli(['dedup', input, '-o', join(locked, 'x.jsonl')], { ...unprivileged, cwd: dir });
    expectRefused(run, `cluster dedup: --output ${join(locked, 'x.jsonl')}: cannot write in ${locked} (permission denied)`);
  });
});

describe('-o and --removed write through links and into devices and FIFOs', () => {
  it('a symbolic link stays a link: the file it leads to gets the records, even when it does not exist yet', async () => {
    writeFileSync(out('target.jsonl'), 'old\n');
    symlinkSync('target.jsonl', out('out-link.jsonl'));
    symlinkSync('fresh.jsonl', out('dangling.jsonl'));
    symlinkSync('removed-target.ndjson', out('removed-link.ndjson'));
    const run = await runCli(['dedup', input, '-o', 'out-link.jsonl', '--removed', 'removed-link.ndjson', '--quiet'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(readlinkSync(out('out-link.jsonl'))).toBe('target.jsonl');
    expect(readFileSync(out('target.jsonl'), 'utf8')).toBe(await expected);
    expect(lstatSync(out('removed-link.ndjson')).isSymbolicLink()).toBe(true);
    expect(readFileSync(out('removed-target.ndjson'), 'utf8')).not.toBe('');
    const dangling = await runCli(['dedup', input, '-o', 'dangling.jsonl', '--quiet'], { cwd: dir });
    expect(dangling.code).toBe(0);
    expect(lstatSync(out('dangling.jsonl')).isSymbolicLink()).toBe(true);
    expect(readFileSync(out('fresh.jsonl'), 'utf8')).toBe(await expected);
  });

  it('a FIFO is written in place, not replaced: its reader gets the records (JSONL and Parquet)', async () => {
    const fifo = out('kept.fifo');
    makeFifo(fifo);
    const [read, run] = await Promise.all([readFifo(fifo), runCli(['dedup', input, '-o', fifo, '--quiet'])]);
    expect(run.code).toBe(0);
    expect(statSync(fifo).isFIFO()).toBe(true);
    expect(read.toString('utf8')).toBe(await expected);

    writeFileSync(out('news.parquet'), toParquet(buildRecords()));
    const parquetFifo = out('kept.parquet');
    makeFifo(parquetFifo);
    const [bytes, parquet] = await Promise.all([
      readFifo(parquetFifo),
      runCli(['dedup', out('news.parquet'), '-o', parquetFifo, '--quiet']),
    ]);
    expect(parquet.code).toBe(0);
    expect(statSync(parquetFifo).isFIFO()).toBe(true);
    writeFileSync(out('from-fifo.parquet'), bytes);
    const ids: string[] = [];
    for await (const event of readInputs([out('from-fifo.parquet')])) if (event.kind === 'document') ids.push(event.document.id);
    expect(ids).toEqual((await expected).split('\n').flatMap((line) => (line === '' ? [] : [(JSON.parse(line) as { id: string }).id])));
  });

  it.skipIf(!makeNullDevice(out('probe-null')))('a character device stays a device', async () => {
    const device = out('mynull');
    expect(makeNullDevice(device)).toBe(true);
    const run = await runCli(['dedup', input, '-o', device, '--removed', out('removed.ndjson.gz'), '--quiet']);
    expect(run.code).toBe(0);
    expect(statSync(device).isCharacterDevice()).toBe(true);
    const removed = await runCli(['dedup', input, '-o', out('kept-for-null.jsonl'), '--removed', device, '--quiet']);
    expect(removed.code).toBe(0);
    expect(statSync(device).isCharacterDevice()).toBe(true);
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});

describe('Ctrl-C while standard input is buffered', () => {
  /** Resolves once `cluster dedup -` has buffered some of its input in a temporary folder under `tmp`. */
  async function buffering(tmp: string): Promise<void> {
    for (let waited = 0; waited < 10_000; waited += 50) {
      const [folder] = readdirSync(tmp);
      if (folder !== undefined && existsSync(join(tmp, folder, 'stdin')) && statSync(join(tmp, folder, 'stdin')).size > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('standard input was never buffered');
  }

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s: exit %i, the usual message, no output and no temporary folder left', async (signal, expectedCode) => {
    const tmp = out(`tmp-${signal}`);
    mkdirSync(tmp);
    const child = spawn(process.execPath, [BIN, 'dedup', '-', '-o', out('never.jsonl')], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1', TMPDIR: tmp },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // Standard input stays open: the run is still reading it when the signal comes.
    child.stdin.write(jsonl.slice(0, 4000));
    await buffering(tmp);
    child.kill(signal);
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect(stderr).toBe('cluster dedup: interrupted; nothing was written\n');
    expect(code).toBe(expectedCode);
    expect(readdirSync(tmp)).toEqual([]);
    expect(existsSync(out('never.jsonl'))).toBe(false);
  });
});

describe('messages', () => {
  it('repeated duplicate ids are shown five times, then summed up once', async () => {
    const text = (i: number): string => `Story number ${i} is about something else entirely, with its own words and place names.`;
    const lines = Array.from({ length: 30 }, (_, i) => JSON.stringify({ id: `r${i % 3}`, text: text(i) }));
    writeFileSync(out('dup-ids.jsonl'), `${lines.join('\n')}\n`);
    const run = await runCli(['dedup', 'dup-ids.jsonl', '-o', 'dup-ids-kept.jsonl'], { cwd: dir });
    expect(run.code).toBe(0);
    const shown = stderrLines(run.stderr);
    expect(shown.filter((line) => line.includes('duplicate id'))).toHaveLength(6);
    expect(shown).toContain(
      'cluster dedup: … and 22 more like it: duplicate id "r0", first read from dup-ids.jsonl:1; the first one was kept',
    );
    expect(shown.at(-1)).toMatch(/^cluster dedup: 3 records read, 3 kept, 0 dropped in 0 clusters, 27 skipped, [\d.]+ s$/);
  });
});
