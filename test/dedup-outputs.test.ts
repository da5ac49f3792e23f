/** Where `cluster dedup` writes (-o, --removed): checked before any work, never into the input (links
 * followed), through links and into devices and FIFOs without replacing them; Ctrl-C while standard
 * input is buffered. The built binary, on datasets in a temp folder. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, stderrLines, tempDir } from './cli-run.js';
import { buildRecords, toJsonl } from './dedup-data.js';

const { dir, cleanup } = tempDir('wirecluster-dedup-out-');
afterAll(cleanup);

const jsonl = toJsonl(buildRecords());
const out = (name: string): string => join(dir, name);
const input = out('news.jsonl');
writeFileSync(input, jsonl);

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
