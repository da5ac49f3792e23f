import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/eval/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'wirecluster-eval-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function evalRun(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    stdoutIsTTY: false,
  });
  return { code, stdout, stderr };
}

const harbour =
  'The port authority said on Tuesday that the new container terminal would open in the spring, after two years of dredging and a dispute with the dock workers union over night shifts and pay.';
const vote =
  'Lawmakers in the regional assembly voted late on Thursday to delay the budget by a month, as the governing coalition failed to agree on cuts to school transport and rural bus routes.';

describe('npm run eval', () => {
  it('scores a labelled JSONL file and prints one JSON line', async () => {
    const file = join(dir, 'labelled.jsonl');
    const records = [
      { id: 'a', label: 'port', text: harbour },
      { id: 'b', label: 'port', text: `${harbour} Shipping firms welcomed the news.` },
      { id: 'c', label: 'budget', text: vote },
    ];
    writeFileSync(file, `${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
    const run = await evalRun([file]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const row = JSON.parse(run.stdout) as { documents: number; f1: number; goldClusters: number };
    expect(row).toMatchObject({ documents: 3, goldClusters: 2, f1: 1 });
  });

  it('refuses a folder or a missing file in one line naming it', async () => {
    for (const [path, problem] of [
      [dir, 'not a file'],
      [join(dir, 'missing.jsonl'), 'no such file'],
    ]) {
      const run = await evalRun([path ?? '']);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(`eval: ${path}: ${problem}; give one labelled JSONL file\n`);
    }
  });
});
