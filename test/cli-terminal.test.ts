/** The table and the progress line at a real terminal: the binary under a pseudo-terminal of 80 columns
 * (util-linux `script`), where stdout and stderr are both the terminal. */
import { spawnSync } from 'node:child_process';
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import stringWidth from 'string-width';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, SEEDS, runCli, tempDir } from './cli-run.js';

const hasScript = spawnSync('script', ['--version']).status === 0;

/** Runs the binary at a terminal of `columns` columns; returns what the terminal received. */
function atTerminal(args: readonly string[], columns = 80): { code: number | null; output: string } {
  const quoted = [process.execPath, BIN, ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
  // COLUMNS would override the terminal's size.
  const { COLUMNS: _, ...env } = process.env;
  const run = spawnSync('script', ['-qec', `stty cols ${columns} rows 24; ${quoted}`, '/dev/null'], {
    encoding: 'utf8',
    env: { ...env, NO_COLOR: '1' },
  });
  return { code: run.status, output: run.stdout };
}

/** Lines as a person sees them: progress redraws (`\r ESC[2K …`) are overwritten by what follows. */
function screenLines(output: string): string[] {
  return output.split('\r\n').map((line) => {
    const wiped = line.lastIndexOf('\x1b[2K');
    return wiped < 0 ? line : line.slice(wiped + 4);
  });
}

describe.skipIf(!hasScript)('at an 80-column terminal', () => {
  const { dir, cleanup } = tempDir();
  const long = 'a-very-long-folder-name-for-the-archive/of-march-2024-in-tokyo/talks.txt';
  beforeAll(() => {
    cpSync(SEEDS, join(dir, 'seeds'), { recursive: true });
  });
  afterAll(cleanup);

  it('the table fits exactly: no line wider than 80, member rows 80 wide', () => {
    const seeds = join(dir, 'seeds');
    const { code, output } = atTerminal([seeds, '--quiet']);
    expect(code).toBe(0);
    const lines = screenLines(output);
    const widths = lines.map((l) => stringWidth(l));
    expect(Math.max(...widths)).toBe(80);
    expect(lines.some((l) => l.includes('…'))).toBe(true);
  });

  it('a long id is shortened in its middle and keeps its file name; piped, it is whole', async () => {
    const folder = join(dir, 'nested');
    cpSync(SEEDS, folder, { recursive: true });
    const target = join(folder, long);
    cpSync(join(SEEDS, '000_d293e95d196758dd.txt'), target, { recursive: true });
    const { output } = atTerminal([folder, '--quiet', '--all']);
    const row = screenLines(output).find((l) => l.includes('a-very-long'));
    expect(row).toBeDefined();
    expect(stringWidth(row ?? '')).toBeLessThanOrEqual(80);
    expect(row).toMatch(/ a-very-long\S*…\/talks\.txt /);
    const piped = await runCli([folder, '--quiet', '--all']);
    expect(piped.stdout).toContain(long);
    expect(piped.stdout).not.toMatch(/…\S*\.txt/);
  });

  it('a terminal that reports no size (0 columns) gets 80, not a table cut to nothing', () => {
    const { output } = atTerminal([join(dir, 'seeds'), '--quiet'], 0);
    const lines = screenLines(output);
    expect(lines.some((l) => l.includes('Cluster 1 ·'))).toBe(true);
    expect(lines.some((l) => l.includes('003_dd5119002caa63fa.txt'))).toBe(true);
    expect(Math.max(...lines.map((l) => stringWidth(l)))).toBe(80);
  });

  it('--width overrides the terminal', () => {
    const { output } = atTerminal([join(dir, 'seeds'), '--quiet', '--width', '60']);
    const widths = screenLines(output).map((l) => stringWidth(l));
    expect(Math.max(...widths)).toBe(60);
  });

  it('clears the progress line before a warning, and labels its units', () => {
    const folder = join(dir, 'with-bad');
    cpSync(SEEDS, folder, { recursive: true });
    writeFileSync(join(folder, 'zz-empty.txt'), '');
    const { output } = atTerminal([folder]);
    expect(output).toContain('documents read');
    // Every message starts a line of its own: after a line break or after the progress line was wiped.
    const at = output.indexOf('cluster: zz-empty.txt: empty file (skipped)');
    expect(at).toBeGreaterThan(0);
    expect(output.slice(at - 5, at)).toMatch(/(\x1b\[2K|\n)$/);
  });
});
