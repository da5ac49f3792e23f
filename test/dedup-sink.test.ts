import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { openFileSink } from '../src/cli/dedup-sink.js';
import { UsageError } from '../src/cli/errors.js';
import { tempDir } from './cli-run.js';

const { dir, cleanup } = tempDir('wirecluster-sink-');
afterAll(cleanup);

describe('fileSink', () => {
  it('shows nothing under the target name until commit', async () => {
    const path = join(dir, 'out.jsonl');
    const sink = await openFileSink(path, '--output');
    await sink.write('{"id":"a"}\n');
    await sink.write(new TextEncoder().encode('{"id":"b"}\n'));
    expect(existsSync(path)).toBe(false);
    await sink.commit();
    expect(readFileSync(path, 'utf8')).toBe('{"id":"a"}\n{"id":"b"}\n');
    expect(readdirSync(dir)).toEqual(['out.jsonl']);
  });

  it('leaves no trace when aborted, even before its file is open', async () => {
    // The file opens asynchronously: an abort that did not wait for it left it behind about half the time.
    for (let i = 0; i < 20; i++) {
      const sink = await openFileSink(join(dir, `never-${i}.jsonl`), '--output');
      await sink.write('x\n');
      await sink.abort();
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(readdirSync(dir)).toEqual(['out.jsonl']);
  });

  it('a write that fails late names the output as given, never its temporary file', async () => {
    const path = join(dir, 'gone', 'out.jsonl');
    const sink = await openFileSink(path, '--removed');
    await sink.write('{"id":"a"}\n');
    const failed = await sink.commit().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failed).toBeInstanceOf(UsageError);
    expect((failed as Error).message).toBe(`--removed ${path}: no such file or directory`);
  });

  it('compresses with gzip when the name ends in .gz', async () => {
    const path = join(dir, 'out.jsonl.gz');
    const sink = await openFileSink(path, '--output');
    await sink.write('{"id":"a"}\n'.repeat(1000));
    await sink.commit();
    expect(gunzipSync(readFileSync(path)).toString('utf8')).toBe('{"id":"a"}\n'.repeat(1000));
  });
});
