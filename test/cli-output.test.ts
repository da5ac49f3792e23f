/** Where the report goes, and what happens when its reader or the user stops the run. */
import { spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  createReadStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, SEEDS, parseReport, runCli, tempDir } from './cli-run.js';

describe('--output', () => {
  it('gzips a report named .gz, and refuses .zst and .bz2 before the run', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const out = join(dir, 'report.json.gz');
      expect((await runCli([SEEDS, '--json', '-o', out])).code).toBe(0);
      expect(parseReport(gunzipSync(readFileSync(out)).toString('utf8')).clusters[0]?.size).toBe(5);
      for (const name of ['report.json.zst', 'report.json.BZ2']) {
        const run = await runCli([SEEDS, '--json', '-o', join(dir, name)]);
        expect(run.code).toBe(2);
        expect(run.stderr).toBe(
          `cluster: --output ${join(dir, name)}: writing ${name.slice(-4).toLowerCase()} is not supported; name it .gz for gzip\n`,
        );
        expect(existsSync(join(dir, name))).toBe(false);
      }
    } finally {
      cleanup();
    }
  });

  it('writes the report to the file, replacing an old one, and nothing to stdout', async () => {
    const { dir, cleanup } = tempDir();
    const out = join(dir, 'report.json');
    writeFileSync(out, 'old');
    const run = await runCli([SEEDS, '--json', '--output', out]);
    const written = readFileSync(out, 'utf8');
    const leftovers = readdirSync(dir);
    cleanup();
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(parseReport(written).clusters[0]?.size).toBe(5);
    expect(leftovers).toEqual(['report.json']);
  });

  it('refuses a path inside an input folder unless --force', async () => {
    const { dir, cleanup } = tempDir();
    cpSync(SEEDS, dir, { recursive: true });
    const out = join(dir, 'report.json');
    const refused = await runCli([dir, '--json', '--output', out]);
    const existedAfterRefusal = existsSync(out);
    const forced = await runCli([dir, '--json', '--output', out, '--force']);
    const again = await runCli([dir, '--json', '--output', out, '--force']);
    const report = existsSync(out) ? parseReport(readFileSync(out, 'utf8')) : undefined;
    cleanup();
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(`cluster: --output ${out} is inside an input folder; write the report elsewhere (or add --force)\n`);
    expect(existedAfterRefusal).toBe(false);
    expect(forced.code).toBe(0);
    // A .json report is not an input, so a second run reads the same five articles.
    expect(again.stderr).toBe('');
    expect(report?.stats.documents).toBe(5);
  });

  it('a folder that cannot be written to is one clear line, exit 2', async () => {
    const run = await runCli([SEEDS, '--json', '--output', '/no/such/dir/report.json']);
    expect(run.code).toBe(2);
    // Checked before the run, and named as the user gave it, never as a temporary file.
    expect(run.stderr).toBe('cluster: --output /no/such/dir/report.json: the folder /no/such/dir does not exist\n');
  });
});

describe('--output through a link, into a FIFO or a device', () => {
  it('a symbolic link stays a link; the file it leads to gets the report', async () => {
    const { dir, cleanup } = tempDir();
    writeFileSync(join(dir, 'target.json'), 'old');
    symlinkSync('target.json', join(dir, 'link.json'));
    const run = await runCli([SEEDS, '--json', '-o', join(dir, 'link.json')]);
    const link = readlinkSync(join(dir, 'link.json'));
    const written = readFileSync(join(dir, 'target.json'), 'utf8');
    cleanup();
    expect(run.code).toBe(0);
    expect(link).toBe('target.json');
    expect(parseReport(written).clusters[0]?.size).toBe(5);
  });

  it('a FIFO is written in place: its reader gets the report and it stays a FIFO', async () => {
    const { dir, cleanup } = tempDir();
    const fifo = join(dir, 'ff');
    spawnSync('mkfifo', [fifo]);
    const reader = new Promise<string>((done) => {
      let text = '';
      createReadStream(fifo, 'utf8')
        .on('data', (chunk) => (text += chunk))
        .on('end', () => done(text));
    });
    const [run, report] = await Promise.all([runCli([SEEDS, '--json', '-o', fifo]), reader]);
    const stillFifo = statSync(fifo).isFIFO();
    cleanup();
    expect(run.code).toBe(0);
    expect(stillFifo).toBe(true);
    expect(parseReport(report).clusters[0]?.size).toBe(5);
  });

  it('a character device stays a device (made with mknod in a temp folder; root only)', async (context) => {
    const { dir, cleanup } = tempDir();
    const device = join(dir, 'mynull');
    if (spawnSync('mknod', ['-m', '666', device, 'c', '1', '3']).status !== 0) {
      cleanup();
      context.skip();
    }
    const run = await runCli([SEEDS, '--json', '-o', device]);
    const stillDevice = statSync(device).isCharacterDevice();
    const leftovers = readdirSync(dir);
    cleanup();
    expect(run.code).toBe(0);
    expect(stillDevice).toBe(true);
    expect(leftovers).toEqual(['mynull']);
  });
});

describe('a reader that stops early', () => {
  it('`cluster dir --json | head -c 100` ends quietly with status 0', async () => {
    const script = `node ${JSON.stringify(BIN)} ${JSON.stringify(join(ROOT, 'fixtures'))} --json --all | head -c 100 >/dev/null; echo "status=\${PIPESTATUS[0]}"`;
    const run = await new Promise<{ stdout: string; stderr: string }>((done) => {
      const child = spawn('bash', ['-c', script], { env: { ...process.env, NO_COLOR: '1' } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('close', () => done({ stdout, stderr }));
    });
    expect(run.stdout).toBe('status=0\n');
    expect(run.stderr).toBe('');
  });

  it('a pipe closed before anything is written: no EPIPE trace, the exit code still counts', async () => {
    const child = spawn(process.execPath, [BIN, join(ROOT, 'fixtures'), '--json', '--fail-on-duplicates'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect(stderr).toMatch(/^cluster: --fail-on-duplicates: \d+ clusters found \(\d+ of \d+ documents\)\n$/);
    expect(code).toBe(1);
  });
});

describe('Ctrl-C', () => {
  it('stops cleanly: exit 130, a message, no output file and no temp file', async () => {
    const { dir, cleanup } = tempDir();
    writeFileSync(join(dir, 'empty.txt'), '');
    const out = join(dir, 'out', 'report.json');
    mkdirSync(join(dir, 'out'));
    // Reads the folder, then waits on standard input, which the test keeps open.
    const child = spawn(process.execPath, [BIN, join(dir, 'empty.txt'), '-', '--json', '--output', out], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      // The skipped file is reported once the handlers are in place and the run is reading stdin.
      if (stderr.includes('(skipped)') && !child.killed) child.kill('SIGINT');
    });
    child.stdin.write('{"id":"a","text":"A story that never ends');
    const code = await new Promise<number | null>((done) => child.on('close', done));
    const leftovers = readdirSync(join(dir, 'out'));
    cleanup();
    expect(code).toBe(130);
    expect(stderr).toBe(`cluster: ${join(dir, 'empty.txt')}: empty file (skipped)\ncluster: interrupted; nothing was written\n`);
    expect(leftovers).toEqual([]);
  });
});
