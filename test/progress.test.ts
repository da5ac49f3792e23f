import { describe, expect, it } from 'vitest';
import { main, type CliIo } from '../src/cli/main.js';
import { createProgressLine, formatDuration, formatProgress } from '../src/cli/progress.js';
import type { ClusterResult } from '../src/types.js';

describe('formatProgress', () => {
  it('shows documents read and their rate while reading', () => {
    expect(formatProgress({ stage: 'reading', read: 12000, done: 0, total: 0, stageMs: 4000, elapsedMs: 4000 })).toBe(
      'reading · 12,000 documents read · 3,000 documents/s',
    );
  });

  it('shows share, rate and ETA once a stage knows its total', () => {
    expect(formatProgress({ stage: 'sketch', read: 2000, done: 1000, total: 4000, stageMs: 2000, elapsedMs: 9000 })).toBe(
      'sketch · 2,000 documents read · 25% of 4,000 steps · 500 steps/s · ETA 0:06',
    );
  });

  it('writes durations as m:ss, or hours and minutes', () => {
    expect(formatDuration(75)).toBe('1:15');
    expect(formatDuration(3 * 3600 + 120)).toBe('3h02m');
  });
});

describe('createProgressLine', () => {
  it('redraws in place at most every 100 ms and clears the line when done', () => {
    let clock = 1000;
    const writes: string[] = [];
    const line = createProgressLine(
      (t) => writes.push(t),
      () => clock,
    );
    line.reading(1);
    clock += 50;
    line.reading(2); // too soon: skipped
    clock += 100;
    line.stage({ stage: 'verify', done: 5, total: 10 });
    line.done();
    expect(writes).toHaveLength(3);
    expect(writes[0]).toMatch(/^\r\x1b\[2Kreading · 1 document read/);
    expect(writes[1]).toMatch(/^\r\x1b\[2Kverify · 2 documents read · 50% of 10 pairs/);
    expect(writes[2]).toBe('\r\x1b[2K');
  });
});

async function runCli(args: string[], stderrIsTTY: boolean): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    stdin: (async function* () {})(),
    stdinIsTTY: true,
    stdoutIsTTY: false,
    stderrIsTTY,
    env: { NO_COLOR: '1' },
    columns: 100,
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

describe('progress in the CLI', () => {
  it('goes to stderr on a terminal, and stdout stays pure JSON', async () => {
    const { code, stdout, stderr } = await runCli(['fixtures', '--json', '--workers', '2'], true);
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as ClusterResult).stats.documents).toBeGreaterThan(5);
    expect(stdout).not.toContain('\r');
    expect(stderr).toContain('\r\x1b[2Kreading');
  });

  it('prints nothing with --quiet or when stderr is not a terminal', async () => {
    expect((await runCli(['fixtures', '--json', '--quiet'], true)).stderr).toBe('');
    expect((await runCli(['fixtures', '--json'], false)).stderr).toBe('');
  });
});
