/** Replacing a report by a rename must not widen who can read it. */
import { statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openFileSink } from '../src/cli/dedup-sink.js';
import { writeFileAtomic } from '../src/cli/write-atomic.js';
import { tempDir } from './cli-run.js';

const { dir, cleanup } = tempDir('wirecluster-atomic-');
afterAll(cleanup);

const modeOf = (path: string): number => statSync(path).mode & 0o777;

describe('an atomic write over an existing file', () => {
  it('keeps the permission bits of the report it replaces (cluster -o)', async () => {
    const path = join(dir, 'private.json');
    writeFileSync(path, 'old', { mode: 0o600 });
    await writeFileAtomic(path, '{}\n');
    expect(modeOf(path)).toBe(0o600);
  });

  it('keeps them through a symbolic link, and for cluster dedup -o', async () => {
    const path = join(dir, 'kept.jsonl');
    writeFileSync(path, 'old', { mode: 0o640 });
    const link = join(dir, 'link.jsonl');
    symlinkSync(path, link);
    const sink = await openFileSink(link, '--output');
    await sink.write('{"id":"a"}\n');
    await sink.commit();
    expect(modeOf(path)).toBe(0o640);
  });
});
