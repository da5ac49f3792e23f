/** Where `cluster dedup` writes (-o, --removed): checked before any work, never into the input (links
 * followed), through links and into devices and FIFOs without replacing them; Ctrl-C while standard
 * input is buffered. The built binary, on datasets in a temp folder. */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, runCli, stderrLines, tempDir } from './cli-run.js';
import { buildRecords, toJsonl } from './dedup-data.js';

const { dir, cleanup } = tempDir('wirecluster-dedup-out-');
afterAll(cleanup);

const jsonl = toJsonl(buildRecords());
const out = (name: string): string => join(dir, name);
const input = out('news.jsonl');
writeFileSync(input, jsonl);

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
    expect(stderr).toBe('cluster: interrupted; nothing was written\n');
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
