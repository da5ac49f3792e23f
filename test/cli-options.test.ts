/** Option validation: exit 2 and one line that names the accepted range. */
import { describe, expect, it } from 'vitest';
import { SEEDS, runCli } from './cli-run.js';

describe('bad option values', () => {
  it.each([
    [['--threshold', '1.5'], '--threshold must be a number above 0 and at most 1, got "1.5"'],
    [['--threshold', '0'], '--threshold must be a number above 0 and at most 1, got "0"'],
    [['--threshold', 'high'], '--threshold must be a number above 0 and at most 1, got "high"'],
    [['--num-perm', '8'], '--num-perm must be a whole number from 16 to 1024, got "8"'],
    [['--num-perm', '12.5'], '--num-perm must be a whole number from 16 to 1024, got "12.5"'],
    [['--shingle-size', '0'], '--shingle-size must be a whole number from 1 to 10, got "0"'],
    [['--shingle-size', 'three'], '--shingle-size must be a whole number from 1 to 10, got "three"'],
    [['--num-perm', '64', '--bands', '100'], '--bands must be a whole number from 1 to --num-perm (64), got "100"'],
    [['--max-clusters', '-1'], '--max-clusters must be a whole number of at least 0, got "-1"'],
    [['--max-duplicate-ratio', '1.2'], '--max-duplicate-ratio must be a number from 0 to 1, got "1.2"'],
    [['--max-file-size', '0'], '--max-file-size must be a number of megabytes above 0 and at most 512, got "0"'],
  ])('%j', async (args, message) => {
    const run = await runCli([SEEDS, ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`cluster: ${message}\n`);
    expect(run.stdout).toBe('');
  });

  it('an unknown format lists the accepted ones', async () => {
    const run = await runCli([SEEDS, '--format', 'xml']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^cluster: option .*--format.* argument 'xml' is invalid\. Allowed choices are table, json, ndjson, csv\.\n/,
    );
  });

  it('an unknown option is a usage error', async () => {
    const run = await runCli([SEEDS, '--treshold', '0.4']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unknown option '--treshold'");
  });
});
